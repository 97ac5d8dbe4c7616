//go:build unix

package transcript

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestExpandSkipsSpecialFiles checks that a directory walk passes over a
// FIFO (reading it would block) with a note, and keeps regular files.
func TestExpandSkipsSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "reply.txt"), []byte("hi"), 0o644); err != nil {
		t.Fatal(err)
	}
	var errs []error
	got := Expand([]string{dir}, "auto", func(err error) { errs = append(errs, err) })
	var skipped *SkippedFile
	if len(got) != 1 || filepath.Base(got[0]) != "reply.txt" || len(errs) != 1 || !errors.As(errs[0], &skipped) || skipped.Path != fifo {
		t.Errorf("got %v, notes %v", got, errs)
	}
}
