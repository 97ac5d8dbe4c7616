package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
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
	_, stamp, err := Read(path, WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(path, stamp, []byte("after"), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(got) != "after" || info.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v", got, info.Mode())
	}
	// A file changed since it was read is left alone.
	if err := Write(path, stamp, []byte("again"), WriteOptions{}); !errors.Is(err, ErrChanged) {
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

// TestWriteRemovesStaleTemporaries checks that temporary files of killed
// runs (their process gone, older than this one) are removed, and those of
// a run still going are kept.
func TestWriteRemovesStaleTemporaries(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reply.txt")
	if err := os.WriteFile(path, []byte("before"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	stale := filepath.Join(dir, ".reply.txt"+tempMarker+"999999999-123")
	live := filepath.Join(dir, ".reply.txt"+tempMarker+strconv.Itoa(os.Getppid())+"-456")
	other := filepath.Join(dir, ".notes.txt"+tempMarker+"999999999-789")
	for _, p := range []string{stale, live, other} {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := rewrite(path, []byte("after")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the stale temporary file of a killed run was kept")
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: it belongs to a running process or another file", p)
		}
	}
}

func TestWriteFollowsLinksAndRefusesHardLinks(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target.txt"), filepath.Join(dir, "link.txt")
	if err := os.WriteFile(target, []byte("before"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target.txt", link); err != nil {
		t.Fatal(err)
	}
	if err := rewrite(link, []byte("after")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if got, _ := os.ReadFile(target); string(got) != "after" {
		t.Errorf("target %q", got)
	}
	second := filepath.Join(dir, "second.txt")
	if err := os.Link(target, second); err != nil {
		t.Fatal(err)
	}
	if err := rewrite(target, []byte("again")); !errors.Is(err, ErrHardLinked) {
		t.Errorf("got %v, want ErrHardLinked", err)
	}
	if got, _ := os.ReadFile(second); string(got) != "after" {
		t.Errorf("the other name changed: %q", got)
	}
}

// TestDiffNames checks the file names of a diff, as git writes them.
func TestDiffNames(t *testing.T) {
	for path, want := range map[string]string{"/tmp/x.txt": "--- a/tmp/x.txt\n+++ b/tmp/x.txt\n", "drafts/x.txt": "--- a/drafts/x.txt\n+++ b/drafts/x.txt\n"} {
		if got := Diff(path, []byte("a\n"), []byte("b\n")); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q", path, got)
		}
	}
}

// rewrite reads path and writes after in its place.
func rewrite(path string, after []byte) error {
	_, stamp, err := Read(path, WriteOptions{})
	if err != nil {
		return err
	}
	return Write(path, stamp, after, WriteOptions{})
}
