//go:build unix

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a buffer a process writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs the built command's serve on a free port and returns
// it, its address and its log.
func startServe(t *testing.T, args ...string) (*exec.Cmd, string, *syncBuffer) {
	t.Helper()
	dir := t.TempDir()
	bin := buildCommand(t, dir)
	cmd := exec.Command(bin, append([]string{"--no-config", "serve", "--addr", "127.0.0.1:0", "--token", "tok-0123456789abcdef"}, args...)...)
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("serve said %q: %v\n%s", line, err, stderr.String())
	}
	go io.Copy(io.Discard, out)
	addr := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "lexlint serving on http://"), "/")
	return cmd, addr, stderr
}

// TestServeGracefulStop sends SIGTERM while a request is under way (its
// body half sent): serve lets it finish, answers it, and exits 0, even
// when that takes longer than a second (issue 32, item 9).
func TestServeGracefulStop(t *testing.T) {
	cmd, addr, stderr := startServe(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"text": "That's company policy."}`
	fmt.Fprintf(conn, "POST /v1/check HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer tok-0123456789abcdef\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:10])
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(1500 * time.Millisecond)
	io.WriteString(conn, body[10:])
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	reply, _ := io.ReadAll(conn)
	if !strings.HasPrefix(string(reply), "HTTP/1.1 200") || !strings.Contains(string(reply), "en.rigid.company-policy") {
		t.Errorf("the request under way got %q", reply)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve ended with %v after SIGTERM:\n%s", err, stderr.String())
	}
}

// TestServeReloadFIFO replaces the lexicon with a FIFO and sends SIGHUP:
// the reload is refused at once, the old lexicons stay, and the next
// reload, with a file again, works (issue 32, item 11).
func TestServeReloadFIFO(t *testing.T) {
	lex := filepath.Join(t.TempDir(), "lex.yaml")
	data, err := os.ReadFile("server/testdata/overlap.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lex, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, _, stderr := startServe(t, "--lexicon", lex)
	os.Remove(lex)
	if err := syscall.Mkfifo(lex, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	waitLog := func(what string, n int) {
		t.Helper()
		cmd.Process.Signal(syscall.SIGHUP)
		for end := time.Now().Add(3 * time.Second); strings.Count(stderr.String(), what) < n; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(end) {
				t.Fatalf("no %q in the log:\n%s", what, stderr.String())
			}
		}
	}
	waitLog("is not a regular file", 1)
	waitLog("is not a regular file", 2) // a second reload is not blocked by the first
	os.Remove(lex)
	if err := os.WriteFile(lex, data, 0o644); err != nil {
		t.Fatal(err)
	}
	waitLog("lexicons reloaded", 1)
}
