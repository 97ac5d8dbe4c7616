package output

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Visible returns s with the characters a terminal acts on made visible,
// for text that comes from input (file names, export fields, lexicon
// messages) printed in a human-facing format: control characters (escape
// sequences, line breaks, tabs, DEL and the C1 controls) as \n, \r, \t,
// \x1b or \u009b, the line and paragraph separators and the bidirectional
// controls (which reorder what is shown) as \u2028 or \u202e, and bytes
// that are not UTF-8 as \xff. A backslash is kept as it is.
func Visible(s string) string { return visible(s, false) }

// VisibleLines is Visible keeping line breaks (\n and \r), for formats
// that encode them on their own (GitHub's workflow commands).
func VisibleLines(s string) string { return visible(s, true) }

func visible(s string, keepLines bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if hidden(r, size) && !(keepLines && (r == '\n' || r == '\r')) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !hidden(r, size) || keepLines && (r == '\n' || r == '\r'):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// hidden reports whether the rune decoded in size bytes is one Visible
// shows escaped.
func hidden(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size <= 1:
		return true
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return true
	case r == '\u2028' || r == '\u2029':
		return true
	}
	return unicode.Is(unicode.Bidi_Control, r)
}
