package output

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// randomRun returns the items of a run over several files: documents and
// export messages with findings whose strings need escaping (in JSON and
// XML), presence findings, input errors and files without findings.
func randomRun(rng *rand.Rand) []*pipeline.Item {
	pieces := []string{"a", "Zé", `"`, `\`, "<", ">", "&", "'", "\n", "\t", "\r", "’", "😀", " ", "\u2028", "\xff", "policy", "\x00", "\x01", "\ufffe", "\ufffd", "\U0001F600"}
	str := func() string {
		var b strings.Builder
		for n := rng.Intn(8); n >= 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		return b.String()
	}
	var items []*pipeline.Item
	for file := rng.Intn(5); file >= 0; file-- {
		path := fmt.Sprintf("dir/f%d-%s.txt", file, str())
		format := []string{"text", "jsonl"}[rng.Intn(2)]
		for msg := rng.Intn(4); msg >= 0; msg-- {
			m := &transcript.Message{Conversation: str(), ID: str(), Role: "agent", Agent: []string{"", str()}[rng.Intn(2)],
				Origin: transcript.Origin{Path: path, Format: format, Record: rng.Intn(9), Pointer: []string{"", "/0/" + str()}[rng.Intn(2)]}}
			var fs []lint.Finding
			for n := rng.Intn(4); n > 0; n-- {
				line, col := 1+rng.Intn(9), 1+rng.Intn(30)
				fs = append(fs, lint.Finding{Path: path, Line: line, Column: col, EndLine: line, EndColumn: col + 3,
					Offset: rng.Intn(500), EndOffset: 500 + rng.Intn(9), Rule: fmt.Sprintf("t.rule-%d", rng.Intn(4)),
					Category: []string{"rigid", "blaming"}[rng.Intn(2)], Severity: lexicon.Severity(1 + rng.Intn(3)),
					Match: []string{"", str()}[min(rng.Intn(4), 1)], Message: str(), Suggestions: []string{str(), str()}[:rng.Intn(3)], Lexicon: "t"})
			}
			items = append(items, &pipeline.Item{Path: path, Message: m, Result: &lint.Result{Findings: fs, Words: 9}})
			if rng.Intn(3) == 0 {
				items = append(items, &pipeline.Item{Path: path, Message: m, Presence: []lint.Finding{{Path: path, Line: 1, Column: 1,
					EndLine: 1, EndColumn: 1, Rule: "t.greeting", Category: "greeting", Severity: lexicon.SeveritySuggestion, Message: str()}}})
			}
		}
		if rng.Intn(3) == 0 {
			items = append(items, &pipeline.Item{Path: path, Err: errors.New(path + ": " + str())})
		}
		items = append(items, &pipeline.Item{Path: path, FileDone: true})
	}
	return items
}

func write(t *testing.T, f Formatter, items []*pipeline.Item) {
	t.Helper()
	sum := NewSummary()
	for _, it := range items {
		fs := Findings(it)
		sum.Add(it, fs)
		if err := f.Item(it, fs); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Finish(sum); err != nil {
		t.Fatal(err)
	}
}

// TestStreamingSameBytes checks that the streaming writers write what the
// buffered ones did (reference_test.go), on random runs and on none.
func TestStreamingSameBytes(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for n := range 300 {
		items := randomRun(rng)
		if n == 0 {
			items = nil
		}
		for _, tt := range []struct {
			name      string
			got, want func(w *bytes.Buffer) Formatter
		}{
			{"json", func(w *bytes.Buffer) Formatter { return NewJSON(w) }, func(w *bytes.Buffer) Formatter { return newRefJSON(w) }},
			{"checkstyle", func(w *bytes.Buffer) Formatter { return NewCheckstyle(w) }, func(w *bytes.Buffer) Formatter { return &refCheckstyle{w: w} }},
			{"junit", func(w *bytes.Buffer) Formatter { return frozenJUnit(w) }, func(w *bytes.Buffer) Formatter { return &refJUnit{w: w} }},
			{"junit with its cases in a file", func(w *bytes.Buffer) Formatter {
				j := frozenJUnit(w)
				j.cases.limit = 64
				return j
			}, func(w *bytes.Buffer) Formatter { return &refJUnit{w: w} }},
		} {
			var got, want bytes.Buffer
			write(t, tt.got(&got), items)
			write(t, tt.want(&want), items)
			if got.String() != want.String() {
				t.Fatalf("run %d, %s:\n--- streaming\n%s\n--- buffered\n%s", n, tt.name, got.String(), want.String())
			}
		}
	}
}

// TestSpool writes past a spool's memory into its temporary file and reads
// it back twice over: all of it, in order, and no file left behind.
func TestSpool(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	for round := range 2 {
		s := &spool{limit: 100}
		var want bytes.Buffer
		for i := range 1000 {
			line := fmt.Sprintf("line %d of round %d\n", i, round)
			want.WriteString(line)
			if _, err := s.Write([]byte(line)); err != nil {
				t.Fatal(err)
			}
		}
		if s.file == nil {
			t.Fatal("the spool never moved to a file")
		}
		var got bytes.Buffer
		if err := s.copyTo(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("round %d: read back %d bytes, wrote %d", round, got.Len(), want.Len())
		}
		if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	}
}

// frozenJUnit is a JUnit writer whose clock stands still: every time is 0.
func frozenJUnit(w *bytes.Buffer) *JUnit {
	j := NewJUnit(w)
	at := time.Unix(0, 0)
	j.now = func() time.Time { return at }
	return j
}
