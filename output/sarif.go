package output

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/lexlint/lexlint/pipeline"
)

// SARIF writes a SARIF 2.1.0 log with github.com/owenrumney/go-sarif: one
// run whose tool lists the rules that produced findings (id, category,
// message, help with the suggestions, default level), and one result per
// finding with its region in code points (columnKind unicodeCodePoints) and
// bytes. GitHub code scanning accepts it. Results are encoded as they come
// and wait in a spool, since the log lists the rules before them: memory
// grows with the rules and files, not the findings.
type SARIF struct {
	w         io.Writer
	run       *sarif.Run
	rules     map[string]int // rule id: its index in the run
	artifacts map[string]bool
	results   spool
	buf       []byte // results not yet in the spool
	count     int    // results so far
}

// flush moves the encoded results into the spool.
func (s *SARIF) flush() error {
	_, err := s.results.Write(s.buf)
	s.buf = s.buf[:0]
	return err
}

// resultIndent is the indentation of a result in the log:
// {"runs": [{"results": [ ... ]}]}.
const resultIndent = "        "

// NewSARIF returns a SARIF formatter.
func NewSARIF(w io.Writer, version string) *SARIF {
	run := sarif.NewRunWithInformationURI("lexlint", "https://github.com/lexlint/lexlint")
	run.WithColumnKind("unicodeCodePoints")
	if version != "" {
		run.Tool.Driver.WithVersion(version)
	}
	return &SARIF{w: w, run: run, rules: map[string]int{}, artifacts: map[string]bool{}}
}

// Item encodes the item's results into the spool.
func (s *SARIF) Item(it *pipeline.Item, findings []Finding) error {
	for i := range findings {
		f := &findings[i]
		index, ok := s.rules[f.Rule]
		if !ok {
			index = len(s.rules)
			s.rules[f.Rule] = index
			s.addRule(f)
		}
		uri := filepath.ToSlash(f.Path)
		if f.Path == "-" {
			uri = "stdin"
		}
		if !s.artifacts[uri] {
			s.artifacts[uri] = true
			s.run.AddDistinctArtifact(uri)
		}
		if s.count == 0 {
			s.buf = append(s.buf, "\n"+resultIndent...)
		} else {
			s.buf = append(s.buf, ",\n"+resultIndent...)
		}
		s.count++
		s.buf = appendResult(s.buf, f, uri, index)
		if len(s.buf) >= 256<<10 {
			if err := s.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// addRule describes the rule of a finding in the run's tool.
func (s *SARIF) addRule(f *Finding) {
	help := f.Message
	md := f.Message
	if len(f.Suggestions) > 0 {
		help += "\nTry instead: " + strings.Join(f.Suggestions, " | ")
		md += "\n\nTry instead:\n\n- " + strings.Join(f.Suggestions, "\n- ")
	}
	pb := sarif.NewPropertyBag()
	pb.Add("category", f.Category)
	pb.Add("lexicon", f.Lexicon)
	pb.Add("tags", []string{"service-language", f.Category})
	s.run.AddRule(f.Rule).
		WithName(ruleName(f.Rule)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(f.Message)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(f.Message)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(help).WithMarkdown(md)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(f.Severity, "note"))).
		WithProperties(pb)
}

// appendResult appends a finding as the SARIF result of the rule at index,
// laid out as go-sarif's encoding indented in the log is (TestStreamingSameBytes
// compares them): encoding/json's reflection over go-sarif's types cost
// five times the rest of a run.
func appendResult(b []byte, f *Finding, uri string, index int) []byte {
	// The lines that are the same in every result, indented as they stand.
	const (
		d1 = "\n" + resultIndent + "  "
		d2 = d1 + "  "
		d3 = d2 + "  "
		d4 = d3 + "  "
		d5 = d4 + "  "
	)
	line, col, endLine, endCol := fileRegion(f)
	b = append(b, "{"+d1+`"partialFingerprints": {`+d2+`"lexlintFinding/v1": `...)
	b = append(appendEscaped(append(b, '"'), uri, true), ':')
	b = append(appendEscaped(b, f.Rule, true), ':')
	b = append(strconv.AppendInt(b, int64(line), 10), ':')
	b = append(appendEscaped(b, strings.ToLower(oneLine(f.Match)), true), '"')
	b = append(b, d1+`},`+d1+`"attachments": [],`+d1+`"codeFlows": [],`+d1+`"fixes": [],`+d1+`"graphTraversals": [],`+
		d1+`"graphs": [],`+d1+`"kind": "fail",`+d1+`"level": `...)
	b = appendString(b, level(f.Severity, "note"), true)
	b = append(b, ","+d1+`"locations": [`+d2+"{"+d3+`"annotations": [],`+d3+`"id": -1,`+d3+`"logicalLocations": [],`+
		d3+`"physicalLocation": {`+d4+`"artifactLocation": {`+d5+`"index": -1,`+d5+`"uri": `...)
	b = appendString(b, uri, true)
	b = append(b, d4+"},"+d4+`"region": {`...)
	w := &jsonw{b: b, prefix: resultIndent, depth: 5} // in the region
	writeRegion(w, f, line, col, endLine, endCol)
	b = append(w.b, d4+"}"+d3+"},"+d3+`"relationships": []`+d2+"}"+d1+"],"+d1+`"message": {`+d2+`"arguments": [],`+d2+`"text": `...)
	b = appendString(b, annotation(f), true)
	b = append(b, d1+"},"...)
	if f.Conversation != "" {
		w = &jsonw{b: append(b, d1...), prefix: resultIndent, depth: 1}
		writeProperties(w, f)
		b = append(w.b, ',')
	}
	b = append(b, d1+`"rank": -1,`+d1+`"relatedLocations": [],`+d1+`"ruleId": `...)
	b = appendString(b, f.Rule, true)
	b = append(b, ","+d1+`"ruleIndex": `...)
	b = strconv.AppendInt(b, int64(index), 10)
	return append(b, ","+d1+`"stacks": [],`+d1+`"taxa": []`+"\n"+resultIndent+"}"...)
}

// writeRegion writes a result's region: the line, and for a finding with
// columns the columns, and for a match its bytes and text.
func writeRegion(w *jsonw, f *Finding, line, col, endLine, endCol int) {
	match := col > 0 && f.Match != ""
	if match {
		w.key("byteLength").int(f.EndOffset - f.Offset)
		w.key("byteOffset").int(f.Offset)
	} else {
		w.key("byteOffset").raw("-1")
	}
	w.key("charOffset").raw("-1")
	if col > 0 {
		w.key("endColumn").int(endCol)
		w.key("endLine").int(endLine)
	}
	if match {
		w.key("snippet").object()
		w.key("text").str(f.Match)
		w.endObject()
	}
	if col > 0 {
		w.key("startColumn").int(col)
	}
	w.key("startLine").int(line)
}

// writeProperties writes where in an export a finding is, keys sorted as
// go-sarif's property bags write them.
func writeProperties(w *jsonw, f *Finding) {
	w.raw(`"properties": `)
	w.object()
	if f.Agent != "" {
		w.key("agent").str(f.Agent)
	}
	w.key("column_in_message").int(f.Column)
	w.key("conversation").str(f.Conversation)
	w.key("line_in_message").int(f.Line)
	w.key("message_id").str(f.MessageID)
	if f.Pointer != "" {
		w.key("pointer").str(f.Pointer)
	}
	w.key("role").str(f.Role)
	w.endObject()
}

// ruleName turns an id like en.rigid.company-policy into CompanyPolicy-like
// names SARIF viewers show next to the id.
func ruleName(id string) string {
	last := id[strings.LastIndex(id, ".")+1:]
	var b strings.Builder
	for _, part := range strings.FieldsFunc(last, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// Finish writes the log: the run with its rules and artifacts, and the
// results from the spool in their place.
func (s *SARIF) Finish(*Summary) error {
	defer s.results.close()
	if err := s.flush(); err != nil {
		return err
	}
	rep := sarif.NewReport()
	rep.AddRun(s.run)
	var compact, indented bytes.Buffer
	if err := rep.Write(&compact); err != nil {
		return err
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		return err
	}
	indented.WriteByte('\n')
	doc := indented.Bytes()
	const empty = `"results": []`
	at := bytes.Index(doc, []byte(empty))
	if at < 0 || s.results.empty() {
		_, err := s.w.Write(doc)
		return err
	}
	if _, err := s.w.Write(doc[:at+len(empty)-1]); err != nil {
		return err
	}
	if err := s.results.copyTo(s.w); err != nil {
		return err
	}
	if _, err := io.WriteString(s.w, "\n      "); err != nil {
		return err
	}
	_, err := s.w.Write(doc[at+len(empty)-1:])
	return err
}
