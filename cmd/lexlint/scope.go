package main

import (
	"context"
	"fmt"
	"os"

	"github.com/lexlint/lexlint/internal/changed"
	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/transcript"
)

// scope is what --new-from-rev or --new-from-patch lets through: the
// findings on lines a change adds.
type scope struct {
	lines *changed.Lines
	dir   string // where the diff's paths start
}

// newScope reads the change; nil when neither flag is given.
func newScope(ctx context.Context, f *settings) (*scope, error) {
	if f.newFromRev == "" && f.newFromPatch == "" {
		return nil, nil
	}
	if f.newFromRev != "" && f.newFromPatch != "" {
		return nil, fmt.Errorf("--new-from-rev and --new-from-patch: give one")
	}
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	s := &scope{dir: dir}
	if f.newFromRev != "" {
		if s.lines, err = changed.FromRev(ctx, dir, f.newFromRev); err != nil {
			return nil, fmt.Errorf("--new-from-rev %s: %w", f.newFromRev, err)
		}
		return s, nil
	}
	file, err := os.Open(f.newFromPatch)
	if err != nil {
		return nil, fmt.Errorf("--new-from-patch: %w", err)
	}
	defer file.Close()
	if s.lines, err = changed.Parse(file); err != nil {
		return nil, fmt.Errorf("--new-from-patch %s: %w", f.newFromPatch, err)
	}
	return s, nil
}

// files keeps the files the change adds to (and standard input): the
// others can have no new findings.
func (s *scope) files(paths []string) []string {
	if s == nil {
		return paths
	}
	kept := paths[:0]
	for _, p := range paths {
		if p == transcript.Stdin || s.lines.Touched(s.dir, p) {
			kept = append(kept, p)
		}
	}
	return kept
}

// keep keeps, in place, the findings on lines the change adds (for a
// finding in an export, the record's line).
func (s *scope) keep(fs []output.Finding) []output.Finding {
	if s == nil {
		return fs
	}
	kept := fs[:0]
	for _, f := range fs {
		from, to := f.Line, f.EndLine
		if f.Record > 0 {
			from, to = f.Record, f.Record
		} else if f.Pointer != "" {
			from, to = 1, 1
		}
		if s.lines.Any(s.dir, f.Path, from, to) {
			kept = append(kept, f)
		}
	}
	return kept
}
