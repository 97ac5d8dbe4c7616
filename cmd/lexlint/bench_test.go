package main

import (
	"os"
	"testing"
)

// BenchmarkCheckFile runs the whole command over a generated text file
// (run bench/run.sh, or go run ./bench/_gen, first).
func BenchmarkCheckFile(b *testing.B) {
	info, err := os.Stat("bench/out/agent.txt")
	if err != nil {
		b.Skip("no generated corpus: run go run ./bench/_gen")
	}
	b.SetBytes(info.Size())
	for b.Loop() {
		if code, _, errOut := lexlint(b, "", "check", "--no-config", "--fail-on", "none", "-f", "jsonl", "-j", "1", "--lexicon", "bench/out/lexicon-100.yaml", "bench/out/agent.txt"); code != 0 {
			b.Fatal(errOut)
		}
	}
}

// BenchmarkCheckJSONL runs the whole command over a JSONL export.
func BenchmarkCheckJSONL(b *testing.B) {
	path := os.Getenv("LEXLINT_BENCH_JSONL")
	if path == "" {
		path = "bench/out/agent.jsonl"
	}
	info, err := os.Stat(path)
	if err != nil {
		b.Skip("no generated corpus: run go run ./bench/_gen")
	}
	b.SetBytes(info.Size())
	for b.Loop() {
		if code, _, errOut := lexlint(b, "", "check", "--no-config", "--fail-on", "none", "-f", "jsonl", path); code != 0 {
			b.Fatal(errOut)
		}
	}
}
