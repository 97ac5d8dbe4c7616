package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
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

// TestLongMessageInParts checks files whose one message is long, whole and
// in parts (a part of 64 KB and up, every -j): the same findings, presence
// findings included, in the same order, the message counted once, and the
// parts handed on as they come.
func TestLongMessageInParts(t *testing.T) {
	l, err := lint.NewBuiltin(lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("Hi Sam,\n\n")
	for i := 0; b.Len() < 300<<10; i++ {
		b.WriteString([]string{"That's company policy. ", "As I already said, calm down.\n", "Thanks for waiting! ", "You must wait. lexlint-disable-line en.rigid.you-must\n", "No problem.\n\n"}[i%5])
	}
	b.WriteString("Have a great day!\n")
	long := filepath.Join(dir, "long.txt")
	os.WriteFile(long, []byte(b.String()), 0o644)
	short := filepath.Join(dir, "short.txt")
	os.WriteFile(short, []byte("You must pay now.\n"), 0o644)
	longText := int64(-1) // files are held whole
	run := func(partBytes, jobs int) (findings []string, messages, parts int) {
		opts := Options{PartBytes: partBytes, Jobs: jobs, Input: transcript.Options{LongText: longText}}
		err := Run(context.Background(), l, []string{short, long, short}, opts, func(it *Item) error {
			if it.Part {
				parts++
			} else if it.Result != nil && it.Presence == nil {
				messages++
			}
			var fs []lint.Finding
			if it.Result != nil {
				fs = it.Result.Findings
			}
			for _, f := range append(fs, it.Presence...) {
				findings = append(findings, fmt.Sprintf("%s:%d:%d %s %q", filepath.Base(f.Path), f.Line, f.Column, f.Rule, f.Match))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return findings, messages, parts
	}
	want, wantMessages, wantParts := run(-1, 1)
	if wantMessages != 3 || wantParts != 0 || len(want) < 1000 {
		t.Fatalf("whole: %d messages, %d parts, %d findings", wantMessages, wantParts, len(want))
	}
	for _, jobs := range []int{1, 3} {
		got, messages, parts := run(64<<10, jobs)
		if messages != 3 || parts == 0 {
			t.Errorf("-j %d: %d messages, %d parts", jobs, messages, parts)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("-j %d: %d findings in parts, %d whole", jobs, len(got), len(want))
		}
	}
	// Without directives, read in windows from the file, the text never
	// held whole: the same again.
	os.WriteFile(long, []byte(strings.ReplaceAll(b.String(), " lexlint-disable-line en.rigid.you-must", "")), 0o644)
	want, _, _ = run(-1, 1)
	longText = 100 << 10
	got, messages, parts := run(0, 2)
	if messages != 3 || parts == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("in windows: %d messages, %d parts, %d findings, want %d", messages, parts, len(got), len(want))
	}
}

// TestOpen reads inputs through Options.Open: the items name the path
// given, and are those of the same bytes read from a file.
func TestOpen(t *testing.T) {
	lex, err := lexicon.Parse("t.yaml", []byte("lexicon: t\ndiscouraged:\n  - {id: t.must, category: rigid, message: m, phrases: [\"you must\"]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New([]*lexicon.Lexicon{lex}, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := "{\"conversation_id\":\"a\",\"role\":\"agent\",\"text\":\"You must wait.\"}\n\nnot json\n{\"conversation_id\":\"b\",\"role\":\"agent\",\"text\":\"Fine. You must go.\"}\n"
	file := filepath.Join(t.TempDir(), "x.jsonl")
	os.WriteFile(file, []byte(data), 0o644)
	run := func(path string, opts Options) []string {
		var got []string
		err := Run(context.Background(), l, []string{path}, opts, func(it *Item) error {
			switch {
			case it.Err != nil:
				got = append(got, it.Err.Error())
			case it.Result != nil:
				for _, f := range it.Result.Findings {
					got = append(got, fmt.Sprintf("%s:%d %s %d", it.Message.Origin.Path, it.Message.Origin.Record, f.Match, f.Offset))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	opened := 0
	got := run("gs://bucket/x.jsonl", Options{Jobs: 2, Input: transcript.Options{Format: "jsonl"},
		Open: func(_ context.Context, path string) (io.ReadCloser, error) {
			opened++
			if path != "gs://bucket/x.jsonl" {
				t.Errorf("opened %q", path)
			}
			return io.NopCloser(strings.NewReader(data)), nil
		}})
	want := run(file, Options{Jobs: 2, Input: transcript.Options{Format: "jsonl"}})
	for i := range want {
		want[i] = strings.ReplaceAll(want[i], file, "gs://bucket/x.jsonl")
	}
	if opened != 1 || strings.Join(got, "\n") != strings.Join(want, "\n") || len(want) != 3 {
		t.Errorf("through Open (%d opens):\n%s\nfrom the file:\n%s", opened, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
