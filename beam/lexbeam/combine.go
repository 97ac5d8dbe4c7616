package lexbeam

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/lexlint/lexlint/report"
)

// mergeFn combines the partial reports of the ranges with report merge's
// state (report.Merge) into the report one process gives: the partials
// are merged in the order of their ranges, as report merge wants its
// shards, and the dead letters are the report's input errors.
type mergeFn struct {
	Files int // the files read
}

// Accum holds the partials met so far: one per range of a file, so a few
// per gigabyte of export.
type Accum struct {
	Parts []Partial
	Dead  int
}

// CreateAccumulator starts an empty accumulator.
func (fn *mergeFn) CreateAccumulator() Accum { return Accum{} }

// AddInput adds a partial or a dead-letter count.
func (fn *mergeFn) AddInput(a Accum, p Partial) Accum {
	a.Dead += p.Dead
	if p.Report != nil {
		a.Parts = append(a.Parts, p)
	}
	return a
}

// MergeAccumulators joins two accumulators.
func (fn *mergeFn) MergeAccumulators(a, b Accum) Accum {
	return Accum{Parts: append(a.Parts, b.Parts...), Dead: a.Dead + b.Dead}
}

// ExtractOutput merges the partials in range order into the report, as
// report -f json writes it.
func (fn *mergeFn) ExtractOutput(a Accum) (string, error) {
	slices.SortFunc(a.Parts, func(x, y Partial) int { return strings.Compare(x.Range, y.Range) })
	var parts []report.Part
	for _, p := range a.Parts {
		r, err := report.ReadJSON(bytes.NewReader(p.Report))
		if err != nil {
			return "", fmt.Errorf("range %s: %w", p.Range, err)
		}
		parts = append(parts, report.Part{Name: "range " + p.Range, Report: r})
	}
	r, err := report.Merge(parts)
	if err != nil {
		return "", err
	}
	r.Files, r.InputErrors = fn.Files, a.Dead
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// writeFn writes its element to a file of any Beam filesystem.
type writeFn struct {
	Path string
}

// ProcessElement writes the report.
func (fn *writeFn) ProcessElement(ctx context.Context, text string) error {
	return writeFile(ctx, fn.Path, func(w *bytes.Buffer) error {
		w.WriteString(text)
		return nil
	})
}

// writeFile writes a small file through the Beam filesystem of its path.
func writeFile(ctx context.Context, path string, fill func(*bytes.Buffer) error) error {
	var b bytes.Buffer
	if err := fill(&b); err != nil {
		return err
	}
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		w.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
