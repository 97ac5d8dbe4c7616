package lint

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
)

// wordsLexicon is a Dutch lexicon with skip words and classes, as the
// built-ins use them.
const wordsLexicon = `lexicon: t
language: nl
skip: [toch, gewoon, nou, eenmaal, nu, al, even, zelf, echt]
classes:
  ik: [ik, we, wij]
  kan: [kan, kon, kunnen, konden]
  u: [u, je, jij, jullie]
discouraged:
  - id: t.procedure
    category: rigid
    message: m
    phrases: ["dat is de procedure"]
  - id: t.opzoeken
    category: dismissive
    message: m
    phrases: ["<u> kunt dat zelf opzoeken"]
  - id: t.annuleren
    category: rigid
    message: m
    phrases: ["{<ik> <kan>} (die|de) bestelling niet annuleren", "(die|de) bestelling {<ik> <kan>} niet annuleren", "<ik> (die|de) bestelling niet <kan> annuleren"]
  - id: t.zei
    category: passive-aggressive
    message: m
    phrases: ["zoals ik al zei"]
`

func TestSkipWordsClassesAndOrder(t *testing.T) {
	l := compileYAML(t, wordsLexicon)
	tests := []struct {
		text string
		want []string
	}{
		{"Dat is de procedure.", []string{"Dat is de procedure"}},
		{"Dat is nou eenmaal de procedure.", []string{"Dat is nou eenmaal de procedure"}},
		{"Dat is toch gewoon nu eenmaal de procedure.", nil}, // four skip words in a row: more than MaxSkip
		{"Dat is toch de gewoon procedure.", []string{"Dat is toch de gewoon procedure"}},
		{"Toch is dat de procedure.", nil},
		{"U kunt dat toch gewoon zelf opzoeken.", []string{"U kunt dat toch gewoon zelf opzoeken"}},
		{"Jullie kunt dat zelf echt opzoeken", []string{"Jullie kunt dat zelf echt opzoeken"}},
		{"u kunt dat opzoeken", nil}, // "zelf" is a word of the phrase: skip words are optional only between words
		{"Ik kan die bestelling niet annuleren.", []string{"Ik kan die bestelling niet annuleren"}},
		{"Die bestelling kan ik niet annuleren.", []string{"Die bestelling kan ik niet annuleren"}},
		{"Kunnen wij de bestelling echt niet annuleren?", []string{"Kunnen wij de bestelling echt niet annuleren"}},
		{"omdat ik die bestelling niet kan annuleren", []string{"ik die bestelling niet kan annuleren"}},
		{"Ik kan die bestelling wel annuleren.", nil},
		{"Zoals ik al zei, morgen.", []string{"Zoals ik al zei"}},
		{"Zoals ik toch al zei, morgen.", []string{"Zoals ik toch al zei"}},
		{"Zoals ik zei, morgen.", nil},
		{"Dat is de. Procedure", nil},
	}
	for _, tt := range tests {
		if got := matches(t, l, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestSkipWordsPerLexicon checks that a lexicon's skip words serve its own
// phrases and those of lexicons extending it, not other lexicons'.
func TestSkipWordsPerLexicon(t *testing.T) {
	nl, err := lexicon.Parse("nl.yaml", []byte(wordsLexicon))
	if err != nil {
		t.Fatal(err)
	}
	other, err := lexicon.Parse("o.yaml", []byte("lexicon: o\ndiscouraged:\n  - {id: o.x, category: rigid, message: m, phrases: [\"that is the procedure\"]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := New([]*lexicon.Lexicon{nl, other}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := matches(t, l, "that is toch the procedure"); got != nil {
		t.Errorf("another lexicon's skip words apply: %q", got)
	}
	if got := matches(t, l, "that is the procedure"); len(got) != 1 {
		t.Errorf("got %q", got)
	}
}

func TestSpellingVariants(t *testing.T) {
	en := compileYAML(t, `lexicon: t
language: en
discouraged:
  - {id: t.a, category: rigid, message: m, phrases: ["i cannot help you", "you should have read", "that is not possible", "we will not refund"]}
`)
	for _, text := range []string{
		"I cannot help you", "I can't help you", "i cant help u", "I can not help you", "I can’t help you",
		"You should've read it", "you shouldve read it", "You should of read it", "u should have read it",
		"That's not possible", "thats not possible", "That isn't possible", "that isnt possible",
		"We won't refund", "we wont refund", "We'll not refund",
	} {
		if got := matches(t, en, text); len(got) != 1 {
			t.Errorf("%q: got %q, want one match", text, got)
		}
	}
	for _, text := range []string{"Its not possible", "Were not refunding", "Well not refund"} {
		if got := matches(t, en, text); got != nil {
			t.Errorf("%q: a word that is no contraction matched: %q", text, got)
		}
	}
	nl := compileYAML(t, `lexicon: t
language: nl
discouraged:
  - {id: t.a, category: rigid, message: m, phrases: ["dat is niet mijn afdeling", "je moet dat zelf doen"]}
`)
	for _, text := range []string{"das niet mijn afdeling", "da's nie mijn afdeling", "Dat is niet mijn afdeling", "ge moet da zelf doen"} {
		if got := matches(t, nl, text); len(got) != 1 {
			t.Errorf("%q: got %q, want one match", text, got)
		}
	}
}

func TestWordErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"lexicon: t\nskip: [niet]\n", `t.yaml:2:8: skip word "niet" is a negation`},
		{"lexicon: t\nskip: [\"not\"]\n", `t.yaml:2:8: skip word "not" is a negation`},
		{"lexicon: t\nskip: [toch gewoon]\n", `t.yaml:2:8: skip word "toch gewoon": list single words`},
		{"lexicon: t\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [\"dat <kan> niet\"]}\n", `t.yaml:3:57: unknown word class <kan> in phrase "dat <kan> niet"`},
		{"lexicon: t\nclasses: {kan: [kan, kon]}\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [\"dat <kon> niet\"]}\n", `did you mean <kan>?`},
		{"lexicon: t\nclasses: {Kan: [kan]}\n", `t.yaml:2:11: class name "Kan"`},
		{"lexicon: t\nclasses: {kan: []}\n", `class "kan" has no members`},
		{"lexicon: t\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [\"{dat ... niet}\"]}\n", `"..." inside {...}`},
		{"lexicon: t\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [\"{dat}\"]}\n", `holds 2 to 4`},
		{"lexicon: t\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [\"{dat kan\"]}\n", `unclosed "{"`},
	}
	for _, tt := range tests {
		_, err := lexicon.Parse("t.yaml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q:\ngot  %v\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestExplainSkipsAndClasses(t *testing.T) {
	l := compileYAML(t, wordsLexicon)
	ex, err := l.Explain(context.Background(), Document{Text: []byte("Die bestelling kunnen wij toch gewoon niet annuleren.")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ex.Matches {
		if m.Reported {
			got = append(got, m.Match, strings.Join(m.Skipped, ","))
			for _, c := range m.Classes {
				got = append(got, c.Class+"="+c.Words)
			}
		}
	}
	want := []string{"Die bestelling kunnen wij toch gewoon niet annuleren", "toch,gewoon", "kan=kunnen", "ik=wij"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
