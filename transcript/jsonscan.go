package transcript

import (
	"math/bits"
	"strings"

	"github.com/lexlint/lexlint/internal/swar"
	"github.com/tidwall/gjson"
)

// maxJSONDepth is how deeply values may nest, as in encoding/json.
const maxJSONDepth = 10000

// walkObject checks that s is one valid JSON object (with white space
// around it) and calls fn with each of its top-level keys (unescaped) and
// the key's value as raw JSON, until fn returns false; the rest is still
// checked. It reports false when s is not a valid JSON object; fn may have
// been called by then. Validity is that of encoding/json (TestWalkObjectValid
// compares them), checked in the same pass that finds the keys: checking
// first and walking after read every line twice.
func walkObject(s string, fn func(key, raw string) bool) bool {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	calling := true
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return skipSpace(s, i+1) == len(s)
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return false
		}
		end, ok := scanString(s, i)
		if !ok {
			return false
		}
		keyStart := i
		i = skipSpace(s, end)
		if i >= len(s) || s[i] != ':' {
			return false
		}
		i = skipSpace(s, i+1)
		vend, ok := scanValue(s, i, 1)
		if !ok {
			return false
		}
		if calling {
			key := s[keyStart+1 : end-1]
			if strings.IndexByte(key, '\\') >= 0 {
				key = gjson.Parse(s[keyStart:end]).Str
			}
			calling = fn(key, s[i:vend])
		}
		i = skipSpace(s, vend)
		if i >= len(s) {
			return false
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case '}':
			return skipSpace(s, i+1) == len(s)
		default:
			return false
		}
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// scanValue checks the JSON value starting at s[i] and returns the offset
// after it.
func scanValue(s string, i, depth int) (int, bool) {
	if i >= len(s) {
		return i, false
	}
	switch c := s[i]; {
	case c == '"':
		return scanString(s, i)
	case c == '{' || c == '[':
		return scanContainer(s, i, depth)
	case c == '-' || c >= '0' && c <= '9':
		return scanNumber(s, i)
	case strings.HasPrefix(s[i:], "true"):
		return i + 4, true
	case strings.HasPrefix(s[i:], "false"):
		return i + 5, true
	case strings.HasPrefix(s[i:], "null"):
		return i + 4, true
	}
	return i, false
}

// scanContainer checks the object or array starting at s[i].
func scanContainer(s string, i, depth int) (int, bool) {
	if depth >= maxJSONDepth {
		return i, false
	}
	object := s[i] == '{'
	closing := byte(']')
	if object {
		closing = '}'
	}
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == closing {
		return i + 1, true
	}
	for {
		var ok bool
		if object {
			if i >= len(s) || s[i] != '"' {
				return i, false
			}
			if i, ok = scanString(s, i); !ok {
				return i, false
			}
			if i = skipSpace(s, i); i >= len(s) || s[i] != ':' {
				return i, false
			}
			i = skipSpace(s, i+1)
		}
		if i, ok = scanValue(s, i, depth+1); !ok {
			return i, false
		}
		if i = skipSpace(s, i); i >= len(s) {
			return i, false
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case closing:
			return i + 1, true
		default:
			return i, false
		}
	}
}

// scanString checks the string starting at s[i] (a quote) and returns the
// offset after its closing quote. Eight bytes are looked at a time for the
// bytes that need a closer look: a quote, a backslash or a control
// character, which JSON does not allow unescaped.
func scanString(s string, i int) (int, bool) {
	for j := i + 1; j < len(s); {
		if j+8 <= len(s) {
			v := swar.Load(s, j)
			special := swar.Below(v, 0x20) | swar.Equal(v, '"') | swar.Equal(v, '\\')
			if special == 0 {
				j += 8
				continue
			}
			j += bits.TrailingZeros64(special) / 8
		}
		switch c := s[j]; {
		case c == '"':
			return j + 1, true
		case c < 0x20:
			return j, false
		case c == '\\':
			if j+1 >= len(s) {
				return j, false
			}
			switch s[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if j+6 > len(s) || !isHex(s[j+2]) || !isHex(s[j+3]) || !isHex(s[j+4]) || !isHex(s[j+5]) {
					return j, false
				}
				j += 6
			default:
				return j, false
			}
		default:
			j++
		}
	}
	return len(s), false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// scanNumber checks the number starting at s[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(s string, i int) (int, bool) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > start
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		digits()
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return i, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return i, false
		}
	}
	return i, true
}
