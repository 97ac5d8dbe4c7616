package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reviewdog/errorformat"
)

// checkFindings runs check -f json with args and returns the findings'
// paths, lines and rules.
func checkFindings(t *testing.T, stdin string, args ...string) (code int, found []string, errOut string) {
	t.Helper()
	code, out, errOut := lexlint(t, stdin, append([]string{"check", "-f", "json"}, args...)...)
	var doc struct {
		Findings []struct {
			Path string
			Line int
			Rule string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: exit %d, %q, %s", args, code, out, errOut)
	}
	for _, f := range doc.Findings {
		found = append(found, filepath.ToSlash(f.Path)+":"+itoa(f.Line)+" "+f.Rule)
	}
	return code, found, errOut
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestLineFormatErrorformat parses the line format with reviewdog's
// errorformat package and the -efm the README gives: every finding and
// input error is an entry with its file (spaces included, written "\ "),
// line, column, type and rule.
func TestLineFormatErrorformat(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"my reply.txt":  "Hi Sam,\nThat's company policy. Calm down!\n",
		"plain.md":      "# Refund\n\nUnfortunately we don't do refunds.\n",
		"export.jsonl":  "{\"conversation_id\":\"c1\",\"role\":\"agent\",\"text\":\"As I already said, that's company policy.\"}\n{broken\n",
		"space dir/a b": "",
	}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	args := []string{"--no-config", "my reply.txt", "plain.md", "export.jsonl"}
	_, want, _ := checkFindings(t, "", args...)
	_, out, _ := lexlint(t, "", append([]string{"check", "-f", "line"}, args...)...)
	efm, err := errorformat.NewErrorformat([]string{`%f:%l:%c: %t%*[a-z]: %m`})
	if err != nil {
		t.Fatal(err)
	}
	s := efm.NewScanner(strings.NewReader(out))
	var got []string
	inputErrors := 0
	for s.Scan() {
		e := s.Entry()
		if !e.Valid {
			t.Errorf("not parsed: %q", e.Lines)
			continue
		}
		file := strings.ReplaceAll(e.Filename, `\ `, " ")
		rule := e.Text[strings.LastIndex(e.Text, "(")+1 : len(e.Text)-1]
		if rule == "lexlint.input-error" {
			inputErrors++
			continue
		}
		if !strings.Contains("ews", string(e.Type)) || e.Col < 1 {
			t.Errorf("type %q, column %d: %q", e.Type, e.Col, e.Lines)
		}
		got = append(got, file+":"+itoa(e.Lnum)+" "+rule)
	}
	if len(want) < 6 || !slices.Equal(got, want) {
		t.Errorf("errorformat read\n%q\ncheck -f json has\n%q", got, want)
	}
	if inputErrors != 1 {
		t.Errorf("%d input errors parsed, want 1:\n%s", inputErrors, out)
	}
	if !strings.HasPrefix(out, `my\ reply.txt:2:1: `) {
		t.Errorf("the first line: %q", out)
	}
}

// TestSeveralOutputs writes SARIF to a file, the line format to another and
// GitHub annotations to standard output in one run: each is what a run of
// its own writes.
func TestSeveralOutputs(t *testing.T) {
	dir := t.TempDir()
	sarif, line := filepath.Join(dir, "out.sarif"), filepath.Join(dir, "out.txt")
	input := "examples/drafts/refund-en.txt"
	code, out, errOut := lexlint(t, "", "check", "--no-config", "--format", "sarif="+sarif, "--format", "github", "-f", "line="+line, input)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, c := range []struct{ format, got string }{{"github", out}, {"sarif", readFile(t, sarif)}, {"line", readFile(t, line)}} {
		_, alone, _ := lexlint(t, "", "check", "--no-config", "-f", c.format, input)
		if c.got != alone || c.got == "" {
			t.Errorf("%s in a run of several differs from its own run:\n%s\n---\n%s", c.format, c.got, alone)
		}
	}
	for _, tt := range []struct{ args []string }{
		{[]string{"-f", "json", "-f", "text"}},
		{[]string{"-f", "xml=out.xml"}},
		{[]string{"-f", "sarif="}},
	} {
		if code, _, errOut := lexlint(t, "", append(append([]string{"check", "--no-config"}, tt.args...), input)...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, %q", tt.args, code, errOut)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestNewFromRev makes a git repository, commits a reply, then changes a
// line and adds a file git does not track yet: --new-from-rev HEAD reports
// the findings of those lines only, and --new-from-patch with the same
// change as a patch file the same, the untracked file aside.
func TestNewFromRev(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) string {
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("init", "-q")
	write("replies/refund.txt", "Hi Sam,\nThat's company policy.\nKind regards,\nJo\n")
	write("replies/other reply.txt", "Hi Sam,\nCalm down.\nJo\n")
	run("add", ".")
	run("commit", "-q", "-m", "replies")
	write("replies/refund.txt", "Hi Sam,\nThat's company policy.\nAs I already said, no problem!\nKind regards,\nJo\n")
	write("replies/new.txt", "Hi Sam,\nYou should have read the terms.\n")
	t.Chdir(dir)
	_, all, _ := checkFindings(t, "", "--no-config", "--fail-on", "none", "replies")
	if !slices.Contains(all, "replies/refund.txt:2 en.rigid.company-policy") || !slices.Contains(all, "replies/other reply.txt:2 en.dismissive.calm-down") {
		t.Fatalf("without --new-from-rev: %q", all)
	}
	// What the change adds: the untracked file's findings, and those of
	// the line added to refund.txt.
	var added, patched, below []string
	for _, f := range all {
		if strings.HasPrefix(f, "replies/new.txt:") {
			added = append(added, f)
			below = append(below, strings.TrimPrefix(f, "replies/"))
		}
		if strings.HasPrefix(f, "replies/refund.txt:3 ") {
			added, patched = append(added, f), append(patched, f)
			below = append(below, strings.TrimPrefix(f, "replies/"))
		}
	}
	if len(patched) == 0 || len(added) <= len(patched) {
		t.Fatalf("the change adds no findings: %q", all)
	}
	code, got, errOut := checkFindings(t, "", "--no-config", "--new-from-rev", "HEAD", "replies")
	if !sameSet(got, added) || code != 1 {
		t.Errorf("--new-from-rev HEAD: exit %d %q, want %q (%s)", code, got, added, errOut)
	}
	patch := filepath.Join(t.TempDir(), "change.patch")
	if err := os.WriteFile(patch, []byte(run("diff", "HEAD")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, got, _ = checkFindings(t, "", "--no-config", "--new-from-patch", patch, "replies")
	if !sameSet(got, patched) {
		t.Errorf("--new-from-patch: %q, want %q", got, patched)
	}
	// From a subdirectory, paths are relative to it on both sides.
	t.Chdir(filepath.Join(dir, "replies"))
	_, got, _ = checkFindings(t, "", "--no-config", "--new-from-rev", "HEAD", ".")
	if !sameSet(got, below) {
		t.Errorf("from replies/: %q, want %q", got, below)
	}
	// Nothing new: exit 0, though the old findings are errors.
	run("add", ".")
	run("commit", "-q", "-m", "more")
	if code, got, errOut := checkFindings(t, "", "--no-config", "--new-from-rev", "HEAD", "."); code != 0 || len(got) != 0 {
		t.Errorf("nothing changed: exit %d %q %s", code, got, errOut)
	}
	if code, _, errOut := lexlint(t, "", "check", "--no-config", "--new-from-rev", "no-such-rev", "."); code != 2 || !strings.Contains(errOut, "--new-from-rev no-such-rev") {
		t.Errorf("a bad revision: exit %d, %q", code, errOut)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestHabits checks the small habits of ESLint and others: --max-warnings,
// --stdin-filename, --color and the variables that force colour, and "did
// you mean" for a mistyped flag.
func TestHabits(t *testing.T) {
	draft := "examples/drafts/refund-en.txt" // 3 warnings, 3 errors
	for _, tt := range []struct {
		max  string
		code int
	}{{"3", 0}, {"2", 1}, {"-1", 0}} {
		code, _, errOut := lexlint(t, "", "check", "--no-config", "--fail-on", "none", "--max-warnings", tt.max, draft)
		if code != tt.code || (code == 1) != strings.Contains(errOut, "3 warnings, more than --max-warnings 2") {
			t.Errorf("--max-warnings %s: exit %d, want %d; %q", tt.max, code, tt.code, errOut)
		}
	}
	text := readFile(t, draft)
	_, got, _ := checkFindings(t, text, "--no-config", "--stdin-filename", "replies/refund.md", "-")
	if len(got) == 0 || !strings.HasPrefix(got[0], "replies/refund.md:") {
		t.Errorf("--stdin-filename: %q", got)
	}
	// The name tells the format: a JSON Lines export.
	_, got, _ = checkFindings(t, `{"role":"agent","text":"That's company policy."}`+"\n", "--no-config", "--stdin-filename", "export.jsonl", "-")
	if !slices.Equal(got, []string{"export.jsonl:1 en.rigid.company-policy"}) {
		t.Errorf("--stdin-filename export.jsonl: %q", got)
	}
	// The configuration found from the name's folder applies.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".lexlint.yaml"), []byte("rules:\n  en.rigid.company-policy: \"off\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, got, _ = checkFindings(t, "That's company policy. Calm down.", "--stdin-filename", filepath.Join(dir, "reply.txt"), "-")
	if slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "company-policy") }) || len(got) == 0 {
		t.Errorf("--stdin-filename in a folder with a configuration: %q", got)
	}
	colored := func(env map[string]string, args ...string) bool {
		var out, errOut strings.Builder
		run(t.Context(), append(append([]string{"check", "--no-config", "--fail-on", "none"}, args...), draft), env2(env, &out, &errOut))
		return strings.Contains(out.String(), "\x1b[")
	}
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want bool
	}{
		{"not a terminal", nil, nil, false},
		{"--color always", nil, []string{"--color", "always"}, true},
		{"FORCE_COLOR", map[string]string{"FORCE_COLOR": "1"}, nil, true},
		{"FORCE_COLOR=0", map[string]string{"FORCE_COLOR": "0"}, nil, false},
		{"CLICOLOR_FORCE", map[string]string{"CLICOLOR_FORCE": "1"}, nil, true},
		{"NO_COLOR wins over FORCE_COLOR", map[string]string{"NO_COLOR": "1", "FORCE_COLOR": "1"}, nil, false},
		{"--color always wins over NO_COLOR", map[string]string{"NO_COLOR": "1"}, []string{"--color=always"}, true},
		{"--color never", map[string]string{"FORCE_COLOR": "1"}, []string{"--color", "never"}, false},
	} {
		if got := colored(tt.env, tt.args...); got != tt.want {
			t.Errorf("%s: coloured %v, want %v", tt.name, got, tt.want)
		}
	}
	code, _, errOut := lexlint(t, "", "check", "--fial-on", "warning", draft)
	if code != 2 || !strings.Contains(errOut, "unknown flag: --fial-on: did you mean --fail-on?") {
		t.Errorf("--fial-on: exit %d, %q", code, errOut)
	}
	if code, _, errOut := lexlint(t, "", "check", "--color", "sometimes", draft); code != 2 || !strings.Contains(errOut, `--color "sometimes"`) {
		t.Errorf("--color sometimes: exit %d, %q", code, errOut)
	}
}

// env2 is a test environment with variables.
func env2(vars map[string]string, out, errOut *strings.Builder) env {
	return env{stdin: strings.NewReader(""), stdout: out, stderr: errOut, getenv: func(k string) string { return vars[k] }}
}
