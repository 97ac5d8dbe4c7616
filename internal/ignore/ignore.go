// Package ignore reads .gitignore and .ignore files and tells which paths
// they leave out, with git's rules (gitignore(5)): blank lines and lines
// starting with # are skipped, trailing spaces dropped unless escaped
// with a backslash, ! re-includes, a pattern with a slash at its start or
// in its middle is anchored to its file's directory and one without
// matches a name at any depth, a trailing slash matches directories only,
// * and ? do not cross slashes, [a-z] and [!a-z] are classes, and ** as a
// whole segment spans any number of directories (a trailing /** matches
// everything inside). The last matching rule wins, and rules of a deeper
// directory come after those of its parents, so they win; a .ignore file
// comes after the .gitignore beside it, as in ripgrep.
//
// Like git, a walk that uses this package does not descend into an
// ignored directory, so no rule can re-include a file inside one.
package ignore

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// A Rule is one pattern of an ignore file.
type Rule struct {
	Base     string   // the directory of the file, absolute, with slashes
	segments []string // the pattern split at slashes
	negate   bool     // a ! pattern: re-include
	dirOnly  bool     // a trailing slash: directories only
}

// Parse reads the rules of an ignore file in the directory base (an
// absolute path).
func Parse(base string, data []byte) []Rule {
	base = filepath.ToSlash(base)
	var rules []Rule
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if r, ok := parseLine(base, sc.Text()); ok {
			rules = append(rules, r)
		}
	}
	return rules
}

// parseLine parses one line of an ignore file.
func parseLine(base, line string) (Rule, bool) {
	line = strings.TrimSuffix(line, "\r")
	line = trimTrailingSpaces(line)
	if line == "" || line[0] == '#' {
		return Rule{}, false
	}
	r := Rule{Base: base}
	if line[0] == '!' {
		r.negate, line = true, line[1:]
	}
	if strings.HasSuffix(line, "/") {
		r.dirOnly, line = true, strings.TrimRight(line, "/")
	}
	if line == "" {
		return Rule{}, false
	}
	anchored := strings.Contains(line, "/")
	line = strings.TrimPrefix(line, "/")
	r.segments = strings.Split(line, "/")
	if !anchored {
		r.segments = append([]string{"**"}, r.segments...)
	}
	for i, s := range r.segments {
		r.segments[i] = gitClass(s)
	}
	return r, true
}

// trimTrailingSpaces drops trailing spaces that no backslash escapes.
func trimTrailingSpaces(s string) string {
	for strings.HasSuffix(s, " ") {
		t := strings.TrimSuffix(s, " ")
		if strings.HasSuffix(t, `\`) && !strings.HasSuffix(t, `\\`) {
			return s
		}
		s = t
	}
	return s
}

// gitClass writes git's negated class [!...] as path.Match's [^...].
func gitClass(s string) string {
	if !strings.Contains(s, "[!") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			b.WriteString(s[i : i+2])
			i++
		case s[i] == '[' && i+1 < len(s) && s[i+1] == '!':
			b.WriteString("[^")
			i++
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// match reports whether the rule's pattern matches path (absolute, with
// slashes), which is a directory when dir is set.
func (r *Rule) match(p string, dir bool) bool {
	if r.dirOnly && !dir {
		return false
	}
	rel, ok := strings.CutPrefix(p, r.Base)
	if !ok || (r.Base != "/" && !strings.HasPrefix(rel, "/")) {
		return false
	}
	rel = strings.TrimPrefix(rel, "/")
	if rel == "" {
		return false
	}
	return matchSegments(r.segments, strings.Split(rel, "/"))
}

// matchSegments matches pattern segments against path segments: ** spans
// any number of them (at the end, at least one).
func matchSegments(ps, ns []string) bool {
	for len(ps) > 0 {
		if ps[0] == "**" {
			if len(ps) == 1 {
				return len(ns) > 0
			}
			for i := range len(ns) + 1 {
				if matchSegments(ps[1:], ns[i:]) {
					return true
				}
			}
			return false
		}
		if len(ns) == 0 {
			return false
		}
		if ok, err := path.Match(ps[0], ns[0]); err != nil || !ok {
			return false
		}
		ps, ns = ps[1:], ns[1:]
	}
	return len(ns) == 0
}

// Ignored reports whether rules (in order, the last that matches wins)
// leave out path (absolute, any separator), a directory when dir is set.
func Ignored(rules []Rule, p string, dir bool) bool {
	p = filepath.ToSlash(p)
	for i := len(rules) - 1; i >= 0; i-- {
		if rules[i].match(p, dir) {
			return !rules[i].negate
		}
	}
	return false
}

// ReadDir returns the rules of the ignore files in dir (absolute):
// .gitignore, then .ignore, whose rules win. A file that cannot be read
// adds none.
func ReadDir(dir string) []Rule {
	var rules []Rule
	for _, name := range [...]string{".gitignore", ".ignore"} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			rules = append(rules, Parse(dir, data)...)
		}
	}
	return rules
}

// Above returns the rules in force in dir (absolute) from outside it: a
// git repository's .git/info/exclude and the ignore files of the
// directories from the repository's top down to dir's parent. Outside a
// repository there are none: a walk reads only the files below its root.
func Above(dir string) []Rule {
	top := dir
	for {
		if _, err := os.Stat(filepath.Join(top, ".git")); err == nil {
			break
		}
		parent := filepath.Dir(top)
		if parent == top {
			return nil
		}
		top = parent
	}
	var rules []Rule
	if data, err := os.ReadFile(filepath.Join(top, ".git", "info", "exclude")); err == nil {
		rules = Parse(top, data)
	}
	rel, err := filepath.Rel(top, dir)
	if err != nil || rel == "." {
		return rules
	}
	d := top
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		rules = append(rules, ReadDir(d)...)
		d = filepath.Join(d, part)
	}
	return rules
}
