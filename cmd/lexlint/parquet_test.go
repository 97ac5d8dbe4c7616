package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/internal/duckdb"
	"github.com/lexlint/lexlint/internal/synth"
	"github.com/lexlint/lexlint/report"
	"github.com/lexlint/lexlint/transcript"
)

// parquetExport writes a generated export (several months, a bad line
// now and then) and returns its path and each message's timestamp by
// conversation and message id.
func parquetExport(t *testing.T) (string, map[string]string) {
	t.Helper()
	data := synth.Export(7, 240, 113)
	path := filepath.Join(t.TempDir(), "export.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	times := map[string]string{}
	n := map[string]int{}
	for _, line := range strings.Split(string(data), "\n") {
		var m map[string]string
		if json.Unmarshal([]byte(line), &m) != nil {
			continue
		}
		n[m["conversation_id"]]++
		times[m["conversation_id"]+"/"+strconv.Itoa(n[m["conversation_id"]])] = m["timestamp"]
	}
	return path, times
}

// jsonlFinding is a finding as check -f jsonl writes it, and as the
// query below selects it from Parquet.
type jsonlFinding struct {
	Path         string   `json:"path"`
	Line         int      `json:"line"`
	Column       int      `json:"column"`
	EndLine      int      `json:"end_line"`
	EndColumn    int      `json:"end_column"`
	Offset       int      `json:"offset"`
	EndOffset    int      `json:"end_offset"`
	Rule         string   `json:"rule"`
	Category     string   `json:"category"`
	Severity     string   `json:"severity"`
	Match        string   `json:"match"`
	Message      string   `json:"message"`
	Suggestions  []string `json:"suggestions"`
	Fix          string   `json:"fix"`
	Link         string   `json:"link"`
	Lexicon      string   `json:"lexicon"`
	Conversation string   `json:"conversation"`
	MessageID    string   `json:"message_id"`
	Role         string   `json:"role"`
	Agent        string   `json:"agent"`
	Record       int      `json:"record"`
	Pointer      string   `json:"pointer"`
}

const findingColumns = `file AS path, line::INT AS line, "column"::INT AS "column", end_line::INT AS end_line,
	end_column::INT AS end_column, "offset"::INT AS "offset", end_offset::INT AS end_offset, rule, category, severity,
	match, message, suggestions, fix, link, lexicon, conversation, message_id, role, agent, record::INT AS record, pointer`

// decodeRows turns DuckDB's JSON rows into values of T.
func decodeRows[T any](t *testing.T, rows []map[string]any) []T {
	t.Helper()
	data, _ := json.Marshal(rows)
	var out []T
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCheckParquet writes an export's findings with check -f parquet and
// reads them back with DuckDB: the rows equal check -f jsonl's findings,
// field for field and in order, each with its message's timestamp and the
// lexicons' fingerprint.
func TestCheckParquet(t *testing.T) {
	path, times := parquetExport(t)
	code, jsonl, _ := lexlint(t, "", "check", "-f", "jsonl", path)
	if code != exitError { // the bad lines
		t.Fatalf("check -f jsonl: exit %d", code)
	}
	var want []jsonlFinding
	sc := bufio.NewScanner(strings.NewReader(jsonl))
	for sc.Scan() {
		var f jsonlFinding
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		want = append(want, f)
	}
	if len(want) < 300 {
		t.Fatalf("only %d findings: the export should give hundreds", len(want))
	}
	out := filepath.Join(t.TempDir(), "findings.parquet")
	code, stdout, stderr := lexlint(t, "", "check", "-f", "parquet", "-o", out, path)
	if code != exitError || stdout != "" || !strings.Contains(stderr, ":113: invalid JSON") {
		t.Fatalf("check -f parquet: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	file := duckdb.Quote(out)
	res := duckdb.Query(t,
		"SELECT "+findingColumns+" FROM read_parquet("+file+")",
		"SELECT conversation, message_id, epoch_ms(timestamp)::VARCHAR AS ms FROM read_parquet("+file+")",
		"SELECT count(DISTINCT lexicon_fingerprint)::INT AS n, min(length(lexicon_fingerprint))::INT AS len FROM read_parquet("+file+")",
		"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("+file+"))")
	got := decodeRows[jsonlFinding](t, res[0])
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("row %d:\nparquet %+v\njsonl   %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("%d rows in Parquet, %d findings in JSON Lines", len(got), len(want))
	}
	for _, r := range res[1] {
		ts, ok := transcript.ParseTime(times[fmt.Sprint(r["conversation"])+"/"+fmt.Sprint(r["message_id"])])
		if !ok || fmt.Sprint(r["ms"]) != strconv.FormatInt(ts.UnixMilli(), 10) {
			t.Fatalf("timestamp of %v: %v, want %v", r["conversation"], r["ms"], ts)
		}
	}
	if fp := res[2][0]; fp["n"] != 1.0 || fp["len"] != 16.0 {
		t.Errorf("lexicon_fingerprint: %v", fp)
	}
	types := map[string]string{}
	for _, r := range res[3] {
		types[r["column_name"].(string)] = r["column_type"].(string)
	}
	for col, typ := range map[string]string{"timestamp": "TIMESTAMP WITH TIME ZONE", "suggestions": "VARCHAR[]", "line": "BIGINT", "offset": "BIGINT", "rule": "VARCHAR"} {
		if types[col] != typ {
			t.Errorf("column %s is %s, want %s", col, types[col], typ)
		}
	}
}

// TestParquetNeedsAFile: Parquet is not written to standard output.
func TestParquetNeedsAFile(t *testing.T) {
	for _, args := range [][]string{
		{"check", "-f", "parquet", "examples/transcripts/support-export.jsonl"},
		{"report", "-f", "parquet", "examples/transcripts/support-export.jsonl"},
	} {
		code, stdout, stderr := lexlint(t, "", args...)
		if code != exitError || stdout != "" || !strings.Contains(stderr, "-o ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// statsRow is a stats object as the Parquet tables hold it, selected with
// its by_category map as JSON.
type statsRow struct {
	Messages     int     `json:"messages"`
	Words        int     `json:"words"`
	Findings     int     `json:"findings"`
	Errors       int     `json:"errors"`
	Warnings     int     `json:"warnings"`
	Suggestions  int     `json:"suggestions"`
	ByCategory   counts  `json:"by_category"`
	Per1000Words float64 `json:"findings_per_1000_words"`
	Score        float64 `json:"score"`
	Penalty      float64 `json:"penalty"`
}

// counts is a map of counts, which DuckDB's to_json gives as JSON text.
type counts map[string]int

func (c *counts) UnmarshalJSON(b []byte) error {
	var text string
	if json.Unmarshal(b, &text) == nil {
		b = []byte(text)
	}
	return json.Unmarshal(b, (*map[string]int)(c))
}

const statsColumns = `messages::INT AS messages, words::INT AS words, findings::INT AS findings, errors::INT AS errors,
	warnings::INT AS warnings, suggestions::INT AS suggestions, to_json(by_category) AS by_category,
	findings_per_1000_words, score, penalty`

func wantStats(s *report.Stats) statsRow {
	return statsRow{Messages: s.Messages, Words: s.Words, Findings: s.Findings, Errors: s.BySeverity["error"],
		Warnings: s.BySeverity["warning"], Suggestions: s.BySeverity["suggestion"], ByCategory: s.ByCategory,
		Per1000Words: s.Per1000Words, Score: s.Score, Penalty: s.Penalty}
}

// TestReportParquet writes a report's tables with report -f parquet and
// reads them back with DuckDB: agents, categories, entries and periods
// equal the JSON report's, and conversations holds every conversation
// as report -f csv --by conversation lists them.
func TestReportParquet(t *testing.T) {
	path, _ := parquetExport(t)
	code, js, _ := lexlint(t, "", "report", "-q", "-f", "json", "--period", "month", path)
	if code != exitError {
		t.Fatalf("report -f json: exit %d", code)
	}
	rep, err := report.ReadJSON(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	_, csvOut, _ := lexlint(t, "", "report", "-q", "-f", "csv", "--by", "conversation", "--period", "month", path)
	dir := filepath.Join(t.TempDir(), "report")
	if code, stdout, stderr := lexlint(t, "", "report", "-q", "-f", "parquet", "-o", dir, "--period", "month", path); code != exitError || stdout != "" {
		t.Fatalf("report -f parquet: exit %d, %q %q", code, stdout, stderr)
	}
	table := func(name string) string { return duckdb.Quote(filepath.Join(dir, name+".parquet")) }
	res := duckdb.Query(t,
		"SELECT agent, conversations::INT AS conversations, name_overuse::INT AS name_overuse, "+statsColumns+" FROM read_parquet("+table("agents")+")",
		"SELECT category, findings::INT AS findings, errors::INT AS errors, warnings::INT AS warnings, suggestions::INT AS suggestions, findings_per_1000_words FROM read_parquet("+table("categories")+")",
		"SELECT rule, phrase, category, severity, count::INT AS count, suggestions, snippets FROM read_parquet("+table("entries")+")",
		"SELECT period, period_kind, "+statsColumns+" FROM read_parquet("+table("periods")+")",
		"SELECT file, conversation, agents, "+statsColumns+" FROM read_parquet("+table("conversations")+")")

	type agentRow struct {
		Agent         string `json:"agent"`
		Conversations int    `json:"conversations"`
		NameOveruse   int    `json:"name_overuse"`
		statsRow
	}
	var agents []agentRow
	for _, a := range rep.Agents {
		agents = append(agents, agentRow{a.Name, a.Conversations, a.NameOveruse, wantStats(&a.Stats)})
	}
	same(t, "agents", decodeRows[agentRow](t, res[0]), agents)

	type categoryRow struct {
		Category     string  `json:"category"`
		Findings     int     `json:"findings"`
		Errors       int     `json:"errors"`
		Warnings     int     `json:"warnings"`
		Suggestions  int     `json:"suggestions"`
		Per1000Words float64 `json:"findings_per_1000_words"`
	}
	var cats []categoryRow
	for _, c := range rep.Categories {
		cats = append(cats, categoryRow{c.Category, c.Findings, c.BySeverity["error"], c.BySeverity["warning"], c.BySeverity["suggestion"], c.Per1000Words})
	}
	same(t, "categories", decodeRows[categoryRow](t, res[1]), cats)

	var phrases []report.Phrase
	for _, p := range rep.Merge.Phrases {
		phrases = append(phrases, *p)
	}
	same(t, "entries", decodeRows[report.Phrase](t, res[2]), phrases)

	type periodRow struct {
		Period string `json:"period"`
		Kind   string `json:"period_kind"`
		statsRow
	}
	var periods []periodRow
	for _, p := range rep.Periods {
		periods = append(periods, periodRow{p.Period, "month", wantStats(&p.Stats)})
	}
	if len(periods) < 3 {
		t.Fatalf("%d periods: the export should span several months", len(periods))
	}
	same(t, "periods", decodeRows[periodRow](t, res[3]), periods)

	type convRow struct {
		File         string   `json:"file"`
		Conversation string   `json:"conversation"`
		Agents       []string `json:"agents"`
		statsRow
	}
	convs := decodeRows[convRow](t, res[4])
	byID := map[string]convRow{}
	var rows []string
	for _, c := range convs {
		byID[c.Conversation] = c
		rows = append(rows, strings.Join([]string{c.File, c.Conversation, strings.Join(c.Agents, " "), strconv.Itoa(c.Messages), strconv.Itoa(c.Words),
			strconv.Itoa(c.Findings), strconv.Itoa(c.Errors), strconv.Itoa(c.Warnings), strconv.Itoa(c.Suggestions),
			strconv.FormatFloat(c.Per1000Words, 'f', 2, 64), strconv.FormatFloat(c.Score, 'f', 2, 64)}, ","))
	}
	csvRows := strings.Split(strings.TrimSpace(csvOut), "\n")[1:]
	same(t, "conversations (CSV)", rows, csvRows)
	if len(convs) != rep.Totals.Conversations {
		t.Errorf("%d conversations, the report counts %d", len(convs), rep.Totals.Conversations)
	}
	for _, w := range rep.Worst {
		got := byID[w.ID]
		if got.Conversation == "" || !reflect.DeepEqual(got.statsRow, wantStats(&w.Stats)) {
			t.Errorf("worst conversation %s: %+v, want %+v", w.ID, got, w.Stats)
		}
	}
}

// same fails the test when the rows of a table differ, naming the first.
func same[T any](t *testing.T, table string, got, want []T) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s row %d:\nparquet %+v\nwant    %+v", table, i, got[i], want[i])
			return
		}
	}
	t.Errorf("%s: %d rows, want %d", table, len(got), len(want))
}
