package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text: its place in the original bytes, its
// normalised form and the sentence it belongs to.
type Token struct {
	Start, End int // byte offsets in the original text
	// norm is the normalised form, as offsets into the tokenizer's buffer.
	normStart, normEnd int32
	Sentence           int32
	hash               uint64 // FNV-1a of the normalised form
}

// FNV-1a, computed while words are normalised, so vocabulary look-ups need
// no second pass over the bytes.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// tokenizer splits text into normalised word tokens. It is not safe for
// concurrent use; a Linter keeps one per goroutine.
//
// Words are runs of letters, digits and combining marks; an apostrophe
// (straight or curly) between two letters stays inside the word ("don't",
// "z'n"). Everything else separates words. Sentences end at '.', '!', '?',
// '…' and other sentence terminals (a '.' directly followed by a letter or
// digit, as in "3.5" or "example.com", does not end one) and at a blank
// line. A leading byte order mark is skipped; invalid UTF-8 bytes separate
// words and are never an error.
//
// Normalisation folds case and removes diacritics with golang.org/x/text:
// case folding, NFKD decomposition and removal of combining marks, so "É"
// and "e" are the same word, as are "ﬁ" and "fi", "ß" and "ss". Curly
// apostrophes become straight ones. ASCII words take a fast path that gives
// the same result.
type tokenizer struct {
	src  []byte // the text last tokenised
	buf  []byte // normalised forms of non-ASCII words
	low  []byte // scratch for norm of ASCII words
	toks []Token
	fold transform.Transformer
	// folded caches the normalised form of non-ASCII words ("één",
	// "café"), which recur, so x/text runs once per distinct word.
	folded map[string]string
}

// maxFolded bounds the cache of normalised non-ASCII words.
const maxFolded = 4096

func newTokenizer() *tokenizer {
	return &tokenizer{
		fold: transform.Chain(
			runes.Map(mapApostrophe),
			cases.Fold(),
			norm.NFKD,
			runes.Remove(runes.In(unicode.Mn)),
		),
	}
}

func mapApostrophe(r rune) rune {
	if isApostrophe(r) {
		return '\''
	}
	return r
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02bc', '\u00b4', '`', '\u2032':
		return true
	}
	return false
}

// norm returns the normalised text of a token. ASCII words are not copied
// while tokenising (normStart is -1): their normal form is their lower-case
// text, made here when asked for. The result is valid until the next call.
func (t *tokenizer) norm(tok Token) []byte {
	if tok.normStart >= 0 {
		return t.buf[tok.normStart:tok.normEnd]
	}
	t.low = append(t.low[:0], t.src[tok.Start:tok.End]...)
	for i, c := range t.low {
		if c-'A' < 26 {
			t.low[i] = c + 'a' - 'A'
		}
	}
	return t.low
}

// ascii reports whether a token is an ASCII word, whose normal form is the
// lower case of its text.
func (tok *Token) ascii() bool { return tok.normStart < 0 }

// class of a rune for tokenising.
const (
	clSep = iota
	clWord
	clApos
	clEnd  // sentence-ending punctuation
	clDot  // '.', which ends a sentence unless a word character follows
	clLine // '\n'
)

// clHigh marks a byte that starts a multi-byte (or invalid) UTF-8 sequence.
const clHigh = 9

var asciiClass = func() (t [256]uint8) {
	for c := 128; c < 256; c++ {
		t[c] = clHigh
	}
	for c := 0; c < 128; c++ {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			t[c] = clWord
		case c == '\'' || c == '`':
			t[c] = clApos
		case c == '!' || c == '?':
			t[c] = clEnd
		case c == '.':
			t[c] = clDot
		case c == '\n':
			t[c] = clLine
		}
	}
	return t
}()

func runeClass(r rune, size int) uint8 {
	switch {
	case r == utf8.RuneError && size <= 1:
		return clSep
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Mc, r):
		return clWord
	case isApostrophe(r):
		return clApos
	case r == '…' || r == '\u2029' || unicode.Is(unicode.Sentence_Terminal, r):
		return clEnd
	}
	return clSep
}

// classAt returns the class of the character at src[i] and its size.
func classAt(src []byte, i int) (uint8, int) {
	if cl := asciiClass[src[i]]; cl != clHigh {
		return cl, 1
	}
	r, size := utf8.DecodeRune(src[i:])
	return runeClass(r, size), size
}

// tokenize splits src into tokens. The returned slice and the normalised
// forms are valid until the next call.
func (t *tokenizer) tokenize(src []byte) []Token {
	// Size the buffers from the input once, instead of growing them a
	// word at a time: about one word per six bytes of text.
	if want := len(src)/6 + 16; cap(t.toks) < want {
		t.toks = make([]Token, 0, want)
	}
	t.src = src
	t.buf = t.buf[:0]
	t.toks = t.toks[:0]
	i := 0
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		i = 3
	}
	var sentence int32
	open := false      // a token was seen in the current sentence
	blankLine := false // only white space since the last '\n'
	for i < len(src) {
		cl, size := asciiClass[src[i]], 1
		if cl == clSep {
			c := src[i]
			if c != ' ' && c != '\t' && c != '\r' {
				blankLine = false
			}
			i++
			continue
		}
		if cl == clHigh {
			cl, size = classAt(src, i)
		}
		switch cl {
		case clWord:
			i = t.word(src, i, sentence)
			open, blankLine = true, false
			continue
		case clEnd:
			if open {
				sentence++
				open = false
			}
		case clDot:
			if i+1 < len(src) {
				if next, _ := classAt(src, i+1); next == clWord {
					break
				}
			}
			if open {
				sentence++
				open = false
			}
		case clLine:
			if blankLine && open {
				sentence++
				open = false
			}
			blankLine = true
		default:
			c := src[i]
			if c != ' ' && c != '\t' && c != '\r' && !(c >= utf8.RuneSelf && isSpaceAt(src, i)) {
				blankLine = false
			}
		}
		i += size
	}
	return t.toks
}

func isSpaceAt(src []byte, i int) bool {
	r, _ := utf8.DecodeRune(src[i:])
	return unicode.IsSpace(r)
}

// word scans the word starting at src[i], appends its token and returns the
// offset after it.
func (t *tokenizer) word(src []byte, i int, sentence int32) int {
	start := i
	h := uint64(fnvOffset)
	// Fast path: a run of ASCII letters and digits, hashed in lower case
	// straight from the text; nothing is copied.
	for i < len(src) {
		c := src[i]
		if asciiClass[c] != clWord {
			break
		}
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		h = (h ^ uint64(c)) * fnvPrime
		i++
	}
	ascii := true
	for i < len(src) {
		cl, size := classAt(src, i)
		if cl == clApos {
			// An apostrophe stays in the word only between two word characters.
			if i+size < len(src) {
				if next, _ := classAt(src, i+size); next == clWord {
					if size > 1 || src[i] == '`' {
						ascii = false
					}
					h = (h ^ uint64('\'')) * fnvPrime
					i += size
					continue
				}
			}
			break
		}
		if cl != clWord {
			break
		}
		if size > 1 {
			ascii = false
		}
		c := src[i]
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		h = (h ^ uint64(c)) * fnvPrime
		i += size
	}
	if i < len(src) && (src[i] == ':' || src[i] == '.' || src[i] == '@') {
		if end, skip := t.skipAddress(src, start, i); skip {
			return end
		}
	}
	if ascii {
		t.toks = append(t.toks, Token{Start: start, End: i, normStart: -1, normEnd: -1, Sentence: sentence, hash: h})
		return i
	}
	ns := len(t.buf)
	if f, ok := t.folded[string(src[start:i])]; ok {
		t.buf = append(t.buf, f...)
	} else {
		out, _, err := transform.Append(t.fold, t.buf, src[start:i])
		if err != nil {
			// Never expected for valid input; fall back to the raw bytes.
			out = append(t.buf, src[start:i]...)
		}
		t.buf = out
		if t.folded == nil {
			t.folded = map[string]string{}
		}
		if len(t.folded) < maxFolded {
			t.folded[string(src[start:i])] = string(t.buf[ns:])
		}
	}
	t.toks = append(t.toks, Token{Start: start, End: i, normStart: int32(ns), normEnd: int32(len(t.buf)), Sentence: sentence, hash: fnv(t.buf[ns:])})
	return i
}

// skipAddress recognises a URL ("https://...", "www.") or an e-mail address
// at the word src[start:end]. Addresses are not language: it drops the
// address's tokens and returns the offset after it.
func (t *tokenizer) skipAddress(src []byte, start, end int) (int, bool) {
	if end >= len(src) {
		return 0, false
	}
	switch {
	case src[end] == ':' && end+2 < len(src) && src[end+1] == '/' && src[end+2] == '/':
	case src[end] == '.' && end-start == 3 && (src[start]|0x20) == 'w' && (src[start+1]|0x20) == 'w' && (src[start+2]|0x20) == 'w':
	case src[end] == '@':
		// Take back the earlier parts of the local name ("jan.de.vries@").
		for n := len(t.toks); n > 0; n-- {
			prev := t.toks[n-1]
			if !joinedBy(src[prev.End:start], "._-+") {
				break
			}
			start = prev.Start
			if prev.normStart >= 0 {
				t.buf = t.buf[:prev.normStart]
			}
			t.toks = t.toks[:n-1]
		}
	default:
		return 0, false
	}
	for end < len(src) {
		if c := src[end]; c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		if src[end] >= utf8.RuneSelf && isSpaceAt(src, end) {
			break
		}
		end++
	}
	return end, true
}

// joinedBy reports whether sep is non-empty and made only of bytes in chars.
func joinedBy(sep []byte, chars string) bool {
	if len(sep) == 0 {
		return false
	}
	for _, c := range sep {
		if !strings.ContainsRune(chars, rune(c)) {
			return false
		}
	}
	return true
}
