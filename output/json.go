package output

import (
	"encoding/json"
	"io"

	"github.com/lexlint/lexlint/pipeline"
)

// JSON writes one document, {"findings": [...], "summary": {...},
// "input_errors": [...]}, when the run finishes.
type JSON struct {
	w        io.Writer
	findings []Finding
	errs     []string
}

// NewJSON returns a JSON formatter.
func NewJSON(w io.Writer) *JSON { return &JSON{w: w, findings: []Finding{}, errs: []string{}} }

// Item collects an item's findings and input error.
func (j *JSON) Item(it *pipeline.Item, findings []Finding) error {
	if it.Err != nil {
		j.errs = append(j.errs, it.Err.Error())
	}
	j.findings = append(j.findings, findings...)
	return nil
}

// Finish writes the document.
func (j *JSON) Finish(s *Summary) error {
	enc := json.NewEncoder(j.w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Findings    []Finding `json:"findings"`
		Summary     *Summary  `json:"summary"`
		InputErrors []string  `json:"input_errors"`
	}{j.findings, s, j.errs})
}
