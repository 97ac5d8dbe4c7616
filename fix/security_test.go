//go:build unix

package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// TestSecurityConcurrentEdit is item 8 of the security issue: an edit made
// after the last content check and before the rename used to be lost; the
// status compared right before the rename catches it (same size, so only
// the modification time and the content tell).
func TestSecurityConcurrentEdit(t *testing.T) {
	tests := []struct {
		name string
		edit func(path string) error
	}{
		{"same size, in place", func(p string) error { return os.WriteFile(p, []byte("BEFORE"), 0o600) }},
		{"replaced by rename", func(p string) error {
			if err := os.WriteFile(p+".new", []byte("before"), 0o600); err != nil {
				return err
			}
			return os.Rename(p+".new", p)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "reply.txt")
			if err := os.WriteFile(path, []byte("before"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, stamp, err := Read(path, WriteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var editErr error
			opts := WriteOptions{beforeRename: func() { editErr = tt.edit(path) }}
			err = Write(path, stamp, []byte("after!"), opts)
			if editErr != nil {
				t.Fatal(editErr)
			}
			if !errors.Is(err, ErrChanged) {
				t.Errorf("got %v, want ErrChanged", err)
			}
			if got, _ := os.ReadFile(path); string(got) == "after!" {
				t.Error("the concurrent edit was overwritten")
			}
		})
	}
}

// TestSecurityWriteRefuses covers items 1, 3 and 11: --fix reads and writes
// regular, writable files inside the roots only, never waits on a FIFO,
// and keeps setuid and setgid bits.
func TestSecurityWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	inside, outside := filepath.Join(dir, "tree"), filepath.Join(dir, "outside")
	for _, d := range []string{inside, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	file := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("before"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	file("outside/secret", 0o600)
	if err := os.Symlink("../outside/secret", filepath.Join(inside, "link.txt")); err != nil {
		t.Fatal(err)
	}
	readOnly := file("tree/ro.txt", 0o444)
	fifo := filepath.Join(inside, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs:", err)
	}
	tests := []struct {
		path string
		want error
	}{
		{filepath.Join(inside, "link.txt"), ErrOutside},
		{readOnly, ErrReadOnly},
		{fifo, ErrNotRegular},
		{"/dev/zero", ErrNotRegular},
	}
	for _, tt := range tests {
		opts := WriteOptions{Roots: []string{inside}}
		_, stamp, err := Read(tt.path, opts)
		if err == nil {
			err = Write(tt.path, stamp, []byte("after"), opts)
		}
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.path, err, tt.want)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "secret")); string(got) != "before" {
		t.Errorf("the file outside was written: %q", got)
	}
	setuid := file("tree/setuid.txt", 0o755|os.ModeSetuid|os.ModeSetgid)
	if err := rewrite(setuid, []byte("after")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(setuid); fi.Mode() != 0o755|os.ModeSetuid|os.ModeSetgid {
		t.Errorf("mode %v, want ugrwxr-xr-x", fi.Mode())
	}
}

// TestSecurityStaleSameSecond is item 11: the temporary file of a killed
// run is removed even when the next run starts within the same second.
func TestSecurityStaleSameSecond(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reply.txt")
	if err := os.WriteFile(path, []byte("before"), 0o600); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, ".reply.txt"+tempMarker+strconv.Itoa(1<<30-7)+"-1") // just now, process gone
	if err := os.WriteFile(stale, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := rewrite(path, []byte("after")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the temporary file of a killed run was kept")
	}
}
