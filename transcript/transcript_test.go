package transcript

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMarkdownSkips(t *testing.T) {
	src := "---\ntitle: you must\n---\nText `you must` here.\n\n```\nyou must\n```\n<!-- you\nmust -->\nSee [link](http://x/you-must) <b>ok</b>\n"
	var kept strings.Builder
	skips := MarkdownSkips([]byte(src))
	last := 0
	for _, s := range skips {
		kept.WriteString(src[last:s[0]])
		last = s[1]
	}
	kept.WriteString(src[last:])
	if got := kept.String(); strings.Contains(got, "must") || !strings.Contains(got, "Text") || !strings.Contains(got, "link") || !strings.Contains(got, "ok") {
		t.Errorf("prose left after skipping: %q (skips %v)", got, skips)
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.txt", "a.md", "c.json", ".hidden.txt", "sub/d.txt", ".git/e.txt"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var errs []error
	got := Expand([]string{dir, filepath.Join(dir, "c.json"), "-", filepath.Join(dir, "missing.txt")}, "auto", func(err error) { errs = append(errs, err) })
	var rel []string
	for _, p := range got {
		r, _ := filepath.Rel(dir, p)
		if p == "-" {
			r = p
		}
		rel = append(rel, r)
	}
	if strings.Join(rel, ",") != "a.md,b.txt,sub/d.txt,c.json,-" {
		t.Errorf("got %v", rel)
	}
	if len(errs) != 1 || !errors.Is(errs[0], os.ErrNotExist) {
		t.Errorf("errors %v", errs)
	}
}

// TestMarkdownIndentedCode checks CommonMark's indented code blocks: after
// a blank line they are skipped; a paragraph's indented continuation and a
// list item's indented paragraph are prose.
func TestMarkdownIndentedCode(t *testing.T) {
	for _, tt := range []struct {
		src  string
		kept bool // whether "you must" stays prose
	}{
		{"Intro.\n\n    you must run this\n    and this\n\nAfter.\n", false},
		{"    you must at the start\n", false},
		{"Intro.\n\n\tyou must after a tab\n", false},
		{"A paragraph\n    you must lazily continued\n", true},
		{"- item\n\n    you must in the item\n", true},
		{"1. step\n\n    you must in the step\n\nBack to text.\n", true},
		{"Plain you must.\n", true},
	} {
		skips := MarkdownSkips([]byte(tt.src))
		at := strings.Index(tt.src, "you must")
		skipped := false
		for _, s := range skips {
			if s[0] <= at && at < s[1] {
				skipped = true
			}
		}
		if skipped == tt.kept {
			t.Errorf("%q: skipped %v (skips %v)", tt.src, skipped, skips)
		}
	}
}
