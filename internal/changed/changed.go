// Package changed tells which lines a change adds or touches, from a
// unified diff (a patch file, or git diff against a revision), so that a
// linter reports only the findings of those lines, as golangci-lint's
// --new-from-rev and --new-from-patch do.
package changed

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Lines are the lines a change adds, per file (slash-separated paths
// relative to the directory the diff is read from). A file listed with
// whole set is new in full (an untracked file).
type Lines struct {
	files map[string]*file
	rels  map[string]string // command-line paths as the diff names them
}

type file struct {
	whole bool
	lines map[int]bool
}

// Parse reads a unified diff (git's, or diff -u's) and returns the lines
// of the new side that it adds. Paths lose git's b/ prefix; a deleted
// file adds nothing.
func Parse(r io.Reader) (*Lines, error) {
	l := &Lines{files: map[string]*file{}, rels: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 64<<20)
	var cur *file
	next, left := 0, 0 // the new side's next line number, and how many lines the hunk has left
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case left == 0 && strings.HasPrefix(line, "+++ "):
			name, err := diffPath(line[4:])
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			cur = nil
			if name != "" {
				cur = l.file(name)
			}
		case left == 0 && strings.HasPrefix(line, "@@ "):
			start, count, err := hunkNew(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			next, left = start, count
		case left > 0 && strings.HasPrefix(line, "+"):
			if cur != nil {
				cur.lines[next] = true
			}
			next++
			left--
		case left > 0 && (strings.HasPrefix(line, " ") || line == ""):
			next++
			left--
		}
	}
	return l, sc.Err()
}

func (l *Lines) file(name string) *file {
	f := l.files[name]
	if f == nil {
		f = &file{lines: map[int]bool{}}
		l.files[name] = f
	}
	return f
}

// diffPath reads the path of a +++ line: git's quoted form, a trailing
// tab and timestamp dropped, and the b/ prefix; "" for /dev/null.
func diffPath(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		end := strings.LastIndex(s, `"`)
		q, err := strconv.Unquote(s[:end+1])
		if err != nil {
			return "", fmt.Errorf("bad quoted path %s", s)
		}
		s = q
	} else if i := strings.IndexByte(s, '\t'); i >= 0 {
		s = s[:i]
	}
	if s == "/dev/null" {
		return "", nil
	}
	return strings.TrimPrefix(s, "b/"), nil
}

// hunkNew reads the new side of a hunk header "@@ -a,b +c,d @@".
func hunkNew(s string) (start, count int, err error) {
	fields := strings.Fields(s)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, fmt.Errorf("bad hunk header %q", s)
	}
	a, b, found := strings.Cut(fields[2][1:], ",")
	count = 1
	if start, err = strconv.Atoi(a); err == nil && found {
		count, err = strconv.Atoi(b)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("bad hunk header %q", s)
	}
	return start, count, nil
}

// FromRev returns the lines the working tree in dir adds since rev: git
// diff against it, and every line of the files git does not track yet
// (and does not ignore). Paths are relative to dir.
func FromRev(ctx context.Context, dir, rev string) (*Lines, error) {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	diff, err := git("diff", "--relative", "--no-color", "--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/", "-U0", rev, "--")
	if err != nil {
		return nil, err
	}
	l, err := Parse(bytes.NewReader(diff))
	if err != nil {
		return nil, fmt.Errorf("git diff %s: %w", rev, err)
	}
	untracked, err := git("ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	for _, name := range strings.Split(string(untracked), "\x00") {
		if name != "" {
			l.file(name).whole = true
		}
	}
	return l, nil
}

// rel is a path as the diff names it: relative to dir, with slashes.
func (l *Lines) rel(dir, path string) string {
	if r, ok := l.rels[path]; ok {
		return r
	}
	r := path
	if abs, err := filepath.Abs(path); err == nil {
		if rr, err := filepath.Rel(dir, abs); err == nil {
			r = rr
		}
	}
	r = filepath.ToSlash(filepath.Clean(r))
	l.rels[path] = r
	return r
}

// Touched reports whether the change adds anything to path (as the
// command line gives it; dir is where the diff's paths start).
func (l *Lines) Touched(dir, path string) bool {
	f := l.files[l.rel(dir, path)]
	return f != nil && (f.whole || len(f.lines) > 0)
}

// Any reports whether the change adds one of the lines from to to
// (inclusive) of path.
func (l *Lines) Any(dir, path string, from, to int) bool {
	f := l.files[l.rel(dir, path)]
	if f == nil {
		return false
	}
	if f.whole {
		return true
	}
	for n := from; n <= max(from, to); n++ {
		if f.lines[n] {
			return true
		}
	}
	return false
}
