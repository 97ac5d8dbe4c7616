package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/report"
	"github.com/lexlint/lexlint/transcript"
)

// reportFlags are the flags of report that are not check's.
type reportFlags struct {
	format, by, period, anonKey string
	output                      string // -o: a file, or for parquet a folder
	anonymize, quiet            bool
	top, worst                  int
	shiftPause                  time.Duration
	agent, perAgent, goals      string // development plans
	ratingScale                 string
	ratingsFiles                []string
}

func newReportCmd(e env) *cobra.Command {
	var f checkFlags
	var rf reportFlags
	cmd := &cobra.Command{
		Use:   "report EXPORT ...",
		Short: "Aggregate transcript exports into a QA report per agent, category and period",
		Long: `report reads the same inputs as check (JSONL, CSV, chat transcripts, Zendesk,
Intercom, Freshdesk, LiveChat) and sums up the agents' wording: per agent,
category, conversation and period, findings per 1,000 words, the most
frequent discouraged phrases with their suggestions, how often presence
rules (greeting, closing, ...) are met, a service-language score, and the
conversations to coach first. Customer text never appears in a report.

When the exports carry customers' satisfaction ratings (Zendesk, Intercom,
Freshdesk with --ratings, LiveChat, or a rating field with --rating-scale),
it also compares the mean rating of conversations with and without each
category's and entry's findings, with a 95% interval and the
Benjamini-Hochberg correction, and gives each agent's mean rating.

The JSON report of each shard of a large estate merges into the report of
all of them: see lexlint report merge.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, e, f, rf, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&rf.format, "format", "f", "text", "text, csv, json, html (one self-contained file) or parquet (a folder of tables, needs -o)")
	fl.StringVarP(&rf.output, "output", "o", "", "write the report to this file instead of standard output; for -f parquet, the folder of its tables")
	fl.StringVar(&rf.by, "by", "agent", "for csv: one row per agent, category, conversation, period or phrase")
	fl.StringVar(&rf.period, "period", "week", "the period of the trend: day, week or month (from message timestamps)")
	fl.BoolVar(&rf.anonymize, "anonymize", false, "replace agent names with stable pseudonyms (keyed hash), for sharing outside the team")
	fl.StringVar(&rf.anonKey, "anonymize-key", "", "the key of the pseudonyms (default: LEXLINT_ANONYMIZE_KEY)")
	fl.BoolVarP(&rf.quiet, "quiet", "q", false, "no progress bar")
	fl.IntVar(&rf.top, "top", 20, "discouraged phrases listed")
	fl.StringSliceVar(&f.roles, "role", []string{"agent"}, "whose messages count: agent, bot or all (both); customers' never do")
	fl.IntVar(&rf.worst, "worst", 10, "conversations listed to coach first")
	fl.DurationVar(&rf.shiftPause, "shift-pause", report.DefaultShiftPause, "the longest gap between an agent's messages within one shift")
	fl.StringVar(&rf.agent, "agent", "", "write the development plan of this agent (-f html, the default, or json) instead of the report")
	fl.StringVar(&rf.perAgent, "per-agent", "", "write every agent's development plan to this directory (NAME.html and NAME.json)")
	fl.StringVar(&rf.goals, "goals", "", "an earlier plan's JSON (or a directory of them): the plans check its goals")
	addRatingFlags(fl, &rf.ratingScale, &rf.ratingsFiles)
	fl.StringArrayVarP(&f.lexicons, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable)")
	fl.StringVar(&f.lang, "lang", "auto", "nl, en or auto")
	fl.StringVar(&f.input, "input", "auto", "input format, as for check")
	addInputFlags(fl, &f, "count")
	cmd.AddCommand(newReportMergeCmd(e))
	completeValues(cmd)
	return cmd
}

// check validates the flags and settles the anonymisation key: with
// --anonymize and no key, a random one for this report alone.
func (rf *reportFlags) check(cmd *cobra.Command, e env) error {
	if rf.agent != "" || rf.perAgent != "" {
		if err := rf.checkPlans(cmd); err != nil {
			return err
		}
	} else if rf.goals != "" {
		return fmt.Errorf("--goals checks the goals of development plans: add --agent NAME or --per-agent DIR")
	}
	if cmd.Flags().Changed("by") && rf.format != "csv" {
		return fmt.Errorf("--by %s: --by chooses the rows of -f csv; add -f csv", rf.by)
	}
	switch rf.format {
	case "text", "csv", "json", "html", "parquet":
	default:
		return fmt.Errorf("--format %q: use text, csv, json, html or parquet", rf.format)
	}
	if rf.format == "parquet" && rf.output == "" {
		return errors.New("-f parquet writes a folder of tables (agents, categories, entries, periods, conversations): give it with -o DIR")
	}
	if !contains(report.CSVDimensions(), rf.by) {
		return fmt.Errorf("--by %q: use %s", rf.by, strings.Join(report.CSVDimensions(), ", "))
	}
	if rf.period != "day" && rf.period != "week" && rf.period != "month" {
		return fmt.Errorf("--period %q: use day, week or month", rf.period)
	}
	if !rf.anonymize {
		rf.anonKey = ""
		return nil
	}
	if rf.anonKey == "" {
		rf.anonKey = e.getenv("LEXLINT_ANONYMIZE_KEY")
	}
	if rf.anonKey == "" {
		key := make([]byte, 16)
		if _, err := rand.Read(key); err != nil {
			return fmt.Errorf("--anonymize: a random key: %w", err)
		}
		rf.anonKey = hex.EncodeToString(key)
		fmt.Fprintln(e.stderr, "lexlint: --anonymize with a random key: pseudonyms hold within this report only; set --anonymize-key or LEXLINT_ANONYMIZE_KEY to keep them across reports")
	}
	return nil
}

// reportRoles reads --role: agent, bot or all; customers are refused.
func reportRoles(roles []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, r := range roles {
		switch r {
		case transcript.RoleAgent, transcript.RoleBot:
			out[r] = true
		case "all":
			out[transcript.RoleAgent], out[transcript.RoleBot] = true, true
		case transcript.RoleCustomer:
			return nil, fmt.Errorf("--role customer: a report never holds customers' text; check them with lexlint check --role customer")
		default:
			return nil, fmt.Errorf("--role %q: use agent, bot or all", r)
		}
	}
	return out, nil
}

func runReport(cmd *cobra.Command, e env, f checkFlags, rf reportFlags, args []string) error {
	s, err := resolve(cmd, e, f)
	if err != nil {
		return err
	}
	if err := rf.check(cmd, e); err != nil {
		return err
	}
	roles, err := reportRoles(f.roles)
	if err != nil {
		return err
	}
	opts, badRatings, err := reportOptions(e, s, rf, roles)
	if err != nil {
		return err
	}
	linter, err := s.linter()
	if err != nil {
		return err
	}
	fingerprint, err := reportFingerprint(s, rf)
	if err != nil {
		return err
	}
	var walkErrs []error
	files := transcript.ExpandWalk(args, s.input, transcript.Walk{NoIgnore: s.noIgnore}, func(err error) { walkErrs = append(walkErrs, err) })
	for _, err := range walkErrs {
		fmt.Fprintf(e.stderr, "lexlint: %v\n", err)
	}
	defer tuneGC(e, &opts)()
	ropts := report.Options{Period: rf.period, TopPhrases: rf.top, Worst: rf.worst, AnonymizeKey: rf.anonKey, Fingerprint: fingerprint, Roles: roles,
		ShiftPause: rf.shiftPause, Plans: rf.agent != "" || rf.perAgent != ""}
	previous, err := readPlans(rf.goals)
	if err != nil {
		return err
	}
	out, err := openReportOutput(e, rf, &ropts)
	if err != nil {
		return err
	}
	defer out.close()
	e.stdout = out.w
	b := report.NewBuilder(linter, ropts)
	bar := progress(e, files, rf.quiet)
	if bar != nil {
		opts.Progress = bar.add
	}
	inputErrors := len(walkErrs) + badRatings
	err = pipeline.Run(cmd.Context(), linter, files, opts, func(it *pipeline.Item) error {
		if it.Err != nil {
			inputErrors++
			fmt.Fprintf(e.stderr, "lexlint: %v\n", it.Err)
		}
		if it.Warning != "" {
			fmt.Fprintf(e.stderr, "lexlint: warning: %s\n", it.Warning)
		}
		if it.Result != nil && it.Presence == nil && !it.Part && bar != nil {
			bar.message()
		}
		b.Add(it)
		return nil
	})
	if bar != nil {
		bar.finish()
	}
	// Interrupted by a signal: the report of what was read is written,
	// and said to be partial.
	var interrupted *pipeline.Interrupted
	if err != nil && !errors.As(err, &interrupted) {
		return err
	}
	r := b.Report()
	r.InputErrors = inputErrors
	if ropts.Plans {
		err = writePlans(cmd.Context(), e, b, r, rf, previous)
		if err == nil {
			err = out.close()
		}
	} else {
		err = out.finish(e, r, rf)
	}
	if err != nil {
		return err
	}
	if interrupted != nil {
		fmt.Fprintf(e.stderr, "lexlint: interrupted while reading %s: the report covers what was read before it\n", output.Visible(interrupted.Path))
		return exitCodeError{exitError}
	}
	if inputErrors > 0 {
		return exitCodeError{exitError}
	}
	return nil
}

// reportOptions are the pipeline's options for a report of the roles'
// messages, with the ratings read (and the number of bad ones).
func reportOptions(e env, s *settings, rf reportFlags, roles map[string]bool) (pipeline.Options, int, error) {
	s.roles = nil
	for _, r := range []string{transcript.RoleAgent, transcript.RoleBot} {
		if roles[r] {
			s.roles = append(s.roles, r)
		}
	}
	opts, err := pipelineOptions(s)
	if err != nil {
		return opts, 0, err
	}
	opts.Stdin = e.stdin
	badRatings, err := readRatings(e, &opts.Input, rf.ratingScale, rf.ratingsFiles)
	if err != nil {
		return opts, 0, err
	}
	opts.PassOthers = true // customers' timestamps, for response times
	opts.Sentences = true  // for repeated sentences
	return opts, badRatings, nil
}

// writeReport writes a finished report in the chosen format; cw is the CSV
// writer whose header (and, by conversation, rows) are already written.
func writeReport(e env, r *report.Report, rf reportFlags, cw *csv.Writer) error {
	var err error
	switch rf.format {
	case "json":
		err = report.WriteJSON(e.stdout, r)
	case "html":
		err = report.WriteHTML(e.stdout, r)
	case "parquet":
		err = report.WriteParquet(rf.output, r)
	case "csv":
		if rf.by != "conversation" {
			err = report.WriteCSV(cw, r, rf.by)
		} else {
			cw.Flush()
			err = cw.Error()
		}
	default:
		boldColor := color.New(color.Bold)
		if !e.color(e.stdout) {
			boldColor.DisableColor()
		} else {
			boldColor.EnableColor()
		}
		err = report.WriteText(e.stdout, r, func(s string) string { return boldColor.Sprint(s) })
	}
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// reportOut is where a report goes: standard output or the file of -o,
// or for -f parquet the folder of -o (made if need be); the CSV writer,
// with its header written; and for Parquet the table of conversations,
// written as they end.
type reportOut struct {
	w     io.Writer
	file  *os.File
	cw    *csv.Writer
	convs *report.ConversationWriter
}

// openReportOutput opens a report's output and has the builder hand each
// conversation on as it ends where a table lists them all (CSV by
// conversation, Parquet).
func openReportOutput(e env, rf reportFlags, ropts *report.Options) (*reportOut, error) {
	out := &reportOut{w: e.stdout}
	switch {
	case rf.format == "parquet":
		if err := os.MkdirAll(rf.output, 0o755); err != nil {
			return nil, fmt.Errorf("-o: %w", err)
		}
		convs, err := report.NewConversationWriter(rf.output)
		if err != nil {
			return nil, err
		}
		out.w, out.convs = io.Discard, convs
		ropts.OnConversation = convs.Add
	case rf.output != "":
		f, err := os.Create(rf.output)
		if err != nil {
			return nil, fmt.Errorf("-o: %w", err)
		}
		out.w, out.file = f, f
	}
	out.cw = csv.NewWriter(out.w)
	if rf.format == "csv" {
		out.cw.Write(report.CSVHeader(rf.by))
		if rf.by == "conversation" {
			ropts.OnConversation = func(c *report.Conversation) { out.cw.Write(report.ConversationRow(c)) }
		}
	}
	return out, nil
}

// finish closes the table of conversations, writes the report and
// closes the file.
func (o *reportOut) finish(e env, r *report.Report, rf reportFlags) error {
	if o.convs != nil {
		err := o.convs.Close()
		o.convs = nil
		if err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
	}
	if err := writeReport(e, r, rf, o.cw); err != nil {
		return err
	}
	if err := o.close(); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// close closes what is still open, once (a run that failed leaves it).
func (o *reportOut) close() error {
	var err error
	if o.convs != nil {
		err = o.convs.Close()
		o.convs = nil
	}
	if o.file != nil {
		err = errors.Join(err, o.file.Close())
		o.file = nil
	}
	return err
}

// reportFingerprint names what a report depends on besides its input: the
// version, the lexicons (the content of every file s.linter loaded), the
// configuration file, the input settings and the report's own, with the
// anonymisation key hashed. Reports merge only when theirs agree.
func reportFingerprint(s *settings, rf reportFlags) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "lexlint %s\nlang %s\ninput %s\nperiod %s\ntop %d\nworst %d\ninternal %v\nshift pause %v\n",
		version(), s.lang, s.input, rf.period, rf.top, rf.worst, s.includeInternal, rf.shiftPause)
	if rf.anonKey != "" {
		fmt.Fprintf(h, "anonymize %x\n", sha256.Sum256([]byte(rf.anonKey)))
	}
	fmt.Fprintf(h, "fields %v\nroles %v\nrating scale %s\n", s.fields, s.roles, rf.ratingScale) // maps sorted by key
	for _, path := range rf.ratingsFiles {
		sum, err := fileSum(path)
		if err != nil {
			return "", fmt.Errorf("fingerprinting the report: %w", err)
		}
		fmt.Fprintf(h, "ratings %s %x\n", filepath.Base(path), sum)
	}
	for _, list := range [][]string{s.agentLabels, s.customerLabels, s.botLabels} {
		fmt.Fprintf(h, "%q\n", list)
	}
	if err := sumLexicons(h, s); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// lexiconFingerprint names the lexicons and configuration findings were
// found with (the version, the built-ins' content, the lexicon files and
// the configuration file), for the rows of -f parquet: findings of runs
// with the same fingerprint compare.
func lexiconFingerprint(s *settings) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "lexlint %s\nlang %s\n", version(), s.lang)
	if err := sumLexicons(h, s); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// sumLexicons writes to h the names and SHA-256 sums of the built-in
// lexicons, the lexicon files s loaded and its configuration file.
func sumLexicons(h io.Writer, s *settings) error {
	fmt.Fprintf(h, "%q\n", s.lexicons)
	for _, lang := range lexicon.BuiltinLanguages() { // a development build has no version to tell them apart
		data, err := lexicon.Builtin(lang)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "builtin:%s %x\n", lang, sha256.Sum256(data))
	}
	files := s.lexiconFiles // loaded by s.linter, which comes first
	if s.cfg != nil {
		files = append([]string{s.cfg.Path}, files...)
	}
	for _, path := range files {
		sum, err := fileSum(path)
		if err != nil {
			return fmt.Errorf("fingerprinting: %w", err)
		}
		fmt.Fprintf(h, "%s %x\n", filepath.Base(path), sum)
	}
	return nil
}

func newReportMergeCmd(e env) *cobra.Command {
	var rf reportFlags
	cmd := &cobra.Command{
		Use:   "merge REPORT.json ...",
		Short: "Combine the JSON reports of shards into the report of all of them",
		Long: `merge combines reports written by lexlint report -f json, one per shard of an
estate, into the report one run over all the shards would have given: the
same totals, agents, categories, periods, phrases, coverage, scores,
ratings and conversations to coach first. It refuses reports made with different
lexicons, settings or versions, and reports that share a conversation.
Give the shards in their order: the snippets of a phrase are the first met.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rf.check(cmd, e); err != nil {
				return err
			}
			if rf.format == "csv" && rf.by == "conversation" {
				return fmt.Errorf("--by conversation: a JSON report keeps the worst conversations only; concatenate the shards' report -f csv --by conversation instead")
			}
			var parts []report.Part
			for _, path := range args {
				r, err := readReport(path)
				if err != nil {
					return err
				}
				parts = append(parts, report.Part{Name: path, Report: r})
			}
			r, err := report.Merge(parts)
			if err != nil {
				return err
			}
			cw := csv.NewWriter(e.stdout)
			if rf.format == "csv" {
				cw.Write(report.CSVHeader(rf.by))
			}
			return writeReport(e, r, rf, cw)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&rf.format, "format", "f", "text", "text, csv, json or html")
	fl.StringVar(&rf.by, "by", "agent", "for csv: one row per agent, category, period or phrase")
	rf.period = "week" // the reports' own period counts
	return cmd
}

// readReport reads one shard's JSON report.
func readReport(path string) (*report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := report.ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// progressBar shows bytes read of the total, messages/s and the ETA on
// standard error when it is a terminal.
type progressBar struct {
	mu       sync.Mutex
	bar      *progressbar.ProgressBar
	messages int
	start    time.Time
}

func progress(e env, files []string, quiet bool) *progressBar {
	if quiet || !isTerminal(e.stderr) {
		return nil
	}
	var total int64
	for _, p := range files {
		if info, err := os.Stat(p); err == nil {
			total += info.Size()
		}
	}
	if total == 0 {
		total = -1
	}
	return &progressBar{start: time.Now(), bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetDescription("reading"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *progressBar) add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Add(n)
}

func (p *progressBar) message() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.messages++
	if p.messages%1000 == 0 {
		rate := float64(p.messages) / time.Since(p.start).Seconds()
		p.bar.Describe(fmt.Sprintf("%d messages (%.0f/s)", p.messages, rate))
	}
}

func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Finish()
}

// fileSum returns the SHA-256 of a lexicon or configuration file, read
// in pieces and at most as far as lexicons are read.
func fileSum(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, lexicon.MaxFile+1)); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
