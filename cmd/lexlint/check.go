package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

func newCheckCmd(e env) *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check [PATH ...]",
		Short: "Check drafts, transcripts and canned responses for discouraged wording",
		Long: `check reads files, directories or standard input ("-", or no path when input
is piped) and reports each discouraged phrase with its position, category,
severity, reason and suggested alternatives.

A directory stands for every file below it that the input format reads:
with --input auto .txt, .md, .markdown, .html, .htm, .jsonl, .ndjson and
.csv (.json and .yaml only when --input names a format that reads them).
Hidden files, what .gitignore and .ignore files name, vendored folders
(node_modules, vendor) and generated files are left out (--no-ignore walks
everything), and so is what the configuration's exclude names.

Inputs are drafts, HTML pages, chat transcripts, helpdesk exports (JSONL,
CSV, Zendesk, Intercom, Freshdesk, LiveChat) and canned-response libraries;
--input auto detects the format. Only agent messages are checked unless --role says
otherwise.

Exit status: 0 when nothing reaches the failure level (--fail-on), 1 when
something does, 2 on usage or input errors.`,
		Example: `  lexlint check examples/drafts/
  echo "That's company policy." | lexlint check -
  lexlint check --lang nl --format json antwoord.txt
  lexlint check --input jsonl --field role=author_type export.jsonl
  lexlint check --input macros --fail-on warning macros/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd, e, f, args)
		},
	}
	addCheckFlags(cmd, &f)
	cmd.Flags().StringVarP(&f.output, "output", "o", "", "write the findings to this file instead of standard output (-f parquet needs a file)")
	completeValues(cmd)
	return cmd
}

func runCheck(cmd *cobra.Command, e env, flags checkFlags, args []string) error {
	s, err := resolve(cmd, e, flags)
	if err != nil {
		return err
	}
	f := s
	failOn, err := failLevel(f)
	if err != nil {
		return err
	}
	minSev, ok := lexicon.ParseSeverity(f.minSev)
	if !ok {
		return fmt.Errorf("--min-severity %q: use error, warning or suggestion", f.minSev)
	}
	opts, err := pipelineOptions(s)
	if err != nil {
		return err
	}
	opts.Stdin, opts.StdinName = e.stdin, f.stdinName
	if len(args) == 0 {
		if isTerminal(e.stdin) {
			return fmt.Errorf("no input: give files or directories to check, or - to read standard input")
		}
		args = []string{transcript.Stdin}
	}
	// Tuned before the lexicons load: the heap they leave is then no
	// reason for a collection straight away.
	defer tuneGC(e, &opts)()
	linter, err := s.linter()
	if err != nil {
		return err
	}
	// Findings are written through a buffer: a write per finding was a
	// tenth of a run over an export. A terminal still sees each file's
	// findings as soon as they are found.
	dest, closeDest, err := checkOutput(e, f)
	if err != nil {
		return err
	}
	defer closeDest()
	interactive := isTerminal(dest)
	stdout := bufio.NewWriterSize(dest, 64<<10)
	defer stdout.Flush()
	out, prefix, err := checkFormatters(e, s, dest, stdout, failOn)
	if err != nil {
		return err
	}
	defer out.close()

	scope, err := newScope(cmd.Context(), f)
	if err != nil {
		return err
	}
	sum := output.NewSummary()
	files, walkErrs := checkFiles(s, args)
	if len(files) == 0 && len(walkErrs) == 0 && !f.allowEmpty {
		return emptyRun(s, args)
	}
	files = scope.files(files)
	reportWalk(e, walkErrs, sum, out, prefix)
	fixFailed := 0
	if f.fix || f.diff {
		changed, failed, err := fixFiles(cmd.Context(), e, linter, files, args, opts, f)
		if err != nil {
			return err
		}
		if f.diff {
			switch {
			case failed > 0:
				return exitCodeError{exitError}
			case changed > 0:
				return exitCodeError{exitFindings}
			}
			return nil
		}
		fixFailed = failed
	}
	sink := &checkSink{e: e, sum: sum, out: out, stdout: stdout, interactive: interactive, minSev: minSev, scope: scope, prefix: prefix,
		langs: newLangNotices(s.lang, sourceName(s.sources["lang"]))}
	err = pipeline.Run(cmd.Context(), linter, files, opts, sink.item)
	// Interrupted (by a signal): what was found so far is still written,
	// and the error names the file the run stopped in.
	var interrupted *pipeline.Interrupted
	if err != nil && !errors.As(err, &interrupted) && !errors.Is(err, context.Canceled) {
		return err
	}
	tooMany, werr := finishCheck(e, f, sink, closeDest)
	if werr != nil {
		return werr
	}
	return exitStatus(e, sum, err, fixFailed, sink.worst >= failOn || tooMany)
}

// checkFormatters opens check's outputs, writing to stdout (over dest)
// or to their own files, with paths placed by --path-prefix.
func checkFormatters(e env, s *settings, dest, stdout io.Writer, failOn lexicon.Severity) (*outputs, *pathPrefix, error) {
	prefix, err := newPathPrefix(s.pathPrefix)
	if err != nil {
		return nil, nil, err
	}
	topts := output.TextOptions{Version: version(), FailOn: failOn, SourceRoot: prefix.root}
	if writesParquet(s.outputs()) {
		if topts.Fingerprint, err = lexiconFingerprint(s); err != nil {
			return nil, nil, err
		}
	}
	out, err := openOutputs(s.outputs(), stdout, e.color(dest), topts)
	return out, prefix, err
}

// finishCheck completes the outputs and the file of -o, says on standard
// error which texts read as another language, and reports whether the
// warnings passed --max-warnings.
func finishCheck(e env, s *settings, sink *checkSink, closeDest func() error) (bool, error) {
	if err := sink.out.Finish(sink.sum); err != nil {
		return false, fmt.Errorf("writing output: %w", err)
	}
	if err := sink.stdout.Flush(); err != nil {
		return false, fmt.Errorf("writing output: %w", err)
	}
	sink.langs.write(e.stderr)
	tooMany := s.maxWarnings >= 0 && sink.warnings > s.maxWarnings
	if tooMany {
		fmt.Fprintf(e.stderr, "lexlint: %s, more than --max-warnings %d\n", output.Plural(sink.warnings, "warning", "warnings"), s.maxWarnings)
	}
	if err := closeDest(); err != nil {
		return false, fmt.Errorf("writing output: %w", err)
	}
	return tooMany, nil
}

// checkOutput opens where the findings go: standard output, or the file
// of -o (which -f parquet needs: its footer, written last, says where
// each column starts). The function it returns closes the file once.
func checkOutput(e env, f *settings) (io.Writer, func() error, error) {
	if f.output == "" {
		if slices.Contains(f.outputs(), "parquet") {
			return nil, nil, errors.New("-f parquet writes a file: give it with -o FILE or -f parquet=FILE (Parquet cannot stream to standard output)")
		}
		return e.stdout, func() error { return nil }, nil
	}
	file, err := os.Create(f.output)
	if err != nil {
		return nil, nil, fmt.Errorf("-o: %w", err)
	}
	closed := false
	return file, func() error {
		if closed {
			return nil
		}
		closed = true
		return file.Close()
	}, nil
}

// checkSink takes check's items: it reports input errors and warnings,
// prints the findings at or above minSev and counts them, and keeps the
// worst severity of all.
type checkSink struct {
	e           env
	sum         *output.Summary
	out         *outputs
	stdout      *bufio.Writer
	interactive bool // flush after every item, for a terminal
	minSev      lexicon.Severity
	worst       lexicon.Severity // of every finding, printed or not
	langs       *langNotices     // nil when each text's language is detected
	warnings    int              // findings of severity warning, printed or not
	scope       *scope           // the lines a change adds; nil for all
	prefix      *pathPrefix
}

func (c *checkSink) item(it *pipeline.Item) error {
	if it.Err != nil {
		fmt.Fprintf(c.e.stderr, "lexlint: %s\n", output.Visible(it.Err.Error()))
	}
	if it.Warning != "" {
		fmt.Fprintf(c.e.stderr, "lexlint: warning: %s\n", output.Visible(it.Warning))
	}
	c.langs.add(it)
	findings := c.scope.keep(output.Findings(it))
	for _, f := range findings {
		c.worst = max(c.worst, f.Severity)
		if f.Severity == lexicon.SeverityWarning {
			c.warnings++
		}
	}
	findings = atLeast(findings, c.minSev)
	c.prefix.apply(it, findings)
	c.sum.Add(it, findings)
	if err := c.out.Item(it, findings); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	if c.interactive {
		if err := c.stdout.Flush(); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
	}
	return nil
}

// atLeast keeps the findings at least as severe as min, in place.
func atLeast(fs []output.Finding, min lexicon.Severity) []output.Finding {
	kept := fs[:0]
	for _, f := range fs {
		if f.Severity >= min {
			kept = append(kept, f)
		}
	}
	return kept
}

// checkFiles expands the arguments into the files to check: named files
// always, files found in directories when the configuration selects them.
func checkFiles(s *settings, args []string) (files []string, walkErrs []error) {
	for _, arg := range args {
		explicit := arg == transcript.Stdin
		if info, err := os.Stat(arg); err == nil && !info.IsDir() {
			explicit = true
		}
		for _, p := range transcript.ExpandWalk([]string{arg}, s.input, transcript.Walk{NoIgnore: s.noIgnore}, func(err error) { walkErrs = append(walkErrs, err) }) {
			if explicit || s.cfg.Selected(p) {
				files = append(files, p)
			}
		}
	}
	return files, walkErrs
}

// emptyRun is the error of a check that found nothing to read: which files
// the walk left out, and which --input would read them.
func emptyRun(s *settings, args []string) error {
	var b strings.Builder
	b.WriteString("nothing to check")
	for _, arg := range args {
		paths, formats := transcript.Unread(arg, s.input, transcript.Walk{NoIgnore: s.noIgnore}, 4)
		for i, p := range paths {
			if len(formats[i]) == 0 {
				fmt.Fprintf(&b, "\n  %s: not a format lexlint reads", p)
			} else {
				fmt.Fprintf(&b, "\n  %s: read with --input %s", p, strings.Join(formats[i], " or --input "))
			}
		}
	}
	if s.cfg != nil {
		fmt.Fprintf(&b, "\n  (or the include and exclude of %s selected none)", s.cfg.Path)
	}
	if !s.noIgnore {
		b.WriteString("\n  (files that .gitignore or .ignore name, vendored folders and generated files are left out: --no-ignore reads them)")
	}
	b.WriteString("\npass --allow-empty when an empty run is fine")
	return errors.New(b.String())
}

// reportWalk reports what a directory walk could not read as input errors
// (on standard error and in the output), and the special files it skipped
// as notes.
func reportWalk(e env, walkErrs []error, sum *output.Summary, out *outputs, prefix *pathPrefix) {
	for _, err := range walkErrs {
		if skipped := (*transcript.SkippedFile)(nil); errors.As(err, &skipped) {
			fmt.Fprintf(e.stderr, "lexlint: note: %s\n", output.Visible(err.Error()))
			continue
		}
		it := &pipeline.Item{Err: err}
		if ie := (*transcript.InputError)(nil); errors.As(err, &ie) {
			it.Path = prefix.path(ie.Path) // the suite of JUnit, the file of Checkstyle
		} else if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			it.Path = prefix.path(pe.Path) // where the output places it
		}
		fmt.Fprintf(e.stderr, "lexlint: %s\n", output.Visible(err.Error()))
		sum.Add(it, nil)
		_ = out.Item(it, nil)
	}
}

// failLevel checks --fail-on and --lang and returns the failure level.
func failLevel(f *settings) (lexicon.Severity, error) {
	failOn, ok := lexicon.ParseSeverity(f.failOn)
	if f.failOn == "none" {
		failOn, ok = lexicon.SeverityNone, true
	}
	if !ok {
		return 0, fmt.Errorf("--fail-on %q: use error, warning, suggestion or none", f.failOn)
	}
	if f.lang != "auto" && f.lang != "nl" && f.lang != "en" {
		return 0, fmt.Errorf("--lang %q: use nl, en or auto", f.lang)
	}
	return failOn, nil
}

// exitStatus ends a check whose output is written: 2 when it was
// interrupted (runErr, named on standard error), or an input could not be
// read or a file fixed; 1 when a finding reaches the failure level.
func exitStatus(e env, sum *output.Summary, runErr error, fixFailed int, failed bool) error {
	var interrupted *pipeline.Interrupted
	switch {
	case errors.As(runErr, &interrupted):
		fmt.Fprintf(e.stderr, "lexlint: %s\n", output.Visible(interrupted.Error()))
		return exitCodeError{exitError}
	case runErr != nil:
		fmt.Fprintf(e.stderr, "lexlint: interrupted: %v\n", runErr)
		return exitCodeError{exitError}
	case sum.InputErrors > 0 || fixFailed > 0:
		return exitCodeError{exitError}
	case failed:
		return exitCodeError{exitFindings}
	}
	return nil
}

// pipelineOptions turns the input settings into pipeline options.
func pipelineOptions(f *settings) (pipeline.Options, error) {
	opts := pipeline.Options{Jobs: f.jobs, Roles: map[string]bool{}, ReportUnusedIgnores: f.reportUnused}
	if f.jobs < 1 {
		return opts, fmt.Errorf("--jobs %d: use 1 or more", f.jobs)
	}
	valid := append(transcript.Formats(), "auto")
	if !contains(valid, f.input) {
		return opts, fmt.Errorf("--input %q: use %s", f.input, strings.Join(valid, ", "))
	}
	for _, r := range f.roles {
		r = strings.ToLower(strings.TrimSpace(r))
		switch r {
		case transcript.RoleAgent, transcript.RoleCustomer, transcript.RoleBot, transcript.RoleSystem, "all":
			opts.Roles[r] = true
		default:
			return opts, fmt.Errorf("--role %q: use agent, customer, bot, system or all", r)
		}
	}
	for k := range f.fields {
		if !contains(transcript.FieldNames(), k) {
			return opts, fmt.Errorf("fields: %q is not a field; use %s", k, strings.Join(transcript.FieldNames(), ", "))
		}
	}
	fields := f.fields
	opts.Input = transcript.Options{
		Format: f.input, Fields: fields, IncludeInternal: f.includeInternal,
		AgentLabels: f.agentLabels, CustomerLabels: f.customerLabels, BotLabels: f.botLabels,
	}
	return opts, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// tuneGC lets the heap grow to five times what is live before collecting,
// unless GOGC is set: a check streams many small short-lived values, and
// collecting at twice the live heap took a sixth of a run over an export
// (measured: 7% faster on one core; peak RSS 27 -> 45 MB). Unless
// GOMEMLIMIT is set, a soft memory limit keeps that from multiplying what
// a large lexicon or a long document holds: 80 MiB, raised for each long
// message (whose text is held whole) to its size and a quarter plus 32
// MiB. It sets opts.LongMessage and returns the function that restores
// the settings.
func tuneGC(e env, opts *pipeline.Options) func() {
	restore := []func(){}
	if e.getenv("GOGC") == "" {
		old := debug.SetGCPercent(400)
		restore = append(restore, func() { debug.SetGCPercent(old) })
	}
	if e.getenv("GOMEMLIMIT") == "" {
		limit := int64(80 << 20)
		old := debug.SetMemoryLimit(limit)
		restore = append(restore, func() { debug.SetMemoryLimit(old) })
		opts.LongMessage = func(n int) {
			if want := int64(n)*5/4 + 32<<20; want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}
	return func() {
		for _, f := range restore {
			f()
		}
	}
}

// writesParquet reports whether one of the outputs (FORMAT or
// FORMAT=FILE) is Parquet, whose rows carry the lexicons' fingerprint.
func writesParquet(specs []string) bool {
	for _, spec := range specs {
		if format, _, _ := strings.Cut(spec, "="); format == "parquet" {
			return true
		}
	}
	return false
}
