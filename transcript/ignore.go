package transcript

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
)

// Ignore is an inline ignore directive: findings of Rules (all rules when
// empty) that start in Text[Start:End] are not reported.
type Ignore struct {
	Start, End int
	Rules      []string
	Offset     int    // where the directive is written in Text, for reporting it
	Directive  string // as written
}

// Covers reports whether the directive suppresses a finding of rule at
// text offset off.
func (ig *Ignore) Covers(rule string, off int) bool {
	if off < ig.Start || off >= ig.End {
		return false
	}
	if len(ig.Rules) == 0 {
		return true
	}
	for _, r := range ig.Rules {
		if r == rule {
			return true
		}
	}
	return false
}

// directive matches lexlint-disable-next-line, lexlint-disable and
// lexlint-enable, on a line of their own (optionally after a comment
// marker such as #, // or --) or inside an HTML comment anywhere.
var (
	commentDirective = regexp.MustCompile(`<!--\s*(lexlint-(?:disable-next-line|disable|enable))\b([^>]*?)\s*-->`)
	lineDirective    = regexp.MustCompile(`(?m)^[ \t]*(?:#|//|--|;)?[ \t]*(lexlint-(?:disable-next-line|disable|enable))\b([^\n]*?)[ \t]*\r?$`)
)

// mentionsDirective reports whether text contains "lexlint-", looking for
// its rare 'x' first: bytes.Contains starts from the common 'l' and was a
// twentieth of a run over an export.
func mentionsDirective(text []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(text[i:], 'x')
		if j < 0 {
			return false
		}
		i += j
		if i >= 2 && bytes.HasPrefix(text[i-2:], []byte("lexlint-")) {
			return true
		}
	}
}

// Directives finds the inline ignore directives of a text and returns them
// with the byte ranges of their own lines (to be skipped when checking).
// A disable without a matching enable lasts to the end of the text.
func Directives(text []byte) (ignores []*Ignore, skips [][2]int) {
	if !mentionsDirective(text) {
		return nil, nil
	}
	var all []directiveMatch
	add := func(m []int, own bool) {
		f := directiveMatch{kind: string(text[m[2]:m[3]]), rules: strings.Fields(string(text[m[4]:m[5]])), start: m[0], end: m[1]}
		all = append(all, f)
		if own {
			skips = append(skips, [2]int{m[0], m[1]})
		}
	}
	for _, m := range commentDirective.FindAllSubmatchIndex(text, -1) {
		add(m, false)
	}
	for _, m := range lineDirective.FindAllSubmatchIndex(text, -1) {
		if !inside(all, m[0]) {
			add(m, true)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].start < all[j].start })
	lineEnd := func(pos int) int {
		if i := bytes.IndexByte(text[pos:], '\n'); i >= 0 {
			return pos + i + 1
		}
		return len(text)
	}
	var open []*Ignore
	for _, f := range all {
		switch f.kind {
		case "lexlint-disable-next-line":
			next := lineEnd(f.end)
			ignores = append(ignores, &Ignore{Start: next, End: lineEnd(next), Rules: f.rules, Offset: f.start, Directive: strings.TrimSpace(string(text[f.start:f.end]))})
		case "lexlint-disable":
			ig := &Ignore{Start: f.end, End: len(text), Rules: f.rules, Offset: f.start, Directive: strings.TrimSpace(string(text[f.start:f.end]))}
			ignores = append(ignores, ig)
			open = append(open, ig)
		case "lexlint-enable":
			kept := open[:0]
			for _, ig := range open {
				if len(f.rules) == 0 || sameRules(ig.Rules, f.rules) {
					ig.End = f.start
					continue
				}
				kept = append(kept, ig)
			}
			open = kept
		}
	}
	return ignores, skips
}

// directiveMatch is a directive found in a text.
type directiveMatch struct {
	kind       string
	rules      []string
	start, end int // the directive's own bytes
}

func inside(all []directiveMatch, pos int) bool {
	for _, f := range all {
		if pos >= f.start && pos < f.end {
			return true
		}
	}
	return false
}

func sameRules(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
