package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

func TestTextColor(t *testing.T) {
	res := &lint.Result{Findings: []lint.Finding{{
		Path: "a.txt", Line: 1, Column: 2, Rule: "x.y", Category: "rigid",
		Severity: lexicon.SeverityError, Match: "you\nmust", Message: "m", Suggestions: []string{"s"},
	}}}
	it := &pipeline.Item{Path: "a.txt", Message: &transcript.Message{Origin: transcript.Origin{Format: "text"}}, Result: res}
	for _, tt := range []struct {
		color bool
		want  string
	}{{false, "a.txt\n  1:2     error [rigid] \"you must\" (x.y)\n      m\n      try: \"s\"\n"}, {true, "\x1b["}} {
		var b bytes.Buffer
		text := NewText(&b, TextOptions{Color: tt.color})
		if err := text.Item(it, Findings(it)); err != nil {
			t.Fatal(err)
		}
		// A document's findings are written at its end.
		if err := text.Item(&pipeline.Item{Path: "a.txt", FileDone: true}, nil); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); !strings.Contains(got, tt.want) || (!tt.color && strings.Contains(got, "\x1b[")) {
			t.Errorf("color=%v: got %q", tt.color, got)
		}
	}
}

func TestTextSummary(t *testing.T) {
	s := NewSummary()
	s.Files = 2
	var b bytes.Buffer
	if err := NewText(&b, TextOptions{}).Finish(s); err != nil {
		t.Fatal(err)
	}
	if b.String() != "No findings in 2 files.\n" {
		t.Errorf("got %q", b.String())
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{"": "", "you must": "you must", "you  must": "you must", " you must ": "you must",
		"you\nmust": "you must", "you\u00a0must": "you must", "één  keer": "één keer", "x": "x"} {
		if got := oneLine(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestTextByPlace checks that a document's presence findings, which come
// from the pipeline after its other findings, are written in the order of
// their places, and an export's as they come.
func TestTextByPlace(t *testing.T) {
	doc := &transcript.Message{Origin: transcript.Origin{Format: "text"}}
	finding := func(line, col int, rule string) lint.Finding {
		return lint.Finding{Path: "a.txt", Line: line, Column: col, Rule: rule, Category: "c", Severity: lexicon.SeverityWarning, Message: "m"}
	}
	items := []*pipeline.Item{
		{Path: "a.txt", Message: doc, Result: &lint.Result{Findings: []lint.Finding{finding(3, 4, "r.late"), finding(97, 37, "r.later")}}},
		{Path: "a.txt", Message: doc, Presence: []lint.Finding{finding(1, 1, "r.greeting")}},
		{Path: "a.txt", FileDone: true},
	}
	var b bytes.Buffer
	text := NewText(&b, TextOptions{})
	for _, it := range items {
		if err := text.Item(it, Findings(it)); err != nil {
			t.Fatal(err)
		}
	}
	if err := text.Finish(NewSummary()); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	i, j, k := strings.Index(got, "1:1 "), strings.Index(got, "3:4 "), strings.Index(got, "97:37 ")
	if i < 0 || !(i < j && j < k) {
		t.Errorf("not in the order of places:\n%s", got)
	}
}
