package lint

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
)

// agentText returns the agent turns of the shared English corpus, or skips
// the benchmark when the corpus is not beside the project.
func agentText(b *testing.B) []byte {
	f, err := os.Open("../../shared/corpora/taskmaster4-coffee.jsonl")
	if err != nil {
		b.Skip("corpus not available:", err)
	}
	defer f.Close()
	var sb strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m struct{ Role, Text string }
		if json.Unmarshal(sc.Bytes(), &m) == nil && m.Role == "agent" {
			sb.WriteString(m.Text)
			sb.WriteString("\n\n")
		}
	}
	return []byte(sb.String())
}

func builtinLinter(b *testing.B, lang string) *Linter {
	lexs, err := lexicon.Load(lexicon.BuiltinPrefix + lang)
	if err != nil {
		b.Fatal(err)
	}
	l, err := New(lexs, Options{Lang: lang})
	if err != nil {
		b.Fatal(err)
	}
	return l
}

// BenchmarkCheckCorpus checks the agent turns of the shared corpus as one
// document with the built-in English lexicon.
func BenchmarkCheckCorpus(b *testing.B) {
	text := agentText(b)
	l := builtinLinter(b, "en")
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Check(ctx, Document{Text: text}); err != nil {
			b.Fatal(err)
		}
	}
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

// BenchmarkCompileBuiltins measures compiling both built-in lexicons, which
// every command-line run pays once.
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
