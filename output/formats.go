package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/pipeline"
)

// JSONL writes one finding per line as it comes, for streaming huge
// exports; input errors go to standard error only.
type JSONL struct {
	w   io.Writer
	buf []byte
}

// Item writes the item's findings.
func (j *JSONL) Item(it *pipeline.Item, findings []Finding) error {
	if len(findings) == 0 {
		return nil
	}
	j.buf = j.buf[:0]
	for i := range findings {
		j.buf = append(findings[i].appendJSON(j.buf), '\n')
		if len(j.buf) >= 64<<10 || i == len(findings)-1 {
			if _, err := j.w.Write(j.buf); err != nil {
				return err
			}
			j.buf = j.buf[:0]
		}
	}
	return nil
}

// Finish writes nothing: the stream is the findings.
func (j *JSONL) Finish(*Summary) error { return nil }

// GitHub writes GitHub Actions workflow commands, which annotate the lines
// of a pull request: ::error, ::warning or ::notice (for suggestions).
type GitHub struct{ w io.Writer }

// level names a severity in another tool's terms: error, warning, and the
// name that tool has for the rest.
func level(s lexicon.Severity, other string) string {
	switch s {
	case lexicon.SeverityError:
		return "error"
	case lexicon.SeverityWarning:
		return "warning"
	}
	return other
}

// githubData escapes a workflow command's message.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Item writes one annotation per finding. Findings in exports are placed
// on the record's line.
func (g *GitHub) Item(it *pipeline.Item, findings []Finding) error {
	var b strings.Builder
	for _, f := range findings {
		line, col, endLine, endCol := fileRegion(&f)
		fmt.Fprintf(&b, "::%s file=%s,line=%d", level(f.Severity, "notice"), githubProperty(f.Path), line)
		if col > 0 {
			fmt.Fprintf(&b, ",col=%d,endLine=%d,endColumn=%d", col, endLine, endCol)
		}
		fmt.Fprintf(&b, ",title=%s::%s\n", githubProperty(f.Rule), githubData(annotation(&f)))
	}
	_, err := io.WriteString(g.w, b.String())
	return err
}

// Finish writes nothing.
func (g *GitHub) Finish(*Summary) error { return nil }

// annotation is a finding's message with its match and suggestions, for
// formats that have one text field.
func annotation(f *Finding) string {
	b := make([]byte, 0, 64+len(f.Message)+len(f.Match))
	if f.Match != "" {
		b = append(strconv.AppendQuote(b, oneLine(f.Match)), ": "...)
	}
	b = append(b, f.Message...)
	if len(f.Suggestions) > 0 {
		b = append(b, " Try: "...)
		for i, s := range f.Suggestions {
			if i > 0 {
				b = append(b, " | "...)
			}
			b = strconv.AppendQuote(b, s)
		}
	}
	if f.Conversation != "" {
		b = append(b, " (conversation "...)
		b = append(b, f.Conversation...)
		b = append(b, ", message "...)
		b = append(b, f.MessageID...)
		b = append(b, ')')
	}
	return string(b)
}

// fileRegion is a finding's place in its file for tools that only know
// files: its own positions for documents and chat transcripts; for exports
// the record's line (or line 1 for nested JSON) and no columns.
func fileRegion(f *Finding) (line, col, endLine, endCol int) {
	if f.Record == 0 && f.Pointer == "" {
		return f.Line, f.Column, f.EndLine, f.EndColumn
	}
	if f.Record > 0 {
		return f.Record, 0, 0, 0
	}
	return 1, 0, 0, 0
}
