package mine

import (
	"context"
	"os"
	"testing"

	"github.com/lexlint/lexlint/transcript"
)

// BenchmarkMine mines the rated benchmark export (go run ./bench/_gen
// -rated; LEXLINT_BENCH_RATED names another).
func BenchmarkMine(b *testing.B) {
	path := os.Getenv("LEXLINT_BENCH_RATED")
	if path == "" {
		path = "../bench/out/agent-rated.jsonl"
	}
	info, err := os.Stat(path)
	if err != nil {
		b.Skip("no rated export: run go run ./bench/_gen -rated")
	}
	b.SetBytes(info.Size())
	for b.Loop() {
		if _, err := Mine(context.Background(), []string{path}, transcript.Options{}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
