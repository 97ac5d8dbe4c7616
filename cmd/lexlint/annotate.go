package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/output"
)

func newAnnotateCmd(e env) *cobra.Command {
	var limit int
	var summary string
	cmd := &cobra.Command{
		Use:   "annotate SARIF_FILE",
		Short: "Turn a SARIF log into GitHub Actions annotations and a step summary",
		Long: `annotate reads a SARIF log (what check --format sarif wrote, or "-" for
standard input) and prints its findings as GitHub Actions workflow
commands (::error, ::warning, ::notice), errors first. GitHub shows at
most 10 annotations of each level per step (and 50 per job), so annotate
prints at most --limit of each level (0: all) and writes every finding to
the step summary, a Markdown file: --summary, by default the file
$GITHUB_STEP_SUMMARY names (none when it is unset).

The GitHub Action runs check once with --format sarif and then annotate,
so the annotations and the SARIF log come from one run.`,
		Example: `  lexlint check --format sarif --fail-on none . > lexlint.sarif
  lexlint annotate lexlint.sarif`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var in io.Reader = e.stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				in = f
			}
			opts := output.AnnotateOptions{Annotations: e.stdout, Limit: limit}
			if !cmd.Flags().Changed("summary") {
				summary = e.getenv("GITHUB_STEP_SUMMARY")
			}
			if summary != "" {
				f, err := os.OpenFile(summary, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
				if err != nil {
					return fmt.Errorf("--summary: %w", err)
				}
				defer f.Close()
				opts.Summary = f
			}
			if limit < 0 {
				return fmt.Errorf("--limit %d: use 0 (all) or more", limit)
			}
			res, err := output.Annotate(in, opts)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if hidden := res.Results + res.InputErrors - res.Annotated; hidden > 0 {
				where := "the SARIF log"
				if summary != "" {
					where = "the step summary"
				}
				fmt.Fprintf(e.stderr, "lexlint: %d of %d findings are annotations (GitHub shows %d of each level per step); all are in %s\n",
					res.Annotated, res.Results+res.InputErrors, output.AnnotationsPerLevel, where)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", output.AnnotationsPerLevel, "annotations of each level to print (0: all)")
	cmd.Flags().StringVar(&summary, "summary", "", "the Markdown step summary to append to (default $GITHUB_STEP_SUMMARY)")
	return cmd
}
