package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/output"
)

// TestPathPrefix runs check from a subdirectory of a repository, as a
// workflow with a working-directory would: with --path-prefix the SARIF
// URIs resolved against %SRCROOT% (whose uri is the repository root) name
// the files, and the GitHub annotations name them from the root too;
// without it the URIs are relative to the subdirectory.
func TestPathPrefix(t *testing.T) {
	dir := t.TempDir()
	repo := filepath.Join(dir, "my repo")
	sub := filepath.Join(repo, "support", "replies")
	if err := os.MkdirAll(filepath.Join(sub, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(repo, ".git"), 0o755)
	reply := "Hi Sam,\n\nThat is company policy.\n\nKind regards, Alex\n"
	if err := os.WriteFile(filepath.Join(sub, "en", "refund 1.txt"), []byte(reply), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := buildCommand(t, dir)
	check := func(args ...string) (string, string) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"check", "--no-config", "--fail-on", "none"}, args...)...)
		cmd.Dir = sub
		var errOut strings.Builder
		cmd.Stderr = &errOut
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
		return string(out), errOut.String()
	}
	var log struct {
		Runs []struct {
			Base map[string]struct {
				URI string `json:"uri"`
			} `json:"originalUriBaseIds"`
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	out, _ := check("--format", "sarif", "--path-prefix", "support/replies/", ".")
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	run := log.Runs[0]
	base, err := url.Parse(run.Base["%SRCROOT%"].URI)
	if err != nil || len(run.Results) == 0 {
		t.Fatalf("base %q (%v), %d results", run.Base["%SRCROOT%"].URI, err, len(run.Results))
	}
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation.ArtifactLocation
		ref, err := url.Parse(loc.URI)
		if err != nil || loc.URIBaseID != "%SRCROOT%" {
			t.Fatalf("%+v: %v", loc, err)
		}
		if got := filepath.FromSlash(base.ResolveReference(ref).Path); got != filepath.Join(sub, "en", "refund 1.txt") {
			t.Errorf("%s resolves to %s", loc.URI, got)
		}
		if loc.URI != "support/replies/en/refund%201.txt" {
			t.Errorf("uri %s, want the path from the repository root", loc.URI)
		}
	}
	out, _ = check("--format", "github", "--path-prefix", "support/replies", "en")
	if !strings.Contains(out, "::warning file=support/replies/en/refund 1.txt,line=3,") {
		t.Errorf("annotations:\n%s", out)
	}
	out, _ = check("--format", "sarif", "en/refund 1.txt")
	if !strings.Contains(out, `"uri":"en/refund%201.txt"`) || strings.Contains(out, `"%SRCROOT%": {"uri"`) {
		t.Errorf("without a prefix:\n%.600s", out)
	}
	cmd := exec.Command(bin, "check", "--no-config", "--path-prefix", sub, ".")
	cmd.Dir = sub
	if out, err := cmd.CombinedOutput(); !strings.Contains(string(out), "--path-prefix") || cmd.ProcessState.ExitCode() != 2 {
		t.Errorf("an absolute prefix: %v\n%s", err, out)
	}
}

// TestPathPrefixWalkErrors checks that an input a directory walk could not
// read is placed from the repository root too.
func TestPathPrefixWalkErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	prefix, err := newPathPrefix("support/replies")
	if err != nil {
		t.Fatal(err)
	}
	walkErr := &fs.PathError{Op: "open", Path: "en/locked.txt", Err: fs.ErrPermission}
	reportWalk(env{stderr: &errOut}, []error{walkErr}, output.NewSummary(), &outputs{list: []output.Formatter{output.NewGitHub(&out)}, names: []string{""}}, prefix)
	if want := "::error file=support/replies/en/locked.txt,title=lexlint.input-error::"; !strings.HasPrefix(out.String(), want) {
		t.Errorf("got %q, want %s...", out.String(), want)
	}
}
