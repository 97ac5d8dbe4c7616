package lexbeam

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/report"
)

// gatherFn puts a conversation's lines in order and keys the conversation
// by the range of its file where it starts.
type gatherFn struct {
	RangeLines int
}

// ProcessElement gathers one conversation.
func (fn *gatherFn) ProcessElement(key string, lines func(*Line) bool, emit func(string, Conversation)) error {
	parts := strings.SplitN(key, "\x00", 3)
	if len(parts) != 3 {
		return fmt.Errorf("a conversation key without its file: %q", key)
	}
	var index int
	fmt.Sscanf(parts[0], "%d", &index)
	c := Conversation{File: File{Path: parts[1], Index: index}}
	var l Line
	for lines(&l) {
		c.Lines = append(c.Lines, l)
	}
	slices.SortFunc(c.Lines, func(a, b Line) int { return a.N - b.N })
	emit(fmt.Sprintf("%08d/%012d", index, c.Lines[0].N/fn.RangeLines), c)
	return nil
}

// Partial is the JSON report of one range of a file, or a count of dead
// letters, for the combine.
type Partial struct {
	Range  string // the range's key: partials merge in its order
	Report []byte // report -f json of the range's conversations
	Dead   int    // lines that were not records
}

// checkFn checks the conversations that start in one range of a file, in
// the order of their lines, with lexlint's pipeline: it gives the range's
// partial report and its findings as Parquet rows keyed by month and
// shard.
type checkFn struct {
	Settings Settings

	linter *lint.Linter
}

// Setup builds the engine once per worker.
func (fn *checkFn) Setup() error {
	l, err := fn.Settings.linter()
	fn.linter = l
	return err
}

// ProcessElement checks one range.
func (fn *checkFn) ProcessElement(ctx context.Context, key string, convs func(*Conversation) bool, emit func(Partial), emitRow func(string, []byte)) error {
	var file File
	var lines []Line
	var c Conversation
	for convs(&c) {
		file = c.File
		lines = append(lines, c.Lines...)
	}
	slices.SortFunc(lines, func(a, b Line) int { return a.N - b.N })
	opts := fn.Settings.pipelineOptions()
	opts.Open = func(context.Context, string) (io.ReadCloser, error) { return &sparse{lines: lines, next: 1}, nil }
	b := report.NewBuilder(fn.linter, fn.Settings.reportOptions())
	var rowErr error
	err := pipeline.Run(ctx, fn.linter, []string{file.Path}, opts, func(it *pipeline.Item) error {
		b.Add(it)
		if it.Err != nil {
			return it.Err // a line read before was a record: the file changed
		}
		ts := ""
		if it.Message != nil {
			ts = it.Message.Timestamp
		}
		for _, f := range output.Findings(it) {
			row := output.NewFindingRow(&f, ts, fn.Settings.Fingerprint)
			data, err := json.Marshal(row)
			if err != nil {
				rowErr = err
			}
			emitRow(rowKey(&row, fn.Settings.Shards), data)
		}
		return nil
	})
	if err == nil {
		err = rowErr
	}
	if err != nil {
		return fmt.Errorf("%s, range %s: %w", file.Path, key, err)
	}
	r := b.Report()
	r.Files = 0 // counted once for the run
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r); err != nil {
		return err
	}
	emit(Partial{Range: key, Report: buf.Bytes()})
	ranges.Inc(ctx, 1)
	return nil
}

// ranges counts the ranges checked, each into a partial report.
var ranges = beam.NewCounter("lexlint", "ranges")

// rowKey is the Parquet file a finding goes to: its month (by the
// message's time; "none" without one) and a shard by conversation.
func rowKey(r *output.FindingRow, shards int) string {
	month := "none"
	if r.Timestamp != nil {
		month = r.Timestamp.Format("2006-01")
	}
	h := fnv.New32a()
	h.Write([]byte(r.File + "\x00" + r.Conversation))
	return fmt.Sprintf("month=%s/part-%05d", month, h.Sum32()%uint32(shards))
}
