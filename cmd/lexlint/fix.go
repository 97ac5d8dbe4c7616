package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/lexlint/lexlint/fix"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// fixRun is one --fix or --diff run over files: its settings and counts.
type fixRun struct {
	e      env
	linter *lint.Linter
	opts   pipeline.Options
	diff   bool
	write  fix.WriteOptions
	// changed files, files that could not be fixed, fixes made and left
	changed, failed, fixed, left int
}

// fixFiles applies safe fixes to files (or, with diff, prints them as a
// unified diff). It returns how many files have changes and how many could
// not be fixed (a format that cannot be rewritten, a write error, a file
// with other hard links, a file that is not regular, read-only, too large
// or reached through a link outside args): each is reported, and the
// others are still fixed. err is only an error writing the diff.
func fixFiles(ctx context.Context, e env, linter *lint.Linter, files, args []string, opts pipeline.Options, s *settings) (changed, failed int, err error) {
	r := &fixRun{e: e, linter: linter, opts: opts, diff: s.diff}
	if !s.fixOutside {
		r.write.Roots = fixRoots(args)
	}
	for _, path := range files {
		if path == transcript.Stdin {
			fmt.Fprintf(e.stderr, "lexlint: --fix: standard input is checked but not fixed; fix files\n")
			continue
		}
		if err := r.file(ctx, path); err != nil {
			return r.changed, r.failed, err
		}
	}
	verb := "fixed"
	if r.diff {
		verb = "would fix"
	}
	if r.fixed > 0 || r.left > 0 {
		fmt.Fprintf(e.stderr, "lexlint: %s %d of %s with a fix in %d of %s", verb, r.fixed, output.Plural(r.fixed+r.left, "finding", "findings"), r.changed, output.Plural(len(files), "file", "files"))
		if r.left > 0 {
			fmt.Fprintf(e.stderr, "; %d left", r.left)
		}
		fmt.Fprintln(e.stderr)
	}
	return r.changed, r.failed, nil
}

// fixRoots returns the folders --fix may write in, their links resolved:
// each directory argument, and the folder of each file argument.
func fixRoots(args []string) []string {
	roots := []string{}
	for _, arg := range args {
		if arg == transcript.Stdin {
			continue
		}
		dir := arg
		if info, err := os.Stat(arg); err != nil || !info.IsDir() {
			dir = filepath.Dir(arg)
		}
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			roots = append(roots, real)
		}
	}
	return roots
}

// file fixes one file.
func (r *fixRun) file(ctx context.Context, path string) error {
	data, stamp, err := fix.Read(path, r.write)
	if err != nil {
		if info, serr := os.Stat(path); serr == nil { // else check reports it
			if !info.IsDir() {
				r.failed++
				fmt.Fprintf(r.e.stderr, "lexlint: --fix: not fixed: %s\n", output.Visible(err.Error()))
			}
		}
		return nil
	}
	items, err := pipeline.CheckData(ctx, r.linter, path, data, r.opts)
	if err != nil {
		return nil // check reports it
	}
	edits, refused := r.edits(path, data, items)
	if refused != "" {
		r.failed++
		fmt.Fprintf(r.e.stderr, "lexlint: --fix: %s: not fixed: the %s format cannot be rewritten with every other byte kept as it is; edit the source of this file\n", output.Visible(path), refused)
		return nil
	}
	apply, skipped := fix.Plan(data, edits)
	for _, s := range skipped {
		r.left++
		fmt.Fprintf(r.e.stderr, "lexlint: --fix: %s:%d:%d: %s left as it is: %s\n", output.Visible(path), s.Edit.Line, s.Edit.Col, output.Visible(s.Edit.Rule), s.Reason)
	}
	if len(apply) == 0 {
		return nil
	}
	after := fix.Apply(data, apply)
	if r.diff {
		r.changed++
		r.fixed += len(apply)
		_, err := io.WriteString(r.e.stdout, fix.Diff(path, data, after))
		return err
	}
	data = nil // not held while writing
	if err := fix.Write(path, stamp, after, r.write); err != nil {
		r.failed++
		r.left += len(apply)
		fmt.Fprintf(r.e.stderr, "lexlint: --fix: not fixed: %s\n", output.Visible(err.Error()))
		return nil
	}
	r.changed++
	r.fixed += len(apply)
	return nil
}

// edits returns the fixes of a file's findings, or the format that cannot
// be rewritten. A fix whose text is not a plain phrase is left.
func (r *fixRun) edits(path string, data []byte, items []*pipeline.Item) (edits []fix.Edit, refused string) {
	for _, it := range items {
		for _, f := range it.Result.Findings {
			if f.Fix == "" {
				continue
			}
			start, end, ok := pipeline.FileSpan(it.Message, f)
			if !ok && it.Message.Origin.Format == "macros" {
				r.left++
				fmt.Fprintf(r.e.stderr, "lexlint: --fix: %s: %s in %s left as it is: the text is escaped or folded in the file, so it cannot be edited with every other byte kept\n",
					output.Visible(path), output.Visible(f.Rule), output.Visible(it.Message.ID))
				continue
			}
			if !ok {
				refused = it.Message.Origin.Format
				if m := it.Message.Map; m != nil && m.Decoded {
					refused = "UTF-16 " + refused
				}
				continue
			}
			if err := fix.CheckText(f.Fix); err != nil {
				r.left++
				fmt.Fprintf(r.e.stderr, "lexlint: --fix: %s:%d:%d: %s left as it is: %v\n", output.Visible(path), f.Line, f.Column, output.Visible(f.Rule), err)
				continue
			}
			edits = append(edits, fix.Edit{Start: start, End: end, Old: f.Match,
				New: fix.Case(f.Match, f.Fix), Rule: f.Rule, Line: f.Line, Col: f.Column})
		}
	}
	return edits, refused
}
