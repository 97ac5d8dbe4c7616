// Package output writes lexlint's findings in the formats users and tools
// read: aligned, coloured text for people and a stable JSON document for
// programs.
package output

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// Formatter receives items in input order and writes them.
type Formatter interface {
	// Item is called for every item of the run with its findings, which
	// the formatter may keep: the caller does not touch them again.
	Item(it *pipeline.Item, findings []Finding) error
	// Finish writes what comes after the last item.
	Finish(sum *Summary) error
}

// Finding is a finding with the message it was found in. Message metadata
// is set for transcript and macro inputs and left out for plain documents.
type Finding struct {
	lint.Finding
	Conversation string `json:"conversation,omitempty"`
	MessageID    string `json:"message_id,omitempty"`
	Role         string `json:"role,omitempty"`
	Agent        string `json:"agent,omitempty"`
	Record       int    `json:"record,omitempty"`
	Pointer      string `json:"pointer,omitempty"`
}

// Findings returns an item's findings, the presence-rule ones last.
func Findings(it *pipeline.Item) []Finding {
	if it.Message == nil {
		return nil
	}
	n := len(it.Presence)
	if it.Result != nil {
		n += len(it.Result.Findings)
	}
	if n == 0 {
		return nil
	}
	out := make([]Finding, 0, n)
	add := func(fs []lint.Finding) {
		for _, f := range fs {
			if f.Suggestions == nil {
				f.Suggestions = []string{}
			}
			of := Finding{Finding: f}
			if m := it.Message; !m.Origin.Document() {
				of.Conversation, of.MessageID, of.Role, of.Agent = m.Conversation, m.ID, m.Role, m.Agent
				of.Record, of.Pointer = m.Origin.Record, m.Origin.Pointer
			}
			out = append(out, of)
		}
	}
	if it.Result != nil {
		add(it.Result.Findings)
	}
	add(it.Presence)
	return out
}

// Summary totals a run.
type Summary struct {
	Files             int            `json:"files"`
	FilesWithFindings int            `json:"files_with_findings"`
	Messages          int            `json:"messages"`
	Words             int            `json:"words"`
	Findings          int            `json:"findings"`
	InputErrors       int            `json:"input_errors"`
	BySeverity        map[string]int `json:"by_severity"`
	ByCategory        map[string]int `json:"by_category"`
	ByRule            map[string]int `json:"by_rule"`
	Encouraged        map[string]int `json:"encouraged"`
	Languages         map[string]int `json:"languages"`
	fileHasFindings   bool
}

// NewSummary returns an empty summary.
func NewSummary() *Summary {
	return &Summary{
		BySeverity: map[string]int{"error": 0, "warning": 0, "suggestion": 0},
		ByCategory: map[string]int{}, ByRule: map[string]int{},
		Encouraged: map[string]int{}, Languages: map[string]int{},
	}
}

// Add counts one item.
func (s *Summary) Add(it *pipeline.Item, findings []Finding) {
	switch {
	case it.Err != nil:
		s.InputErrors++
	case it.FileDone:
		s.Files++
		if s.fileHasFindings {
			s.FilesWithFindings++
		}
		s.fileHasFindings = false
	}
	if res := it.Result; res != nil && it.Presence == nil {
		if !it.Part { // a long message counts once, at its last part
			s.Messages++
			s.Words += res.Words
			lang := res.Lang
			if lang == "" {
				lang = "undecided"
			}
			s.Languages[lang]++
		}
		for _, h := range res.Hits {
			s.Encouraged[h.Rule]++
		}
	}
	for _, f := range findings {
		s.Findings++
		s.fileHasFindings = true
		s.BySeverity[f.Severity.String()]++
		s.ByCategory[f.Category]++
		s.ByRule[f.Rule]++
	}
}

// Formats lists the output formats.
func Formats() []string {
	return []string{"text", "json", "jsonl", "sarif", "github", "checkstyle", "junit", "line", "parquet"}
}

// New returns the formatter for a format name.
func New(format string, w io.Writer, opts TextOptions) (Formatter, error) {
	switch format {
	case "text":
		return NewText(w, opts), nil
	case "json":
		return NewJSON(w), nil
	case "jsonl":
		return &JSONL{w: w}, nil
	case "sarif":
		s := NewSARIF(w, opts.Version)
		s.SourceRoot = opts.SourceRoot
		return s, nil
	case "github":
		return NewGitHub(w), nil
	case "checkstyle":
		return NewCheckstyle(w), nil
	case "line":
		return NewLine(w), nil
	case "parquet":
		return NewParquet(w, opts.Version, opts.Fingerprint), nil
	case "junit":
		j := NewJUnit(w)
		j.failOn = opts.FailOn
		if opts.Now != nil {
			j.now = opts.Now
		}
		return j, nil
	}
	return nil, fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats(), ", "))
}

// appendPlace appends where in its file a finding is, for people: "line:col"
// for documents and chat transcripts (file positions); for exports the
// record line or JSON pointer, the message, and the position inside its text.
func appendPlace(b []byte, f *Finding, m *transcript.Message) []byte {
	if !(m == nil || m.Origin.Document() || m.Origin.Format == "chat" || m.Origin.Line > 0 || m.Map != nil && m.Map.InFile) {
		if m.Origin.Record > 0 {
			b = append(strconv.AppendInt(append(b, "line "...), int64(m.Origin.Record), 10), ' ')
		} else if m.Origin.Pointer != "" {
			b = append(append(b, Visible(m.Origin.Pointer)...), ' ')
		}
		b = append(append(append(append(b, "(conversation "...), Visible(m.Conversation)...), ", message "...), Visible(m.ID)...)
		if m.Agent != "" {
			b = append(append(b, ", "...), Visible(m.Agent)...)
		}
		b = append(b, ") "...)
	}
	return strconv.AppendInt(append(strconv.AppendInt(b, int64(f.Line), 10), ':'), int64(f.Column), 10)
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

// errPlace is where an unreadable input is: its file (from the item, or
// the error when a directory walk could not read it) and the record's
// line, if the error names one (0 otherwise).
func errPlace(it *pipeline.Item) (string, int) {
	path, line := it.Path, 0
	var rec *transcript.RecordError
	if errors.As(it.Err, &rec) {
		path, line = cmp.Or(path, rec.Path), rec.Record
	}
	var pe *fs.PathError
	if path == "" && errors.As(it.Err, &pe) {
		path = pe.Path
	}
	return cmp.Or(path, "lexlint"), line
}
