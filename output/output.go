// Package output writes lexlint's findings in the formats users and tools
// read: aligned, coloured text for people and a stable JSON document for
// programs.
package output

import (
	"fmt"
	"io"
	"sort"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

// Formatter receives results in input order and writes them.
type Formatter interface {
	// Result is called once per checked document.
	Result(path string, res *lint.Result) error
	// InputError is called for a file or record that could not be read.
	InputError(err error) error
	// Finish writes what comes after the last result.
	Finish(sum *Summary) error
}

// Summary totals a run.
type Summary struct {
	Files       int            `json:"files"`
	Words       int            `json:"words"`
	Findings    int            `json:"findings"`
	InputErrors int            `json:"input_errors"`
	BySeverity  map[string]int `json:"by_severity"`
	ByCategory  map[string]int `json:"by_category"`
	ByRule      map[string]int `json:"by_rule"`
	Encouraged  map[string]int `json:"encouraged"`
	Languages   map[string]int `json:"languages"`
	// Worst is the highest severity found; 0 when there are no findings.
	Worst lexicon.Severity `json:"-"`
	// FilesWithFindings counts files with at least one finding.
	FilesWithFindings int `json:"files_with_findings"`
}

// NewSummary returns an empty summary.
func NewSummary() *Summary {
	return &Summary{
		BySeverity: map[string]int{"error": 0, "warning": 0, "suggestion": 0},
		ByCategory: map[string]int{}, ByRule: map[string]int{},
		Encouraged: map[string]int{}, Languages: map[string]int{},
	}
}

// Add counts one document's result.
func (s *Summary) Add(res *lint.Result) {
	s.Words += res.Words
	lang := res.Lang
	if lang == "" {
		lang = "undecided"
	}
	s.Languages[lang]++
	for _, f := range res.Findings {
		s.Findings++
		s.BySeverity[f.Severity.String()]++
		s.ByCategory[f.Category]++
		s.ByRule[f.Rule]++
		s.Worst = max(s.Worst, f.Severity)
	}
	for _, h := range res.Hits {
		s.Encouraged[h.Rule]++
	}
}

// New returns the formatter for a format name: text or json.
func New(format string, w io.Writer, opts TextOptions) (Formatter, error) {
	switch format {
	case "text":
		return NewText(w, opts), nil
	case "json":
		return NewJSON(w), nil
	}
	return nil, fmt.Errorf("unknown format %q: use text or json", format)
}

func sortedCounts(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
