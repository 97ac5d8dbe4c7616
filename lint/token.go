package lint

import (
	"encoding/binary"
	"math"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lexlint/lexlint/internal/swar"
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
	key                uint64 // of the normalised form; see wordKey
}

// A word's key identifies its normalised form in the vocabulary. A word of
// up to eight bytes is its own key: its bytes, little endian, zero padded, so
// equal keys of equal length are equal words and no bytes need comparing.
// Longer words are hashed eight bytes at a time, and a look-up compares the
// bytes when the hash agrees. Keys are made in one go once the word's end is
// known, not byte by byte while scanning it.
const (
	keyPrime = 0x9E3779B97F4A7C15 // odd; spreads keys over the table's bits
	lowerAll = 0x2020202020202020 // ORed in, lower-cases ASCII letters and keeps digits and '\''
)

// wordKey returns the key of a normalised word.
func wordKey(w []byte) uint64 { return key(w, 0, len(w), 0) }

// key returns the key of the word src[start:end], each byte ORed with or
// (0, or lowerAll for ASCII words: the key of their lower case, made without
// copying them).
func key(src []byte, start, end int, or uint64) uint64 {
	n := end - start
	if n <= 8 {
		mask := uint64(1)<<(8*uint(n)) - 1 // all ones for n == 8
		if start+8 <= len(src) {
			return (binary.LittleEndian.Uint64(src[start:]) | or) & mask
		}
		return (loadShort(src[start:end]) | or) & mask
	}
	w := src[start:end]
	h := uint64(n) * keyPrime
	for len(w) >= 8 {
		h = (h ^ (binary.LittleEndian.Uint64(w) | or)) * keyPrime
		h ^= h >> 29
		w = w[8:]
	}
	if len(w) > 0 {
		h = (h ^ ((loadShort(w) | or) & (uint64(1)<<(8*uint(len(w))) - 1))) * keyPrime
		h ^= h >> 29
	}
	return h
}

// nonWord returns the high bit of each of eight bytes (little endian) that
// is not an ASCII letter or digit.
func nonWord(v uint64) uint64 {
	x := v &^ swar.High // the low seven bits; bytes with the high bit set are non-ASCII
	lower := x | lowerAll
	letter := swar.AtLeast(lower, 'a') &^ swar.AtLeast(lower, 'z'+1)
	digit := swar.AtLeast(x, '0') &^ swar.AtLeast(x, '9'+1)
	return ^(letter|digit)&swar.High | v&swar.High
}

// loadShort returns up to eight bytes as a little-endian number.
func loadShort(w []byte) uint64 {
	var v uint64
	for i := len(w) - 1; i >= 0; i-- {
		v = v<<8 | uint64(w[i])
	}
	return v
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
	src []byte // the text being tokenised
	// Where next goes on: the offset, the sentence number, whether the
	// sentence has a word yet, and whether the line is blank so far.
	pos             int
	sentence        int32
	open, blankLine bool

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

// tokenize splits all of src into tokens. The returned slice and the
// normalised forms are valid until the next call.
func (t *tokenizer) tokenize(src []byte) []Token {
	t.start(src)
	return t.next(math.MaxInt)
}

// start begins tokenising src a chunk at a time with next.
func (t *tokenizer) start(src []byte) {
	t.src, t.pos, t.sentence, t.open, t.blankLine = src, 0, 0, false, false
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		t.pos = 3
	}
}

// next returns the next tokens of the text: at least atLeast of them, up to the
// end of a sentence, or all that are left (none at the end). Chunks end at
// sentence ends so that matching, which works a sentence at a time, can
// take them one by one while they are in the cache, and a long text's
// tokens are never all held at once. The returned slice and the normalised
// forms are valid until the next call.
func (t *tokenizer) next(atLeast int) []Token {
	src := t.src
	// Size the buffer once, instead of growing it a word at a time: for the
	// chunk, or for the whole text when that is smaller (about one word per
	// six bytes).
	want := len(src)/6 + 16
	if atLeast < want/2 {
		want = 2 * atLeast
	}
	if cap(t.toks) < want {
		t.toks = make([]Token, 0, want)
	}
	t.buf = t.buf[:0]
	t.toks = t.toks[:0]
	i, sentence, open, blankLine := t.pos, t.sentence, t.open, t.blankLine
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
		ended := false
		switch cl {
		case clWord:
			open, blankLine = true, false
			// Fast path, inlined: a short ASCII word followed by an ASCII
			// separator that cannot continue it or start an address.
			if i+8 <= len(src) {
				v := binary.LittleEndian.Uint64(src[i:])
				if stop := nonWord(v); stop != 0 {
					n := bits.TrailingZeros64(stop) / 8 // 1 to 7: src[i] is a word character
					if c := src[i+n]; c < utf8.RuneSelf && c != '\'' && c != '`' && c != '@' && c != ':' && (c != '.' || (n != 3 && n != 1)) {
						tok := t.add()
						tok.Start, tok.End, tok.normStart, tok.normEnd, tok.Sentence = i, i+n, -1, -1, sentence
						tok.key = (v | lowerAll) & (1<<(8*uint(n)) - 1) // see key
						i += n
						continue
					}
				}
			}
			i = t.word(src, i, sentence)
			continue
		case clEnd:
			ended = open
		case clDot:
			if i+1 < len(src) {
				if next, _ := classAt(src, i+1); next == clWord {
					break
				}
			}
			ended = open && !t.abbreviation(src, i)
		case clLine:
			ended = blankLine && open
			blankLine = true
		default:
			c := src[i]
			if c != ' ' && c != '\t' && c != '\r' && !(c >= utf8.RuneSelf && isSpaceAt(src, i)) {
				blankLine = false
			}
		}
		i += size
		if ended {
			sentence++
			open = false
			if len(t.toks) >= atLeast {
				break
			}
		}
	}
	t.pos, t.sentence, t.open, t.blankLine = i, sentence, open, blankLine
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
	// Fast path: a run of ASCII letters and digits, keyed in lower case
	// straight from the text; nothing is copied.
	// Eight bytes at a time where there are eight: the loop ends after one
	// round for most words, so the end of the word is found without a
	// mispredicted branch per word.
	for i+8 <= len(src) {
		if stop := nonWord(binary.LittleEndian.Uint64(src[i:])); stop != 0 {
			i += bits.TrailingZeros64(stop) / 8
			goto scanned
		}
		i += 8
	}
	for i < len(src) && asciiClass[src[i]] == clWord {
		i++
	}
scanned:
	if i-start == 1 && i+1 < len(src) && src[i] == '.' && isASCIILetter(src[start]) {
		if end, ok := t.dotted(src, start, sentence); ok {
			return end
		}
	}
	// An ASCII byte other than an apostrophe ends the word; others need
	// a closer look.
	ascii := true
	if i < len(src) && (src[i] >= utf8.RuneSelf || src[i] == '\'' || src[i] == '`') {
		i, ascii = wordTail(src, i)
	}
	if i < len(src) && mayBeAddress(src, start, i) {
		if end, skip := t.skipAddress(src, start, i, sentence); skip {
			return end
		}
	}
	if ascii {
		tok := t.add()
		tok.Start, tok.End, tok.normStart, tok.normEnd, tok.Sentence = start, i, -1, -1, sentence
		tok.key = key(src, start, i, lowerAll)
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
	tok := t.add()
	tok.Start, tok.End, tok.normStart, tok.normEnd, tok.Sentence = start, i, int32(ns), int32(len(t.buf)), sentence
	tok.key = wordKey(t.buf[ns:])
	return i
}

// dotted reads an abbreviation written as single letters and dots from
// src[start] ("a.u.b.", "t.z.t.", "e.g.") as one word, the letters without
// the dots ("aub"), so that it neither splits into words nor, with the
// final dot, ends the sentence (see abbreviation). It reports false when
// src[start:] is no such abbreviation.
func (t *tokenizer) dotted(src []byte, start int, sentence int32) (int, bool) {
	end := start + 1
	for end+1 < len(src) && src[end] == '.' && isASCIILetter(src[end+1]) {
		if end+2 < len(src) {
			if cl, _ := classAt(src, end+2); cl == clWord {
				break
			}
		}
		end += 2
	}
	if end == start+1 {
		return 0, false
	}
	if end < len(src) {
		if cl, _ := classAt(src, end); cl == clApos || src[end] == '@' {
			return 0, false // an address or a contraction: read as it is
		}
	}
	ns := len(t.buf)
	for j := start; j < end; j += 2 {
		t.buf = append(t.buf, src[j]|0x20)
	}
	tok := t.add()
	tok.Start, tok.End, tok.normStart, tok.normEnd, tok.Sentence = start, end, int32(ns), int32(len(t.buf)), sentence
	tok.key = wordKey(t.buf[ns:])
	return end, true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// abbreviation reports whether the '.' at src[dot] ends an abbreviation
// rather than a sentence: it follows a dotted abbreviation ("a.u.b.") or a
// known short form ("bijv.", "ca.", "approx.") and the text goes on in lower
// case or with a digit, or it follows a title ("dhr.", "Mr.").
func (t *tokenizer) abbreviation(src []byte, dot int) bool {
	n := len(t.toks)
	if n == 0 {
		return false
	}
	last := &t.toks[n-1]
	if last.End != dot || last.End-last.Start > 8 {
		return false
	}
	var low [8]byte
	word := low[:copy(low[:], src[last.Start:last.End])]
	dots := false
	for k, c := range word {
		word[k] = c | 0x20
		dots = dots || c == '.'
	}
	switch kind := shortForm(word); {
	case kind == formTitle:
		return true
	case kind == formNone && !dots:
		return false
	}
	j := dot + 1
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j == dot+1 || j >= len(src) {
		return j < len(src) && (src[j] == ',' || src[j] == ';' || src[j] == ':' || src[j] == ')')
	}
	r, _ := utf8.DecodeRune(src[j:])
	return unicode.IsLower(r) || unicode.IsDigit(r)
}

// Kinds of short forms.
const (
	formNone  = iota
	formShort // an abbreviation written without inner dots ("bijv. een foto", "approx. two days")
	formTitle // a title, followed by a name: its dot never ends a sentence
)

// shortForm tells what a lower-case word followed by a '.' is.
func shortForm(word []byte) int {
	switch string(word) {
	case "bijv", "evt", "ca", "nr", "enz", "etc", "incl", "excl", "resp", "tel", "vs", "art", "blz", "min", "max",
		"approx", "dept", "ref", "jl", "mbt", "ivm", "tav", "gr", "kg":
		return formShort
	case "dhr", "mevr", "mr", "mrs", "ms", "dr", "drs", "ir", "prof", "ing":
		return formTitle
	}
	return formNone
}

// add appends a token to be filled in. Filling it in place, field by field,
// avoids building it on the stack and copying it, which stalls on
// store-to-load forwarding in this loop.
func (t *tokenizer) add() *Token {
	n := len(t.toks)
	if n == cap(t.toks) {
		t.toks = append(t.toks, Token{})
	} else {
		t.toks = t.toks[:n+1]
	}
	return &t.toks[n]
}

// wordTail scans the rest of a word from src[i], a non-ASCII character or an
// apostrophe, and returns the offset after the word and whether the word is
// still ASCII.
func wordTail(src []byte, i int) (int, bool) {
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
		i += size
	}
	return i, ascii
}

// mayBeAddress is skipAddress's quick first look at the byte after the word
// src[start:end].
func mayBeAddress(src []byte, start, end int) bool {
	switch src[end] {
	case '@', ':':
		return true
	case '.':
		return end-start == 3
	}
	return false
}

// skipAddress recognises a URL ("https://...", "www.") or an e-mail address
// at the word src[start:end]. Addresses are not language: it drops the
// address's tokens and returns the offset after it.
func (t *tokenizer) skipAddress(src []byte, start, end int, sentence int32) (int, bool) {
	if end >= len(src) {
		return 0, false
	}
	switch {
	case src[end] == ':' && end+2 < len(src) && src[end+1] == '/' && src[end+2] == '/':
	case src[end] == '.' && end-start == 3 && (src[start]|0x20) == 'w' && (src[start+1]|0x20) == 'w' && (src[start+2]|0x20) == 'w':
	case src[end] == '@':
		// Take back the earlier parts of the local name ("jan.de.vries@"),
		// which are in the same sentence: a '.' followed by a letter does
		// not end one.
		for n := len(t.toks); n > 0; n-- {
			prev := t.toks[n-1]
			if prev.Sentence != sentence || !joinedBy(src[prev.End:start], "._-+") {
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
