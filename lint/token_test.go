package lint

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// TestNonWord checks the eight-bytes-at-a-time word scan against the byte
// table for every byte value at every position.
func TestNonWord(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			v := uint64(0)
			for i := 7; i >= 0; i-- {
				v = v<<8 | uint64(b[i])
			}
			got := nonWord(v)>>(8*pos+7)&1 == 1
			want := asciiClass[c] != clWord
			if got != want {
				t.Errorf("byte %#x at %d: non-word %v, want %v", c, pos, got, want)
			}
			if others := nonWord(v) &^ (0x80 << (8 * pos)); others != 0 {
				t.Errorf("byte %#x at %d: letters elsewhere flagged: %#x", c, pos, others)
			}
		}
	}
}

// referenceWords splits src into words the slow, obvious way: maximal runs
// of word characters, rune by rune, where a single apostrophe between two
// word characters joins them. It returns [start, end) byte offsets.
func referenceWords(src []byte) [][2]int {
	type ch struct {
		start, end int
		cl         uint8
	}
	var chars []ch
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		chars = append(chars, ch{i, i + size, runeClass(r, size)})
		i += size
	}
	var words [][2]int
	for i := 0; i < len(chars); {
		if chars[i].cl != clWord {
			i++
			continue
		}
		j := i
		for j+1 < len(chars) && (chars[j+1].cl == clWord ||
			chars[j+1].cl == clApos && j+2 < len(chars) && chars[j+2].cl == clWord) {
			j++
		}
		words = append(words, [2]int{chars[i].start, chars[j].end})
		i = j + 1
	}
	return joinDotted(src, words)
}

// joinDotted joins the words of an abbreviation written as single ASCII
// letters and dots ("a.u.b", "e.g") into one, as the tokenizer does when the
// last letter is followed by no word character, apostrophe or '@'.
func joinDotted(src []byte, words [][2]int) [][2]int {
	single := func(w [2]int) bool { return w[1]-w[0] == 1 && isASCIILetter(src[w[0]]) }
	var out [][2]int
	for i := 0; i < len(words); i++ {
		j := i
		for single(words[i]) && j+1 < len(words) && single(words[j+1]) && words[j+1][0] == words[j][1]+1 && src[words[j][1]] == '.' {
			j++
		}
		if end := words[j][1]; j > i && end < len(src) {
			if cl, _ := classAt(src, end); cl == clApos || src[end] == '@' {
				j = i // the tokenizer reads such a run as it is (an address, a contraction)
			}
		}
		out = append(out, [2]int{words[i][0], words[j][1]})
		i = j
	}
	return out
}

// TestTokenizerRandom compares the tokenizer's fast paths with
// referenceWords on random text mixing ASCII, accented and other scripts,
// apostrophes, NBSP, CRLF and invalid UTF-8, and checks each token's
// normal form and key.
func TestTokenizerRandom(t *testing.T) {
	pieces := []string{"a", "B", "z", "Z", "0", "9", "é", "É", "ß", "ﬁ", "ø", "Ω", "я", "中", "'", "’", "`", " ", " ", "\u00a0",
		"\r\n", "\n", ".", ",", "!", "?", "-", "_", "\xff", "\xc3", "e\u0301", "Don't", "WORD", "longerthaneight", "x"}
	rng := rand.New(rand.NewSource(7))
	tok := newTokenizer()
	fold := newTokenizer().fold
	for n := 0; n < 3000; n++ {
		var sb strings.Builder
		for k := rng.Intn(40); k >= 0; k-- {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		src := []byte(sb.String())
		want := referenceWords(src)
		got := tok.tokenize(src)
		if len(got) != len(want) {
			t.Fatalf("%q: %d tokens, want %d (%v)", src, len(got), len(want), want)
		}
		for i, tk := range got {
			if tk.Start != want[i][0] || tk.End != want[i][1] {
				t.Fatalf("%q: token %d is [%d,%d), want %v", src, i, tk.Start, tk.End, want[i])
			}
			word := src[tk.Start:tk.End]
			if bytes.IndexByte(word, '.') > 0 {
				word = bytes.ReplaceAll(word, []byte("."), nil)
			}
			norm, _, err := transform.Bytes(fold, word)
			if err != nil {
				t.Fatal(err)
			}
			if got := tok.norm(tk); !bytes.Equal(got, norm) {
				t.Fatalf("%q: token %q normalised to %q, want %q", src, word, got, norm)
			}
			if tk.key != wordKey(norm) {
				t.Fatalf("%q: token %q has key %#x, want %#x", src, word, tk.key, wordKey(norm))
			}
		}
	}
}

// TestCursor compares cursor positions, asked for in any order, with a
// count from the top of the text.
func TestCursor(t *testing.T) {
	src := []byte("\xEF\xBB\xBFéén\r\nregel twee\n\n\xffdrie ‘x’\nvier")
	naive := func(off int) (int, int) {
		line, col := 1, 1
		for i := 3; i < off; {
			_, size := utf8.DecodeRune(src[i:])
			if src[i] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += size
		}
		return line, col
	}
	var offs []int
	for i := 3; i <= len(src); i++ {
		if i == len(src) || utf8.RuneStart(src[i]) {
			offs = append(offs, i)
		}
	}
	rng := rand.New(rand.NewSource(1))
	c := cursor{src: src}
	for n := 0; n < 200; n++ {
		off := offs[rng.Intn(len(offs))]
		if n < len(offs) {
			off = offs[n] // first in order, then at random
		}
		line, col := c.position(off)
		wl, wc := naive(off)
		if line != wl || col != wc {
			t.Fatalf("offset %d: %d:%d, want %d:%d", off, line, col, wl, wc)
		}
	}
}
