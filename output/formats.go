package output

import (
	"encoding/xml"
	"fmt"
	"io"
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
	var b strings.Builder
	if f.Match != "" {
		fmt.Fprintf(&b, "%q: ", oneLine(f.Match))
	}
	b.WriteString(f.Message)
	if len(f.Suggestions) > 0 {
		b.WriteString(" Try: ")
		for i, s := range f.Suggestions {
			if i > 0 {
				b.WriteString(" | ")
			}
			fmt.Fprintf(&b, "%q", s)
		}
	}
	if f.Conversation != "" {
		fmt.Fprintf(&b, " (conversation %s, message %s)", f.Conversation, f.MessageID)
	}
	return b.String()
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

// Checkstyle writes Checkstyle XML, read by reviewdog, Jenkins and many
// CI dashboards.
type Checkstyle struct {
	w     io.Writer
	files []*csFile
}

type csFile struct {
	Name   string    `xml:"name,attr"`
	Errors []csError `xml:"error"`
}

type csError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Item collects findings per file.
func (c *Checkstyle) Item(it *pipeline.Item, findings []Finding) error {
	for _, f := range findings {
		if n := len(c.files); n == 0 || c.files[n-1].Name != f.Path {
			c.files = append(c.files, &csFile{Name: f.Path})
		}
		line, col, _, _ := fileRegion(&f)
		file := c.files[len(c.files)-1]
		file.Errors = append(file.Errors, csError{Line: line, Column: col, Severity: level(f.Severity, "info"),
			Message: annotation(&f), Source: "lexlint." + f.Rule})
	}
	return nil
}

// Finish writes the document.
func (c *Checkstyle) Finish(*Summary) error {
	doc := struct {
		XMLName xml.Name  `xml:"checkstyle"`
		Version string    `xml:"version,attr"`
		Files   []*csFile `xml:"file"`
	}{Version: "4.3", Files: c.files}
	return writeXML(c.w, doc)
}

func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// JUnit writes a JUnit XML report, which GitLab and Jenkins show as test
// results: one test suite per checked file, one failing test case per
// finding, and one passing case for a file without findings.
type JUnit struct {
	w      io.Writer
	suites []*juSuite
	byName map[string]*juSuite
}

type juSuite struct {
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Cases    []juCase `xml:"testcase"`
}

type juCase struct {
	Name      string     `xml:"name,attr"`
	Classname string     `xml:"classname,attr"`
	Failure   *juFailure `xml:"failure,omitempty"`
	Error     *juFailure `xml:"error,omitempty"`
}

type juFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Item adds test cases.
func (j *JUnit) Item(it *pipeline.Item, findings []Finding) error {
	suite := func(name string) *juSuite {
		if j.byName == nil {
			j.byName = map[string]*juSuite{}
		}
		s, ok := j.byName[name]
		if !ok {
			s = &juSuite{Name: name}
			j.byName[name] = s
			j.suites = append(j.suites, s)
		}
		return s
	}
	if it.Err != nil {
		s := suite(it.Path)
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, juCase{Name: "read", Classname: "lexlint", Error: &juFailure{Message: it.Err.Error(), Type: "input error"}})
		return nil
	}
	for _, f := range findings {
		s := suite(f.Path)
		s.Tests++
		s.Failures++
		line, col, _, _ := fileRegion(&f)
		where := fmt.Sprintf("%s:%d", f.Path, line)
		if col > 0 {
			where += fmt.Sprintf(":%d", col)
		}
		s.Cases = append(s.Cases, juCase{
			Name:      where + " " + f.Rule,
			Classname: "lexlint." + f.Category,
			Failure:   &juFailure{Message: annotation(&f), Type: f.Severity.String(), Text: f.Message},
		})
	}
	if it.FileDone {
		s := suite(it.Path)
		if s.Tests == 0 {
			s.Tests = 1
			s.Cases = append(s.Cases, juCase{Name: it.Path + ": no findings", Classname: "lexlint"})
		}
	}
	return nil
}

// Finish writes the report.
func (j *JUnit) Finish(sum *Summary) error {
	doc := struct {
		XMLName  xml.Name   `xml:"testsuites"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Suites   []*juSuite `xml:"testsuite"`
	}{Name: "lexlint", Suites: j.suites}
	for _, s := range j.suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	return writeXML(j.w, doc)
}
