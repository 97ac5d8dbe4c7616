package lint

import (
	"context"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
)

func TestAnalyze(t *testing.T) {
	lex, err := lexicon.Parse("w.yaml", []byte(`lexicon: w
discouraged:
  - id: w.a
    category: rigid
    message: m
    phrases: ["no problem", "no problem at all", "really? no", "sure (no|nope) problem"]
    suggestions: ["No problem, happy to help", "Happy to help"]
  - id: w.b
    category: rigid
    message: m
    phrases: ["No Problem"]
    suggestions: ["Glad to help"]
encouraged:
  - {id: w.g, category: positive, phrases: ["happy to help", "no problem at all"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	ws, err := Analyze(context.Background(), []*lexicon.Lexicon{lex})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range ws {
		got = append(got, w.String())
	}
	want := []string{
		`w.yaml:6:50: "really?" holds sentence-ending punctuation, so phrase "really? no" can never match`,
		`w.yaml:6:29: every match of phrase "no problem at all" contains a match of the shorter phrase "no problem" of the same entry`,
		`w.yaml:11:15: phrase "No Problem" is also a phrase of entry w.a (w.yaml:6:15)`,
		`w.yaml:14:62: phrase "no problem at all" is both encouraged and discouraged: it is also a phrase of entry w.a (w.yaml:6:29)`,
		`w.yaml:7:19: suggestion "No problem, happy to help" of w.a contains discouraged wording "No problem" (w.a)`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d warnings:\n%s", len(got), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d:\n got %s\nwant %s...", i, got[i], want[i])
		}
	}
}
