package output

import (
	"encoding/json"
	"math/rand"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

// TestAppendJSON compares the hand-written encoder with encoding/json on
// random findings whose strings mix every kind of character JSON escapes.
func TestAppendJSON(t *testing.T) {
	pieces := []string{"a", "Zé", "\"", "\\", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
		"\u2028", "\u2029", "\xff", "\xc3", "’", "😀", " ", "/", "\u00a0",
		// plain runs, so that eight-byte chunks with one special byte occur
		"hello there", "abcdefg", "x y z", "Thank you for waiting"}
	rng := rand.New(rand.NewSource(3))
	str := func() string {
		var sb strings.Builder
		for n := rng.Intn(24); n > 0; n-- {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		return sb.String()
	}
	for n := 0; n < 2000; n++ {
		f := Finding{Finding: lint.Finding{
			Path: str(), Line: rng.Intn(100), Column: rng.Intn(100), EndLine: rng.Intn(100), EndColumn: -rng.Intn(3),
			Offset: rng.Intn(1 << 20), EndOffset: rng.Intn(1 << 20), Rule: str(), Category: str(),
			Severity: lexicon.Severity(rng.Intn(4)), Match: str(), Message: str(), Fix: str(), Lexicon: str(),
		}, Conversation: str(), MessageID: str(), Role: str(), Agent: str(), Record: rng.Intn(3), Pointer: str()}
		switch rng.Intn(3) {
		case 0:
			f.Suggestions = nil
		case 1:
			f.Suggestions = []string{}
		default:
			f.Suggestions = []string{str(), str()}
		}
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("appendJSON:\n%s\nencoding/json:\n%s", got, want)
		}
	}
}
