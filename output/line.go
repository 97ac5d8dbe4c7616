package output

import (
	"io"
	"strconv"
	"strings"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/pipeline"
)

// Line writes one line per finding, file:line:col: severity: message
// (rule), as compilers do: for editors' quickfix lists, grep and
// reviewdog's -efm="%f:%l:%c: %t%*[a-z]: %m". A space in a file name is
// written "\ ", as errorformat's %f reads it; findings in exports are
// placed on the record's line, column 1. An unreadable input is an error
// line with the rule lexlint.input-error.
type Line struct {
	w     io.Writer
	buf   []byte
	tails tails
	path  *strings.Replacer
}

// NewLine returns a one-line-per-finding formatter.
func NewLine(w io.Writer) *Line {
	return &Line{w: w, tails: tails{}, path: strings.NewReplacer(" ", `\ `)}
}

// Item writes the item's findings and input error.
func (l *Line) Item(it *pipeline.Item, findings []Finding) error {
	b := l.buf[:0]
	if it.Err != nil {
		path, line := errPlace(it)
		b = l.appendPlace(b, path, max(line, 1), 1)
		b = append(append(append(b, "error: "...), Visible(it.Err.Error())...), " (lexlint.input-error)\n"...)
	}
	for i := range findings {
		f := &findings[i]
		line, col, _, _ := fileRegion(f)
		b = l.appendPlace(b, f.Path, line, max(col, 1))
		b = append(append(b, lineSeverity(f.Severity)...), ": "...)
		b = append(b, Visible(annotation(f, l.tails))...)
		b = append(append(append(b, " ("...), Visible(f.Rule)...), ")\n"...)
	}
	l.buf = b
	if len(b) == 0 {
		return nil
	}
	_, err := l.w.Write(b)
	return err
}

func (l *Line) appendPlace(b []byte, path string, line, col int) []byte {
	b = append(b, l.path.Replace(Visible(path))...)
	b = strconv.AppendInt(append(b, ':'), int64(line), 10)
	b = strconv.AppendInt(append(b, ':'), int64(col), 10)
	return append(b, ": "...)
}

// lineSeverity names a severity as lexlint does.
func lineSeverity(s lexicon.Severity) string {
	return level(s, "suggestion")
}

// Finish writes nothing: the lines are the output.
func (l *Line) Finish(*Summary) error { return nil }
