//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// interrupted runs the built command with args, the last of them a FIFO no
// one writes to (made here), sends SIGINT once it is stuck there and
// returns its output. It fails the test unless the command ends within a
// second of the signal with exit status 2 and an error naming the FIFO.
func interrupted(t *testing.T, args ...string) (stdout []byte) {
	t.Helper()
	dir := t.TempDir()
	bin := buildCommand(t, dir)
	fifo := filepath.Join(dir, "stuck"+args[len(args)-1])
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	cmd := exec.Command(bin, append(args[:len(args)-1:len(args)-1], fifo)...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	sent := time.Now()
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 5 s after SIGINT")
	}
	if took := time.Since(sent); took > 1500*time.Millisecond {
		t.Errorf("took %v to stop after SIGINT", took)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Errorf("exit %v, want status 2", err)
	}
	if !strings.Contains(stderr.String(), "interrupted while reading "+fifo) {
		t.Errorf("stderr: %s", stderr.String())
	}
	return out.Bytes()
}

// TestSignalEndsRun checks the built command with a real signal: stuck on a
// FIFO no one writes to, SIGINT ends it within a second, after writing the
// findings of the file before it (a complete JSON document) and an error
// naming the FIFO, with exit status 2.
func TestSignalEndsRun(t *testing.T) {
	out := interrupted(t, "check", "-f", "json", "examples/drafts/refund-en.txt", ".txt")
	var doc struct {
		Findings []struct{ Path string }
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.Findings) == 0 || doc.Findings[0].Path != "examples/drafts/refund-en.txt" {
		t.Errorf("output is not the first file's findings as JSON (%v):\n%s", err, out)
	}
}

// TestSignalEndsReport checks that an interrupted report writes the report
// of what it read before the signal, and says so.
func TestSignalEndsReport(t *testing.T) {
	out := interrupted(t, "report", "-f", "json", "examples/transcripts/support-export.jsonl", ".jsonl")
	var doc struct {
		Totals struct{ Messages, Findings int }
	}
	if err := json.Unmarshal(out, &doc); err != nil || doc.Totals.Messages != 7 || doc.Totals.Findings == 0 {
		t.Errorf("output is not the report of the export read before the FIFO (%v):\n%.300s", err, out)
	}
}
