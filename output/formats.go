package output

import (
	"bytes"
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
// CI dashboards, element by element as findings come.
type Checkstyle struct {
	w    io.Writer
	enc  *xml.Encoder
	file string // the name of the open <file> element, if open
	open bool
}

// NewCheckstyle returns a Checkstyle formatter.
func NewCheckstyle(w io.Writer) *Checkstyle { return &Checkstyle{w: w} }

type csError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func (c *Checkstyle) start() error {
	if c.enc != nil {
		return nil
	}
	if _, err := io.WriteString(c.w, xml.Header); err != nil {
		return err
	}
	c.enc = xml.NewEncoder(c.w)
	c.enc.Indent("", "  ")
	return c.enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: "checkstyle"}, Attr: []xml.Attr{{Name: xml.Name{Local: "version"}, Value: "4.3"}}})
}

// Item writes the item's findings, in a <file> element per file.
func (c *Checkstyle) Item(it *pipeline.Item, findings []Finding) error {
	if len(findings) == 0 {
		return nil
	}
	if err := c.start(); err != nil {
		return err
	}
	for i := range findings {
		f := &findings[i]
		if !c.open || c.file != f.Path {
			if err := c.closeFile(); err != nil {
				return err
			}
			c.file, c.open = f.Path, true
			if err := c.enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: "file"}, Attr: []xml.Attr{{Name: xml.Name{Local: "name"}, Value: f.Path}}}); err != nil {
				return err
			}
		}
		line, col, _, _ := fileRegion(f)
		e := csError{Line: line, Column: col, Severity: level(f.Severity, "info"), Message: annotation(f), Source: "lexlint." + f.Rule}
		if err := c.enc.EncodeElement(e, xml.StartElement{Name: xml.Name{Local: "error"}}); err != nil {
			return err
		}
	}
	return nil
}

func (c *Checkstyle) closeFile() error {
	if !c.open {
		return nil
	}
	c.open = false
	return c.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: "file"}})
}

// Finish closes the document.
func (c *Checkstyle) Finish(*Summary) error {
	if err := c.start(); err != nil {
		return err
	}
	if err := c.closeFile(); err != nil {
		return err
	}
	if err := c.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: "checkstyle"}}); err != nil {
		return err
	}
	if err := c.enc.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(c.w, "\n")
	return err
}

// JUnit writes a JUnit XML report, which GitLab and Jenkins show as test
// results: one test suite per checked file, one failing test case per
// finding, and one passing case for a file without findings. The counts
// come before the cases they count, so a suite's cases wait in a spool
// until the suite ends, and the suites until the run does. Memory grows
// with the number of files, not findings. A file whose findings come back
// after another file's (they do not in a run) gets a second suite.
type JUnit struct {
	w      io.Writer
	suite  juSuite         // the open suite, when its name is not ""
	cases  spool           // its cases
	enc    *xml.Encoder    // writes them
	suites spool           // the suites closed so far
	total  juSuite         // the counts of the closed suites
	tested map[string]bool // the files of the closed suites
}

// NewJUnit returns a JUnit formatter.
func NewJUnit(w io.Writer) *JUnit { return &JUnit{w: w} }

type juSuite struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
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
	if it.Err != nil {
		return j.add(it.Path, juCase{Name: "read", Classname: "lexlint", Error: &juFailure{Message: it.Err.Error(), Type: "input error"}})
	}
	for i := range findings {
		f := &findings[i]
		line, col, _, _ := fileRegion(f)
		where := fmt.Sprintf("%s:%d", f.Path, line)
		if col > 0 {
			where += fmt.Sprintf(":%d", col)
		}
		if err := j.add(f.Path, juCase{
			Name:      where + " " + f.Rule,
			Classname: "lexlint." + f.Category,
			Failure:   &juFailure{Message: annotation(f), Type: f.Severity.String(), Text: f.Message},
		}); err != nil {
			return err
		}
	}
	if it.FileDone && !j.tested[it.Path] && (j.suite.Name != it.Path || j.suite.Tests == 0) {
		return j.add(it.Path, juCase{Name: it.Path + ": no findings", Classname: "lexlint"})
	}
	return nil
}

// add writes a case into the suite of the file at path.
func (j *JUnit) add(path string, c juCase) error {
	if j.suite.Name != path || j.enc == nil {
		if err := j.closeSuite(); err != nil {
			return err
		}
		j.suite = juSuite{Name: path}
		j.enc = xml.NewEncoder(&j.cases)
		j.enc.Indent("    ", "  ")
		// The encoder puts a line break before each case but the first.
		if _, err := io.WriteString(&j.cases, "\n"); err != nil {
			return err
		}
	}
	j.suite.Tests++
	if c.Failure != nil {
		j.suite.Failures++
	}
	if c.Error != nil {
		j.suite.Errors++
	}
	if err := j.enc.EncodeElement(c, xml.StartElement{Name: xml.Name{Local: "testcase"}}); err != nil {
		return err
	}
	return j.enc.Flush()
}

// closeSuite moves the open suite, its start tag, cases and end tag, into
// the spool of suites.
func (j *JUnit) closeSuite() error {
	if j.enc == nil {
		return nil
	}
	defer j.cases.close()
	j.enc = nil
	if j.tested == nil {
		j.tested = map[string]bool{}
	}
	j.tested[j.suite.Name] = true
	j.total.Tests += j.suite.Tests
	j.total.Failures += j.suite.Failures
	j.total.Errors += j.suite.Errors
	if _, err := io.WriteString(&j.suites, "\n  "); err != nil {
		return err
	}
	if err := startTag(&j.suites, "testsuite", j.suite); err != nil {
		return err
	}
	if err := j.cases.copyTo(&j.suites); err != nil {
		return err
	}
	_, err := io.WriteString(&j.suites, "\n  </testsuite>")
	return err
}

// startTag writes the start tag of an element with v's attributes.
func startTag(w io.Writer, name string, v juSuite) error {
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
		return err
	}
	// <name ...></name>: the start tag is all but the end tag.
	_, err := w.Write(b.Bytes()[:b.Len()-len("</"+name+">")])
	return err
}

// Finish writes the report.
func (j *JUnit) Finish(*Summary) error {
	defer j.suites.close()
	if err := j.closeSuite(); err != nil {
		return err
	}
	if _, err := io.WriteString(j.w, xml.Header); err != nil {
		return err
	}
	j.total.Name = "lexlint"
	if err := startTag(j.w, "testsuites", j.total); err != nil {
		return err
	}
	end := "</testsuites>\n"
	if !j.suites.empty() {
		end = "\n</testsuites>\n"
	}
	if err := j.suites.copyTo(j.w); err != nil {
		return err
	}
	_, err := io.WriteString(j.w, end)
	return err
}
