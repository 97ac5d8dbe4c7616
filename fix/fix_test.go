package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCase(t *testing.T) {
	tests := []struct{ original, fix, want string }{
		{"no problem", "Happy to help", "happy to help"},
		{"No problem", "happy to help", "Happy to help"},
		{"NO PROBLEM", "Happy to help", "HAPPY TO HELP"},
		{"nO pRoblem", "Happy to help", "Happy to help"},
		{"Éénmaal", "graag gedaan", "Graag gedaan"},
		{"geen probleem", "Graag gedaan", "graag gedaan"},
		{"...", "x", "x"},
	}
	for _, tt := range tests {
		if got := Case(tt.original, tt.fix); got != tt.want {
			t.Errorf("Case(%q, %q) = %q, want %q", tt.original, tt.fix, got, tt.want)
		}
	}
}

func TestPlanAndApply(t *testing.T) {
	data := []byte("no problem, no problem. x")
	edits := []Edit{
		{Start: 12, End: 22, Old: "no problem", New: "happy to help"},
		{Start: 0, End: 10, Old: "no problem", New: "happy to help"},
		{Start: 5, End: 15, Old: "oblem, no ", New: "?"}, // overlaps the first
		{Start: 24, End: 25, Old: "y", New: "z"},         // text changed
	}
	apply, left := Plan(data, edits)
	if len(apply) != 2 || len(left) != 2 || left[0].Reason != "overlaps an earlier fix" || !strings.Contains(left[1].Reason, "not what was matched") {
		t.Fatalf("apply %v left %v", apply, left)
	}
	if got := string(Apply(data, apply)); got != "happy to help, happy to help. x" {
		t.Errorf("got %q", got)
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reply.txt")
	if err := os.WriteFile(path, []byte("before"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("before"), []byte("after")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(got) != "after" || info.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v", got, info.Mode())
	}
	// A file changed since it was read is left alone.
	if err := Write(path, []byte("before"), []byte("again")); !errors.Is(err, ErrChanged) {
		t.Errorf("got %v, want ErrChanged", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "after" {
		t.Errorf("changed file was overwritten: %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestDiff(t *testing.T) {
	d := Diff("a.txt", []byte("one\ntwo\n"), []byte("one\n2\n"))
	if !strings.Contains(d, "--- a/a.txt\n+++ b/a.txt\n") || !strings.Contains(d, "-two\n+2\n") {
		t.Errorf("diff:\n%s", d)
	}
}
