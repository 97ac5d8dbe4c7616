package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/lexlint/lexlint/fix"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// fixFiles applies safe fixes to files (or, with diff, prints them as a
// unified diff). It returns how many files have changes and how many could
// not be fixed (a format that cannot be rewritten, a write error, a file
// with other hard links): each is reported, and the others are still
// fixed. err is only an error writing the diff.
func fixFiles(ctx context.Context, e env, linter *lint.Linter, files []string, opts pipeline.Options, diff bool) (changed, failed int, err error) {
	fixed, left := 0, 0
	for _, path := range files {
		if path == transcript.Stdin {
			fmt.Fprintf(e.stderr, "lexlint: --fix: standard input is checked but not fixed; fix files\n")
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			continue // check reports it
		}
		items, err := pipeline.CheckData(ctx, linter, path, data, opts)
		if err != nil {
			continue // check reports it
		}
		var edits []fix.Edit
		refused := ""
		for _, it := range items {
			for _, f := range it.Result.Findings {
				if f.Fix == "" {
					continue
				}
				start, end, ok := pipeline.FileSpan(it.Message, f)
				if !ok && it.Message.Origin.Format == "macros" {
					left++
					fmt.Fprintf(e.stderr, "lexlint: --fix: %s: %s in %s left as it is: the text is escaped or folded in the file, so it cannot be edited with every other byte kept\n",
						path, f.Rule, it.Message.ID)
					continue
				}
				if !ok {
					refused = it.Message.Origin.Format
					if m := it.Message.Map; m != nil && m.Decoded {
						refused = "UTF-16 " + refused
					}
					continue
				}
				edits = append(edits, fix.Edit{Start: start, End: end, Old: string(data[start:min(end, len(data))]),
					New: fix.Case(f.Match, f.Fix), Rule: f.Rule, Line: f.Line, Col: f.Column})
			}
		}
		if refused != "" {
			failed++
			fmt.Fprintf(e.stderr, "lexlint: --fix: %s: not fixed: the %s format cannot be rewritten with every other byte kept as it is; edit the source of this file\n", path, refused)
			continue
		}
		apply, skipped := fix.Plan(data, edits)
		for _, s := range skipped {
			left++
			fmt.Fprintf(e.stderr, "lexlint: --fix: %s:%d:%d: %s left as it is: %s\n", path, s.Edit.Line, s.Edit.Col, s.Edit.Rule, s.Reason)
		}
		if len(apply) == 0 {
			continue
		}
		after := fix.Apply(data, apply)
		if diff {
			changed++
			fixed += len(apply)
			if _, err := io.WriteString(e.stdout, fix.Diff(path, data, after)); err != nil {
				return changed, failed, err
			}
			continue
		}
		if err := fix.Write(path, data, after); err != nil {
			failed++
			left += len(apply)
			fmt.Fprintf(e.stderr, "lexlint: --fix: not fixed: %v\n", err)
			continue
		}
		changed++
		fixed += len(apply)
	}
	verb := "fixed"
	if diff {
		verb = "would fix"
	}
	if fixed > 0 || left > 0 {
		fmt.Fprintf(e.stderr, "lexlint: %s %d of %s with a fix in %d of %s", verb, fixed, output.Plural(fixed+left, "finding", "findings"), changed, output.Plural(len(files), "file", "files"))
		if left > 0 {
			fmt.Fprintf(e.stderr, "; %d left", left)
		}
		fmt.Fprintln(e.stderr)
	}
	return changed, failed, nil
}
