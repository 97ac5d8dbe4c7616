package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/report"
	"github.com/lexlint/lexlint/transcript"
)

func newReportCmd(e env) *cobra.Command {
	var f checkFlags
	var format, by, period, anonKey string
	var anonymize, quiet bool
	var top, worst int
	cmd := &cobra.Command{
		Use:   "report EXPORT ...",
		Short: "Aggregate transcript exports into a QA report per agent, category and period",
		Long: `report reads the same inputs as check (JSONL, CSV, chat transcripts, Zendesk,
Intercom, Freshdesk, LiveChat) and sums up the agents' wording: per agent,
category, conversation and period, findings per 1,000 words, the most
frequent discouraged phrases with their suggestions, how often presence
rules (greeting, closing, ...) are met, a service-language score, and the
conversations to coach first. Customer text never appears in a report.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := resolve(cmd, f)
			if err != nil {
				return err
			}
			if s.format == "" || s.format == "text" && !cmd.Flags().Changed("format") {
				s.format = format
			}
			switch format {
			case "text", "csv", "json", "html":
			default:
				return fmt.Errorf("--format %q: use text, csv, json or html", format)
			}
			if !contains(report.CSVDimensions(), by) {
				return fmt.Errorf("--by %q: use %s", by, strings.Join(report.CSVDimensions(), ", "))
			}
			if period != "day" && period != "week" && period != "month" {
				return fmt.Errorf("--period %q: use day, week or month", period)
			}
			if anonymize {
				if anonKey == "" {
					anonKey = e.getenv("LEXLINT_ANONYMIZE_KEY")
				}
				if anonKey == "" {
					return fmt.Errorf("--anonymize needs a key, so that pseudonyms stay the same across reports: set --anonymize-key or LEXLINT_ANONYMIZE_KEY")
				}
			} else {
				anonKey = ""
			}
			s.roles = []string{"agent"}
			opts, err := pipelineOptions(s)
			if err != nil {
				return err
			}
			opts.Stdin = e.stdin
			defer tuneGC(e)()
			linter, err := s.linter()
			if err != nil {
				return err
			}
			var walkErrs []error
			files := transcript.Expand(args, s.input, func(err error) { walkErrs = append(walkErrs, err) })
			for _, err := range walkErrs {
				fmt.Fprintf(e.stderr, "lexlint: %v\n", err)
			}
			ropts := report.Options{Period: period, TopPhrases: top, Worst: worst, AnonymizeKey: anonKey}
			var cw *csv.Writer
			if format == "csv" {
				cw = csv.NewWriter(e.stdout)
				cw.Write(report.CSVHeader(by))
				if by == "conversation" {
					ropts.OnConversation = func(c *report.Conversation) { cw.Write(report.ConversationRow(c)) }
				}
			}
			b := report.NewBuilder(linter, ropts)
			bar := progress(e, files, quiet)
			if bar != nil {
				opts.Progress = bar.add
			}
			inputErrors := len(walkErrs)
			err = pipeline.Run(cmd.Context(), linter, files, opts, func(it *pipeline.Item) error {
				if it.Err != nil {
					inputErrors++
					fmt.Fprintf(e.stderr, "lexlint: %v\n", it.Err)
				}
				if it.Warning != "" {
					fmt.Fprintf(e.stderr, "lexlint: warning: %s\n", it.Warning)
				}
				if it.Result != nil && it.Presence == nil && bar != nil {
					bar.message()
				}
				b.Add(it)
				return nil
			})
			if bar != nil {
				bar.finish()
			}
			if err != nil {
				return err
			}
			r := b.Report()
			r.InputErrors = inputErrors
			switch format {
			case "json":
				err = report.WriteJSON(e.stdout, r)
			case "html":
				err = report.WriteHTML(e.stdout, r)
			case "csv":
				if by != "conversation" {
					err = report.WriteCSV(cw, r, by)
				} else {
					cw.Flush()
					err = cw.Error()
				}
			default:
				boldColor := color.New(color.Bold)
				if f.noColor || e.getenv("NO_COLOR") != "" || !isTerminal(e.stdout) {
					boldColor.DisableColor()
				} else {
					boldColor.EnableColor()
				}
				err = report.WriteText(e.stdout, r, func(s string) string { return boldColor.Sprint(s) })
			}
			if err != nil {
				return fmt.Errorf("writing the report: %w", err)
			}
			if inputErrors > 0 {
				return exitCodeError{exitError}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&format, "format", "f", "text", "text, csv, json or html (one self-contained file)")
	fl.StringVar(&by, "by", "agent", "for csv: one row per agent, category, conversation, period or phrase")
	fl.StringVar(&period, "period", "week", "the period of the trend: day, week or month (from message timestamps)")
	fl.BoolVar(&anonymize, "anonymize", false, "replace agent names with stable pseudonyms (keyed hash), for sharing outside the team")
	fl.StringVar(&anonKey, "anonymize-key", "", "the key of the pseudonyms (default: LEXLINT_ANONYMIZE_KEY)")
	fl.BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	fl.IntVar(&top, "top", 20, "discouraged phrases listed")
	fl.IntVar(&worst, "worst", 10, "conversations listed to coach first")
	fl.StringArrayVarP(&f.lexicons, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable)")
	fl.StringVar(&f.lang, "lang", "auto", "nl, en or auto")
	fl.StringVar(&f.input, "input", "auto", "input format, as for check")
	addInputFlags(fl, &f, "count")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the output")
	return cmd
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
