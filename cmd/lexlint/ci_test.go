package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// lexlintCommands returns the lexlint command lines of a CI file's script
// steps, split into arguments, with any "> file" redirection separated.
func lexlintCommands(t *testing.T, lines []string) (cmds [][]string, outs []string) {
	t.Helper()
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "lexlint ") {
			continue
		}
		out := ""
		if i := strings.Index(line, ">"); i >= 0 {
			out = strings.TrimSpace(line[i+1:])
			line = line[:i]
		}
		cmds = append(cmds, strings.Fields(line)[1:])
		outs = append(outs, out)
	}
	if len(cmds) == 0 {
		t.Fatal("no lexlint command found")
	}
	return cmds, outs
}

// TestGitHubWorkflow runs the workflow's lexlint steps and checks that the
// SARIF file the upload step names is written and valid.
func TestGitHubWorkflow(t *testing.T) {
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Run  string            `yaml:"run"`
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	data, err := os.ReadFile("examples/ci/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	var runs []string
	sarifFile := ""
	for _, s := range wf.Jobs["lexlint"].Steps {
		runs = append(runs, s.Run)
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif") {
			sarifFile = s.With["sarif_file"]
		}
	}
	cmds, outs := lexlintCommands(t, runs)
	for i, args := range cmds {
		code, out, errOut := lexlint(t, "", args...)
		if code == 2 {
			t.Fatalf("%v: exit 2: %s", args, errOut)
		}
		if outs[i] == sarifFile && sarifFile != "" {
			if !strings.Contains(out, `"version": "2.1.0"`) || !strings.Contains(out, `"ruleId"`) {
				t.Errorf("SARIF step wrote no findings:\n%.300s", out)
			}
			sarifFile = "written"
		}
		if strings.Contains(strings.Join(args, " "), "--format github") && !strings.HasPrefix(out, "::") {
			t.Errorf("annotations step printed %q", out)
		}
	}
	if sarifFile != "written" {
		t.Error("no step writes the file the upload step names")
	}
}

// TestGitLabJob runs the job's lexlint command and checks the JUnit report
// it names.
func TestGitLabJob(t *testing.T) {
	var ci map[string]struct {
		Script    []string `yaml:"script"`
		Artifacts struct {
			Reports struct {
				JUnit string `yaml:"junit"`
			} `yaml:"reports"`
		} `yaml:"artifacts"`
	}
	data, err := os.ReadFile("examples/ci/gitlab-ci.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &ci); err != nil {
		t.Fatal(err)
	}
	job := ci["lexlint"]
	cmds, outs := lexlintCommands(t, job.Script)
	if outs[0] != job.Artifacts.Reports.JUnit {
		t.Fatalf("the job writes %q but reports %q", outs[0], job.Artifacts.Reports.JUnit)
	}
	code, out, errOut := lexlint(t, "", cmds[0]...)
	if code != 1 {
		t.Errorf("exit %d (the example macros have warnings): %s", code, errOut)
	}
	var suites struct {
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal([]byte(out), &suites); err != nil || suites.Failures == 0 {
		t.Errorf("JUnit report: %v, %d failures", err, suites.Failures)
	}
}

// TestPreCommitHooks checks that every hook's entry is this module's
// command with flags it accepts.
func TestPreCommitHooks(t *testing.T) {
	var hooks []struct {
		ID       string `yaml:"id"`
		Entry    string `yaml:"entry"`
		Language string `yaml:"language"`
		Files    string `yaml:"files"`
		Exclude  string `yaml:"exclude"`
	}
	data, err := os.ReadFile(".pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	for _, h := range hooks {
		fields := strings.Fields(h.Entry)
		if _, err := os.Stat(filepath.Join("cmd", fields[0], "main.go")); err != nil || h.Language != "golang" {
			t.Errorf("%s: entry %q is not a command of this module built by go install", h.ID, h.Entry)
			continue
		}
		file := "examples/drafts/refund-en.txt"
		if strings.Contains(h.Entry, "macros") {
			file = "examples/macros/returns.yaml"
		}
		code, _, errOut := lexlint(t, "", append(fields[1:], file)...)
		if code != 1 {
			t.Errorf("%s on %s: exit %d, want 1: %s", h.ID, file, code, errOut)
		}
	}
	// The files each hook is given by default: what it reads, and not the
	// prose and configuration every repository has.
	passed := map[string][]string{
		"lexlint":        {"replies/refund.txt", "docs/policy-reply.md", "help/article.html", "templates/mail.htm"},
		"lexlint-macros": {"macros/returns.yaml", "support/responses/nl.yml", "canned/all.json"},
	}
	kept := map[string][]string{
		"lexlint":        {"README.md", "docs/CHANGELOG.md", "LICENSE.txt", "vendor/x/notes.md", "main.go", "macros/returns.yaml"},
		"lexlint-macros": {".github/workflows/ci.yml", ".lexlint.yaml", "lexicons/team.yaml", "package.json", "macros.go"},
	}
	for _, h := range hooks {
		files, exclude := regexp.MustCompile(h.Files), regexp.MustCompile("^$")
		if h.Exclude != "" {
			exclude = regexp.MustCompile(h.Exclude)
		}
		given := func(path string) bool { return files.MatchString(path) && !exclude.MatchString(path) }
		for _, p := range passed[h.ID] {
			if !given(p) {
				t.Errorf("%s is not given %s", h.ID, p)
			}
		}
		for _, p := range kept[h.ID] {
			if given(p) {
				t.Errorf("%s is given %s", h.ID, p)
			}
		}
	}
}

// TestGoInstall checks that go install ./... (what pre-commit runs)
// installs lexlint alone: no other main package is in ./... .
func TestGoInstall(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{if eq .Name \"main\"}}{{.ImportPath}}{{end}}", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "github.com/lexlint/lexlint/cmd/lexlint" {
		t.Errorf("go install ./... would install:\n%s", got)
	}
}

// TestMacroFilePositions checks the README's claim about canned responses:
// where a response's text stands in the file as it is (a literal block, a
// plain or quoted scalar without escapes), findings carry file positions;
// otherwise the record's line and the place inside the text.
func TestMacroFilePositions(t *testing.T) {
	file := filepath.Join(t.TempDir(), "macros.yaml")
	data := "- id: plain\n  body: Hi Sam, that is company policy.\n" +
		"- id: double\n  body: \"Hi Sam, that's company policy.\"\n" +
		"- id: single\n  body: 'Hi Sam, that is company policy.'\n" +
		"- id: block\n  body: |\n    Hi Sam,\n    that is company policy.\n" +
		"- id: escaped\n  body: \"Hi Sam,\\n that is company policy.\"\n" +
		"- id: folded\n  body: >\n    Hi Sam, that is\n    company policy.\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, errOut := lexlint(t, "", "check", "--no-config", "--input", "macros", "--lang", "en", "-f", "jsonl", file)
	want := map[string]string{ // message id: line:column (record)
		"plain":   "2:17 (0)",
		"double":  "4:18 (0)",
		"single":  "6:18 (0)",
		"block":   "10:5 (0)",
		"escaped": "2:2 (12)",
		"folded":  "1:9 (15)",
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f struct {
			Line, Column, Record int
			Rule                 string
			MessageID            string `json:"message_id"`
		}
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("%v: %s (stderr %s)", err, line, errOut)
		}
		if f.Rule == "en.rigid.company-policy" {
			got[f.MessageID] = fmt.Sprintf("%d:%d (%d)", f.Line, f.Column, f.Record)
		}
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %s, want %s", id, got[id], w)
		}
	}
}
