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

// TestServe starts lexlint serve on a free loopback port, checks a draft
// with the pairing token it made, reloads the lexicon with SIGHUP (a bad
// one is refused and the old one kept), and stops it by cancelling its
// context, as SIGINT does.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	configHome := filepath.Join(dir, "config")
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
			stdin: strings.NewReader(""), stdout: pw, stderr: errOut, getenv: func(k string) string {
				return map[string]string{"XDG_CONFIG_HOME": configHome}[k]
			},
		})
		pw.Close()
	}()
	out := bufio.NewReader(pr)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "lexlint serving on "))
	line, err = out.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, out)
	kept := filepath.Join(configHome, "lexlint", "serve-token")
	token, ok := strings.CutPrefix(strings.TrimSpace(line), "pairing token (kept in "+kept+"): ")
	if !ok || len(token) < 40 {
		t.Fatalf("no pairing token printed: %q", line)
	}
	if b, err := os.ReadFile(kept); err != nil || strings.TrimSpace(string(b)) != token {
		t.Errorf("token file: %q, %v", b, err)
	}
	if info, err := os.Stat(kept); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("token file mode: %v, %v", info.Mode(), err)
	}
	post := func(text, auth string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", url+"v1/check", strings.NewReader(`{"text": "`+text+`"}`))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("x", ""); code != 401 {
		t.Errorf("without the token: %d %s", code, body)
	}
	check := func(text string) string {
		t.Helper()
		_, body := post(text, token)
		return body
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

// TestPairingToken makes the token once, keeps it owner-only and gives the
// same one on the next start; without a configuration directory it says
// what to do.
func TestPairingToken(t *testing.T) {
	home := t.TempDir()
	e := env{getenv: func(k string) string { return map[string]string{"HOME": home}[k] }}
	first, path, err := pairingToken(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, ".config", "lexlint", "serve-token"); path != want || len(first) != 43 {
		t.Errorf("token %q in %s, want 43 characters in %s", first, path, want)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	again, _, err := pairingToken(e)
	if err != nil || again != first {
		t.Errorf("second start: %q, %v; want %q", again, err, first)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("permissions not narrowed: %v", info.Mode())
	}
	_, _, err = pairingToken(env{getenv: func(string) string { return "" }})
	if err == nil || !strings.Contains(err.Error(), "--token") {
		t.Errorf("without HOME: %v", err)
	}
}

// TestExtensionCommand writes the extension, finds it up to date the second
// time, and brings back a file that was changed; the manifest it writes is
// the embedded one, with the key that fixes the ID serve allows.
func TestExtensionCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ext")
	code, out, errOut := lexlint(t, "", "extension", dir)
	if code != 0 || !strings.Contains(out, "Wrote the extension into "+dir) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil || !strings.Contains(string(manifest), `"manifest_version": 3`) || !strings.Contains(string(manifest), `"key"`) {
		t.Fatalf("manifest.json: %v\n%s", err, manifest)
	}
	if code, out, _ := lexlint(t, "", "extension", dir); code != 0 || !strings.Contains(out, "is up to date") {
		t.Errorf("second run: exit %d, %q", code, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "content.js"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := lexlint(t, "", "extension", dir); code != 0 || !strings.Contains(out, "(1 file)") {
		t.Errorf("after a change: exit %d, %q", code, out)
	}
	if code, _, errOut := lexlint(t, "", "extension"); code != 2 || !strings.Contains(errOut, "arg") {
		t.Errorf("without DIR: exit %d, %q", code, errOut)
	}
}
