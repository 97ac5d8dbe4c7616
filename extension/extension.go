// Package extension holds lexlint's browser extension, a Manifest V3
// extension in plain JavaScript that checks what an agent types in a
// helpdesk's reply box through the local lexlint serve, and writes it out
// for "Load unpacked" (lexlint extension DIR).
//
// The files are the extension as the browser loads it: no build step.
// manifest.json carries a public key so that the extension's ID, and with
// it its origin (chrome-extension://ID, which serve allows by default), is
// the same wherever it is unpacked.
package extension

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ID is the extension's ID in Chromium-based browsers, derived from the key
// in manifest.json.
const ID = "gbbobkgajlmbcgkffldlhlpljaimaoee"

// Origin is the origin of the extension's requests in Chromium.
const Origin = "chrome-extension://" + ID

//go:embed manifest.json *.js *.html *.css icons
var files embed.FS

// Write writes the extension into dir, creating it, and returns the names
// of the files it wrote or changed. Each file goes to a temporary file
// beside it that is renamed over it, so a browser reloading the extension
// never reads half a file; other files in dir are left alone, so writing
// it again updates an unpacked extension in place.
func Write(dir string) ([]string, error) {
	var changed []string
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if old, err := os.ReadFile(target); err == nil && bytes.Equal(old, data) {
			return nil
		}
		if err := writeFile(target, data); err != nil {
			return err
		}
		changed = append(changed, name)
		return nil
	})
	if err != nil {
		return changed, fmt.Errorf("writing the extension into %s: %w", dir, err)
	}
	return changed, nil
}

func writeFile(target string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}
