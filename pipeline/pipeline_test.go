package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

func TestRunOrderPresenceAndIgnores(t *testing.T) {
	lex, err := lexicon.Parse("t.yaml", []byte(`lexicon: t
discouraged:
  - {id: t.must, category: rigid, message: m, phrases: ["you must"]}
encouraged:
  - {id: t.hi, category: greeting, phrases: [hi], require: conversation, position: first, message: greet}
`))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New([]*lexicon.Lexicon{lex}, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var lines []string
	for i := 0; i < 2000; i++ {
		text := "You must wait."
		switch {
		case i%6 == 0:
			text = "Hi! You must wait."
		case i%7 == 0:
			text = "lexlint-disable-next-line t.must\\nYou must wait."
		}
		lines = append(lines, fmt.Sprintf(`{"conversation_id":"c%d","role":"agent","text":"%s"}`, i/3, text))
	}
	lines = append(lines, `{"broken`)
	path := filepath.Join(dir, "x.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(jobs int) string {
		var b strings.Builder
		err := Run(context.Background(), l, []string{path}, Options{Jobs: jobs}, func(it *Item) error {
			switch {
			case it.Err != nil:
				fmt.Fprintf(&b, "error %v\n", it.Err)
			case it.FileDone:
				b.WriteString("done\n")
			case it.Presence != nil:
				fmt.Fprintf(&b, "%s/%s presence %s\n", it.Message.Conversation, it.Message.ID, it.Presence[0].Rule)
			default:
				fmt.Fprintf(&b, "%s/%s %d\n", it.Message.Conversation, it.Message.ID, len(it.Result.Findings))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	serial := run(1)
	if parallel := run(4); parallel != serial {
		t.Fatal("-j 4 differs from -j 1")
	}
	for _, want := range []string{"c0/1 1\nc0/2 1\nc0/3 1\nc1/1 1\n", "c2/2 0\n", "presence", "error ", "done\n"} {
		if !strings.Contains(serial, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(serial, "c0/1 presence") {
		t.Error("greeting reported although the first message greets")
	}
	if !strings.Contains(serial, "c1/1 presence t.hi") {
		t.Errorf("missing greeting not reported:\n%.400s", serial)
	}
}
