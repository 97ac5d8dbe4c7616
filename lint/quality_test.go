package lint

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/fix"
	"github.com/lexlint/lexlint/lexicon"
)

// Targets of the dev set in testdata/quality: the share of flag lines that
// draw a finding (recall) and of pass lines that draw a warning or an error
// (false alarms), in all, and for each set (register) on its own.
const (
	minRecall         = 0.95
	maxFalseAlarms    = 0.01
	maxSetFalseAlarms = 1.0 / 30
)

// qualityDir is the dev set's folder: testdata/quality, or the folder
// LEXLINT_QUALITY_DIR names (a fresh blind set, scored without the targets).
func qualityDir() (dir string, fresh bool) {
	if d := os.Getenv("LEXLINT_QUALITY_DIR"); d != "" {
		return d, true
	}
	return filepath.Join("..", "testdata", "quality"), false
}

// devLines reads a dev-set file of the quality folder: one sentence a line,
// # starts a comment.
func devLines(t *testing.T, name string) []string {
	t.Helper()
	dir, _ := qualityDir()
	return readLines(t, filepath.Join(dir, name))
}

// readLines reads one sentence a line; blank lines and # comments are left
// out.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
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

// qualitySets lists a language's sets in the quality folder: LANG-flag.txt
// and LANG-REGISTER-flag.txt, each with its -pass.txt, by register ("" for
// the first set).
func qualitySets(t *testing.T, lang string) []string {
	t.Helper()
	dir, _ := qualityDir()
	names, err := filepath.Glob(filepath.Join(dir, lang+"*-flag.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, name := range names {
		base := strings.TrimSuffix(filepath.Base(name), "-flag.txt")
		sets = append(sets, strings.TrimPrefix(strings.TrimPrefix(base, lang), "-"))
	}
	return sets
}

// maxCorpusAlarms is the most warnings and errors the built-ins may raise
// per 1,000 words of real agent text.
const maxCorpusAlarms = 1.0

// flagged reports whether a line draws a finding (at any severity) and a
// warning or an error, and which rules it draws.
func flagged(t *testing.T, l *Linter, line string) (found, alarm bool, rules []string) {
	t.Helper()
	res, err := l.Check(context.Background(), Document{Text: []byte(line)})
	if err != nil {
		t.Fatal(err)
	}
	spans := map[[2]int]string{}
	for _, f := range res.Findings {
		if other, ok := spans[[2]int{f.Offset, f.EndOffset}]; ok && other != f.Rule && f.Match != "" {
			t.Errorf("%q: %s and %s report the same words %q: keep the wording in one entry", line, other, f.Rule, f.Match)
		}
		spans[[2]int{f.Offset, f.EndOffset}] = f.Rule
		found = true
		alarm = alarm || f.Severity >= lexicon.SeverityWarning
		rules = append(rules, f.Severity.String()+" "+f.Rule+" "+`"`+f.Match+`"`)
	}
	return found, alarm, rules
}

// score is what a set of lines gave: of the flag lines, those caught (a
// finding at any severity: officialese and vague promises are suggestions
// by design) and those caught by a warning or an error; of the pass lines,
// those with a warning or an error (false alarms) and those with a
// suggestion only (noise, kept in view).
type score struct{ caught, strong, flags, alarms, noise, passes int }

func (s *score) add(o score) {
	s.caught += o.caught
	s.strong += o.strong
	s.noise += o.noise
	s.flags += o.flags
	s.alarms += o.alarms
	s.passes += o.passes
}

func (s score) recall() float64     { return float64(s.caught) / float64(max(s.flags, 1)) }
func (s score) falseAlarm() float64 { return float64(s.alarms) / float64(max(s.passes, 1)) }

func (s score) String() string {
	return fmt.Sprintf("recall %.1f%% (%d of %d flag lines; %d by a warning or error), false alarms %.1f%% (%d of %d pass lines; %d more with a suggestion)",
		100*s.recall(), s.caught, s.flags, s.strong, 100*s.falseAlarm(), s.alarms, s.passes, s.noise)
}

// scoreSet scores one set (LANG-REGISTER-flag.txt and -pass.txt), logging
// each miss and false alarm unless quiet.
func scoreSet(t *testing.T, l *Linter, lang, set string, quiet bool) score {
	name := lang
	if set != "" {
		name += "-" + set
	}
	var sc score
	for _, line := range devLines(t, name+"-flag.txt") {
		sc.flags++
		found, alarm, _ := flagged(t, l, line)
		if found {
			sc.caught++
		} else if !quiet {
			t.Logf("miss (%s): %s", name, line)
		}
		if alarm {
			sc.strong++
		}
	}
	for _, line := range devLines(t, name+"-pass.txt") {
		sc.passes++
		found, alarm, rules := flagged(t, l, line)
		switch {
		case alarm:
			sc.alarms++
			if !quiet {
				t.Logf("false alarm (%s): %s  <- %s", name, line, strings.Join(rules, ", "))
			}
		case found:
			sc.noise++
			if !quiet {
				t.Logf("suggestion (%s): %s  <- %s", name, line, strings.Join(rules, ", "))
			}
		}
	}
	return sc
}

// TestQuality measures the built-in lexicons on the dev set, with language
// detection as check uses it: go test ./lint -run TestQuality -v prints the
// figures of each set (register) and in all, every miss and every false
// alarm. LEXLINT_QUALITY_DIR=DIR scores a fresh set laid out the same way
// without the targets; LEXLINT_QUALITY_QUIET=1 prints the figures alone (for
// a held-out set nobody should read).
func TestQuality(t *testing.T) {
	l := compiledBuiltins(t)
	_, fresh := qualityDir()
	quiet := os.Getenv("LEXLINT_QUALITY_QUIET") != ""
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			var all score
			for _, set := range qualitySets(t, lang) {
				sc := scoreSet(t, l, lang, set, quiet)
				name := cmp.Or(set, "(first set)")
				t.Logf("%s %s: %v", lang, name, sc)
				all.add(sc)
				if !fresh && (sc.recall() < minRecall || sc.falseAlarm() > maxSetFalseAlarms) {
					t.Errorf("%s %s: recall %.1f%% (at least %.0f%%), false alarms %.1f%% (at most 1 in 30)",
						lang, name, 100*sc.recall(), 100*minRecall, 100*sc.falseAlarm())
				}
			}
			t.Logf("%s in all: %v", lang, all)
			if fresh {
				return
			}
			if all.recall() < minRecall {
				t.Errorf("%s recall %.1f%% is below %.0f%%", lang, 100*all.recall(), 100*minRecall)
			}
			if all.falseAlarm() > maxFalseAlarms {
				t.Errorf("%s false alarms %.1f%% are above %.0f%%", lang, 100*all.falseAlarm(), 100*maxFalseAlarms)
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

// TestBuiltinFixes applies every built-in fix to its entry's flag examples
// and to the dev-set lines the entry matches: the rewritten line must no
// longer draw the entry nor any new warning or error. Each rewrite is
// logged (go test -v) for a reviewer to read.
func TestBuiltinFixes(t *testing.T) {
	l := compiledBuiltins(t)
	lexs, err := lexicon.Load(lexicon.BuiltinRefs()...)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, lang := range []string{"nl", "en"} {
		for _, set := range qualitySets(t, lang) {
			name := strings.TrimSuffix(lang+"-"+set, "-")
			lines = append(lines, devLines(t, name+"-flag.txt")...)
			lines = append(lines, devLines(t, name+"-pass.txt")...)
		}
	}
	fixes := 0
	for _, lex := range lexs {
		for _, e := range lex.Discouraged {
			if e.Fix == "" {
				continue
			}
			fixes++
			texts := slices.Clone(lines)
			for _, ex := range e.Examples.Flag {
				texts = append(texts, ex.Text)
			}
			for _, text := range texts {
				checkFix(t, l, e, text)
			}
		}
	}
	if fixes == 0 {
		t.Fatal("no built-in entry has a fix: the --fix section of docs/ci.md names one")
	}
}

// checkFix rewrites text's matches of e with e.Fix as --fix does and checks
// the result.
func checkFix(t *testing.T, l *Linter, e *lexicon.Entry, text string) {
	t.Helper()
	res, err := l.Check(context.Background(), Document{Text: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	last, alarms := 0, 0
	for _, f := range res.Findings {
		if f.Rule == e.ID && f.Offset >= last {
			b.WriteString(text[last:f.Offset])
			b.WriteString(fix.Case(f.Match, e.Fix))
			last = f.EndOffset
		} else if f.Severity >= lexicon.SeverityWarning {
			alarms++
		}
	}
	if last == 0 {
		return
	}
	b.WriteString(text[last:])
	after := b.String()
	t.Logf("%s: %q -> %q", e.ID, text, after)
	again, err := l.Check(context.Background(), Document{Text: []byte(after)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range again.Findings {
		if f.Rule == e.ID {
			t.Errorf("%s: the fix of %q still draws the entry: %q", e.ID, text, after)
		}
		if f.Severity >= lexicon.SeverityWarning {
			alarms--
		}
	}
	if alarms < 0 {
		t.Errorf("%s: the fix of %q draws a new warning or error: %q", e.ID, text, after)
	}
}
