package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// An example is a command the README shows with the output it shows for
// it: a line "$ lexlint ARGS" in a fenced block, and the lines after it up
// to the next "$ " line or the end of the block.
type example struct {
	line int // of the command in README.md
	args []string
	want []string
}

// readmeExamples finds the README's command examples.
func readmeExamples(t *testing.T, readme string) []example {
	t.Helper()
	var out []example
	inBlock := false
	for i, line := range strings.Split(readme, "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			inBlock = !inBlock
		case !inBlock:
		case strings.HasPrefix(line, "$ lexlint "):
			args, err := shellWords(strings.TrimPrefix(line, "$ lexlint "))
			if err != nil {
				t.Fatalf("README.md:%d: %v", i+1, err)
			}
			out = append(out, example{line: i + 1, args: args})
		case strings.HasPrefix(line, "$ "):
			t.Fatalf("README.md:%d: an example of another command than lexlint: %s", i+1, line)
		case len(out) > 0 && out[len(out)-1].line+len(out[len(out)-1].want)+1 == i+1:
			out[len(out)-1].want = append(out[len(out)-1].want, line)
		}
	}
	return out
}

// shellWords splits a command line as a POSIX shell would for the forms the
// README uses: words, "double" and 'single' quoted strings. Anything else
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
			return nil, fmt.Errorf("%q in %s: the README test runs no shell", c, s)
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

// TestReadmeExamples runs every "$ lexlint ..." example in README.md from
// the repository root and checks that the command prints what the README
// shows (standard output, then standard error), with "..." for what the
// README leaves out. An example cannot go stale.
func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := readmeExamples(t, string(readme))
	if len(examples) < 10 {
		t.Fatalf("found %d examples in README.md", len(examples))
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
			t.Errorf("README.md:%d: lexlint %s prints\n%s\nbut the README shows\n%s",
				ex.line, strings.Join(ex.args, " "), strings.Join(got, "\n"), strings.Join(ex.want, "\n"))
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

// TestReadmeJSONExample checks the README's --format json example: the
// command it names prints the same JSON value (layout aside).
func TestReadmeJSONExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "`lexlint check --format json --lexicon testdata/lexicons/team.yaml testdata/input/crlf-bom.txt`"
	_, rest, ok := strings.Cut(string(readme), cmd)
	if !ok {
		t.Fatal("README.md lacks the JSON example's command")
	}
	_, block, _ := strings.Cut(rest, "```json\n")
	block, _, _ = strings.Cut(block, "```\n")
	args, err := shellWords(strings.Trim(cmd, "`"))
	if err != nil {
		t.Fatal(err)
	}
	_, out, _ := lexlint(t, "", args[1:]...)
	var want, got any
	if err := json.Unmarshal([]byte(block), &want); err != nil {
		t.Fatalf("README.md's JSON example: %v", err)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("the command's output: %v", err)
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("README.md's JSON example differs from what the command prints:\n%s", out)
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
