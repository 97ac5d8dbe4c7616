package lint

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/internal/synth"
	"github.com/lexlint/lexlint/lexicon"
)

// agentText returns the agent turns of the shared English corpus, or skips
// the benchmark when the corpus is not beside the project.
func agentText(b *testing.B) []byte {
	return []byte(strings.Join(agentMessages(b, "taskmaster4-coffee.jsonl"), "\n\n") + "\n\n")
}

// agentMessages returns the agent turns of corpora in ../shared/corpora, or
// skips the test when they are not beside the project.
func agentMessages(tb testing.TB, names ...string) []string {
	tb.Helper()
	var out []string
	for _, name := range names {
		f, err := os.Open(filepath.Join("..", "..", "shared", "corpora", name))
		if err != nil {
			tb.Skip("corpus not available:", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var m struct{ Role, Text string }
			if json.Unmarshal(sc.Bytes(), &m) == nil && m.Role == "agent" {
				out = append(out, m.Text)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// builtinLinter loads and compiles lexicons (built-in ones: builtin:en)
// from their YAML.
func builtinLinter(t testing.TB, refs ...string) *Linter {
	t.Helper()
	lexs, err := lexicon.Load(refs...)
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(lexs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func benchCheck(b *testing.B, l *Linter, docs [][]byte) {
	ctx := context.Background()
	size := 0
	for _, d := range docs {
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := l.Check(ctx, Document{Text: d}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCheckCorpus checks the agent turns of the shared corpus as one
// document with the built-in English lexicon.
func BenchmarkCheckCorpus(b *testing.B) {
	benchCheck(b, builtinLinter(b, "builtin:en"), [][]byte{agentText(b)})
}

// BenchmarkCheckMessages checks the corpus one message at a time against
// both built-in lexicons, with language detection: what a QA run does.
func BenchmarkCheckMessages(b *testing.B) {
	var docs [][]byte
	for _, m := range strings.Split(string(agentText(b)), "\n\n") {
		docs = append(docs, []byte(m))
	}
	benchCheck(b, builtinLinter(b, lexicon.BuiltinRefs()...), docs)
}

// BenchmarkMatcher checks 4 MB of generated agent messages against
// synthetic lexicons of growing size: the cost per byte must stay flat.
func BenchmarkMatcher(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		src, phrases := synth.Lexicon(1, n)
		lex, err := lexicon.Parse("synthetic.yaml", []byte(src))
		if err != nil {
			b.Fatal(err)
		}
		l, err := New([]*lexicon.Lexicon{lex}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		text := []byte(strings.Join(synth.Messages(2, 4<<20, phrases), "\n\n"))
		b.Run(fmt.Sprintf("phrases=%d", n), func(b *testing.B) {
			benchCheck(b, l, [][]byte{text})
		})
	}
	b.Run("builtin", func(b *testing.B) {
		_, phrases := synth.Lexicon(1, 100)
		text := []byte(strings.Join(synth.Messages(2, 4<<20, phrases), "\n\n"))
		benchCheck(b, builtinLinter(b, lexicon.BuiltinRefs()...), [][]byte{text})
	})
}

// BenchmarkTokenize measures the tokenizer and normaliser alone.
func BenchmarkTokenize(b *testing.B) {
	text := agentText(b)
	t := newTokenizer()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		t.tokenize(text)
	}
}

// BenchmarkCompileBuiltins measures loading and compiling both built-in
// lexicons, which every command-line run pays once.
func BenchmarkCompileBuiltins(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		lexs, err := lexicon.Load(lexicon.BuiltinRefs()...)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := New(lexs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBuiltins measures parsing the built-in lexicons alone.
func BenchmarkLoadBuiltins(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lexicon.Load(lexicon.BuiltinRefs()...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileOnly measures compiling the already loaded built-in
// lexicons into one automaton.
func BenchmarkCompileOnly(b *testing.B) {
	lexs, err := lexicon.Load(lexicon.BuiltinRefs()...)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(lexs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewBuiltin measures loading the built-in lexicons from the
// snapshot stored at build time, what a command-line run pays instead of
// BenchmarkCompileBuiltins.
func BenchmarkNewBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewBuiltin(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
