package output

import (
	"strconv"
	"unicode/utf8"

	"github.com/lexlint/lexlint/internal/swar"
)

// appendJSON appends f as encoding/json would marshal it, byte for byte
// (TestAppendJSON checks), without reflection: on a large export, marshalling
// the findings took more time than finding them.
func (f *Finding) appendJSON(b []byte) []byte {
	return f.write(b, &layout{html: true})
}

// appendIndented appends f as json.Encoder writes it with SetIndent(prefix,
// "  ") and SetEscapeHTML(false), less the encoder's final newline: the
// layout of a finding in the json format's document (TestAppendIndented).
func (f *Finding) appendIndented(b []byte, prefix string) []byte {
	return f.write(b, &layout{indent: true, prefix: prefix})
}

// A layout says how a flat JSON object is written: compact or indented.
type layout struct {
	html   bool   // escape <, > and & (encoding/json's default)
	indent bool   // one key a line, after prefix and two spaces
	prefix string // the indentation of the object's own lines
}

// key starts the value of a key written as it is in compact JSON, with the
// '{' or ',' before it: `{"path":`, `,"line":`.
func (l *layout) key(b []byte, k string) []byte {
	if l.indent {
		return l.indentKey(b, k)
	}
	return append(b, k...)
}

func (l *layout) indentKey(b []byte, k string) []byte {
	b = append(b, k[0], '\n')
	b = append(b, l.prefix...)
	b = append(b, ' ', ' ')
	b = append(b, k[1:]...)
	return append(b, ' ')
}

func (l *layout) str(b []byte, k, v string) []byte {
	return appendString(l.key(b, k), v, l.html)
}

// opt writes a string unless it is empty (omitempty).
func (l *layout) opt(b []byte, k, v string) []byte {
	if v == "" {
		return b
	}
	return l.str(b, k, v)
}

func (l *layout) int(b []byte, k string, v int) []byte {
	return strconv.AppendInt(l.key(b, k), int64(v), 10)
}

// strs writes a list of strings; nil is null.
func (l *layout) strs(b []byte, k string, v []string) []byte {
	b = l.key(b, k)
	switch {
	case v == nil:
		return append(b, "null"...)
	case len(v) == 0:
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ',')
		}
		if l.indent {
			b = append(b, '\n')
			b = append(b, l.prefix...)
			b = append(b, "    "...)
		}
		b = appendString(b, s, l.html)
	}
	if l.indent {
		b = append(b, '\n')
		b = append(b, l.prefix...)
		b = append(b, "  "...)
	}
	return append(b, ']')
}

func (l *layout) end(b []byte) []byte {
	if l.indent {
		b = append(b, '\n')
		b = append(b, l.prefix...)
	}
	return append(b, '}')
}

// write appends f's fields in the order of its JSON encoding.
func (f *Finding) write(b []byte, l *layout) []byte {
	b = l.str(b, `{"path":`, f.Path)
	b = l.int(b, `,"line":`, f.Line)
	b = l.int(b, `,"column":`, f.Column)
	b = l.int(b, `,"end_line":`, f.EndLine)
	b = l.int(b, `,"end_column":`, f.EndColumn)
	b = l.int(b, `,"offset":`, f.Offset)
	b = l.int(b, `,"end_offset":`, f.EndOffset)
	b = l.str(b, `,"rule":`, f.Rule)
	b = l.str(b, `,"category":`, f.Category)
	b = l.str(b, `,"severity":`, f.Severity.String())
	b = l.str(b, `,"match":`, f.Match)
	b = l.str(b, `,"message":`, f.Message)
	b = l.strs(b, `,"suggestions":`, f.Suggestions)
	b = l.opt(b, `,"fix":`, f.Fix)
	b = l.opt(b, `,"link":`, f.Link)
	b = l.str(b, `,"lexicon":`, f.Lexicon)
	b = l.opt(b, `,"conversation":`, f.Conversation)
	b = l.opt(b, `,"message_id":`, f.MessageID)
	b = l.opt(b, `,"role":`, f.Role)
	b = l.opt(b, `,"agent":`, f.Agent)
	if f.Record != 0 {
		b = l.int(b, `,"record":`, f.Record)
	}
	b = l.opt(b, `,"pointer":`, f.Pointer)
	return l.end(b)
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json writes it:
// U+2028 and U+2029 escaped, invalid UTF-8 replaced with U+FFFD, and with
// html <, > and & escaped.
func appendString(b []byte, s string, html bool) []byte {
	return append(appendEscaped(append(b, '"'), s, html), '"')
}

// appendEscaped appends s escaped as in a JSON string, without quotes: the
// escaping of a concatenation is the concatenation of the escapings.
func appendEscaped(b []byte, s string, html bool) []byte {
	start := 0
	for i := 0; i < len(s); {
		// Eight plain bytes at a time: most of a message needs no escaping.
		if i+8 <= len(s) && !needsEscape(s[i:i+8]) {
			i += 8
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// needsEscape reports whether any of eight bytes is not plain ASCII for a
// JSON string: a control character, '"', '\\', '<', '>', '&', or a byte of
// a multi-byte character (which may be U+2028, U+2029 or invalid).
func needsEscape(s string) bool {
	v := swar.Load(s, 0)
	return swar.Below(v, 0x20)|swar.Equal(v, '"')|swar.Equal(v, '\\')|swar.Equal(v, '<')|swar.Equal(v, '>')|swar.Equal(v, '&')|v&swar.High != 0
}
