package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNewcomerDetails checks the small things a newcomer trips on: the
// README's code fences are closed, check's help names every format a
// directory walk reads and --input html, counts are in the right number,
// lexicon test FILE counts that file's examples, and a JUnit case for a
// missing file lands in that file's suite.
func TestNewcomerDetails(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	inFence := false
	for i, line := range strings.Split(string(readme), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case inFence && strings.Trim(trimmed, "`") == "" && len(trimmed) >= 3:
			inFence = false
		case inFence && strings.HasPrefix(trimmed, "```"):
			// CommonMark: a closing fence has nothing after it, so this
			// one leaves the block open.
			t.Errorf("README.md:%d: text after a closing fence: %q", i+1, line)
		case !inFence && strings.HasPrefix(trimmed, "```"):
			inFence = true
		}
		if inFence && strings.HasPrefix(line, "### ") {
			t.Errorf("README.md:%d: heading %q inside a code block", i+1, line)
		}
	}
	_, help, _ := lexlint(t, "", "check", "--help")
	for _, want := range []string{".txt", ".md", ".html", ".jsonl", ".csv", "--no-ignore", "macros or html"} {
		if !strings.Contains(help, want) {
			t.Errorf("check --help does not say %q", want)
		}
	}
	dir := t.TempDir()
	if code, _, errOut := lexlint(t, "", "init", "--lang", "en", "--dir", dir); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	count := regexp.MustCompile(`(?m)^(\d+) passed, 0 failed$`)
	_, own, _ := lexlint(t, "", "lexicon", "test", filepath.Join(dir, "team-lexicon.yaml"))
	_, all, _ := lexlint(t, "", "lexicon", "test", "--no-config")
	m, n := count.FindStringSubmatch(own), count.FindStringSubmatch(all)
	if m == nil || n == nil {
		t.Fatalf("lexicon test: %q, %q", own, all)
	}
	ownN, _ := strconv.Atoi(m[1])
	allN, _ := strconv.Atoi(n[1])
	if lex, _ := os.ReadFile(filepath.Join(dir, "team-lexicon.yaml")); ownN == 0 || ownN > strings.Count(string(lex), "\n") || allN < 10*ownN {
		t.Errorf("lexicon test team-lexicon.yaml: %d examples; the built-ins have %d", ownN, allN)
	}
	_, out, _ := lexlint(t, "", "check", "--no-config", "-f", "junit", "missing.txt", "testdata/bad/records.jsonl")
	for _, want := range []string{`<testsuite name="missing.txt"`, `<testcase name="missing.txt: unreadable"`,
		`name="testdata/bad/records.jsonl:2: unreadable record"`, `name="testdata/bad/records.jsonl:3: unreadable record"`} {
		if !strings.Contains(out, want) {
			t.Errorf("junit lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `<testsuite name="lexlint"`) {
		t.Errorf("a suite named lexlint:\n%s", out)
	}
}
