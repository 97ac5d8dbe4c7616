package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServe starts lexlint serve on a free loopback port, checks a draft,
// reloads the lexicon with SIGHUP (a bad one is refused and the old one
// kept), and stops it by cancelling its context, as SIGINT does.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	lex := filepath.Join(dir, "team.yaml")
	write := func(phrase string) {
		src := "lexicon: team\ndiscouraged:\n  - {id: team.word, category: jargon, message: m, phrases: [\"" + phrase + "\"]}\n"
		if err := os.WriteFile(lex, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sku")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	errOut := &syncWriter{b: &strings.Builder{}}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--no-config", "--addr", "127.0.0.1:0", "--lexicon", lex}, env{
			stdin: strings.NewReader(""), stdout: pw, stderr: errOut, getenv: func(string) string { return "" },
		})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url := strings.TrimSpace(strings.TrimPrefix(line, "lexlint serving on "))
	check := func(text string) string {
		t.Helper()
		resp, err := http.Post(url+"v1/check", "application/json", strings.NewReader(`{"text": "`+text+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	waitFor := func(cond func() bool) {
		t.Helper()
		for i := 0; i < 100 && !cond(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if !strings.Contains(check("The SKU is wrong."), `"team.word"`) {
		t.Fatal("no finding before reload")
	}
	write("barcode")
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	waitFor(func() bool { return strings.Contains(check("The barcode is wrong."), `"team.word"`) })
	if !strings.Contains(check("The barcode is wrong."), `"team.word"`) {
		t.Fatal("SIGHUP did not reload the lexicon")
	}
	os.WriteFile(lex, []byte("lexicon: team\ndiscouraged: [{id: x}]\n"), 0o644)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	waitFor(func() bool { return strings.Contains(errOut.String(), "reload failed") })
	if !strings.Contains(errOut.String(), "reload failed; keeping the lexicons in use") {
		t.Errorf("bad reload not logged: %s", errOut.String())
	}
	if !strings.Contains(check("The barcode is wrong."), `"team.word"`) {
		t.Error("the old lexicon was not kept after a bad reload")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(errOut.String(), `"msg":"shutting down"`) || !strings.Contains(errOut.String(), `"path":"/v1/check"`) {
		t.Errorf("logs: %s", errOut.String())
	}
}

func TestServeURL(t *testing.T) {
	for _, tt := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://localhost:8080/ (and on every interface of this machine)"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 80}, "http://localhost:80/ (and on every interface of this machine)"},
	} {
		if got := serveURL(tt.addr); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.addr, got, tt.want)
		}
	}
}
