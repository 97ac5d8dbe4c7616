package lint

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
)

// Targets of the dev set in testdata/quality: the share of flag lines that
// draw a warning or an error (recall), and of pass lines that do (false
// alarms).
const (
	minRecall      = 0.95
	maxFalseAlarms = 0.01
)

// devLines reads a dev-set file: one sentence a line, # starts a comment.
func devLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "quality", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// maxCorpusAlarms is the most warnings and errors the built-ins may raise
// per 1,000 words of real agent text.
const maxCorpusAlarms = 1.0

// flagged reports whether a line draws a warning or an error, and which
// rules it draws.
func flagged(t *testing.T, l *Linter, line string) (bool, []string) {
	t.Helper()
	res, err := l.Check(context.Background(), Document{Text: []byte(line)})
	if err != nil {
		t.Fatal(err)
	}
	hit := false
	var rules []string
	spans := map[[2]int]string{}
	for _, f := range res.Findings {
		if other, ok := spans[[2]int{f.Offset, f.EndOffset}]; ok && other != f.Rule && f.Match != "" {
			t.Errorf("%q: %s and %s report the same words %q: keep the wording in one entry", line, other, f.Rule, f.Match)
		}
		spans[[2]int{f.Offset, f.EndOffset}] = f.Rule
		if f.Severity >= lexicon.SeverityWarning {
			hit = true
			rules = append(rules, f.Rule+" "+`"`+f.Match+`"`)
		}
	}
	return hit, rules
}

// TestQuality measures the built-in lexicons on the dev set, with language
// detection as check uses it: go test ./lint -run TestQuality -v prints the
// figures, every miss and every false alarm.
func TestQuality(t *testing.T) {
	l := compiledBuiltins(t)
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			flags, passes := devLines(t, lang+"-flag.txt"), devLines(t, lang+"-pass.txt")
			caught := 0
			for _, line := range flags {
				if hit, _ := flagged(t, l, line); hit {
					caught++
				} else {
					t.Logf("miss: %s", line)
				}
			}
			alarms := 0
			for _, line := range passes {
				if hit, rules := flagged(t, l, line); hit {
					alarms++
					t.Logf("false alarm: %s  <- %s", line, strings.Join(rules, ", "))
				}
			}
			recall := float64(caught) / float64(len(flags))
			fa := float64(alarms) / float64(len(passes))
			t.Logf("%s: recall %.1f%% (%d of %d flag lines), false alarms %.1f%% (%d of %d pass lines)",
				lang, 100*recall, caught, len(flags), 100*fa, alarms, len(passes))
			if recall < minRecall {
				t.Errorf("%s recall %.1f%% is below %.0f%%", lang, 100*recall, 100*minRecall)
			}
			if fa > maxFalseAlarms {
				t.Errorf("%s false alarms %.1f%% are above %.0f%%", lang, 100*fa, 100*maxFalseAlarms)
			}
		})
	}
}

// TestCorpusFalseAlarms checks the built-ins on the agent turns of the real
// conversations in ../shared/corpora: at most maxCorpusAlarms warnings and
// errors per 1,000 words, each logged (go test -v) to be read in context.
func TestCorpusFalseAlarms(t *testing.T) {
	l := compiledBuiltins(t)
	msgs := agentMessages(t, "taskmaster4-coffee.jsonl", "abcd-sample.jsonl")
	words, alarms := 0, 0
	for _, m := range msgs {
		res, err := l.Check(context.Background(), Document{Text: []byte(m)})
		if err != nil {
			t.Fatal(err)
		}
		words += res.Words
		for _, f := range res.Findings {
			if f.Severity >= lexicon.SeverityWarning {
				alarms++
				t.Logf("%s %q in: %s", f.Rule, f.Match, m)
			}
		}
	}
	rate := 1000 * float64(alarms) / float64(words)
	t.Logf("%d warnings and errors in %d agent messages, %d words: %.2f per 1,000 words", alarms, len(msgs), words, rate)
	if rate > maxCorpusAlarms {
		t.Errorf("%.2f warnings and errors per 1,000 agent words, more than %.0f", rate, maxCorpusAlarms)
	}
}

// TestSeedsNoAlarms checks that the Dutch articles of ../shared/seeds,
// ordinary prose about service work, draw no warning or error.
func TestSeedsNoAlarms(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "seeds", "*.txt"))
	if len(files) == 0 {
		t.Skip("seeds not available")
	}
	l := compiledBuiltins(t)
	for _, name := range files {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := l.Check(context.Background(), Document{Path: name, Text: text, Lang: "nl"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Severity >= lexicon.SeverityWarning {
				t.Errorf("%s:%d:%d: %s %s %q", name, f.Line, f.Column, f.Severity, f.Rule, f.Match)
			}
		}
	}
}
