package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// lexlint runs the command line from the repository root and returns its
// exit code, standard output and standard error.
func lexlint(t testing.TB, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(string) string { return "" },
	})
	return code, out.String(), errOut.String()
}

// buildCommand builds lexlint into dir and returns its path, for tests
// that need a process of its own (signals, parallel runs).
func buildCommand(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "lexlint")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/lexlint").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenFile(t, filepath.Join("testdata", "golden", name), got) // from the repository root
}

// goldenFile compares got with the file at path, or with -update writes it.
func goldenFile(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/lexlint -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test ./cmd/lexlint -update after checking the change):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestMain(m *testing.M) {
	flag.Parse()
	// Paths in golden output are relative to the repository root.
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func TestCheckGolden(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		golden string
	}{
		{"drafts as text", []string{"check", "examples/drafts"}, "", 1, "drafts.txt"},
		{"drafts as json", []string{"check", "--format", "json", "examples/drafts"}, "", 1, "drafts.json"},
		{"BOM, CRLF, NBSP, invalid UTF-8 with a team lexicon", []string{"check", "-f", "json", "--lexicon", "testdata/lexicons/team.yaml", "testdata/input/crlf-bom.txt"}, "", 1, "crlf-bom.json"},
		{"stdin", []string{"check", "--lang", "nl", "-"}, "Dat is ons beleid.\nGeen idee.\n", 0, "stdin.txt"},
		{"stdin without a path", []string{"check"}, "You people never listen.", 1, "stdin-implicit.txt"},
		{"inline ignores", []string{"check", "--report-unused-ignores", "--lang", "en", "testdata/input/ignores.md"}, "", 1, "ignores.txt"},
		{"jsonl format", []string{"check", "-f", "jsonl", "examples/drafts", "examples/transcripts"}, "", 1, "formats/drafts.jsonl"},
		{"sarif format", []string{"check", "-f", "sarif", "examples/drafts", "examples/transcripts"}, "", 1, "formats/drafts.sarif"},
		{"github format", []string{"check", "-f", "github", "examples/drafts", "examples/transcripts"}, "", 1, "formats/drafts.github"},
		{"checkstyle format", []string{"check", "-f", "checkstyle", "examples/drafts", "examples/transcripts"}, "", 1, "formats/drafts.checkstyle.xml"},
		{"junit format", []string{"check", "-f", "junit", "examples/drafts", "examples/transcripts"}, "", 1, "formats/drafts.junit.xml"},
		{"HTML article: text as shown, positions in the HTML", []string{"check", "-f", "jsonl", "testdata/input/article.html"}, "", 0, "article.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := lexlint(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			// JUnit's times are the run's own.
			out = regexp.MustCompile(` time="[0-9.]+"`).ReplaceAllString(out, ` time="0.000"`)
			golden(t, tt.golden, out)
		})
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a part of standard error
	}{
		{"clean", []string{"check", "testdata/input/clean.txt"}, 0, ""},
		{"errors fail by default", []string{"check", "examples/drafts/refund-en.txt"}, 1, ""},
		{"suggestions pass by default", []string{"check", "testdata/input/suggestion-only.txt"}, 0, ""},
		{"fail on suggestion", []string{"check", "--fail-on", "suggestion", "testdata/input/suggestion-only.txt"}, 1, ""},
		{"fail on none", []string{"check", "--fail-on", "none", "examples/drafts/refund-en.txt"}, 0, ""},
		{"missing file, others still checked", []string{"check", "testdata/input/nope.txt", "testdata/input/clean.txt"}, 2, "testdata/input/nope.txt: no such file or directory"},
		{"bad lexicon", []string{"check", "--lexicon", "testdata/lexicons/bad.yaml", "testdata/input/clean.txt"}, 2, "testdata/lexicons/bad.yaml:6:15: unknown severity \"fatal\""},
		{"unknown lexicon file", []string{"check", "--lexicon", "nope.yaml", "testdata/input/clean.txt"}, 2, "nope.yaml: lexicon file not found"},
		{"bad flag", []string{"check", "--colour"}, 2, "unknown flag: --colour"},
		{"bad fail-on", []string{"check", "--fail-on", "sometimes", "testdata/input/clean.txt"}, 2, "--fail-on \"sometimes\""},
		{"bad format", []string{"check", "--format", "xml", "testdata/input/clean.txt"}, 2, "unknown format \"xml\""},
		{"bad lang", []string{"check", "--lang", "de", "testdata/input/clean.txt"}, 2, "--lang \"de\""},
		{"unknown command", []string{"chekc"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := lexlint(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.stderr)
			}
		})
	}
}

func TestBadLexiconListsEveryProblem(t *testing.T) {
	_, _, errOut := lexlint(t, "", "check", "--lexicon", "testdata/lexicons/bad.yaml", "testdata/input/clean.txt")
	for _, want := range []string{
		`bad.yaml:6:15: unknown severity "fatal": write error, warning or suggestion`,
		`bad.yaml:7:15: bad regular expression "(unclosed"`,
		`bad.yaml:9:5: unknown key "sugestions" in discouraged entry: did you mean "suggestions"?`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := lexlint(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "lexlint ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestCheckExportsGolden(t *testing.T) {
	entries, err := os.ReadDir("testdata/exports")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			code, out, errOut := lexlint(t, "", "check", "-f", "json", "--fail-on", "none", "testdata/exports/"+e.Name())
			if code != 0 && code != 2 {
				t.Errorf("exit code %d; stderr: %s", code, errOut)
			}
			golden(t, "exports/"+strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))+filepath.Ext(e.Name())+".json", out)
		})
	}
}

func TestCheckExportsText(t *testing.T) {
	code, out, errOut := lexlint(t, "", "check", "--fail-on", "none", "testdata/exports/")
	if code != 2 {
		t.Errorf("exit code %d, want 2 for the bad records; stderr: %s", code, errOut)
	}
	golden(t, "exports.txt", out)
	golden(t, "exports.stderr", errOut)
}

// TestParallelSameOutput checks that any number of workers gives
// byte-identical output.
func TestParallelSameOutput(t *testing.T) {
	args := []string{"check", "-f", "json", "--fail-on", "none", "--input", "jsonl", "../shared/corpora/"}
	if _, err := os.Stat("../shared/corpora"); err != nil {
		args = []string{"check", "-f", "json", "--fail-on", "none", "testdata/exports/", "examples/drafts/"}
	}
	_, serial, _ := lexlint(t, "", append(args, "-j", "1")...)
	for _, j := range []string{"2", "4", "8"} {
		_, parallel, _ := lexlint(t, "", append(args, "-j", j)...)
		if parallel != serial {
			t.Fatalf("-j %s output differs from -j 1", j)
		}
	}
	if !strings.Contains(serial, `"findings"`) {
		t.Fatal("no output")
	}
}

func TestInputFlags(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  []string // parts of the JSON output
		not   []string
	}{
		{"customer role", []string{"--role", "customer", "-"}, "Customer: You must refund me, no way.\nAgent: Calm down.\n", []string{`"role": "customer"`}, []string{`"role": "agent"`}},
		{"all roles include unknown and bots", []string{"--role", "all", "testdata/exports/export.jsonl"}, "", []string{`"en.dismissive.calm-down"`, `"en.dismissive.no-problem"`}, nil},
		{"internal notes", []string{"--include-internal", "testdata/exports/zendesk-tickets.json"}, "", []string{`"en.blaming.user-error"`, `/tickets/0/comments/2/plain_body`}, nil},
		{"internal notes skipped", []string{"testdata/exports/zendesk-tickets.json"}, "", nil, []string{`"en.blaming.user-error"`}},
		{"field mapping", []string{"--input", "jsonl", "--field", "text=msg.body", "--field", "role=msg.from", "--field", "conversation_id=ticket", "-"},
			`{"ticket":"T1","msg":{"from":"admin","body":"That's company policy."}}` + "\n", []string{`"conversation": "T1"`, `"en.rigid.company-policy"`}, nil},
		{"csv from stdin", []string{"--input", "csv", "-"}, "role,text\nagent,\"Calm down, please.\"\n", []string{`"record": 2`, `"en.dismissive.calm-down"`}, nil},
		{"chat from stdin with extra label", []string{"--agent-label", "Sanne", "-"}, "Klant: hoi\nSanne: Dat is ons beleid.\nKlant: ok\n", []string{`"nl.rigid.beleid"`, `"line": 2`, `"column": 8`}, nil},
		{"invalid UTF-8 in JSONL", []string{"--input", "jsonl", "-"}, "{\"role\":\"agent\",\"text\":\"\xff you must wait\"}\n", []string{`"en.rigid.you-must"`, `"column": 3`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out, errOut := lexlint(t, tt.stdin, append([]string{"check", "-f", "json", "--fail-on", "none"}, tt.args...)...)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %s; stderr %s\n%s", w, errOut, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("output has %s", w)
				}
			}
		})
	}
}

func TestConfig(t *testing.T) {
	code, out, errOut := lexlint(t, "", "check", "--config", "testdata/config/lexlint.yaml", "-f", "json", "examples/drafts")
	if code != 1 {
		t.Errorf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"rule": "en.rigid.company-policy",
      "category": "rigid",
      "severity": "error"`, `"files": 4`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	for _, not := range []string{"en.negative.unfortunately", "en.jargon.", `"rule": "en.greeting"`, `"rule": "nl.`, "thank-you"} {
		if strings.Contains(out, not) {
			t.Errorf("output has %s", not)
		}
	}
	// A flag wins over the file.
	if code, _, _ := lexlint(t, "", "check", "--config", "testdata/config/lexlint.yaml", "--fail-on", "none", "examples/drafts"); code != 0 {
		t.Errorf("--fail-on none: exit %d", code)
	}
	code, out, _ = lexlint(t, "", "config", "print", "--config", "testdata/config/lexlint.yaml", "--jobs", "3")
	if code != 0 {
		t.Fatalf("config print: %d", code)
	}
	golden(t, "config-print.txt", out)
}

func TestFix(t *testing.T) {
	dir := t.TempDir()
	copyFile := func(src, dst string) string {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, dst)
		if err := os.WriteFile(p, data, 0o640); err != nil {
			t.Fatal(err)
		}
		return p
	}
	draft := copyFile("testdata/input/fixable.txt", "fixable.txt")
	macros := copyFile("testdata/input/fixable-macros.yaml", "fixable-macros.yaml")
	export := copyFile("testdata/input/fixable.jsonl", "fixable.jsonl")
	before, _ := os.ReadFile(draft)

	code, out, errOut := lexlint(t, "", "check", "--diff", "--lang", "en", draft)
	if code != 1 || !strings.Contains(out, "+Happy to help! HAPPY TO HELP.") {
		t.Fatalf("--diff: exit %d\n%s\n%s", code, out, errOut)
	}
	if after, _ := os.ReadFile(draft); string(after) != string(before) {
		t.Fatal("--diff wrote the file")
	}
	// The export cannot be fixed: the draft still is, and the exit status
	// says that a file was not.
	code, _, errOut = lexlint(t, "", "check", "--fix", "--fail-on", "none", "--lang", "en", draft, export)
	if code != 2 {
		t.Fatalf("--fix: exit %d, want 2 for the refused export: %s", code, errOut)
	}
	if !strings.Contains(errOut, "fixable.jsonl: not fixed: the jsonl format cannot be rewritten") {
		t.Errorf("jsonl not refused: %s", errOut)
	}
	got, _ := os.ReadFile(draft)
	golden(t, "fixed.txt", string(got))
	if info, _ := os.Stat(draft); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", info.Mode())
	}
	code, _, _ = lexlint(t, "", "check", "--fix", "--input", "macros", "--fail-on", "none", "--lang", "en", macros)
	got, _ = os.ReadFile(macros)
	golden(t, "fixed-macros.yaml", string(got))
	// Idempotent: a second run changes nothing.
	if code, out, _ := lexlint(t, "", "check", "--diff", "--lang", "en", draft); code != 0 || out != "" {
		t.Errorf("second run: exit %d, diff %q", code, out)
	}
}

func TestCompletionAndVersionFlag(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		code, out, _ := lexlint(t, "", "completion", shell)
		if code != 0 || !strings.Contains(out, "lexlint") {
			t.Errorf("completion %s: exit %d", shell, code)
		}
	}
	_, want, _ := lexlint(t, "", "version")
	if code, out, _ := lexlint(t, "", "--version"); code != 0 || out != want || !strings.Contains(out, runtime.Version()) {
		t.Errorf("--version: %d %q, version: %q", code, out, want)
	}
}

func TestLexiconCommands(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"validate built-ins", []string{"lexicon", "validate", "--strict"}, 0, ""},
		{"validate errors", []string{"lexicon", "validate", "testdata/lexicons/bad.yaml"}, 1, "lexicon-validate-bad.txt"},
		{"validate skip words and classes", []string{"lexicon", "validate", "testdata/lexicons/bad-words.yaml"}, 1, "lexicon-validate-bad-words.txt"},
		{"validate warnings", []string{"lexicon", "validate", "testdata/lexicons/warnings.yaml"}, 0, "lexicon-validate-warnings.txt"},
		{"validate warnings strict", []string{"lexicon", "validate", "--strict", "testdata/lexicons/warnings.yaml"}, 1, ""},
		{"test failing", []string{"lexicon", "test", "testdata/lexicons/warnings.yaml"}, 1, "lexicon-test-warnings.txt"},
		{"test team", []string{"lexicon", "test", "testdata/lexicons/team.yaml"}, 0, ""},
		{"validate the Netherlands usage example", []string{"lexicon", "validate", "--strict", "examples/lexicons/nl-nederland.yaml"}, 0, ""},
		{"test the Netherlands usage example", []string{"lexicon", "test", "examples/lexicons/nl-nederland.yaml"}, 0, ""},
		{"list", []string{"lexicon", "list", "testdata/lexicons/warnings.yaml"}, 0, "lexicon-list.txt"},
		{"list json", []string{"lexicon", "list", "-f", "json", "testdata/lexicons/warnings.yaml"}, 0, "lexicon-list.json"},
		{"list markdown", []string{"lexicon", "list", "-f", "markdown", "--lang", "nl", "--category", "blaming"}, 0, "lexicon-list-nl-blaming.md"},
		{"list unknown category", []string{"lexicon", "list", "--category", "nope"}, 2, ""},
		{"explain", []string{"lexicon", "explain", "Sure, that’s COMPANY policy! No problem, as I already said."}, 0, "lexicon-explain.txt"},
		{"explain json", []string{"lexicon", "explain", "-f", "json", "--lang", "nl", "Dat is ons beleid, zoals ik al zei."}, 0, "lexicon-explain.json"},
		{"explain skipped words and inverted order", []string{"lexicon", "explain", "Die bestelling kunnen wij toch gewoon niet annuleren, dat is nou eenmaal de procedure."}, 0, "lexicon-explain-nl.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := lexlint(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s; stdout %s", code, tt.code, errOut, out)
			}
			if tt.golden != "" {
				golden(t, tt.golden, out)
			}
		})
	}
	_, out, _ := lexlint(t, "", "lexicon", "test")
	if !regexp.MustCompile(`(?m)^[1-9][0-9]* passed, 0 failed$`).MatchString(out) {
		t.Errorf("built-in examples: %q", out)
	}
}

func TestInit(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		dir := t.TempDir()
		if code, _, errOut := lexlint(t, "", "init", "--lang", lang, "--dir", dir); code != 0 {
			t.Fatalf("init: %d %s", code, errOut)
		}
		cfg, lex := filepath.Join(dir, ".lexlint.yaml"), filepath.Join(dir, "team-lexicon.yaml")
		for _, args := range [][]string{
			{"lexicon", "validate", "--strict", lex},
			{"lexicon", "test", lex},
			{"config", "print", "--config", cfg},
		} {
			if code, out, errOut := lexlint(t, "", args...); code != 0 {
				t.Errorf("%v: exit %d: %s %s", args, code, out, errOut)
			}
		}
		before, _ := os.ReadFile(lex)
		code, _, errOut := lexlint(t, "", "init", "--lang", lang, "--dir", dir)
		if code != 2 || !strings.Contains(errOut, "already exists") {
			t.Errorf("second init: %d %s", code, errOut)
		}
		if after, _ := os.ReadFile(lex); string(after) != string(before) {
			t.Error("second init changed the lexicon")
		}
	}
}

// syncWriter is a writer safe for the concurrent writes of a server's
// logger.
type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func TestReportCommand(t *testing.T) {
	for _, c := range []struct {
		args   []string
		golden string
	}{
		{[]string{"report", "--no-config", "examples/transcripts/support-export.jsonl"}, "report.txt"},
		{[]string{"report", "--no-config", "-f", "json", "examples/transcripts/support-export.jsonl"}, "report.json"},
		{[]string{"report", "--no-config", "-f", "csv", "--by", "conversation", "examples/transcripts/support-export.jsonl"}, "report-conversations.csv"},
		{[]string{"report", "--no-config", "-f", "csv", "--by", "phrase", "--period", "day", "examples/transcripts/support-export.jsonl"}, "report-phrases.csv"},
	} {
		code, out, errOut := lexlint(t, "", c.args...)
		if code != 0 || errOut != "" {
			// Not a terminal: no progress bar on standard error.
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errOut)
		}
		golden(t, c.golden, out)
	}
	// The example HTML report in examples/ is what report -f html writes.
	_, html, _ := lexlint(t, "", "report", "--no-config", "-f", "html", "examples/transcripts/support-export.jsonl")
	if want, _ := os.ReadFile("examples/report.html"); string(want) != html {
		t.Error("examples/report.html is out of date: run lexlint report -f html examples/transcripts/support-export.jsonl > examples/report.html")
	}
	code, out, _ := lexlint(t, "", "report", "--no-config", "--anonymize", "--anonymize-key", "k", "-f", "json", "examples/transcripts/support-export.jsonl")
	if code != 0 || strings.Contains(out, `"Alex"`) || !strings.Contains(out, `"agent-`) {
		t.Errorf("--anonymize: %d", code)
	}
	if code, _, errOut := lexlint(t, "", "report", "--no-config", "--by", "mood", "examples/transcripts/support-export.jsonl"); code != 2 || !strings.Contains(errOut, "--by") {
		t.Errorf("bad --by: %d %s", code, errOut)
	}
}

// TestProfiles checks that --cpuprofile and --memprofile write pprof files
// (gzip-compressed protocol buffers) also when the command ends with
// findings, and that an unwritable path is a usage error.
func TestProfiles(t *testing.T) {
	if f := flag.Lookup("test.cpuprofile"); f != nil && f.Value.String() != "" {
		t.Skip("go test is profiling the CPU itself")
	}
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.out"), filepath.Join(dir, "mem.out")
	code, _, stderr := lexlint(t, "That's company policy.\n", "check", "--no-config", "--fail-on", "warning",
		"--cpuprofile", cpu, "--memprofile", mem, "-")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d: %s", code, exitFindings, stderr)
	}
	for _, p := range []string{cpu, mem} {
		b, err := os.ReadFile(p)
		if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: not a pprof file (%d bytes, %v)", p, len(b), err)
		}
	}
	code, _, stderr = lexlint(t, "Hello.\n", "check", "--no-config", "--cpuprofile", filepath.Join(dir, "missing", "cpu.out"), "-")
	if code != exitError || !strings.Contains(stderr, "--cpuprofile:") {
		t.Errorf("unwritable profile: exit %d, %q", code, stderr)
	}
}

// TestDocTeamLexicon keeps the complete lexicon example of the pages
// (docs/lexicons.md) and testdata/lexicons/team.yaml (which the tests
// load) the same.
func TestDocTeamLexicon(t *testing.T) {
	team, err := os.ReadFile("testdata/lexicons/team.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(docsContaining(t, "```yaml\n"+string(team)+"```\n")) == 0 {
		t.Error("no page of README.md and docs/ holds the complete lexicon example as testdata/lexicons/team.yaml has it: make them the same")
	}
}

// TestUTF16 checks UTF-16 input (little and big endian, with a BOM, as
// Excel's "Unicode text"): findings with lines and columns in characters
// (an emoji is one) and byte offsets into the UTF-16 file, the same lines
// and columns as the UTF-8 text; --fix leaves the file alone and says why.
func TestUTF16(t *testing.T) {
	text := "Hi Sam,\n“That’s company policy,” I said. 😀 You must pay. No problem!\n"
	dir := t.TempDir()
	utf8Path := filepath.Join(dir, "u8.txt")
	os.WriteFile(utf8Path, []byte(text), 0o644)
	_, want, _ := lexlint(t, "", "check", "-f", "jsonl", "--lang", "en", utf8Path)
	for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
		units := utf16.Encode([]rune(text))
		data := []byte(bom)
		for _, u := range units {
			if bom == "\xff\xfe" {
				data = append(data, byte(u), byte(u>>8))
			} else {
				data = append(data, byte(u>>8), byte(u))
			}
		}
		path := filepath.Join(dir, "u16.txt")
		os.WriteFile(path, data, 0o644)
		_, out, errOut := lexlint(t, "", "check", "-f", "jsonl", "--lang", "en", path)
		var got, exp []map[string]any
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var m map[string]any
			json.Unmarshal([]byte(l), &m)
			got = append(got, m)
		}
		for _, l := range strings.Split(strings.TrimSpace(want), "\n") {
			var m map[string]any
			json.Unmarshal([]byte(l), &m)
			exp = append(exp, m)
		}
		if len(got) != len(exp) || len(got) < 2 {
			t.Fatalf("%q: %d findings, want %d: %s %s", bom, len(got), len(exp), out, errOut)
		}
		for i := range got {
			for _, k := range []string{"line", "column", "end_line", "end_column", "match", "rule"} {
				if got[i][k] != exp[i][k] {
					t.Errorf("%q finding %d: %s %v, want %v", bom, i, k, got[i][k], exp[i][k])
				}
			}
		}
		// "That’s company policy" starts after the BOM, 8 characters of line
		// 1 and "“", each one UTF-16 unit: byte 2 + 2*9 = 20, 21 units long.
		if got[0]["offset"] != 20.0 || got[0]["end_offset"] != 62.0 {
			t.Errorf("%q: offsets %v-%v, want 20-62", bom, got[0]["offset"], got[0]["end_offset"])
		}
		code, _, errOut := lexlint(t, "", "check", "--fix", "--fail-on", "none", "--lang", "en", path)
		if after, _ := os.ReadFile(path); string(after) != string(data) || code != 2 || !strings.Contains(errOut, "UTF-16") {
			t.Errorf("--fix on UTF-16: exit %d, %s", code, errOut)
		}
	}
}

// TestMinSeverity checks that --min-severity hides the findings below it
// while --fail-on still counts them.
func TestMinSeverity(t *testing.T) {
	code, out, _ := lexlint(t, "", "check", "--no-config", "--min-severity", "warning", "--fail-on", "suggestion", "testdata/input/suggestion-only.txt")
	if code != 1 || strings.Contains(out, "suggestion [") || !strings.HasPrefix(out, "No findings") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, out, _ = lexlint(t, "", "check", "--no-config", "-f", "jsonl", "--min-severity", "error", "examples/drafts/")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.Contains(line, `"severity":"error"`) {
			t.Errorf("below error: %s", line)
		}
	}
	if code != 1 || out == "" {
		t.Errorf("exit %d, %d bytes", code, len(out))
	}
}

// TestReportFlags checks report's --role, --by and --anonymize without a key.
func TestReportFlags(t *testing.T) {
	export := "examples/transcripts/support-export.jsonl"
	code, out, _ := lexlint(t, "", "report", "--no-config", "-q", "--role", "all", "-f", "csv", export)
	if code != 0 || !strings.Contains(out, "\n(bot),1,1,9,") || !strings.Contains(out, "\nAlex,1,2,22,6,") {
		t.Errorf("--role all: exit %d\n%s", code, out)
	}
	for _, tt := range []struct{ args, stderr string }{
		{"--role customer", "never holds customers' text"},
		{"--by agent", "--by chooses the rows of -f csv"},
	} {
		code, _, errOut := lexlint(t, "", append(append([]string{"report", "--no-config", "-q"}, strings.Fields(tt.args)...), export)...)
		if code != 2 || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%s: exit %d, %s", tt.args, code, errOut)
		}
	}
	code, out, errOut := lexlint(t, "", "report", "--no-config", "-q", "--anonymize", "-f", "csv", export)
	if code != 0 || !strings.Contains(errOut, "random key") || strings.Contains(out, "Alex") || !strings.Contains(out, "agent-") {
		t.Errorf("--anonymize without a key: exit %d, %s\n%s", code, errOut, out)
	}
}

// TestEmptyRun checks that a check that finds nothing to read is an error
// naming what the walk left out, unless --allow-empty.
func TestEmptyRun(t *testing.T) {
	code, _, errOut := lexlint(t, "", "check", "--no-config", "examples/macros/")
	if code != 2 || !strings.Contains(errOut, "examples/macros/returns.yaml: read with --input macros") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if code, out, _ := lexlint(t, "", "check", "--no-config", "--allow-empty", "examples/macros/"); code != 0 || !strings.HasPrefix(out, "No findings in 0 files") {
		t.Errorf("--allow-empty: exit %d: %s", code, out)
	}
}

// TestConfigPrintRoundTrip checks that config print writes YAML that
// --config reads back to the same settings, and JSON with the same values.
func TestConfigPrintRoundTrip(t *testing.T) {
	_, printed, errOut := lexlint(t, "", "config", "print", "--config", "testdata/config/lexlint.yaml")
	path := filepath.Join(t.TempDir(), "printed.yaml")
	os.WriteFile(path, []byte(printed), 0o644)
	values := func(args ...string) []any {
		t.Helper()
		code, out, errOut := lexlint(t, "", append([]string{"config", "print", "-o", "json"}, args...)...)
		var doc struct {
			Settings []struct {
				Key, Source string
				Value       any
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
			t.Fatalf("exit %d, %v: %s", code, err, errOut)
		}
		var vs []any
		for _, s := range doc.Settings {
			vs = append(vs, s.Key, s.Value)
		}
		return vs
	}
	want, got := values("--config", "testdata/config/lexlint.yaml"), values("--config", path)
	if fmt.Sprint(got) != fmt.Sprint(want) || len(want) < 20 {
		t.Errorf("read back:\n%v\nwant\n%v\n(printed: %s %s)", got, want, printed, errOut)
	}
}

// TestCompletion checks that the shell completes flag values and file
// arguments by input format.
func TestCompletion(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "check", "--format", ""}, []string{"sarif", "junit", ":4"}},
		{[]string{"__complete", "check", "--lang", ""}, []string{"nl", "en"}},
		{[]string{"__complete", "check", "--input", "csv", ""}, []string{"csv", ":8"}},
		{[]string{"__complete", "report", "--role", ""}, []string{"bot", "all"}},
	} {
		_, out, _ := lexlint(t, "", tt.args...)
		for _, w := range tt.want {
			if !strings.Contains(out, w+"\n") {
				t.Errorf("%v: %q lacks %q", tt.args, out, w)
			}
		}
	}
}

// TestLexiconCommandsAsCheck checks that the lexicon subcommands load
// lexicons as check does: the configuration's lexicons and rule levels,
// --lexicon on list, the root's flags everywhere, explain from standard
// input.
func TestLexiconCommandsAsCheck(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lexlint.yaml")
	if err := os.WriteFile(cfg, []byte("lexicons: [builtin:en]\nrules:\n  en.rigid.company-policy: \"off\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const text = "That's company policy, as I already said."
	tests := []struct {
		name, stdin string
		args        []string
		code        int
		has, hasNot []string
	}{
		{"explain honours the config", "", []string{"--config", cfg, "lexicon", "explain", text}, 0,
			[]string{"en.passive-aggressive.as-i-said"}, []string{"en.rigid.company-policy"}},
		{"explain without it", "", []string{"--no-config", "lexicon", "explain", text}, 0,
			[]string{"en.passive-aggressive.as-i-said", "en.rigid.company-policy"}, nil},
		{"explain from standard input", text, []string{"--no-config", "lexicon", "explain", "-"}, 0,
			[]string{"en.rigid.company-policy"}, nil},
		{"list honours the config", "", []string{"--config", cfg, "lexicon", "list", "--category", "rigid"}, 0,
			[]string{"en.rigid.you-must"}, []string{"en.rigid.company-policy", "nl."}},
		{"list --lexicon", "", []string{"--no-config", "lexicon", "list", "-l", "builtin:nl", "--category", "rigid"}, 0,
			[]string{"nl.rigid.beleid"}, []string{"en.rigid"}},
		{"test --no-color", "", []string{"lexicon", "test", "--no-color", "testdata/lexicons/team.yaml"}, 0,
			[]string{"passed, 0 failed"}, nil},
		{"validate the config's lexicons", "", []string{"--config", cfg, "lexicon", "validate"}, 0,
			[]string{"builtin:en valid"}, []string{"builtin:nl"}},
		{"--no-color after check", "", []string{"check", "--no-color", "--no-config", "-"}, 0, []string{"No findings"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := lexlint(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, errOut)
			}
			hasAll(t, out, tt.has, tt.hasNot)
		})
	}
}

// TestLanguageFromTextAlone checks a Dutch draft with an English team
// lexicon: detected as Dutch from the text, so no English findings (not
// even the English greeting and closing), and the summary says nl.
func TestLanguageFromTextAlone(t *testing.T) {
	const draft = "Dat is ons beleid. U moet het formulier eerst invullen, anders kan ik niets doen.\n"
	code, out, errOut := lexlint(t, draft, "check", "--no-config", "-f", "json", "-l", "testdata/lexicons/team.yaml", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Findings []struct{ Rule string }
		Summary  struct{ Languages map[string]int }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 0 || doc.Summary.Languages["nl"] != 1 || len(doc.Summary.Languages) != 1 {
		t.Errorf("findings %v, languages %v: want none, nl", doc.Findings, doc.Summary.Languages)
	}
	// With the Dutch built-in as well, the Dutch entries apply.
	_, out, _ = lexlint(t, draft, "check", "--no-config", "-f", "jsonl", "-l", "testdata/lexicons/team.yaml", "-l", "builtin:nl", "-")
	if !strings.Contains(out, `"rule":"nl.rigid.beleid"`) || strings.Contains(out, `"rule":"en.`) {
		t.Errorf("with builtin:nl too:\n%s", out)
	}
}

// TestInitLanguage checks that init without --lang takes the language of
// the replies in its folder, says so, and falls back to Dutch when they do
// not tell (no terminal to ask).
func TestInitLanguage(t *testing.T) {
	tests := []struct {
		name, file, text, lang, says string
	}{
		{"english replies", "reply.txt", "Hi Sam, thanks for your message. I will check the order for you.", "en", "are English"},
		{"dutch macros", "macros.yaml", "- id: a\n  body: Goedemorgen, bedankt voor uw bericht. Ik kijk het voor u na.\n", "nl", "are Dutch"},
		{"nothing to tell", "notes.txt", "OK!", "nl", "do not tell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := lexlint(t, "", "init", "--dir", dir)
			if code != 0 || !strings.Contains(out, "language: "+tt.lang+" (") || !strings.Contains(out, tt.says) {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			// One file does not make a folder clearly of one language.
			cfg, err := os.ReadFile(filepath.Join(dir, ".lexlint.yaml"))
			if err != nil || !strings.Contains(string(cfg), "\nlang: auto ") || !strings.Contains(out, "lang: auto in .lexlint.yaml") {
				t.Errorf(".lexlint.yaml: %v\n%s", err, cfg)
			}
			lex, _ := os.ReadFile(filepath.Join(dir, "team-lexicon.yaml"))
			if !strings.Contains(string(lex), "extends: [builtin:"+tt.lang+"]") {
				t.Errorf("team-lexicon.yaml:\n%s", lex)
			}
		})
	}
}

// hasAll checks that out contains every string of has and none of not.
func hasAll(t *testing.T, out string, has, not []string) {
	t.Helper()
	for _, s := range has {
		if !strings.Contains(out, s) {
			t.Errorf("no %q in\n%s", s, out)
		}
	}
	for _, s := range not {
		if strings.Contains(out, s) {
			t.Errorf("%q in\n%s", s, out)
		}
	}
}
