//go:build unix

package bounded

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadFileFIFO checks that a FIFO nobody writes to reads as empty at
// once: a configuration or lexicon that is one must not hang the run.
func TestReadFileFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() {
		data, err := ReadFile(path, 1<<20, "a test file")
		if err == nil && len(data) != 0 {
			t.Errorf("read %d bytes from an empty FIFO", len(data))
		}
		done <- err
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
