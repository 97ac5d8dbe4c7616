package output

import (
	"bytes"
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

// TestAppendIndented compares the indented layout with json.Encoder's.
func TestAppendIndented(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for _, it := range randomRun(rng) {
		for _, f := range Findings(it) {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("    ", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(f); err != nil {
				t.Fatal(err)
			}
			if got := f.appendIndented(nil, "    "); string(got)+"\n" != want.String() {
				t.Fatalf("appendIndented:\n%s\njson.Encoder:\n%s", got, want.String())
			}
		}
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	f := Finding{Finding: lint.Finding{Path: "export.jsonl", Line: 3, Column: 7, EndLine: 3, EndColumn: 20, Offset: 400, EndOffset: 413,
		Rule: "en.rigid.company-policy", Category: "rigid", Match: "that's company policy", Message: "Pointing at policy ends the conversation; explain the reason in plain words.",
		Suggestions: []string{"We ask for this because ...", "Here's what I can do for you: ..."}, Lexicon: "builtin-en"},
		Conversation: "c-1234", MessageID: "m-5678", Role: "agent", Agent: "Sam", Record: 42}
	var buf []byte
	b.Run("compact", func(b *testing.B) {
		for b.Loop() {
			buf = f.appendJSON(buf[:0])
		}
	})
	b.Run("indented", func(b *testing.B) {
		for b.Loop() {
			buf = f.appendIndented(buf[:0], "    ")
		}
	})
}
