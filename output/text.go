package output

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// TextOptions tune the text format.
type TextOptions struct {
	Color   bool
	Version string // lexlint's version, for SARIF
	// FailOn is the failure level: JUnit reports findings below it as
	// passing cases (0: every finding fails).
	FailOn lexicon.Severity
	// Fingerprint names the lexicons and configuration, for Parquet rows.
	Fingerprint string
	// Now is the clock of JUnit's times (default time.Now).
	Now func() time.Time
	// SourceRoot is the absolute directory SARIF's %SRCROOT% stands for,
	// written as its uri; "" leaves it out (the directory lexlint ran in).
	SourceRoot string
}

// Text writes findings grouped per file, like ESLint's and Vale's output:
//
//	path
//	  line:col  severity [category] "match" (rule)
//	      message
//	      try: "suggestion" | "suggestion"
//
// and a summary line at the end.
type Text struct {
	w                                    io.Writer
	path, rule, sugg, errC, warnC, suggC *color.Color
	bold                                 *color.Color
	current                              string // the file whose header was written last
	rules                                map[string]*textRule
	buf                                  []byte
	// held are a document's findings, written at its end in the order
	// of their places: its presence findings ("missing greeting" at
	// 1:1) come after the others from the pipeline. Up to holdFindings;
	// past that they are written as they come.
	held []heldFinding
}

// holdFindings is how many findings of one document the text format
// holds to sort them.
const holdFindings = 10000

type heldFinding struct {
	f Finding
	m *transcript.Message
}

// NewText returns a text formatter.
func NewText(w io.Writer, opts TextOptions) *Text {
	t := &Text{
		w:     w,
		path:  color.New(color.Bold),
		rule:  color.New(color.Faint),
		sugg:  color.New(color.FgGreen),
		errC:  color.New(color.FgRed, color.Bold),
		warnC: color.New(color.FgYellow, color.Bold),
		suggC: color.New(color.FgCyan),
		bold:  color.New(color.Bold),
	}
	for _, c := range []*color.Color{t.path, t.rule, t.sugg, t.errC, t.warnC, t.suggC, t.bold} {
		if opts.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return t
}

func (t *Text) severity(s lexicon.Severity) string {
	switch s {
	case lexicon.SeverityError:
		return t.errC.Sprint(s)
	case lexicon.SeverityWarning:
		return t.warnC.Sprint(s)
	}
	return t.suggC.Sprint(s)
}

// oneLine folds line breaks and runs of white space in a match for display.
func oneLine(s string) string {
	plain := len(s) == 0 || s[0] != ' ' && s[len(s)-1] != ' '
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c >= 0x21 && c < 0x7f || c == ' ' && s[i+1] != ' '
	}
	if plain { // ASCII, single spaces: already one line
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// Item writes an item's findings under a header line per file; a
// document's are held to its end and written by place.
func (t *Text) Item(it *pipeline.Item, findings []Finding) error {
	hold := it.Message != nil && it.Message.Origin.Document()
	if len(t.held) > 0 && (!hold || len(findings) > 0 && findings[0].Path != t.held[0].f.Path || len(t.held)+len(findings) > holdFindings) {
		if err := t.release(); err != nil {
			return err
		}
	}
	if hold && len(t.held)+len(findings) <= holdFindings {
		for _, f := range findings {
			t.held = append(t.held, heldFinding{f, it.Message})
		}
		if it.FileDone {
			return t.release()
		}
		return nil
	}
	if err := t.write(findings, it.Message); err != nil {
		return err
	}
	if it.FileDone && len(t.held) > 0 {
		return t.release()
	}
	return nil
}

// release writes the held findings sorted by place.
func (t *Text) release() error {
	held := t.held
	t.held = t.held[:0]
	slices.SortStableFunc(held, func(a, b heldFinding) int {
		if a.f.Line != b.f.Line {
			return a.f.Line - b.f.Line
		}
		return a.f.Column - b.f.Column
	})
	for i := range held {
		if err := t.write([]Finding{held[i].f}, held[i].m); err != nil {
			return err
		}
	}
	clear(held)
	return nil
}

// write writes findings of message m.
func (t *Text) write(findings []Finding, m *transcript.Message) error {
	b := t.buf[:0]
	for i := range findings {
		f := &findings[i]
		if f.Path != t.current {
			if t.current != "" {
				b = append(b, '\n')
			}
			t.current = f.Path
			b = append(append(b, t.path.Sprint(Visible(f.Path))...), '\n')
		}
		start := len(b) + 2
		b = appendPlace(append(b, "  "...), f, m)
		for n := utf8.RuneCount(b[start:]); n < 7; n++ {
			b = append(b, ' ')
		}
		r := t.ruleText(f)
		b = append(append(b, ' '), r.head...)
		if f.Match == "" {
			b = append(b, "(missing)"...)
		} else {
			b = strconv.AppendQuote(b, oneLine(f.Match))
		}
		b = append(b, r.tail...)
	}
	t.buf = b
	_, err := t.w.Write(b)
	return err
}

// A textRule is what a finding's lines take from its rule: the words
// before the match ("warning [category] ") and after it (the rule id, the
// message and the suggestions), made once for all the rule's findings.
type textRule struct {
	severity          lexicon.Severity
	category, message string
	suggestions       []string
	head, tail        string
}

func (t *Text) ruleText(f *Finding) *textRule {
	r := t.rules[f.Rule]
	if r != nil && r.severity == f.Severity && r.category == f.Category && r.message == f.Message && slices.Equal(r.suggestions, f.Suggestions) {
		return r
	}
	r = &textRule{severity: f.Severity, category: f.Category, message: f.Message, suggestions: f.Suggestions}
	r.head = t.severity(f.Severity) + " [" + Visible(f.Category) + "] "
	tail := " " + t.rule.Sprintf("(%s)", Visible(f.Rule)) + "\n      " + Visible(f.Message) + "\n"
	if len(f.Suggestions) > 0 {
		quoted := make([]string, len(f.Suggestions))
		for i, s := range f.Suggestions {
			quoted[i] = t.sugg.Sprint(strconv.Quote(s))
		}
		tail += "      try: " + strings.Join(quoted, " | ") + "\n"
	}
	r.tail = tail
	if t.rules == nil {
		t.rules = map[string]*textRule{}
	}
	t.rules[f.Rule] = r
	return r
}

// Finish writes the held findings and the summary line.
func (t *Text) Finish(s *Summary) error {
	if err := t.release(); err != nil {
		return err
	}
	var b strings.Builder
	if s.Findings > 0 {
		b.WriteString("\n")
	}
	files := Plural(s.Files, "file", "files")
	if s.Findings == 0 {
		fmt.Fprintf(&b, "No findings in %s", files)
	} else {
		var parts []string
		for _, sev := range []string{"error", "warning", "suggestion"} {
			if n := s.BySeverity[sev]; n > 0 {
				parts = append(parts, Plural(n, sev, sev+"s"))
			}
		}
		fmt.Fprintf(&b, "%s (%s) in %d of %s",
			t.bold.Sprint(Plural(s.Findings, "finding", "findings")), strings.Join(parts, ", "), s.FilesWithFindings, files)
	}
	if n := sum(s.Encouraged); n > 0 {
		var parts []string
		for _, id := range sortedCounts(s.Encouraged) {
			parts = append(parts, fmt.Sprintf("%s %d", id, s.Encouraged[id]))
		}
		fmt.Fprintf(&b, "; %s (%s)", Plural(n, "encouraged phrase", "encouraged phrases"), strings.Join(parts, ", "))
	}
	if s.InputErrors > 0 {
		fmt.Fprintf(&b, "; %s", Plural(s.InputErrors, "input error", "input errors"))
	}
	b.WriteString(".\n")
	_, err := io.WriteString(t.w, b.String())
	return err
}

// Plural writes a count with the word in the number it needs: "1 file", "2 files".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
