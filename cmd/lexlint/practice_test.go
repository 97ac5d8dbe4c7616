package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/practice"
)

// TestPracticeMake makes a quiz from an export: the desk's flagged
// sentences become items with names, e-mail addresses, phone and order
// numbers masked; --agent keeps one agent's; the quiz reads back.
func TestPracticeMake(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "march.jsonl")
	var lines []string
	for i, text := range []string{
		"Hi Priya, you should have checked order 884213 before paying. Call me on +31 20 123 4567.",
		"Dear Priya, that's company policy; mail priya.patel@example.com for details.",
		"Hello Priya, I sent the replacement for order 884213 by express today.",
	} {
		agent := []string{"Alex", "Alex", "Sam"}[i]
		if i == 1 {
			agent = "Sam"
		}
		rec, _ := json.Marshal(map[string]string{"conversation_id": "c1", "role": "agent", "agent": agent, "customer_name": "Priya Patel", "text": text,
			"timestamp": time.Date(2026, 3, 2, 9, i, 0, 0, time.UTC).Format(time.RFC3339)})
		lines = append(lines, string(rec))
	}
	os.WriteFile(export, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	quiz := filepath.Join(dir, "quiz.json")
	code, _, errOut := lexlint(t, "", "practice", "make", "--no-config", "--from", export, "--items", "15", "-o", quiz)
	if code != 0 || !strings.Contains(errOut, "quiz of 15 items (2 from the desk's own sentences) in en") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(quiz)
	for _, leak := range []string{"Priya", "Patel", "884213", "example.com", "123 4567"} {
		if bytes.Contains(data, []byte(leak)) {
			t.Errorf("the quiz holds %q", leak)
		}
	}
	if !bytes.Contains(data, []byte("you should have checked order [number] before paying.")) {
		t.Errorf("the desk's sentence is missing or not masked:\n%s", data)
	}
	f, _ := os.Open(quiz)
	defer f.Close()
	if _, err := practice.ReadQuiz(f, quiz); err != nil {
		t.Fatal(err)
	}
	// Only Alex's sentences; a certification quiz.
	code, out, errOut := lexlint(t, "", "practice", "make", "--no-config", "--from", export, "--agent", "Alex", "--certification", "--pass-mark", "0.9", "--items", "10")
	var q practice.Quiz
	if err := json.Unmarshal([]byte(out), &q); err != nil || code != 0 {
		t.Fatalf("exit %d %v: %s", code, err, errOut)
	}
	desk := 0
	for _, it := range q.Items {
		if it.Origin == "desk" {
			desk++
			if strings.Contains(it.Text+strings.Join(it.Options, ""), "policy") {
				t.Errorf("Sam's sentence in Alex's quiz: %+v", it)
			}
		}
	}
	if desk != 1 || q.Mode != practice.ModeCertification || q.PassMark != 0.9 {
		t.Errorf("Alex's quiz: %d desk items, %s, %v", desk, q.Mode, q.PassMark)
	}
	for _, args := range [][]string{{"--agent", "Alex"}, {"--pass-mark", "2"}, {"--items", "0"}} {
		if code, _, errOut := lexlint(t, "", append([]string{"practice", "make", "--no-config"}, args...)...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d %s", args, code, errOut)
		}
	}
}

// TestPracticeResults sums up signed results; a changed one and one that
// is not JSON are named on standard error and left out (exit 2).
func TestPracticeResults(t *testing.T) {
	dir := t.TempDir()
	lexs, err := lexicon.Load(lexicon.BuiltinRefs()...)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lexs, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	q, err := practice.Make(ctx, l, lexs, practice.MakeOptions{Language: "en", Items: 5, Certification: true, PassMark: 0.8, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	key := []byte("k")
	write := func(name, agent string, right int) string {
		var answers []practice.Answer
		for i, it := range q.Items {
			a := practice.Answer{ID: it.ID, Text: "ok", Choice: (it.Answer + 1) % 2}
			if i < right {
				a = practice.Answer{ID: it.ID, Text: it.Model, Choice: it.Answer, Words: it.Words}
			}
			answers = append(answers, a)
		}
		r, err := practice.Grade(ctx, l, q, agent, answers, key, time.Date(2026, 3, 3, 9, right, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		practice.WriteResult(&buf, r)
		path := filepath.Join(dir, name)
		os.WriteFile(path, buf.Bytes(), 0o644)
		return buf.String()
	}
	write("sanne-1.json", "Sanne", 3)
	write("sanne-2.json", "Sanne", 5)
	kees := write("kees.json", "Kees", 2)
	os.WriteFile(filepath.Join(dir, "forged.json"), []byte(strings.Replace(kees, `"passed": false`, `"passed": true`, 1)), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.json"), []byte("{oops"), 0o644)
	code, out, errOut := lexlint(t, "", "practice", "results", "--key", "k", dir)
	if code != 2 || !strings.Contains(errOut, "forged.json: the signature does not match") || !strings.Contains(errOut, "notes.json: line 1, column 2") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{"3 results of 2 agents (2 files left out", "Sanne  2", "100%", "1 of 2 agents passed"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	os.Remove(filepath.Join(dir, "forged.json"))
	os.Remove(filepath.Join(dir, "notes.json"))
	code, out, _ = lexlint(t, "", "practice", "results", "--key", "k", "-f", "json", dir)
	var s practice.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil || code != 0 || len(s.Agents) != 2 || !s.Agents[1].Passed || s.Agents[1].Attempts != 2 {
		t.Errorf("exit %d %v: %+v", code, err, s)
	}
	if code, _, errOut := lexlint(t, "", "practice", "results", dir); code != 2 || !strings.Contains(errOut, "--key") {
		t.Errorf("without the key: exit %d %s", code, errOut)
	}
	// --quiz counts the results of that quiz only.
	other, err := practice.Make(ctx, l, lexs, practice.MakeOptions{Language: "en", Items: 4, Certification: true, PassMark: 0.8, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	var qb bytes.Buffer
	practice.WriteQuiz(&qb, other)
	otherPath := filepath.Join(t.TempDir(), "other.json")
	os.WriteFile(otherPath, qb.Bytes(), 0o644)
	if code, _, errOut := lexlint(t, "", "practice", "results", "--key", "k", "--quiz", otherPath, dir); code != 2 || strings.Count(errOut, "taken with another quiz") != 3 {
		t.Errorf("--quiz of another quiz: exit %d %s", code, errOut)
	}
}
