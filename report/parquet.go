package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// StatsColumns are a stats object's columns, as in JSON (by_severity
// spread into errors, warnings and suggestions).
type StatsColumns struct {
	Messages     int64            `parquet:"messages"`
	Words        int64            `parquet:"words"`
	Findings     int64            `parquet:"findings"`
	Errors       int64            `parquet:"errors"`
	Warnings     int64            `parquet:"warnings"`
	Suggestions  int64            `parquet:"suggestions"`
	ByCategory   map[string]int64 `parquet:"by_category"`
	Per1000Words float64          `parquet:"findings_per_1000_words"`
	Score        float64          `parquet:"score"`
	Penalty      float64          `parquet:"penalty"`
}

func statsColumns(s *Stats) StatsColumns {
	by := make(map[string]int64, len(s.ByCategory))
	for k, n := range s.ByCategory {
		by[k] = int64(n)
	}
	return StatsColumns{Messages: int64(s.Messages), Words: int64(s.Words), Findings: int64(s.Findings),
		Errors: int64(s.BySeverity["error"]), Warnings: int64(s.BySeverity["warning"]), Suggestions: int64(s.BySeverity["suggestion"]),
		ByCategory: by, Per1000Words: s.Per1000Words, Score: s.Score, Penalty: s.Penalty}
}

// AgentRow is a row of agents.parquet.
type AgentRow struct {
	Agent         string `parquet:"agent"`
	Conversations int64  `parquet:"conversations"`
	StatsColumns
	ShiftDrift  *float64 `parquet:"shift_drift,optional"`
	NameOveruse int64    `parquet:"name_overuse"`
	RegisterMix int64    `parquet:"register_mix"`
	FirstMedian *float64 `parquet:"first_response_median_seconds,optional"`
	ReplyMedian *float64 `parquet:"reply_median_seconds,optional"`
	Replies     int64    `parquet:"replies"`
}

// CategoryRow is a row of categories.parquet.
type CategoryRow struct {
	Category     string  `parquet:"category"`
	Findings     int64   `parquet:"findings"`
	Errors       int64   `parquet:"errors"`
	Warnings     int64   `parquet:"warnings"`
	Suggestions  int64   `parquet:"suggestions"`
	Per1000Words float64 `parquet:"findings_per_1000_words"`
}

// EntryRow is a row of entries.parquet: a discouraged phrase as agents
// wrote it, with its lexicon entry (rule). Every phrase counted is listed,
// not only the report's top ones.
type EntryRow struct {
	Rule        string   `parquet:"rule"`
	Phrase      string   `parquet:"phrase"`
	Category    string   `parquet:"category"`
	Severity    string   `parquet:"severity"`
	Count       int64    `parquet:"count"`
	Suggestions []string `parquet:"suggestions,list"`
	Snippets    []string `parquet:"snippets,list"`
}

// PeriodRow is a row of periods.parquet.
type PeriodRow struct {
	Period string `parquet:"period"`
	Kind   string `parquet:"period_kind"`
	StatsColumns
}

// ConversationParquet is a row of conversations.parquet: every conversation,
// not only the worst.
type ConversationParquet struct {
	File         string   `parquet:"file"`
	Conversation string   `parquet:"conversation"`
	Agents       []string `parquet:"agents,list"`
	StatsColumns
}

// newConversationParquet is the row of a conversation.
func newConversationParquet(c *Conversation) ConversationParquet {
	return ConversationParquet{File: c.File, Conversation: c.ID, Agents: nonNil(c.Agents), StatsColumns: statsColumns(&c.Stats)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// parquetOptions are the writer options of every table: row groups of
// 32,768 rows, pages of 32 KB, Snappy (as check -f parquet writes).
func parquetOptions() []parquet.WriterOption {
	return []parquet.WriterOption{parquet.MaxRowsPerRowGroup(32 << 10), parquet.Compression(&snappy.Codec{}), parquet.PageBufferSize(32 << 10)}
}

// ConversationWriter streams conversations.parquet as conversations end
// (Options.OnConversation), so memory does not grow with their number.
type ConversationWriter struct {
	f   *os.File
	w   *parquet.GenericWriter[ConversationParquet]
	err error
}

// NewConversationWriter creates dir/conversations.parquet.
func NewConversationWriter(dir string) (*ConversationWriter, error) {
	f, err := os.Create(filepath.Join(dir, "conversations.parquet"))
	if err != nil {
		return nil, err
	}
	return &ConversationWriter{f: f, w: parquet.NewGenericWriter[ConversationParquet](f, parquetOptions()...)}, nil
}

// Add writes one conversation; the first error is kept for Close.
func (c *ConversationWriter) Add(conv *Conversation) {
	if c.err == nil {
		_, c.err = c.w.Write([]ConversationParquet{newConversationParquet(conv)})
	}
}

// Close ends the file.
func (c *ConversationWriter) Close() error {
	err := errors.Join(c.err, c.w.Close(), c.f.Close())
	if err != nil {
		return fmt.Errorf("%s: %w", c.f.Name(), err)
	}
	return nil
}

// WriteParquet writes the report's agents, categories, entries and
// periods tables into dir, one file each (conversations.parquet is
// streamed by a ConversationWriter).
func WriteParquet(dir string, r *Report) error {
	var agents []AgentRow
	for _, a := range r.Agents {
		row := AgentRow{Agent: a.Name, Conversations: int64(a.Conversations), StatsColumns: statsColumns(&a.Stats),
			NameOveruse: int64(a.NameOveruse), RegisterMix: int64(a.RegisterMix)}
		if a.ShiftDrift != nil {
			row.ShiftDrift = a.ShiftDrift.Ratio
		}
		if t := a.ResponseTimes; t != nil {
			row.FirstMedian, row.ReplyMedian, row.Replies = t.FirstMedian, t.ReplyMedian, int64(t.Replies)
		}
		agents = append(agents, row)
	}
	var cats []CategoryRow
	for _, c := range r.Categories {
		cats = append(cats, CategoryRow{Category: c.Category, Findings: int64(c.Findings), Errors: int64(c.BySeverity["error"]),
			Warnings: int64(c.BySeverity["warning"]), Suggestions: int64(c.BySeverity["suggestion"]), Per1000Words: c.Per1000Words})
	}
	phrases := r.Phrases
	if r.Merge != nil {
		phrases = r.Merge.Phrases
	}
	var entries []EntryRow
	for _, p := range phrases {
		entries = append(entries, EntryRow{Rule: p.Rule, Phrase: p.Phrase, Category: p.Category, Severity: p.Severity,
			Count: int64(p.Count), Suggestions: nonNil(p.Suggestions), Snippets: nonNil(p.Snippets)})
	}
	var periods []PeriodRow
	for _, p := range r.Periods {
		periods = append(periods, PeriodRow{Period: p.Period, Kind: r.PeriodKind, StatsColumns: statsColumns(&p.Stats)})
	}
	return errors.Join(writeTable(dir, "agents.parquet", agents), writeTable(dir, "categories.parquet", cats),
		writeTable(dir, "entries.parquet", entries), writeTable(dir, "periods.parquet", periods))
}

// writeTable writes rows to dir/name.
func writeTable[T any](dir, name string, rows []T) error {
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := parquet.NewGenericWriter[T](f, parquetOptions()...)
	_, err = w.Write(rows)
	if err = errors.Join(err, w.Close(), f.Close()); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
