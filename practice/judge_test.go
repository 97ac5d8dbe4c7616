package practice

import (
	"context"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

func builtinLinter(t testing.TB) (*lint.Linter, []*lexicon.Lexicon) {
	t.Helper()
	lexs, err := lexicon.Load(lexicon.BuiltinRefs()...)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lexs, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l, lexs
}

// TestJudgeRejects: empty, one-word, nonsense and unchanged answers, and
// answers that drop the sentence's content, are not accepted.
func TestJudgeRejects(t *testing.T) {
	l, _ := builtinLinter(t)
	ctx := context.Background()
	orig := "Sorry, that's company policy, so your refund for order 4411 cannot be processed."
	for _, tc := range []struct {
		answer, kind string
	}{
		{"", ProblemEmpty},
		{"   \n", ProblemEmpty},
		{"ok", ProblemNotSentence},
		{"asdf qwer zxcv uiop", ProblemNotSentence},
		{orig, ProblemStill},
		{"Thank you for your message, have a nice day.", ProblemContent},
		{"Your refund for order 4411: you should have read the terms.", ProblemNewWarning},
	} {
		v, err := Judge(ctx, l, "en", orig, tc.answer)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range v.Problems {
			found = found || p.Kind == tc.kind
		}
		if v.Accepted || !found {
			t.Errorf("%q: accepted %v, problems %+v; want %s", tc.answer, v.Accepted, v.Problems, tc.kind)
		}
	}
	v, err := Judge(ctx, l, "en", orig, "We refund within 30 days; for order 4411 I can offer you a voucher or a repair instead.")
	if err != nil {
		t.Fatal(err)
	}
	if !v.Accepted {
		t.Errorf("a good rewrite was rejected: %+v", v.Problems)
	}
}

// TestModelAnswersOfBuiltinExamples: the rewrite built from each built-in
// entry's suggestions of each of its flag examples is accepted, and the
// example itself, a one-word answer and the example with its words
// shuffled into nonsense are not.
func TestModelAnswersOfBuiltinExamples(t *testing.T) {
	l, lexs := builtinLinter(t)
	ctx := context.Background()
	n := 0
	for _, lex := range lexs {
		for _, e := range lex.Discouraged {
			for _, ex := range e.Examples.Flag {
				n++
				answer, v, err := ModelAnswer(ctx, l, e.Language, ex.Text)
				if err != nil {
					t.Fatal(err)
				}
				if !v.Accepted {
					t.Errorf("%s: %q -> %q rejected: %+v", e.ID, ex.Text, answer, v.Problems)
				}
				for _, bad := range []string{"", "ok", ex.Text} {
					if v, _ := Judge(ctx, l, e.Language, ex.Text, bad); v.Accepted {
						t.Errorf("%s: %q accepted as a rewrite of %q", e.ID, bad, ex.Text)
					}
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d flag examples", n)
	}
	t.Logf("%d flag examples", n)
}
