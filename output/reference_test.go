package output

// The buffered writers of json, checkstyle and junit as they were
// before the formats streamed: the streaming writers must write the same
// bytes (TestStreamingSameBytes).

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"

	"github.com/lexlint/lexlint/pipeline"
)

// refJSON writes one document, {"findings": [...], "summary": {...},
// "input_errors": [...]}, when the run finishes.
type refJSON struct {
	w        io.Writer
	findings []Finding
	errs     []string
}

// newRefJSON returns a reference JSON formatter.
func newRefJSON(w io.Writer) *refJSON { return &refJSON{w: w, findings: []Finding{}, errs: []string{}} }

// Item collects an item's findings and input error.
func (j *refJSON) Item(it *pipeline.Item, findings []Finding) error {
	if it.Err != nil {
		j.errs = append(j.errs, it.Err.Error())
	}
	j.findings = append(j.findings, findings...)
	return nil
}

// Finish writes the document.
func (j *refJSON) Finish(s *Summary) error {
	enc := json.NewEncoder(j.w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Findings    []Finding `json:"findings"`
		Summary     *Summary  `json:"summary"`
		InputErrors []string  `json:"input_errors"`
	}{j.findings, s, j.errs})
}

// refCheckstyle writes refCheckstyle XML, read by reviewdog, Jenkins and many
// CI dashboards.
type refCheckstyle struct {
	w     io.Writer
	files []*refCSFile
}

type refCSFile struct {
	Name   string       `xml:"name,attr"`
	Errors []refCSError `xml:"error"`
}

type refCSError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Item collects findings per file.
func (c *refCheckstyle) Item(it *pipeline.Item, findings []Finding) error {
	if it.Err != nil {
		path, line := errPlace(it)
		if n := len(c.files); n == 0 || c.files[n-1].Name != path {
			c.files = append(c.files, &refCSFile{Name: path})
		}
		file := c.files[len(c.files)-1]
		file.Errors = append(file.Errors, refCSError{Line: max(line, 1), Severity: "error", Message: it.Err.Error(), Source: "lexlint.input-error"})
	}
	for _, f := range findings {
		if n := len(c.files); n == 0 || c.files[n-1].Name != f.Path {
			c.files = append(c.files, &refCSFile{Name: f.Path})
		}
		line, col, _, _ := fileRegion(&f)
		file := c.files[len(c.files)-1]
		file.Errors = append(file.Errors, refCSError{Line: line, Column: col, Severity: level(f.Severity, "info"),
			Message: annotation(&f, tails{}), Source: "lexlint." + f.Rule})
	}
	return nil
}

// Finish writes the document.
func (c *refCheckstyle) Finish(*Summary) error {
	doc := struct {
		XMLName xml.Name     `xml:"checkstyle"`
		Version string       `xml:"version,attr"`
		Files   []*refCSFile `xml:"file"`
	}{Version: "4.3", Files: c.files}
	return refWriteXML(c.w, doc)
}

func refWriteXML(w io.Writer, doc any) error {
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

// refJUnit writes a refJUnit XML report, which GitLab and Jenkins show as test
// results: one test suite per checked file, one failing test case per
// finding, and one passing case for a file without findings.
type refJUnit struct {
	w      io.Writer
	suites []*refJUSuite
	byName map[string]*refJUSuite
}

type refJUSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []refJUCase `xml:"testcase"`
}

type refJUCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr"`
	Failure   *refJUFailure `xml:"failure,omitempty"`
	Error     *refJUFailure `xml:"error,omitempty"`
}

type refJUFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Item adds test cases.
func (j *refJUnit) Item(it *pipeline.Item, findings []Finding) error {
	suite := func(name string) *refJUSuite {
		if j.byName == nil {
			j.byName = map[string]*refJUSuite{}
		}
		s, ok := j.byName[name]
		if !ok {
			s = &refJUSuite{Name: name, Time: "0.000"}
			j.byName[name] = s
			j.suites = append(j.suites, s)
		}
		return s
	}
	if it.Err != nil {
		path, _ := errPlace(it)
		s := suite(path)
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, refJUCase{Name: path + ": unreadable", Classname: "lexlint", File: path, Error: &refJUFailure{Message: it.Err.Error(), Type: "input error"}})
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
		s.Cases = append(s.Cases, refJUCase{
			Name:      where + " " + f.Rule,
			Classname: "lexlint." + f.Category,
			File:      f.Path,
			Failure:   &refJUFailure{Message: annotation(&f, tails{}), Type: f.Severity.String(), Text: f.Message},
		})
	}
	if it.FileDone {
		s := suite(it.Path)
		if s.Tests == 0 {
			s.Tests = 1
			s.Cases = append(s.Cases, refJUCase{Name: it.Path + ": no findings", Classname: "lexlint", File: it.Path})
		}
	}
	return nil
}

// Finish writes the report.
func (j *refJUnit) Finish(sum *Summary) error {
	doc := struct {
		XMLName  xml.Name      `xml:"testsuites"`
		Name     string        `xml:"name,attr"`
		Tests    int           `xml:"tests,attr"`
		Failures int           `xml:"failures,attr"`
		Errors   int           `xml:"errors,attr"`
		Time     string        `xml:"time,attr"`
		Suites   []*refJUSuite `xml:"testsuite"`
	}{Name: "lexlint", Time: "0.000", Suites: j.suites}
	for _, s := range j.suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	return refWriteXML(j.w, doc)
}
