package extension

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestID derives the extension's ID from the key in manifest.json as
// Chromium does (the first 16 bytes of the key's SHA-256, each hex digit
// written as a letter from a to p) and checks the ID serve allows and the
// docs name (docs/checking.md, where the extension is set up).
func TestID(t *testing.T) {
	raw, err := files.ReadFile("manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Key string `json:"key"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	der, err := base64.StdEncoding.DecodeString(m.Key)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(der)
	var id strings.Builder
	for _, b := range sum[:16] {
		id.WriteByte('a' + b>>4)
		id.WriteByte('a' + b&0xf)
	}
	if id.String() != ID {
		t.Errorf("the manifest's key gives the ID %s, the code says %s", id.String(), ID)
	}
	page, err := os.ReadFile("../docs/checking.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "`"+ID+"`") {
		t.Errorf("docs/checking.md does not name the extension's ID %s", ID)
	}
}

// TestWrite writes the extension twice: every embedded file the first
// time, none the second; the files are those the manifest names.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	changed, err := Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"manifest.json", "background.js", "content.js", "options.html", "popup.html", "icons/icon128.png"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(changed) < 10 {
		t.Errorf("wrote %v", changed)
	}
	if again, err := Write(dir); err != nil || len(again) != 0 {
		t.Errorf("the second time: %v, %v", again, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if _, err := Write(filepath.Join(dir, "manifest.json", "sub")); err == nil || !strings.Contains(err.Error(), "writing the extension into") {
		t.Errorf("into a file: %v", err)
	}
}
