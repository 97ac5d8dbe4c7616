package bounded

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		size    int
		wantErr string
	}{
		{0, ""},
		{1 << 20, ""},
		{1<<20 + 1, "more than 1 MiB; a test file is at most that long"},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, "f")
		if err := os.WriteFile(path, make([]byte, tt.size), 0o644); err != nil {
			t.Fatal(err)
		}
		data, err := ReadFile(path, 1<<20, "a test file")
		switch {
		case tt.wantErr == "" && (err != nil || len(data) != tt.size):
			t.Errorf("%d bytes: %d read, %v", tt.size, len(data), err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%d bytes: error %v, want %q", tt.size, err, tt.wantErr)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 10, "x"); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}
