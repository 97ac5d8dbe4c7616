package transcript

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Stdin is the path that stands for standard input.
const Stdin = "-"

// IsMarkdown reports whether a path names a Markdown file.
func IsMarkdown(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".md" || ext == ".markdown"
}

// Expand turns command-line paths into the files to check, in order: a file
// stands for itself (whatever its extension), "-" for standard input, and a
// directory for every file below it with a text extension, in lexical order,
// skipping hidden files and directories. A path that cannot be read is
// reported through onErr and skipped.
func Expand(paths []string, onErr func(error)) []string {
	var out []string
	for _, p := range paths {
		if p == Stdin {
			out = append(out, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			onErr(fmt.Errorf("%s: %w", p, unwrapPathError(err)))
			continue
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				onErr(fmt.Errorf("%s: %w", path, unwrapPathError(err)))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() && hasTextExtension(path) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			onErr(fmt.Errorf("%s: %w", p, err))
		}
	}
	return out
}

// hasTextExtension reports whether a directory walk picks up path: .txt,
// .md and .markdown files.
func hasTextExtension(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".md", ".markdown":
		return true
	}
	return false
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
