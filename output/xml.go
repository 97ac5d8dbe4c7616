package output

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/pipeline"
)

// The XML formats are written by hand, as encoding/xml writes them with
// two-space indentation (TestStreamingSameBytes compares): its reflection
// cost more than finding the findings.

// appendXMLText appends s escaped as xml.EscapeText escapes it, in text and
// in attribute values: quotes, &, <, >, tab and line breaks as character
// references, and what XML cannot hold as U+FFFD.
func appendXMLText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x80 && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>' {
			i++ // most of the text
			continue
		}
		r, width := rune(c), 1
		if c >= 0x80 {
			r, width = utf8.DecodeRuneInString(s[i:])
		}
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if inXMLRange(r) && (r != utf8.RuneError || width != 1) {
				i += width
				continue
			}
			esc = "\uFFFD"
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// inXMLRange reports whether XML 1.0 allows r in a document.
func inXMLRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendAttr appends ` name="value"`.
func appendAttr(b []byte, name, value string) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"')
	return append(appendXMLText(b, value), '"')
}

func appendIntAttr(b []byte, name string, v int) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"')
	return append(strconv.AppendInt(b, int64(v), 10), '"')
}

// Checkstyle writes Checkstyle XML, read by reviewdog, Jenkins and many
// CI dashboards, element by element as findings come.
type Checkstyle struct {
	w       io.Writer
	buf     []byte
	started bool
	file    string // the name of the open <file> element, if open
	open    bool
	tails   tails
}

// NewCheckstyle returns a Checkstyle formatter.
func NewCheckstyle(w io.Writer) *Checkstyle { return &Checkstyle{w: w, tails: tails{}} }

func (c *Checkstyle) start() {
	if !c.started {
		c.started = true
		c.buf = append(c.buf, xml.Header+`<checkstyle version="4.3">`...)
	}
}

// Item writes the item's findings, in a <file> element per file, and an
// unreadable input as an error of its file (source lexlint.input-error).
func (c *Checkstyle) Item(it *pipeline.Item, findings []Finding) error {
	if it.Err != nil {
		path, line := errPlace(it)
		c.openFile(path)
		b := appendIntAttr(append(c.buf, "\n    <error"...), "line", max(line, 1))
		b = appendAttr(appendAttr(b, "severity", "error"), "message", it.Err.Error())
		c.buf = append(appendAttr(b, "source", "lexlint.input-error"), "></error>"...)
		return c.flush(64 << 10)
	}
	if len(findings) == 0 {
		return nil
	}
	for i := range findings {
		f := &findings[i]
		c.openFile(f.Path)
		line, col, _, _ := fileRegion(f)
		b := appendIntAttr(append(c.buf, "\n    <error"...), "line", line)
		if col != 0 {
			b = appendIntAttr(b, "column", col)
		}
		b = appendAttr(b, "severity", level(f.Severity, "info"))
		b = appendAttr(b, "message", annotation(f, c.tails))
		b = appendAttr(b, "source", "lexlint."+f.Rule)
		c.buf = append(b, "></error>"...)
	}
	return c.flush(64 << 10)
}

// openFile makes path's the open <file> element.
func (c *Checkstyle) openFile(path string) {
	c.start()
	if !c.open || c.file != path {
		c.closeFile()
		c.file, c.open = path, true
		c.buf = append(appendAttr(append(c.buf, "\n  <file"...), "name", path), '>')
	}
}

func (c *Checkstyle) closeFile() {
	if c.open {
		c.open = false
		c.buf = append(c.buf, "\n  </file>"...)
	}
}

// flush writes what is buffered once it reaches min bytes.
func (c *Checkstyle) flush(min int) error {
	if len(c.buf) < min {
		return nil
	}
	_, err := c.w.Write(c.buf)
	c.buf = c.buf[:0]
	return err
}

// Finish closes the document.
func (c *Checkstyle) Finish(*Summary) error {
	c.start()
	end := "</checkstyle>\n"
	if c.open {
		c.closeFile()
		end = "\n</checkstyle>\n"
	}
	c.buf = append(c.buf, end...)
	return c.flush(0)
}

// JUnit writes a JUnit XML report, which GitLab and Jenkins show as test
// results: one test suite per checked file, one test case per finding
// (failing at or above the failure level, passing with the finding in its
// system-out below it, so that a run that exits 0 shows no failures), one
// passing case for a file without findings, and an error case in the suite
// of a file that could not be read. Cases carry the file; suites the
// seconds from their first item to their last. The counts
// come before the cases they count, so the cases wait in a spool, and each
// suite's counts in memory, until the run ends. Memory grows with the
// number of files, not findings. A file whose findings come back after
// another file's (they do not in a run) gets a second suite.
type JUnit struct {
	w      io.Writer
	suite  juCounts        // the open suite, when open
	open   bool            // whether a suite is open
	suites []juCounts      // the closed ones, in order
	cases  spool           // the cases of all suites, in order
	buf    []byte          // cases not yet in the spool
	name   []byte          // a case's name being made
	total  juCounts        // the counts of the closed suites
	tested map[string]bool // the files of the closed suites
	tails  tails
	failOn lexicon.Severity // findings below it pass (0: none do)
	now    func() time.Time
	start  time.Time // of the run: the first item
}

// NewJUnit returns a JUnit formatter.
func NewJUnit(w io.Writer) *JUnit { return &JUnit{w: w, tails: tails{}, now: time.Now} }

type juCounts struct {
	name                    string
	tests, failures, errors int
	bytes                   int64 // of the suite's cases in the spool
	start                   time.Time
	seconds                 float64
}

// appendTag appends the start tag of a testsuite or testsuites element.
func (c juCounts) appendTag(b []byte, element string) []byte {
	b = appendAttr(append(append(b, '<'), element...), "name", c.name)
	b = appendIntAttr(b, "tests", c.tests)
	b = appendIntAttr(b, "failures", c.failures)
	b = appendIntAttr(b, "errors", c.errors)
	return append(appendAttr(b, "time", strconv.FormatFloat(c.seconds, 'f', 3, 64)), '>')
}

// Item adds test cases.
func (j *JUnit) Item(it *pipeline.Item, findings []Finding) error {
	if j.start.IsZero() {
		j.start = j.now()
	}
	if it.Err != nil {
		path, line := errPlace(it)
		name := path + ": unreadable"
		if line > 0 {
			name = path + ":" + strconv.Itoa(line) + ": unreadable record"
		}
		return j.add(path, name, "lexlint", "error", it.Err.Error(), "input error", "")
	}
	for i := range findings {
		f := &findings[i]
		line, col, _, _ := fileRegion(f)
		name := strconv.AppendInt(append(j.name[:0], f.Path+":"...), int64(line), 10)
		if col > 0 {
			name = strconv.AppendInt(append(name, ':'), int64(col), 10)
		}
		j.name = append(append(name, ' '), f.Rule...)
		kind := "failure"
		if f.Severity < j.failOn {
			kind = "system-out"
		}
		if err := j.add(f.Path, string(j.name), "lexlint."+f.Category, kind, annotation(f, j.tails), f.Severity.String(), f.Message); err != nil {
			return err
		}
	}
	if it.FileDone && !j.tested[it.Path] && (!j.open || j.suite.name != it.Path || j.suite.tests == 0) {
		return j.add(it.Path, it.Path+": no findings", "lexlint", "", "", "", "")
	}
	return nil
}

// add writes a case into the suite of the file at path; kind is "failure",
// "error", "system-out" (a passing case with the finding, message, as its
// output) or "" for a passing case.
func (j *JUnit) add(path, name, class, kind, message, typ, text string) error {
	if !j.open || j.suite.name != path {
		j.closeSuite()
		j.suite, j.open = juCounts{name: path, start: j.now()}, true
	}
	j.suite.tests++
	start := len(j.buf)
	b := appendAttr(append(j.buf, "\n    <testcase"...), "name", name)
	b = append(appendAttr(appendAttr(b, "classname", class), "file", path), '>')
	switch kind {
	case "failure":
		j.suite.failures++
	case "error":
		j.suite.errors++
	}
	switch kind {
	case "system-out":
		b = appendXMLText(append(b, "\n      <system-out>"...), typ+": "+message)
		b = append(b, "</system-out>\n    "...)
	case "failure", "error":
		b = append(append(b, "\n      <"...), kind...)
		b = appendAttr(appendAttr(b, "message", message), "type", typ)
		b = appendXMLText(append(b, '>'), text)
		b = append(append(append(b, "</"...), kind...), ">\n    "...)
	}
	j.buf = append(b, "</testcase>"...)
	j.suite.bytes += int64(len(j.buf) - start)
	return j.flush(64 << 10)
}

// flush moves the buffered cases into the spool once they reach min bytes.
func (j *JUnit) flush(min int) error {
	if len(j.buf) < min {
		return nil
	}
	_, err := j.cases.Write(j.buf)
	j.buf = j.buf[:0]
	return err
}

// closeSuite keeps the open suite's counts with those of the suites
// before it.
func (j *JUnit) closeSuite() {
	if !j.open {
		return
	}
	j.open = false
	if j.tested == nil {
		j.tested = map[string]bool{}
	}
	j.tested[j.suite.name] = true
	j.suite.seconds = j.now().Sub(j.suite.start).Seconds()
	j.total.tests += j.suite.tests
	j.total.failures += j.suite.failures
	j.total.errors += j.suite.errors
	j.suites = append(j.suites, j.suite)
}

// Finish writes the report: the counts of all, then each suite with its
// cases from the spool.
func (j *JUnit) Finish(*Summary) error {
	defer j.cases.close()
	j.closeSuite()
	if err := j.flush(0); err != nil {
		return err
	}
	j.total.name = "lexlint"
	if !j.start.IsZero() {
		j.total.seconds = j.now().Sub(j.start).Seconds()
	}
	b := j.total.appendTag([]byte(xml.Header), "testsuites")
	cases, err := j.cases.reader()
	if err != nil {
		return err
	}
	for _, suite := range j.suites {
		b = suite.appendTag(append(b, "\n  "...), "testsuite")
		if _, err := j.w.Write(b); err != nil {
			return fmt.Errorf("junit: %w", err)
		}
		if _, err := io.CopyN(j.w, cases, suite.bytes); err != nil {
			return fmt.Errorf("junit: copying the cases of %s: %w", suite.name, err)
		}
		b = append(b[:0], "\n  </testsuite>"...)
	}
	if len(j.suites) > 0 {
		b = append(b, '\n')
	}
	_, err = j.w.Write(append(b, "</testsuites>\n"...))
	return err
}
