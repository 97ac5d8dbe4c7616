package output

import (
	"fmt"
	"io"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// FindingRow is a finding as a row of Parquet (check -f parquet, and the
// findings of the Apache Beam pipeline): the fields of a JSON Lines
// finding, typed, with the message's time and the fingerprint of the
// lexicons that found it. Strings a finding does not have are empty.
type FindingRow struct {
	File         string     `parquet:"file,dict"`
	Conversation string     `parquet:"conversation"`
	MessageID    string     `parquet:"message_id"`
	Agent        string     `parquet:"agent,dict"`
	Role         string     `parquet:"role,dict"`
	Timestamp    *time.Time `parquet:"timestamp,optional,timestamp(millisecond)"`
	Record       int64      `parquet:"record"`
	Pointer      string     `parquet:"pointer"`
	Rule         string     `parquet:"rule,dict"`
	Category     string     `parquet:"category,dict"`
	Severity     string     `parquet:"severity,dict"`
	Match        string     `parquet:"match"`
	Line         int64      `parquet:"line"`
	Column       int64      `parquet:"column"`
	EndLine      int64      `parquet:"end_line"`
	EndColumn    int64      `parquet:"end_column"`
	Offset       int64      `parquet:"offset"`
	EndOffset    int64      `parquet:"end_offset"`
	Message      string     `parquet:"message,dict"`
	Suggestions  []string   `parquet:"suggestions,list"`
	Fix          string     `parquet:"fix"`
	Link         string     `parquet:"link"`
	Lexicon      string     `parquet:"lexicon,dict"`
	Fingerprint  string     `parquet:"lexicon_fingerprint,dict"`
}

// NewFindingRow turns a finding of a message written at timestamp (as the
// export wrote it; unreadable or empty leaves the column null) into a row.
func NewFindingRow(f *Finding, timestamp, fingerprint string) FindingRow {
	r := FindingRow{
		File: f.Path, Conversation: f.Conversation, MessageID: f.MessageID, Agent: f.Agent, Role: f.Role,
		Record: int64(f.Record), Pointer: f.Pointer, Rule: f.Rule, Category: f.Category, Severity: f.Severity.String(),
		Match: f.Match, Line: int64(f.Line), Column: int64(f.Column), EndLine: int64(f.EndLine), EndColumn: int64(f.EndColumn),
		Offset: int64(f.Offset), EndOffset: int64(f.EndOffset), Message: f.Message, Suggestions: f.Suggestions,
		Fix: f.Fix, Link: f.Link, Lexicon: f.Lexicon, Fingerprint: fingerprint,
	}
	if r.Suggestions == nil {
		r.Suggestions = []string{}
	}
	if t, ok := transcript.ParseTime(timestamp); ok {
		r.Timestamp = &t
	}
	return r
}

// RowGroupRows is how many rows a Parquet file's row group holds: the
// rows of one group are held in memory (as columns) until it is written.
const RowGroupRows = 32 << 10

// NewParquetWriter returns a writer of rows of type T to w, in row groups
// of RowGroupRows rows, in pages of 32 KB compressed with Snappy (Zstandard
// made files a third smaller but took twice the time, and 4 MB more
// memory, on the benchmark export).
func NewParquetWriter[T any](w io.Writer, version string) *parquet.GenericWriter[T] {
	return parquet.NewGenericWriter[T](w,
		parquet.MaxRowsPerRowGroup(RowGroupRows),
		parquet.Compression(&snappy.Codec{}),
		parquet.PageBufferSize(32<<10),
		parquet.CreatedBy("lexlint", version, ""))
}

// Parquet writes findings as Parquet rows (FindingRow), a row group at a
// time: memory holds one row group, whatever the number of findings.
// Input errors go to standard error only, as for JSON Lines.
type Parquet struct {
	w           *parquet.GenericWriter[FindingRow]
	fingerprint string
	rows        []FindingRow
}

// NewParquet returns a Parquet formatter writing to w, which should be a
// file: Parquet's footer comes last and names where each column starts.
func NewParquet(w io.Writer, version, fingerprint string) *Parquet {
	return &Parquet{w: NewParquetWriter[FindingRow](w, version), fingerprint: fingerprint}
}

// Item writes the item's findings.
func (p *Parquet) Item(it *pipeline.Item, findings []Finding) error {
	if len(findings) == 0 {
		return nil
	}
	ts := ""
	if it.Message != nil {
		ts = it.Message.Timestamp
	}
	p.rows = p.rows[:0]
	for i := range findings {
		p.rows = append(p.rows, NewFindingRow(&findings[i], ts, p.fingerprint))
	}
	if _, err := p.w.Write(p.rows); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	clear(p.rows) // let the strings go
	return nil
}

// Finish writes the last row group and the footer.
func (p *Parquet) Finish(*Summary) error {
	if err := p.w.Close(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}
