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
		if err := NewText(&b, TextOptions{Color: tt.color}).Item(it, Findings(it)); err != nil {
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
