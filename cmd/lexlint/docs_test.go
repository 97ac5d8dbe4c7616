package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

// A docPage is README.md or a page under docs/, as the tests read it.
type docPage struct {
	path string // from the repository root
	text string
}

// docPages reads README.md and every docs/*.md: the pages whose examples,
// snippets and links the tests keep true. A page added to docs/ is
// covered without a change here.
func docPages(t *testing.T) []docPage {
	t.Helper()
	paths, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var pages []docPage
	for _, p := range append([]string{"README.md"}, paths...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, docPage{path: p, text: string(data)})
	}
	return pages
}

// docsContaining returns the pages that contain s.
func docsContaining(t *testing.T, s string) []docPage {
	t.Helper()
	var out []docPage
	for _, p := range docPages(t) {
		if strings.Contains(p.text, s) {
			out = append(out, p)
		}
	}
	return out
}

// An example is a command a page shows with the output it shows for it: a
// line "$ lexlint ARGS" in a fenced block, and the lines after it up to the
// next "$ " line or the end of the block.
type example struct {
	path string // the page
	line int    // of the command in the page
	args []string
	want []string
}

// docExamples finds the command examples of a page.
func docExamples(t *testing.T, page docPage) []example {
	t.Helper()
	var out []example
	inBlock := false
	for i, line := range strings.Split(page.text, "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			inBlock = !inBlock
		case !inBlock:
		case strings.HasPrefix(line, "$ lexlint "):
			args, err := shellWords(strings.TrimPrefix(line, "$ lexlint "))
			if err != nil {
				t.Fatalf("%s:%d: %v", page.path, i+1, err)
			}
			out = append(out, example{path: page.path, line: i + 1, args: args})
		case strings.HasPrefix(line, "$ "):
			t.Fatalf("%s:%d: an example of another command than lexlint: %s", page.path, i+1, line)
		case len(out) > 0 && out[len(out)-1].line+len(out[len(out)-1].want)+1 == i+1:
			out[len(out)-1].want = append(out[len(out)-1].want, line)
		}
	}
	return out
}

// shellWords splits a command line as a POSIX shell would for the forms the
// pages use: words, "double" and 'single' quoted strings. Anything else
// (pipes, redirections, variables) is an error: the example would not be
// what the test runs.
func shellWords(s string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case c == '"' || c == '\'':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("unclosed quote in %s", s)
			}
			word.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case strings.IndexByte("|<>$`;&\\*?", c) >= 0:
			return nil, fmt.Errorf("%q in %s: the example test runs no shell", c, s)
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

// matchLines reports whether got matches want, where a line "..." stands
// for any number of lines and "..." inside a line for any text.
func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for skip := 0; skip <= len(got); skip++ {
			if matchLines(want[1:], got[skip:]) {
				return true
			}
		}
		return false
	}
	if len(got) == 0 {
		return false
	}
	parts := strings.Split(want[0], "...")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	if !regexp.MustCompile("^" + strings.Join(parts, ".*") + "$").MatchString(got[0]) {
		return false
	}
	return matchLines(want[1:], got[1:])
}

// TestDocExamples runs every "$ lexlint ..." example in README.md and
// docs/*.md from the repository root and checks that the command prints
// what the page shows (standard output, then standard error), with "..."
// for what the page leaves out. An example cannot go stale, wherever it
// moves.
func TestDocExamples(t *testing.T) {
	var examples []example
	for _, page := range docPages(t) {
		examples = append(examples, docExamples(t, page)...)
	}
	if len(examples) < 10 {
		t.Fatalf("found %d examples in README.md and docs/", len(examples))
	}
	for _, ex := range examples {
		_, out, errOut := lexlint(t, "", ex.args...)
		got := strings.Split(strings.TrimSuffix(out+errOut, "\n"), "\n")
		for i := range got { // trailing spaces and CRs are not compared: editors strip them
			got[i] = strings.TrimRight(got[i], " \r")
		}
		for i := range ex.want {
			ex.want[i] = strings.TrimRight(ex.want[i], " ")
		}
		if !matchLines(ex.want, got) {
			t.Errorf("%s:%d: lexlint %s prints\n%s\nbut the page shows\n%s",
				ex.path, ex.line, strings.Join(ex.args, " "), strings.Join(got, "\n"), strings.Join(ex.want, "\n"))
		}
	}
}

func TestMatchLines(t *testing.T) {
	tests := []struct {
		want, got string
		ok        bool
	}{
		{"a\nb", "a\nb", true},
		{"a\nb", "a\nb\nc", false},
		{"a\n...", "a\nb\nc", true},
		{"...\nc", "a\nb\nc", true},
		{"a\n...\nc", "a\nc", true},
		{"a ... z", "a b c z", true},
		{"a ... z", "a b c", false},
		{"x(1)", "x(1)", true},
	}
	for _, tt := range tests {
		if got := matchLines(strings.Split(tt.want, "\n"), strings.Split(tt.got, "\n")); got != tt.ok {
			t.Errorf("matchLines(%q, %q) = %v", tt.want, tt.got, got)
		}
	}
}

// TestDocJSONExample checks the --format json example of the pages: the
// command it names prints the same JSON value (layout aside) as the block
// after it, on every page that shows it.
func TestDocJSONExample(t *testing.T) {
	const cmd = "`lexlint check --format json --lexicon testdata/lexicons/team.yaml testdata/input/crlf-bom.txt`"
	pages := docsContaining(t, cmd)
	if len(pages) == 0 {
		t.Fatal("no page of README.md and docs/ holds the JSON example's command")
	}
	args, err := shellWords(strings.Trim(cmd, "`"))
	if err != nil {
		t.Fatal(err)
	}
	_, out, _ := lexlint(t, "", args[1:]...)
	var got any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("the command's output: %v", err)
	}
	for _, page := range pages {
		_, rest, _ := strings.Cut(page.text, cmd)
		_, block, _ := strings.Cut(rest, "```json\n")
		block, _, _ = strings.Cut(block, "```\n")
		var want any
		if err := json.Unmarshal([]byte(block), &want); err != nil {
			t.Errorf("%s's JSON example: %v", page.path, err)
		} else if !reflect.DeepEqual(want, got) {
			t.Errorf("%s's JSON example differs from what the command prints:\n%s", page.path, out)
		}
	}
}

// TestReadmeGoVersion keeps the README's "With Go 1.N or newer" the go
// line of go.mod.
func TestReadmeGoVersion(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)(\.0)?$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod's go line is not go 1.N or go 1.N.0")
	}
	if want := "With Go " + string(m[1]) + " or newer"; !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not say %q, as go.mod's go line does", want)
	}
}

// headingSlug is the anchor GitHub gives a Markdown heading: the heading's
// text (links reduced to their text) in lower case, without punctuation
// other than hyphens and underscores, each space a hyphen.
func headingSlug(heading string) string {
	heading = mdLink.ReplaceAllString(heading, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdLink matches an inline link or image: its text and its target (a
// title after the target is left out).
var mdLink = regexp.MustCompile(`!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// codeSpan matches inline code, whose brackets are no links.
var codeSpan = regexp.MustCompile("`[^`\n]*`")

// A proseLine is a line of a page outside fenced code blocks.
type proseLine struct {
	n    int // line number
	text string
}

// prose returns the lines of a page outside fenced code blocks.
func prose(text string) []proseLine {
	var lines []proseLine
	inBlock := false
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inBlock = !inBlock
			continue
		}
		if !inBlock {
			lines = append(lines, proseLine{i + 1, line})
		}
	}
	return lines
}

// anchors returns the anchors of a page's headings, numbered as GitHub
// numbers repeated ones (-1, -2, ...).
func anchors(text string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, pl := range prose(text) {
		line := pl.text
		level := len(line) - len(strings.TrimLeft(line, "#"))
		if level == 0 || level > 6 || !strings.HasPrefix(line[level:], " ") {
			continue
		}
		slug := headingSlug(strings.TrimRight(line[level:], " #"))
		if k := seen[slug]; k > 0 {
			out[fmt.Sprintf("%s-%d", slug, k)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}

// checkTarget reports what is wrong with a relative link target from the
// page at from (a path from the repository root), or "" when the file
// exists and, for a Markdown file, has the anchor.
func checkTarget(from, target string) string {
	file, anchor, _ := strings.Cut(target, "#")
	path := from
	if file != "" {
		path = filepath.Join(filepath.Dir(from), filepath.FromSlash(file))
		if _, err := os.Stat(path); err != nil {
			return fmt.Sprintf("%s does not exist", path)
		}
	}
	if anchor == "" || !strings.HasSuffix(path, ".md") {
		return ""
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	if !anchors(string(data))[anchor] {
		return fmt.Sprintf("%s has no heading with the anchor #%s", path, anchor)
	}
	return ""
}

// TestDocLinks checks every relative link and image in README.md and
// docs/*.md: the file exists, and a Markdown file has the heading the
// anchor names (GitHub's anchors). Every page of docs/ must be reachable
// from README.md.
func TestDocLinks(t *testing.T) {
	reached := map[string]bool{}
	links := map[string][]string{} // page -> Markdown pages it links to
	for _, page := range docPages(t) {
		for _, pl := range prose(page.text) {
			n, line := pl.n, codeSpan.ReplaceAllString(pl.text, "")
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				target := m[2]
				if strings.Contains(target, ":") { // a URL: https:, mailto:, ...
					continue
				}
				if problem := checkTarget(page.path, target); problem != "" {
					t.Errorf("%s:%d: link %s: %s", page.path, n, target, problem)
					continue
				}
				file, _, _ := strings.Cut(target, "#")
				if strings.HasSuffix(file, ".md") {
					links[page.path] = append(links[page.path], filepath.ToSlash(filepath.Join(filepath.Dir(page.path), file)))
				}
			}
		}
	}
	queue := []string{"README.md"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if reached[p] {
			continue
		}
		reached[p] = true
		queue = append(queue, links[p]...)
	}
	for _, page := range docPages(t) {
		if !reached[page.path] {
			t.Errorf("%s cannot be reached by links from README.md: link it from docs/README.md", page.path)
		}
	}
}

func TestHeadingSlug(t *testing.T) {
	tests := []struct{ heading, slug string }{
		{"Fixing: `--fix`", "fixing---fix"},
		{"Configuration: `.lexlint.yaml`", "configuration-lexlintyaml"},
		{"In the helpdesk's reply box: the browser extension", "in-the-helpdesks-reply-box-the-browser-extension"},
		{"Merging reports of shards: `lexlint report merge`", "merging-reports-of-shards-lexlint-report-merge"},
		{"What a phrase count cannot show: shifts, scripts, names, register and waiting times",
			"what-a-phrase-count-cannot-show-shifts-scripts-names-register-and-waiting-times"},
		{"Taal en één [link](x.md)", "taal-en-één-link"},
		{"snake_case and 2.0", "snake_case-and-20"},
	}
	for _, tt := range tests {
		if got := headingSlug(tt.heading); got != tt.slug {
			t.Errorf("headingSlug(%q) = %q, want %q", tt.heading, got, tt.slug)
		}
	}
	got := anchors("# A\n## A\n```\n# A\n```\n## A\n")
	for _, want := range []string{"a", "a-1", "a-2"} {
		if !got[want] {
			t.Errorf("anchors: no %s in %v", want, got)
		}
	}
	if got["a-3"] {
		t.Errorf("anchors counted a heading inside a code block: %v", got)
	}
}

// commandPaths returns the path of every command under c ("check",
// "report merge"), cobra's completion and help commands included.
func commandPaths(c *cobra.Command) []string {
	var out []string
	for _, sub := range c.Commands() {
		path := strings.TrimPrefix(sub.CommandPath(), "lexlint ")
		out = append(out, path)
		out = append(out, commandPaths(sub)...)
	}
	return out
}

// TestHelpNamesDocs checks that the help of lexlint and of every command
// ends with the address of its page of the documentation, that the page
// and its anchor exist, and that the main commands name their own page.
func TestHelpNamesDocs(t *testing.T) {
	root := newRootCmd(env{global: &globalFlags{}}, &profiler{})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	paths := append([]string{""}, commandPaths(root)...)
	if len(paths) < 15 {
		t.Fatalf("found %d commands: %v", len(paths), paths)
	}
	want := map[string]string{ // the page each main command must name
		"":             "docs/README.md",
		"check":        "docs/checking.md",
		"serve":        "docs/checking.md",
		"extension":    "docs/checking.md",
		"lsp":          "docs/checking.md",
		"report":       "docs/qa.md",
		"report merge": "docs/qa.md",
		"config print": "docs/configuration.md",
		"init":         "docs/lexicons.md",
		"lexicon test": "docs/lexicons.md",
	}
	docsLine := regexp.MustCompile(`\n\nDocs: ` + regexp.QuoteMeta(docsBase) + `(\S+)\n$`)
	for _, path := range paths {
		args := append(strings.Fields(path), "--help")
		code, out, errOut := lexlint(t, "", args...)
		if code != exitClean {
			t.Errorf("lexlint %s: exit %d: %s", strings.Join(args, " "), code, errOut)
			continue
		}
		m := docsLine.FindStringSubmatch(out)
		if m == nil {
			t.Errorf("lexlint %s does not end with a Docs line:\n%s", strings.Join(args, " "), out)
			continue
		}
		if problem := checkTarget("README.md", m[1]); problem != "" {
			t.Errorf("lexlint %s names %s: %s", strings.Join(args, " "), m[1], problem)
		}
		if page, ok := want[path]; ok && !strings.HasPrefix(m[1], page) {
			t.Errorf("lexlint %s names %s, want %s", strings.Join(args, " "), m[1], page)
		}
		delete(want, path)
	}
	for path := range want {
		t.Errorf("no command %q", path)
	}
}

// TestDocRepositoryConfig loads the repository configuration that
// docs/ci.md shows, as config print would, so that every key and level in
// it stays valid.
func TestDocRepositoryConfig(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, ".lexlint.yaml")
	if err := os.WriteFile(file, []byte(docBlock(t, "**.lexlint.yaml** for a library", "yaml")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := lexlint(t, "", "config", "print", "--config", file)
	if code != exitClean {
		t.Fatalf("config print: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"input: macros", "fail_on: warning", "en.negative.unfortunately: suggestion"} {
		if !strings.Contains(out, want) {
			t.Errorf("config print lacks %q:\n%s", want, out)
		}
	}
}

// TestDocActionInputs checks that the GitHub Action steps the pages show
// (README.md and docs/ci.md) use the action's own name and only inputs
// that action.yml declares.
func TestDocActionInputs(t *testing.T) {
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]any `yaml:"inputs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	for _, after := range []string{"## For CI maintainers", "- **GitHub Action**"} {
		block := docBlock(t, after, "yaml")
		var steps []struct {
			Uses string         `yaml:"uses"`
			With map[string]any `yaml:"with"`
		}
		if err := yaml.Unmarshal([]byte(dedent(block)), &steps); err != nil {
			t.Fatalf("the yaml block after %q: %v", after, err)
		}
		found := false
		for _, s := range steps {
			if !strings.HasPrefix(s.Uses, "lexlint/lexlint@") {
				continue
			}
			found = true
			for k := range s.With {
				if _, ok := action.Inputs[k]; !ok {
					t.Errorf("the step after %q sets %q, which action.yml does not declare", after, k)
				}
			}
		}
		if !found {
			t.Errorf("the yaml block after %q has no step that uses lexlint/lexlint@...", after)
		}
	}
}

// dedent removes the indentation of a block's first line from every line,
// for a block inside a list item.
func dedent(block string) string {
	first := strings.SplitN(block, "\n", 2)[0]
	indent := first[:len(first)-len(strings.TrimLeft(first, " "))]
	var b strings.Builder
	for _, line := range strings.SplitAfter(block, "\n") {
		b.WriteString(strings.TrimPrefix(line, indent))
	}
	return b.String()
}
