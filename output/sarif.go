package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
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
	indented  bytes.Buffer
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
		data, err := json.Marshal(result(f, uri, index))
		if err != nil {
			return fmt.Errorf("sarif: %w", err)
		}
		s.indented.Reset()
		if s.results.empty() {
			s.indented.WriteString("\n" + resultIndent)
		} else {
			s.indented.WriteString(",\n" + resultIndent)
		}
		if err := json.Indent(&s.indented, data, resultIndent, "  "); err != nil {
			return err
		}
		if _, err := s.results.Write(s.indented.Bytes()); err != nil {
			return err
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

// result is a finding as a SARIF result of the rule at index.
func result(f *Finding, uri string, index int) *sarif.Result {
	line, col, endLine, endCol := fileRegion(f)
	region := sarif.NewRegion().WithStartLine(line)
	if col > 0 {
		region.WithStartColumn(col).WithEndLine(endLine).WithEndColumn(endCol)
		if f.Match != "" {
			region.WithByteOffset(f.Offset).WithByteLength(f.EndOffset - f.Offset).
				WithSnippet(sarif.NewArtifactContent().WithText(f.Match))
		}
	}
	res := sarif.NewRuleResult(f.Rule).WithRuleIndex(index).
		WithLevel(level(f.Severity, "note")).
		WithMessage(sarif.NewTextMessage(annotation(f))).
		AddLocation(sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)).
				WithRegion(region)))
	if f.Conversation != "" {
		pb := sarif.NewPropertyBag()
		pb.Add("conversation", f.Conversation)
		pb.Add("message_id", f.MessageID)
		pb.Add("role", f.Role)
		if f.Agent != "" {
			pb.Add("agent", f.Agent)
		}
		if f.Pointer != "" {
			pb.Add("pointer", f.Pointer)
		}
		pb.Add("line_in_message", f.Line)
		pb.Add("column_in_message", f.Column)
		res.WithProperties(pb)
	}
	res.WithPartialFingerprints(map[string]string{"lexlintFinding/v1": fmt.Sprintf("%s:%s:%d:%s", uri, f.Rule, line, strings.ToLower(oneLine(f.Match)))})
	return res
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
