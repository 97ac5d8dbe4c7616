package practice

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadQuiz: any input is a quiz that checks out and writes back the
// same, or an error naming the file; never a panic.
func FuzzReadQuiz(f *testing.F) {
	var buf bytes.Buffer
	WriteQuiz(&buf, makeQuiz(f, false))
	f.Add(buf.String())
	f.Add(`{"format": "lexlint-quiz/1", "items": [{"id": "a", "kind": "spot", "options": ["", "", ""]}]}`)
	f.Add("[]")
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ReadQuiz(strings.NewReader(s), "quiz.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "quiz.json: ") {
				t.Errorf("error without the file: %v", err)
			}
			return
		}
		var out bytes.Buffer
		WriteQuiz(&out, q)
		if _, err := ReadQuiz(&out, "again"); err != nil {
			t.Errorf("a quiz that read does not read back: %v", err)
		}
	})
}

// FuzzJudge: any answer gets a verdict, an accepted one has no problems,
// and masking keeps text valid UTF-8.
func FuzzJudge(f *testing.F) {
	l, _ := builtinLinter(f)
	for _, s := range []string{"", "ok", "That's company policy.", "Hi Sam, I'll refund order 123456 today.", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		v, err := Judge(context.Background(), l, "en", "Sorry, that's company policy for refunds on your order.", answer)
		if err != nil {
			t.Fatal(err)
		}
		if v.Accepted == (len(v.Problems) > 0) || (strings.TrimSpace(answer) == "" && v.Accepted) {
			t.Errorf("%q: %+v", answer, v)
		}
		if m := Mask(answer, "nl", []string{"Sam"}); utf8.ValidString(answer) && !utf8.ValidString(m) {
			t.Errorf("Mask(%q) = %q is not UTF-8", answer, m)
		}
	})
}
