package main

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/transcript"
)

type checkFlags struct {
	lexicons []string
	lang     string
	format   string
	failOn   string
	noColor  bool
}

func newCheckCmd(e env) *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check [PATH ...]",
		Short: "Check drafts and documents for discouraged wording",
		Long: `check reads files, directories (every .txt, .md and .markdown file below them)
or standard input ("-", or no path when input is piped) and reports each
discouraged phrase with its position, category, severity, reason and
suggested alternatives.

Exit status: 0 when nothing reaches the failure level (--fail-on), 1 when
something does, 2 on usage or input errors.`,
		Example: `  lexlint check examples/drafts/
  echo "That's company policy." | lexlint check -
  lexlint check --lang nl --format json antwoord.txt
  lexlint check --lexicon team.yaml --fail-on warning macros/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd, e, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.lexicons, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable; replaces the built-in default)")
	fl.StringVar(&f.lang, "lang", "auto", "language of the built-in lexicon and of the input: nl, en or auto (detect per document)")
	fl.StringVarP(&f.format, "format", "f", "text", "output format: text or json")
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning, suggestion or none")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the output (also: NO_COLOR environment variable)")
	return cmd
}

func runCheck(cmd *cobra.Command, e env, f checkFlags, args []string) error {
	failOn, ok := lexicon.ParseSeverity(f.failOn)
	if f.failOn == "none" {
		failOn, ok = lexicon.SeverityNone, true
	}
	if !ok {
		return fmt.Errorf("--fail-on %q: use error, warning, suggestion or none", f.failOn)
	}
	if f.lang != "auto" && f.lang != "nl" && f.lang != "en" {
		return fmt.Errorf("--lang %q: use nl, en or auto", f.lang)
	}
	if len(args) == 0 {
		if isTerminal(e.stdin) {
			return fmt.Errorf("no input: give files or directories to check, or - to read standard input")
		}
		args = []string{transcript.Stdin}
	}
	linter, err := newLinter(f.lexicons, f.lang)
	if err != nil {
		return err
	}
	color := !f.noColor && e.getenv("NO_COLOR") == "" && isTerminal(e.stdout)
	out, err := output.New(f.format, e.stdout, output.TextOptions{Color: color})
	if err != nil {
		return err
	}

	sum := output.NewSummary()
	inputErr := func(err error) {
		sum.InputErrors++
		fmt.Fprintf(e.stderr, "lexlint: %v\n", err)
		_ = out.InputError(err)
	}
	files := transcript.Expand(args, inputErr)
	ctx := cmd.Context()
	for _, path := range files {
		doc, err := readDocument(path, e.stdin)
		if err != nil {
			inputErr(err)
			continue
		}
		res, err := linter.Check(ctx, doc)
		if err != nil {
			return err
		}
		sum.Files++
		if len(res.Findings) > 0 {
			sum.FilesWithFindings++
		}
		sum.Add(res)
		if err := out.Result(path, res); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
	}
	if err := out.Finish(sum); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	switch {
	case sum.InputErrors > 0:
		return exitCodeError{exitError}
	case sum.Findings > 0 && sum.Worst >= failOn:
		return exitCodeError{exitFindings}
	}
	return nil
}

// newLinter loads the lexicons named on the command line, or the built-in
// one(s) for lang, and compiles them.
func newLinter(refs []string, lang string) (*lint.Linter, error) {
	if len(refs) == 0 {
		if lang == "auto" {
			refs = lexicon.BuiltinRefs()
		} else {
			refs = []string{lexicon.BuiltinPrefix + lang}
		}
	}
	lexs, err := lexicon.Load(refs...)
	if err != nil {
		return nil, err
	}
	return lint.New(lexs, lint.Options{Lang: lang})
}

func readDocument(path string, stdin io.Reader) (lint.Document, error) {
	var data []byte
	var err error
	if path == transcript.Stdin {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return lint.Document{}, fmt.Errorf("reading %s: %w", path, err)
	}
	doc := lint.Document{Path: path, Text: data}
	if transcript.IsMarkdown(path) {
		doc.Skip = transcript.MarkdownSkips(data)
	}
	return doc, nil
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
