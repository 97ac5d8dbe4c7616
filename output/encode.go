package output

import (
	"strconv"
	"unicode/utf8"

	"github.com/lexlint/lexlint/internal/swar"
)

// appendJSON appends f as encoding/json would marshal it, byte for byte
// (TestAppendJSON checks), without reflection: on a large export, marshalling
// the findings took more time than finding them.
func (f *Finding) appendJSON(b []byte) []byte { return f.encode(b, true) }

// encode appends f as JSON; html escapes <, > and & as encoding/json does by
// default, and json.Encoder with SetEscapeHTML(false) does not.
func (f *Finding) encode(b []byte, html bool) []byte {
	str := func(b []byte, s string) []byte { return appendString(b, s, html) }
	opt := func(b []byte, key, v string) []byte {
		if v == "" {
			return b
		}
		return str(append(b, key...), v)
	}
	b = append(b, `{"path":`...)
	b = str(b, f.Path)
	b = appendInt(b, `,"line":`, f.Line)
	b = appendInt(b, `,"column":`, f.Column)
	b = appendInt(b, `,"end_line":`, f.EndLine)
	b = appendInt(b, `,"end_column":`, f.EndColumn)
	b = appendInt(b, `,"offset":`, f.Offset)
	b = appendInt(b, `,"end_offset":`, f.EndOffset)
	b = append(b, `,"rule":`...)
	b = str(b, f.Rule)
	b = append(b, `,"category":`...)
	b = str(b, f.Category)
	b = append(b, `,"severity":`...)
	b = str(b, f.Severity.String())
	b = append(b, `,"match":`...)
	b = str(b, f.Match)
	b = append(b, `,"message":`...)
	b = str(b, f.Message)
	b = append(b, `,"suggestions":`...)
	if f.Suggestions == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, s := range f.Suggestions {
			if i > 0 {
				b = append(b, ',')
			}
			b = str(b, s)
		}
		b = append(b, ']')
	}
	b = opt(b, `,"fix":`, f.Fix)
	b = append(b, `,"lexicon":`...)
	b = str(b, f.Lexicon)
	b = opt(b, `,"conversation":`, f.Conversation)
	b = opt(b, `,"message_id":`, f.MessageID)
	b = opt(b, `,"role":`, f.Role)
	b = opt(b, `,"agent":`, f.Agent)
	if f.Record != 0 {
		b = appendInt(b, `,"record":`, f.Record)
	}
	b = opt(b, `,"pointer":`, f.Pointer)
	return append(b, '}')
}

func appendInt(b []byte, key string, v int) []byte {
	return strconv.AppendInt(append(b, key...), int64(v), 10)
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json writes it:
// U+2028 and U+2029 escaped, invalid UTF-8 replaced with U+FFFD, and with
// html <, > and & escaped.
func appendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
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
	b = append(b, s[start:]...)
	return append(b, '"')
}

// needsEscape reports whether any of eight bytes is not plain ASCII for a
// JSON string: a control character, '"', '\\', '<', '>', '&', or a byte of
// a multi-byte character (which may be U+2028, U+2029 or invalid).
func needsEscape(s string) bool {
	v := swar.Load(s, 0)
	return swar.Below(v, 0x20)|swar.Equal(v, '"')|swar.Equal(v, '\\')|swar.Equal(v, '<')|swar.Equal(v, '>')|swar.Equal(v, '&')|v&swar.High != 0
}
