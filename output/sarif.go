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
// bytes. GitHub code scanning accepts it.
type SARIF struct {
	w       io.Writer
	run     *sarif.Run
	rules   map[string]bool
	version string
}

// NewSARIF returns a SARIF formatter.
func NewSARIF(w io.Writer, version string) *SARIF {
	run := sarif.NewRunWithInformationURI("lexlint", "https://github.com/lexlint/lexlint")
	run.WithColumnKind("unicodeCodePoints")
	if version != "" {
		run.Tool.Driver.WithVersion(version)
	}
	return &SARIF{w: w, run: run, rules: map[string]bool{}, version: version}
}

// Item adds results.
func (s *SARIF) Item(it *pipeline.Item, findings []Finding) error {
	for _, f := range findings {
		if !s.rules[f.Rule] {
			s.rules[f.Rule] = true
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
		uri := filepath.ToSlash(f.Path)
		if f.Path == "-" {
			uri = "stdin"
		}
		s.run.AddDistinctArtifact(uri)
		line, col, endLine, endCol := fileRegion(&f)
		region := sarif.NewRegion().WithStartLine(line)
		if col > 0 {
			region.WithStartColumn(col).WithEndLine(endLine).WithEndColumn(endCol)
			if f.Match != "" {
				region.WithByteOffset(f.Offset).WithByteLength(f.EndOffset - f.Offset).
					WithSnippet(sarif.NewArtifactContent().WithText(f.Match))
			}
		}
		res := s.run.CreateResultForRule(f.Rule).
			WithLevel(level(f.Severity, "note")).
			WithMessage(sarif.NewTextMessage(annotation(&f))).
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
	}
	return nil
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

// Finish writes the log.
func (s *SARIF) Finish(*Summary) error {
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
	_, err := s.w.Write(indented.Bytes())
	return err
}
