package lexicon_test

import (
	"context"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

// TestBuiltinLexicons checks the built-in lexicons' size and completeness
// and runs every entry's examples: each flag example must produce a finding
// of that entry, each pass example must not.
func TestBuiltinLexicons(t *testing.T) {
	for _, lang := range lexicon.BuiltinLanguages() {
		t.Run(lang, func(t *testing.T) {
			lexs, err := lexicon.Load(lexicon.BuiltinPrefix + lang)
			if err != nil {
				t.Fatal(err)
			}
			lex := lexs[0]
			if lex.Language != lang {
				t.Errorf("language %q, want %q", lex.Language, lang)
			}
			if n := len(lex.Discouraged); n < 120 {
				t.Errorf("%d discouraged entries, want at least 120", n)
			}
			phrases := 0
			for _, g := range lex.Encouraged {
				phrases += len(g.Phrases)
			}
			if phrases < 40 {
				t.Errorf("%d encouraged phrases, want at least 40", phrases)
			}
			l, err := lint.New(lexs, lint.Options{Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range lex.Discouraged {
				if e.Message == "" || len(e.Suggestions) == 0 || len(e.Examples.Flag) == 0 || len(e.Examples.Pass) == 0 {
					t.Errorf("%s: %s needs a message, suggestions and flag and pass examples", e.Pos, e.ID)
				}
			}
			results, err := l.RunExamples(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range results {
				if !r.Passed {
					t.Errorf("%s: %s example %q of %s: drew %v", r.Example.Pos, map[bool]string{true: "flag", false: "pass"}[r.Flag], r.Example.Text, r.Entry.ID, r.Rules)
				}
			}
		})
	}
}
