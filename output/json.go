package output

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/lexlint/lexlint/pipeline"
)

// JSON writes one document, {"findings": [...], "summary": {...},
// "input_errors": [...]}, indented, with the findings written as they come:
// memory does not grow with their number. Input errors, which the document
// lists after the summary, wait in a spool.
type JSON struct {
	w        io.Writer
	findings int
	buf      []byte
	errs     spool
}

// NewJSON returns a JSON formatter.
func NewJSON(w io.Writer) *JSON { return &JSON{w: w} }

// Item writes an item's findings and keeps its input error.
func (j *JSON) Item(it *pipeline.Item, findings []Finding) error {
	if it.Err != nil {
		sep := ",\n    "
		if j.errs.empty() {
			sep = "\n    "
		}
		j.buf = appendString(append(j.buf[:0], sep...), it.Err.Error(), false)
		if _, err := j.errs.Write(j.buf); err != nil {
			return err
		}
	}
	j.buf = j.buf[:0]
	for i := range findings {
		if j.findings == 0 {
			j.buf = append(j.buf, "{\n  \"findings\": [\n    "...)
		} else {
			j.buf = append(j.buf, ",\n    "...)
		}
		j.findings++
		j.buf = findings[i].appendIndented(j.buf, "    ")
		if len(j.buf) >= 64<<10 {
			if _, err := j.w.Write(j.buf); err != nil {
				return err
			}
			j.buf = j.buf[:0]
		}
	}
	_, err := j.w.Write(j.buf)
	return err
}

// Finish writes the summary and the input errors after the findings.
func (j *JSON) Finish(s *Summary) error {
	defer j.errs.close()
	var b bytes.Buffer
	if j.findings == 0 {
		b.WriteString("{\n  \"findings\": [],\n")
	} else {
		b.WriteString("\n  ],\n")
	}
	b.WriteString(`  "summary": `)
	enc := json.NewEncoder(&b)
	enc.SetIndent("  ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // the encoder's newline
	b.WriteString(",\n  \"input_errors\": [")
	if _, err := j.w.Write(b.Bytes()); err != nil {
		return err
	}
	tail := "]\n}\n"
	if !j.errs.empty() {
		tail = "\n  ]\n}\n"
	}
	if err := j.errs.copyTo(j.w); err != nil {
		return err
	}
	_, err := io.WriteString(j.w, tail)
	return err
}
