package output

import (
	"encoding/json"
	"io"

	"github.com/lexlint/lexlint/lint"
)

// JSON writes one document, {"findings": [...], "summary": {...},
// "input_errors": [...]}, when the run finishes.
type JSON struct {
	w        io.Writer
	findings []lint.Finding
	errs     []string
}

// NewJSON returns a JSON formatter.
func NewJSON(w io.Writer) *JSON { return &JSON{w: w, findings: []lint.Finding{}, errs: []string{}} }

// Result collects a document's findings.
func (j *JSON) Result(path string, res *lint.Result) error {
	for _, f := range res.Findings {
		if f.Suggestions == nil {
			f.Suggestions = []string{}
		}
		j.findings = append(j.findings, f)
	}
	return nil
}

// InputError collects an input error's message.
func (j *JSON) InputError(err error) error {
	j.errs = append(j.errs, err.Error())
	return nil
}

// Finish writes the document.
func (j *JSON) Finish(s *Summary) error {
	enc := json.NewEncoder(j.w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Findings    []lint.Finding `json:"findings"`
		Summary     *Summary       `json:"summary"`
		InputErrors []string       `json:"input_errors"`
	}{j.findings, s, j.errs})
}
