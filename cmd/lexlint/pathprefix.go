package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// pathPrefix is check's --path-prefix: a folder put before the relative
// paths of the output (as golangci-lint's --path-prefix), so that a run
// in a subdirectory of a repository names files from the repository's
// root, where code scanning and annotations look for them.
type pathPrefix struct {
	dir  string // the prefix, cleaned; "" for none
	root string // the absolute folder the prefixed paths are relative to, when known

	lastIn, lastOut string // the path before, prefixed
}

// newPathPrefix checks a --path-prefix: a relative folder. Its root is
// the working directory less the prefix, when the working directory ends
// with it.
func newPathPrefix(prefix string) (*pathPrefix, error) {
	p := &pathPrefix{}
	if prefix == "" {
		return p, nil
	}
	if filepath.IsAbs(prefix) || filepath.VolumeName(prefix) != "" {
		return nil, fmt.Errorf("--path-prefix %q: give the relative path from the repository root to this folder, such as docs/replies", prefix)
	}
	p.dir = filepath.Clean(prefix)
	if p.dir == "." {
		p.dir = ""
		return p, nil
	}
	if wd, err := os.Getwd(); err == nil {
		if root, ok := strings.CutSuffix(wd, string(filepath.Separator)+p.dir); ok && !strings.HasPrefix(p.dir, "..") {
			p.root = root
			if root == "" {
				p.root = string(filepath.Separator)
			}
		}
	}
	return p, nil
}

// apply puts the prefix before the relative paths of an item and its
// findings.
func (p *pathPrefix) apply(it *pipeline.Item, findings []output.Finding) {
	if p == nil || p.dir == "" {
		return
	}
	it.Path = p.path(it.Path)
	for i := range findings {
		findings[i].Path = p.path(findings[i].Path)
	}
}

// path is a path with the prefix: relative paths only, not standard input.
func (p *pathPrefix) path(path string) string {
	if p == nil || p.dir == "" || path == "" || path == transcript.Stdin || filepath.IsAbs(path) {
		return path
	}
	if path != p.lastIn {
		p.lastIn, p.lastOut = path, filepath.Join(p.dir, path)
	}
	return p.lastOut
}
