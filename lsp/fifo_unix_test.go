//go:build unix

package lsp

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestConfigFIFO checks a workspace whose .lexlint.yaml is a FIFO nobody
// writes to: the document still gets its diagnostics (the configuration's
// problem among them), and the server answers shutdown.
func TestConfigFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, ".lexlint.yaml"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	c := startClient(t)
	text := "That is company policy.\n"
	uri := c.open(writeFile(t, dir, "draft.txt", text), "plaintext", text)
	c.waitDiags(uri, 1, func(ds []Diagnostic) bool { return len(ds) > 0 })
	c.call("shutdown", nil, nil)
}
