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
				for _, ex := range e.Examples.Flag {
					if !hits(t, l, ex.Text, e.ID) {
						t.Errorf("%s: flag example %q of %s draws no finding of it", ex.Pos, ex.Text, e.ID)
					}
				}
				for _, ex := range e.Examples.Pass {
					if hits(t, l, ex.Text, e.ID) {
						t.Errorf("%s: pass example %q of %s draws a finding of it", ex.Pos, ex.Text, e.ID)
					}
				}
			}
		})
	}
}

func hits(t *testing.T, l *lint.Linter, text, id string) bool {
	t.Helper()
	res, err := l.Check(context.Background(), lint.Document{Text: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Rule == id {
			return true
		}
	}
	return false
}
