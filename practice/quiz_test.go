package practice

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func makeQuiz(t testing.TB, cert bool) *Quiz {
	t.Helper()
	l, lexs := builtinLinter(t)
	q, err := Make(context.Background(), l, lexs, MakeOptions{Language: "en", Items: 12, Certification: cert,
		Desk: []string{"Hi [name], you should have checked the date of order [number] before you paid."},
		Now:  time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestMake: a quiz of the asked size with every kind, the desk's sentence
// first, and every item checked by the engine.
func TestMake(t *testing.T) {
	q := makeQuiz(t, false)
	if len(q.Items) != 12 {
		t.Fatalf("%d items", len(q.Items))
	}
	kinds, cats := map[string]int{}, map[string]bool{}
	for _, it := range q.Items {
		kinds[it.Kind]++
		cats[it.Category] = true
	}
	if kinds[KindRewrite] == 0 || kinds[KindSpot] == 0 || kinds[KindChoice] == 0 || len(cats) < 4 {
		t.Errorf("kinds %v, categories %v", kinds, cats)
	}
	desk := false
	for _, it := range q.Items {
		desk = desk || it.Origin == "desk" && strings.Contains(it.Text+strings.Join(it.Options, " "), "you should have checked")
	}
	if !desk {
		t.Error("the desk's sentence is not in the quiz")
	}
	var buf bytes.Buffer
	WriteQuiz(&buf, q)
	if _, err := ReadQuiz(bytes.NewReader(buf.Bytes()), "quiz.json"); err != nil {
		t.Fatal(err)
	}
}

// TestReadQuizErrors: malformed and tampered quizzes are refused with an
// error that says what is wrong.
func TestReadQuizErrors(t *testing.T) {
	var buf bytes.Buffer
	WriteQuiz(&buf, makeQuiz(t, true))
	good := buf.String()
	for _, tc := range []struct{ name, text, want string }{
		{"empty", "", "empty"},
		{"syntax", "{\n  \"format\": \"lexlint-quiz/1\",\n  \"items\": [,]\n}", "line 3, column 13"},
		{"type", strings.Replace(good, `"pass_mark": 0.8`, `"pass_mark": "high"`, 1), `"pass_mark" should be float64`},
		{"unknown field", strings.Replace(good, `"title":`, `"script": "x", "title":`, 1), `unknown field "script"`},
		{"tampered", strings.Replace(good, `"answer": 1`, `"answer": 0`, 1), "changed after it was made"},
		{"bad answer", strings.Replace(good, `"answer": 1`, `"answer": 7`, 1), "answer 7: not one of"},
		{"format", strings.Replace(good, QuizFormat, "other/2", 1), "not a lexlint quiz"},
	} {
		_, err := ReadQuiz(strings.NewReader(tc.text), "quiz.json")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "quiz.json: ") {
			t.Errorf("%s: %v; want %q", tc.name, err, tc.want)
		}
	}
}

func TestWordsMatch(t *testing.T) {
	for _, tc := range []struct {
		marked, want string
		ok           bool
	}{
		{"Okay honey", "Okay honey", true},
		{"honey,", "Okay honey", true},
		{"okay honey it's not that hard", "Okay honey", false},
		{"hard", "Okay honey", false},
		{"", "Okay honey", false},
		{"that's company policy", "That’s company policy", true},
	} {
		if got := WordsMatch(tc.marked, tc.want); got != tc.ok {
			t.Errorf("WordsMatch(%q, %q) = %v", tc.marked, tc.want, got)
		}
	}
}

// TestGrade: the right answers pass a certification quiz, wrong ones do
// not; the signed result reads back, and a changed one does not.
func TestGrade(t *testing.T) {
	l, _ := builtinLinter(t)
	q := makeQuiz(t, true)
	right, wrong := []Answer{}, []Answer{}
	for _, it := range q.Items {
		right = append(right, Answer{ID: it.ID, Text: it.Model, Choice: it.Answer, Words: it.Words})
		wrong = append(wrong, Answer{ID: it.ID, Text: "ok", Choice: (it.Answer + 1) % len(append(it.Options, "", ""))})
	}
	key := []byte("team key")
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	r, err := Grade(context.Background(), l, q, "Sanne", right, key, now)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Passed || r.Points != r.Max {
		t.Errorf("right answers: %d of %d, passed %v", r.Points, r.Max, r.Passed)
	}
	w, _ := Grade(context.Background(), l, q, "Kees", wrong, key, now)
	if w.Passed || w.Points != 0 {
		t.Errorf("wrong answers: %d of %d, passed %v", w.Points, w.Max, w.Passed)
	}
	var buf bytes.Buffer
	WriteQuiz(&buf, q) // any JSON writer
	buf.Reset()
	enc := func(r *Result) string {
		var b bytes.Buffer
		WriteResult(&b, r)
		return b.String()
	}
	if _, err := ReadResult(strings.NewReader(enc(r)), "sanne.json", key); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadResult(strings.NewReader(enc(r)), "sanne.json", nil); err == nil || !strings.Contains(err.Error(), "--key") {
		t.Errorf("no key: %v", err)
	}
	forged := strings.Replace(enc(w), `"passed": false`, `"passed": true`, 1)
	if _, err := ReadResult(strings.NewReader(forged), "kees.json", key); err == nil || !strings.Contains(err.Error(), "changed after it was graded") {
		t.Errorf("forged: %v", err)
	}
	s := Summarise([]*Result{r, w})
	if len(s.Agents) != 2 || !s.Agents[1].Passed || s.Agents[0].Passed {
		t.Errorf("summary %+v", s.Agents)
	}
}
