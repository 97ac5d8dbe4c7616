package lexpack

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const lexiconText = "lexicon: acme\nlanguage: en\ndiscouraged:\n  - id: acme.x\n    category: jargon\n    phrases: [sku]\n    message: m\n"

func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

func tarGz(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
		tw.Write([]byte(body))
	}
	tw.Close()
	gz.Close()
	return b.Bytes()
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return b.Bytes()
}

// serve serves files by path and counts the requests.
func serve(t *testing.T, files map[string][]byte, requests *int) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*requests++
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestSyncURL fetches a lexicon, a .tar.gz and a .zip over HTTP: once,
// with the checksum of the download; refuses a package without a
// checksum or with another one (and leaves the cache without it), and
// one that unpacks outside its folder; Verify notices a changed file.
func TestSyncURL(t *testing.T) {
	yamlData := []byte(lexiconText)
	tgz := tarGz(t, map[string]string{"lexicons/acme.yaml": lexiconText, "README.md": "x"})
	zipData := zipOf(t, map[string]string{"lexicons/acme.yaml": lexiconText})
	evil := tarGz(t, map[string]string{"../evil.yaml": lexiconText})
	requests := 0
	base := serve(t, map[string][]byte{"/acme.yaml": yamlData, "/acme-1.0.tar.gz": tgz, "/acme-1.0.zip": zipData, "/evil.tar.gz": evil}, &requests)
	cache := t.TempDir()
	ctx := context.Background()
	for _, p := range []Package{
		{URL: base + "/acme.yaml", SHA256: sum(yamlData)},
		{URL: base + "/acme-1.0.tar.gz", SHA256: sum(tgz), Path: "lexicons/acme.yaml"},
		{URL: base + "/acme-1.0.zip", SHA256: sum(zipData), Path: "lexicons/acme.yaml"},
	} {
		requests = 0
		res, err := Sync(ctx, p, cache, Options{})
		if err != nil || !res.Fetched || res.SHA256 != p.SHA256 {
			t.Fatalf("%s: %+v %v", p, res, err)
		}
		if data, err := os.ReadFile(p.Lexicon(cache)); err != nil || string(data) != lexiconText {
			t.Errorf("%s: the lexicon in the cache: %v %q", p, err, data)
		}
		if err := Verify(p, cache); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if res, err := Sync(ctx, p, cache, Options{}); err != nil || res.Fetched || requests != 1 {
			t.Errorf("%s: synced again: %+v %v, %d requests", p, res, err, requests)
		}
	}
	p := Package{URL: base + "/acme-1.0.tar.gz", SHA256: sum(tgz), Path: "lexicons/acme.yaml"}
	os.WriteFile(p.Lexicon(cache), []byte(lexiconText+"# changed\n"), 0o644)
	if err := Verify(p, cache); err == nil || !strings.Contains(err.Error(), "changed since lexlint sync fetched them") {
		t.Errorf("a changed file in the cache: %v", err)
	}
	if res, err := Sync(ctx, p, cache, Options{}); err != nil || !res.Fetched || Verify(p, cache) != nil {
		t.Errorf("sync after a change: %+v %v", res, err)
	}
	bad := []struct {
		p    Package
		want string
	}{
		{Package{URL: base + "/acme.yaml"}, `add "sha256: ` + sum(yamlData) + `"`},
		{Package{URL: base + "/acme.yaml", SHA256: strings.Repeat("0", 64)}, "checksum mismatch: the download has sha256 " + sum(yamlData) + ", the configuration says 0000"},
		{Package{URL: base + "/evil.tar.gz", SHA256: sum(evil), Path: "evil.yaml"}, `the archive names "../evil.yaml", outside its folder`},
		{Package{URL: base + "/acme-1.0.tar.gz", SHA256: sum(tgz), Path: "acme.yaml"}, "has no file acme.yaml; set path: to one of its lexicons (lexicons/acme.yaml)"},
		{Package{URL: base + "/gone.yaml", SHA256: sum(yamlData)}, "404 Not Found"},
	}
	for _, tt := range bad {
		cache := t.TempDir()
		_, err := Sync(ctx, tt.p, cache, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.p, err, tt.want)
		}
		if _, statErr := os.Stat(tt.p.Dir(cache)); !errors.Is(statErr, os.ErrNotExist) {
			t.Errorf("%s: a refused package is in the cache", tt.p)
		}
	}
	if err := Verify(Package{URL: base + "/x.yaml", SHA256: sum(yamlData)}, cache); err == nil || !strings.Contains(err.Error(), "is not in the cache") {
		t.Errorf("an unsynced package: %v", err)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, ".sync-*")); len(entries) > 0 {
		t.Errorf("left behind: %v", entries)
	}
}

func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestSyncGit fetches a local Git repository at a tag and at a commit: the
// files of that commit, whatever the branch holds now, with the checksum
// of those files; a moved tag is refused by its checksum.
func TestSyncGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := t.TempDir()
	gitRun(t, repo, "init", "-q")
	os.MkdirAll(filepath.Join(repo, "nl"), 0o755)
	os.WriteFile(filepath.Join(repo, "nl", "acme.yaml"), []byte(lexiconText), 0o644)
	gitRun(t, repo, "add", "-A")
	gitRun(t, repo, "commit", "-qm", "v1")
	gitRun(t, repo, "tag", "v1.0.0")
	commit := gitRun(t, repo, "rev-parse", "HEAD")
	os.WriteFile(filepath.Join(repo, "nl", "acme.yaml"), []byte(lexiconText+"# v2\n"), 0o644)
	gitRun(t, repo, "commit", "-qam", "v2")

	cache := t.TempDir()
	ctx := context.Background()
	probe := Package{Git: repo, Ref: "v1.0.0", Path: "nl/acme.yaml"}
	var ce *ChecksumError
	if _, err := Sync(ctx, probe, cache, Options{}); !errors.As(err, &ce) {
		t.Fatalf("no checksum: %v", err)
	}
	for _, ref := range []string{"v1.0.0", commit} {
		p := Package{Git: repo, Ref: ref, Path: "nl/acme.yaml", SHA256: ce.Got}
		res, err := Sync(ctx, p, cache, Options{})
		if err != nil || res.Commit != commit {
			t.Fatalf("%s: %+v %v", ref, res, err)
		}
		if data, _ := os.ReadFile(p.Lexicon(cache)); string(data) != lexiconText {
			t.Errorf("%s: %q, want the tagged text", ref, data)
		}
		if _, err := os.Stat(filepath.Join(p.Dir(cache), "repo.git")); err == nil {
			t.Errorf("%s: the fetched repository is left in the cache", ref)
		}
	}
	gitRun(t, repo, "tag", "-f", "v1.0.0")
	moved := Package{Git: repo, Ref: "v1.0.0", Path: "nl/acme.yaml", SHA256: ce.Got}
	if _, err := Sync(ctx, moved, cache, Options{Force: true}); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Errorf("a moved tag: %v", err)
	}
	if _, err := Sync(ctx, Package{Git: repo, Ref: "v9", Path: "x.yaml", SHA256: ce.Got}, cache, Options{}); err == nil || !strings.Contains(err.Error(), "v9") {
		t.Errorf("no such ref: %v", err)
	}
}

// TestCheck checks what a configuration may write.
func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		p    Package
		want string
	}{
		{Package{URL: "https://x/a.yaml", Git: "r"}, "either url: or git:"},
		{Package{Git: "https://x/r.git"}, "needs ref:"},
		{Package{Git: "--upload-pack=x", Ref: "v1"}, "may not start with -"},
		{Package{URL: "ftp://x/a.yaml"}, "http or https"},
		{Package{URL: "https://x/a.tar.gz"}, "path: names the lexicon file"},
		{Package{URL: "https://x/a.tar.gz", Path: "../a.yaml"}, "inside the package"},
		{Package{URL: "https://x/a.rar", Path: "a.yaml"}, ".tar.gz, .tgz and .zip"},
		{Package{URL: "https://x/a.yaml", SHA256: "abc"}, "64 hexadecimal digits"},
	} {
		if err := tt.p.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.p, err, tt.want)
		}
	}
	if err := (Package{URL: "https://x/a.yaml?v=1"}).Check(); err != nil {
		t.Error(err)
	}
}
