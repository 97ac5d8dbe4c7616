package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSync is lexicon packages end to end: a .lexlint.yaml names a Git
// repository at a tag and a lexicon at a URL; lexlint sync refuses them
// until they carry their checksums, then fetches them once; check finds
// their phrases offline (the server closed, the repository gone); a
// changed cache, an unsynced package and a wrong checksum are clear
// errors; a package's lexicon may extend its own files but nothing
// outside it.
func TestSync(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	t.Setenv("LEXLINT_CACHE", filepath.Join(dir, "cache"))
	repo := filepath.Join(dir, "desk-lexicons")
	files := map[string]string{
		"base.yaml": "lexicon: desk-base\nlanguage: en\ndiscouraged:\n  - id: desk.jargon.sku\n    category: jargon\n    severity: error\n    phrases: [sku]\n    message: Name the product.\n",
		"desk.yaml": "lexicon: desk\nlanguage: en\nextends: [base.yaml]\ndiscouraged:\n  - id: desk.rigid.closed\n    category: rigid\n    phrases: [\"ticket is closed\"]\n    message: Say what happens next.\n",
		"leak.yaml": "lexicon: leak\nextends: [../../../secret.yaml]\n",
	}
	gitRepo(t, repo, files)
	os.WriteFile(filepath.Join(dir, "secret.yaml"), []byte("lexicon: secret\n"), 0o644)
	team := "lexicon: team\nlanguage: en\ndiscouraged:\n  - id: team.calm\n    category: dismissive\n    phrases: [\"calm down\"]\n    message: Acknowledge the feeling.\n"
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Write([]byte(team))
	}))
	teamSum := sha256.Sum256([]byte(team))
	cfg := filepath.Join(dir, ".lexlint.yaml")
	write := func(gitSum, urlSum, path string) {
		text := "lexicons:\n  - git: desk-lexicons\n    ref: v1.0.0\n    path: " + path + "\n" + gitSum +
			"  - url: " + srv.URL + "/team.yaml\n" + urlSum
		os.WriteFile(cfg, []byte(text), 0o644)
	}
	write("", "    sha256: "+hex.EncodeToString(teamSum[:])+"\n", "desk.yaml")
	reply := filepath.Join(dir, "reply.txt")
	os.WriteFile(reply, []byte("Hi Sam,\n\nCalm down: the SKU is fine and the ticket is closed.\n\nKind regards, Alex\n"), 0o644)

	code, _, errOut := lexlint(t, "", "check", "--config", cfg, reply)
	if code != 2 || !strings.Contains(errOut, ".lexlint.yaml:2:5: git "+repo+" at v1.0.0 is not in the cache") || !strings.Contains(errOut, "run lexlint sync") {
		t.Errorf("before sync: exit %d\n%s", code, errOut)
	}
	code, out, errOut := lexlint(t, "", "sync", "--config", cfg)
	sum := regexp.MustCompile(`add "sha256: ([0-9a-f]{64})"`).FindStringSubmatch(errOut)
	if code != 2 || sum == nil || !strings.Contains(out, srv.URL+"/team.yaml: fetched") {
		t.Fatalf("sync without the git checksum: exit %d\n%s\n%s", code, out, errOut)
	}
	write("    sha256: "+sum[1]+"\n", "    sha256: "+hex.EncodeToString(teamSum[:])+"\n", "desk.yaml")
	if code, out, errOut := lexlint(t, "", "sync", "--config", cfg); code != 0 || !strings.Contains(out, "at v1.0.0: fetched (sha256 "+sum[1]) || !strings.Contains(out, "team.yaml: up to date") || requests != 1 {
		t.Fatalf("sync: exit %d, %d requests\n%s\n%s", code, requests, out, errOut)
	}

	// Offline: the server and the repository are gone.
	srv.Close()
	os.RemoveAll(repo)
	code, out, errOut = lexlint(t, "", "check", "--config", cfg, "-f", "jsonl", reply)
	for _, rule := range []string{"desk.jargon.sku", "desk.rigid.closed", "team.calm"} {
		if !strings.Contains(out, `"rule":"`+rule+`"`) {
			t.Errorf("offline check: no %s (exit %d)\n%s\n%s", rule, code, out, errOut)
		}
	}

	// A changed cache is refused until it is synced again.
	lexFile := filepath.Join(dir, "cache")
	filepath.WalkDir(lexFile, func(p string, d os.DirEntry, err error) error {
		if err == nil && filepath.Base(p) == "desk.yaml" {
			lexFile = p
		}
		return nil
	})
	os.WriteFile(lexFile, []byte(files["desk.yaml"]+"  - id: desk.x\n    category: rigid\n    phrases: [hi]\n    message: m\n"), 0o644)
	if code, _, errOut := lexlint(t, "", "check", "--config", cfg, reply); code != 2 || !strings.Contains(errOut, "changed since lexlint sync fetched them: run lexlint sync --force") {
		t.Errorf("a changed cache: exit %d\n%s", code, errOut)
	}

	// A wrong checksum is refused, and says which is which.
	write("    sha256: "+strings.Repeat("1", 64)+"\n", "    sha256: "+hex.EncodeToString(teamSum[:])+"\n", "desk.yaml")
	if code, _, errOut := lexlint(t, "", "check", "--config", cfg, reply); code != 2 || !strings.Contains(errOut, "is not in the cache") {
		t.Errorf("check with a new checksum: exit %d\n%s", code, errOut)
	}

	// Confinement: a package's lexicon extends nothing outside the package.
	t.Setenv("LEXLINT_CACHE", filepath.Join(dir, "cache2"))
	gitRepo(t, repo, files)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(team)) }))
	defer srv.Close()
	write("    sha256: "+sum[1]+"\n", "    sha256: "+hex.EncodeToString(teamSum[:])+"\n", "leak.yaml")
	if code, out, errOut := lexlint(t, "", "sync", "--config", cfg); code != 0 {
		t.Fatalf("sync: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := lexlint(t, "", "check", "--config", cfg, reply); code != 2 || !strings.Contains(errOut, "extends ") || !strings.Contains(errOut, "secret.yaml: the file is outside") {
		t.Errorf("a package extending a file outside it: exit %d\n%s", code, errOut)
	}
}

// gitRepo makes a Git repository in dir with the files, committed and
// tagged v1.0.0.
func gitRepo(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	for name, text := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-qm", "v1"}, {"tag", "v1.0.0"}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}
