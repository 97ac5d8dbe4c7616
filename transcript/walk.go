package transcript

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lexlint/lexlint/internal/ignore"
)

// Walk says what a directory walk leaves out besides hidden files and
// directories, which it always skips.
type Walk struct {
	// NoIgnore reads every file: .gitignore and .ignore files, vendored
	// folders and generated files leave nothing out (as ripgrep's
	// --no-ignore).
	NoIgnore bool
}

// vendored are the names of folders of other people's files that a walk
// skips (below its root).
func vendored(name string) bool {
	switch name {
	case "node_modules", "vendor", "bower_components":
		return true
	}
	return false
}

// walker applies a Walk's rules to the entries of one directory walk.
type walker struct {
	opts    Walk
	root    string                   // as given, cleaned
	absRoot string                   // absolute
	rules   map[string][]ignore.Rule // the ignore rules in force in each directory walked
}

func newWalker(root string, opts Walk) *walker {
	w := &walker{opts: opts, root: filepath.Clean(root), rules: map[string][]ignore.Rule{}}
	if opts.NoIgnore {
		return w
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = w.root
	}
	w.absRoot = abs
	w.rules[w.root] = append(ignore.Above(abs), ignore.ReadDir(abs)...)
	return w
}

// skip reports whether an entry below the root is left out. A directory
// it keeps gets its own ignore files read.
func (w *walker) skip(path string, d fs.DirEntry) bool {
	if w.opts.NoIgnore || filepath.Clean(path) == w.root {
		return false
	}
	if d.IsDir() && vendored(d.Name()) {
		return true
	}
	rel, err := filepath.Rel(w.root, path)
	if err != nil {
		return false
	}
	abs := filepath.Join(w.absRoot, rel)
	rules := w.rules[filepath.Dir(filepath.Clean(path))]
	if ignore.Ignored(rules, abs, d.IsDir()) {
		return true
	}
	if d.IsDir() {
		own := ignore.ReadDir(abs)
		if len(own) > 0 {
			rules = slices.Concat(rules, own)
		}
		w.rules[filepath.Clean(path)] = rules
	}
	return false
}

// generated reports whether a file found by a walk says it was generated:
// a "Code generated ... DO NOT EDIT." line (the Go convention, which many
// generators follow) in its first kilobyte, or, for HTML, a
// <meta name="generator"> (static site generators, lexlint's reports).
func (w *walker) generated(path string) bool {
	if w.opts.NoIgnore {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false // the reader reports it
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	head = bytes.ToLower(head[:n])
	if i := bytes.Index(head, []byte("code generated")); i >= 0 && bytes.Contains(head[i:], []byte("do not edit")) {
		return true
	}
	ext := strings.ToLower(filepath.Ext(path))
	return (ext == ".html" || ext == ".htm") && bytes.Contains(head, []byte(`<meta name="generator"`))
}
