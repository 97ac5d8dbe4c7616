package output

import (
	"io"
	"slices"
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
type GitHub struct {
	w              io.Writer
	data, property *strings.Replacer // the escapes of messages and of property values
	buf            []byte
	tails          tails
}

// NewGitHub returns a GitHub Actions formatter.
func NewGitHub(w io.Writer) *GitHub {
	return &GitHub{w: w, tails: tails{},
		data:     strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A"),
		property: strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")}
}

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

// Item writes one annotation per finding, and an error annotation for an
// unreadable input. Findings in exports are placed on the record's line.
func (g *GitHub) Item(it *pipeline.Item, findings []Finding) error {
	b := g.buf[:0]
	if it.Err != nil {
		path, line := errPlace(it)
		b = append(append(b, "::error file="...), g.property.Replace(Visible(path))...)
		if line > 0 {
			b = strconv.AppendInt(append(b, ",line="...), int64(line), 10)
		}
		b = append(append(append(b, ",title=lexlint.input-error::"...), g.data.Replace(VisibleLines(it.Err.Error()))...), '\n')
	}
	for i := range findings {
		f := &findings[i]
		line, col, endLine, endCol := fileRegion(f)
		b = append(append(append(b, "::"...), level(f.Severity, "notice")...), " file="...)
		b = append(b, g.property.Replace(Visible(f.Path))...)
		b = strconv.AppendInt(append(b, ",line="...), int64(line), 10)
		if col > 0 {
			b = strconv.AppendInt(append(b, ",col="...), int64(col), 10)
			b = strconv.AppendInt(append(b, ",endLine="...), int64(endLine), 10)
			b = strconv.AppendInt(append(b, ",endColumn="...), int64(endCol), 10)
		}
		b = append(append(b, ",title="...), g.property.Replace(Visible(f.Rule))...)
		b = append(append(append(b, "::"...), g.data.Replace(VisibleLines(annotation(f, g.tails)))...), '\n')
	}
	g.buf = b
	_, err := g.w.Write(b)
	return err
}

// Finish writes nothing.
func (g *GitHub) Finish(*Summary) error { return nil }

// annotation is a finding's message with its match and suggestions, for
// formats that have one text field; tails keeps the part its rule decides.
func annotation(f *Finding, tails tails) string {
	b := make([]byte, 0, 64+len(f.Message)+len(f.Match))
	if f.Match != "" {
		b = append(strconv.AppendQuote(b, oneLine(f.Match)), ": "...)
	}
	b = append(b, tails.of(f)...)
	if f.Conversation != "" {
		b = append(b, " (conversation "...)
		b = append(b, f.Conversation...)
		b = append(b, ", message "...)
		b = append(b, f.MessageID...)
		b = append(b, ')')
	}
	return string(b)
}

// tails keeps each rule's messageTail, made once for all its findings.
type tails map[string]tail

type tail struct {
	message     string
	suggestions []string
	text        string
}

// of returns the finding's messageTail.
func (t tails) of(f *Finding) string {
	if c, ok := t[f.Rule]; ok && c.message == f.Message && slices.Equal(c.suggestions, f.Suggestions) {
		return c.text
	}
	text := messageTail(f)
	t[f.Rule] = tail{f.Message, f.Suggestions, text}
	return text
}

// messageTail is the part of an annotation its rule decides: the message
// and the suggestions.
func messageTail(f *Finding) string {
	if len(f.Suggestions) == 0 {
		return f.Message
	}
	b := append([]byte(f.Message), " Try: "...)
	for i, s := range f.Suggestions {
		if i > 0 {
			b = append(b, " | "...)
		}
		b = strconv.AppendQuote(b, s)
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
