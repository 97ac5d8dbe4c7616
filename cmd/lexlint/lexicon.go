package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/output"
)

func newLexiconCmd(e env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lexicon",
		Short: "Write, check and read lexicons",
		Long: `The lexicon commands help the people who own a lexicon: validate it, run
its examples like tests, list it as a table or a printable style guide, and
explain why a text does or does not match. Without files they work on the
built-in lexicons.`,
	}
	cmd.AddCommand(newValidateCmd(e), newTestCmd(e), newListCmd(e), newExplainCmd(e), newMineCmd(e))
	return cmd
}

// lexiconSettings finds the lexicons a lexicon subcommand works on as check
// finds them: the files named (arguments or --lexicon), else those of
// .lexlint.yaml (--config, --no-config), else the built-in lexicons of
// lang. The settings' compile then applies the configuration's rule and
// category levels, as check does.
func lexiconSettings(cmd *cobra.Command, e env, files []string, lang string) (*settings, error) {
	s, err := resolve(cmd, e, checkFlags{lang: lang})
	if err != nil {
		return nil, err
	}
	if len(files) > 0 {
		s.lexicons = files
	}
	if len(s.lexicons) == 0 {
		s.lexicons = lexicon.BuiltinRefs()
		if s.lang != "auto" {
			s.lexicons = []string{lexicon.BuiltinPrefix + s.lang}
		}
	}
	return s, nil
}

func newValidateCmd(e env) *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "validate [FILE ...]",
		Short: "Check lexicons strictly and warn about likely mistakes",
		Long: `validate loads lexicons (and every lexicon they extend) strictly and lists
every problem at once, with file, line and column and what to write instead.
It also warns about likely mistakes: phrases that can never match, phrases
shadowed by a shorter phrase of the same entry, the same phrase in two
entries, a phrase both encouraged and discouraged, and suggestions that
themselves contain discouraged wording.

Exit status: 0 when the lexicons are valid (warnings allowed unless
--strict), 1 when they are not, 2 on usage errors.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := lexiconSettings(cmd, e, args, "auto")
			if err != nil {
				return err
			}
			refs := s.lexicons
			lexs, err := lexicon.Load(refs...)
			var problems lexicon.ErrorList
			if err != nil {
				problems = lexicon.Errors(err)
				if problems == nil {
					return err
				}
			}
			var warnings []lint.Warning
			if problems == nil {
				if _, err := lint.New(lexs, lint.Options{}); err != nil {
					if problems = lexicon.Errors(err); problems == nil {
						return err
					}
				}
			}
			if problems == nil {
				if warnings, err = lint.Analyze(cmd.Context(), lexs); err != nil {
					return err
				}
			}
			var b strings.Builder
			for _, p := range problems {
				fmt.Fprintf(&b, "%s: error: %s\n", p.Pos, p.Msg)
			}
			for _, w := range warnings {
				fmt.Fprintf(&b, "%s: warning: %s\n", w.Pos, w.Msg)
			}
			entries := 0
			for _, l := range lexs {
				entries += len(l.Discouraged) + len(l.Encouraged)
			}
			if problems == nil {
				fmt.Fprintf(&b, "%s valid: %s, %s; %s.\n", strings.Join(refs, ", "), plural(len(lexs), "lexicon", "lexicons"), plural(entries, "entry", "entries"), plural(len(warnings), "warning", "warnings"))
			} else {
				fmt.Fprintf(&b, "%s not valid: %s.\n", strings.Join(refs, ", "), plural(len(problems), "error", "errors"))
			}
			if _, err := io.WriteString(e.stdout, b.String()); err != nil {
				return err
			}
			if problems != nil || strict && len(warnings) > 0 {
				return exitCodeError{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 on warnings too")
	return cmd
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func newTestCmd(e env) *cobra.Command {
	var verbose bool
	cmd := &cobra.Command{
		Use:   "test [FILE ...]",
		Short: "Run every entry's examples like tests",
		Long: `test checks each discouraged entry's examples: every flag example must draw
a finding of its entry, and no pass example may. It prints the failures and
a closing "N passed, N failed" line; the exit status is 1 when any failed,
so a CI job can guard a lexicon repository. With FILEs, only their own
entries' examples are run and counted (not those of what they extend);
without, those of the lexicons the configuration or --lang loads.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := lexiconSettings(cmd, e, args, "auto")
			if err != nil {
				return err
			}
			l, _, err := s.compile()
			if err != nil {
				return err
			}
			results, err := l.RunExamples(cmd.Context())
			if err != nil {
				return err
			}
			results = examplesOf(results, args)
			var b strings.Builder
			passed, failed := 0, 0
			for _, r := range results {
				kind := "pass"
				if r.Flag {
					kind = "flag"
				}
				if r.Passed {
					passed++
					if verbose {
						fmt.Fprintf(&b, "ok   %s %s %q\n", r.Entry.ID, kind, r.Example.Text)
					}
					continue
				}
				failed++
				why := "draws no finding of it"
				if !r.Flag {
					why = "draws a finding of it"
				}
				drew := "nothing"
				if len(r.Rules) > 0 {
					drew = strings.Join(r.Rules, ", ")
				}
				fmt.Fprintf(&b, "FAIL %s: %s: %s example %q %s (drew: %s)\n", r.Example.Pos, r.Entry.ID, kind, r.Example.Text, why, drew)
			}
			fmt.Fprintf(&b, "%d passed, %d failed\n", passed, failed)
			if _, err := io.WriteString(e.stdout, b.String()); err != nil {
				return err
			}
			if failed > 0 {
				return exitCodeError{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "also list the examples that passed")
	return cmd
}

// listed is one entry or group as list prints it.
type listed = lexicon.Described

func newListCmd(e env) *cobra.Command {
	var category, format, lang string
	var refs []string
	cmd := &cobra.Command{
		Use:   "list [FILE ...]",
		Short: "List entries as a table, JSON or a printable Markdown style guide",
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := lexiconSettings(cmd, e, append(refs, args...), lang)
			if err != nil {
				return err
			}
			_, lexs, err := s.compile()
			if err != nil {
				return err
			}
			items := lexicon.Describe(lexs)
			if len(refs) == 0 && len(args) == 0 {
				// What check applies: the lexicons and the conversation rules.
				items = append(items, lint.DescribeConversationRules(s.cfg.ConversationRules(), languagesOf(items))...)
			}
			if category != "" {
				kept := items[:0]
				for _, it := range items {
					if it.Category == category {
						kept = append(kept, it)
					}
				}
				if len(kept) == 0 {
					return fmt.Errorf("no entries in category %q", category)
				}
				items = kept
			}
			switch format {
			case "text":
				return listText(e.stdout, items)
			case "json":
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(items)
			case "markdown":
				return listMarkdown(e.stdout, items)
			}
			return fmt.Errorf("--format %q: use text, json or markdown", format)
		},
	}
	cmd.Flags().StringArrayVarP(&refs, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable; as FILE arguments)")
	cmd.Flags().StringVar(&category, "category", "", "only entries of this category")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text, json or markdown (a printable style guide)")
	cmd.Flags().StringVar(&lang, "lang", "auto", "without files: the built-in lexicon to list (nl, en or auto for both)")
	return cmd
}

// languagesOf lists the languages of entries in their order, each once.
func languagesOf(items []listed) []string {
	var langs []string
	for _, it := range items {
		if it.Language != "" && !slices.Contains(langs, it.Language) {
			langs = append(langs, it.Language)
		}
	}
	return langs
}

// abbreviate shows the first n items of a list, each cut to 50 characters.
func abbreviate(list []string, n int) string {
	shown := make([]string, 0, n)
	for i, s := range list {
		if i == n {
			break
		}
		if r := []rune(s); len(r) > 50 {
			s = string(r[:49]) + "…"
		}
		shown = append(shown, s)
	}
	out := strings.Join(shown, " | ")
	if len(list) > n {
		out += fmt.Sprintf(" (+%d)", len(list)-n)
	}
	return out
}

func listText(w io.Writer, items []listed) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCATEGORY\tSEVERITY\tPHRASES\tSUGGESTIONS")
	for _, it := range items {
		sev := it.Severity
		if it.Kind == "encouraged" {
			sev = "encouraged"
			if it.Require != "" {
				sev += " (" + it.Require + ")"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", output.Visible(it.ID), output.Visible(it.Category), output.Visible(sev),
			output.Visible(abbreviate(it.Phrases, 2)), output.Visible(abbreviate(it.Suggestions, 1)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, output.Plural(len(items), "entry", "entries"))
	return err
}

func newExplainCmd(e env) *cobra.Command {
	var refs []string
	var lang, format string
	cmd := &cobra.Command{
		Use:   "explain [TEXT | -]",
		Short: "Show which entries match a text, where, and why",
		Long: `explain shows how lexlint reads a text: its language, its words as the
matcher sees them (normalised: case folded, diacritics removed, apostrophes
straightened), every phrase that matched with the entry and the phrase as
written, and why a match was not reported (an overlap, another language, a
skipped quote). Use it to debug surprising hits and misses. Without TEXT,
or with -, it reads the text from standard input.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := explainInput(e, args)
			if err != nil {
				return err
			}
			s, err := lexiconSettings(cmd, e, refs, lang)
			if err != nil {
				return err
			}
			l, _, err := s.compile()
			if err != nil {
				return err
			}
			ex, err := l.Explain(cmd.Context(), lint.Document{Path: "-", Text: text})
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(ex)
			}
			return explainText(e.stdout, ex, &lint.Document{Text: text})
		},
	}
	cmd.Flags().StringArrayVarP(&refs, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable)")
	cmd.Flags().StringVar(&lang, "lang", "auto", "nl, en or auto")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text or json")
	return cmd
}

// maxExplain is the longest text explain reads from standard input.
const maxExplain = 1 << 20

// explainInput is the text explain reads: its argument, or standard input
// for "-" or none.
func explainInput(e env, args []string) ([]byte, error) {
	if len(args) == 1 && args[0] != "-" {
		return []byte(args[0]), nil
	}
	if len(args) == 0 && isTerminal(e.stdin) {
		return nil, fmt.Errorf("no text: give it as an argument, or pipe it in (- reads standard input)")
	}
	text, err := io.ReadAll(io.LimitReader(e.stdin, maxExplain+1))
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	if len(text) > maxExplain {
		return nil, fmt.Errorf("standard input: more than %d KiB; explain takes a message or a draft", maxExplain>>10)
	}
	return text, nil
}

func explainText(w io.Writer, ex *lint.Explanation, doc *lint.Document) error {
	var b strings.Builder
	lang := ex.Lang
	if lang == "" {
		lang = "undecided (every lexicon applies)"
	}
	fmt.Fprintf(&b, "language: %s\n", lang)
	b.WriteString("words:")
	sentence := -1
	for _, t := range ex.Tokens {
		if t.Sentence != sentence {
			if sentence >= 0 {
				b.WriteString(" |")
			}
			sentence = t.Sentence
		}
		mark := ""
		if t.InLexicon {
			mark = "*"
		}
		fmt.Fprintf(&b, " %s%s", t.Norm, mark)
	}
	b.WriteString("\n       (* = a word some phrase uses; | = sentence boundary)\n")
	if len(ex.Matches) == 0 {
		b.WriteString("no phrase matched\n")
	}
	for _, m := range ex.Matches {
		status := "reported"
		if m.Kind == "encouraged" {
			status = "counted (encouraged)"
		}
		if !m.Reported {
			status = "not reported: " + m.Why
		}
		line, col := doc.Position(m.Offset)
		fmt.Fprintf(&b, "%q at %d:%d: %s, phrase %q -> %s\n", m.Match, line, col, m.Rule, m.Phrase, status)
		if len(m.Skipped) > 0 || len(m.Classes) > 0 {
			var parts []string
			if len(m.Skipped) > 0 {
				parts = append(parts, "skipped: "+strings.Join(m.Skipped, ", "))
			}
			for _, c := range m.Classes {
				parts = append(parts, "<"+c.Class+"> = "+c.Words)
			}
			fmt.Fprintf(&b, "    %s\n", strings.Join(parts, "; "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func newInitCmd(e env) *cobra.Command {
	var lang, dir string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a starter .lexlint.yaml and team lexicon",
		Long: `init writes .lexlint.yaml and team-lexicon.yaml, a small commented lexicon
that extends the built-in one, into the directory. It never overwrites: if
either file exists, it stops and changes nothing.

The language of the starter lexicon is --lang; without it, the language of
the text files in the directory (replies, macros, exports), and where they
do not tell, the answer to a question on a terminal, else Dutch. init says
which it chose and why. The configuration keeps lang: auto (each text's
language detected, the other language's built-in lexicon loaded too)
unless the folder is clearly of one language: at least 3 files of it and
none of the other.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fixed := false
			if cmd.Flags().Changed("lang") {
				if lang != "nl" && lang != "en" {
					return fmt.Errorf("--lang %q: use nl or en", lang)
				}
				counts, err := folderLanguages(cmd.Context(), dir)
				if err != nil {
					return err
				}
				fixed = clearly(counts, lang)
			} else {
				chosen, why, clear, err := initLanguage(cmd.Context(), e, dir)
				if err != nil {
					return err
				}
				lang, fixed = chosen, clear
				fmt.Fprintf(e.stdout, "language: %s (%s; --lang sets another)\n", lang, why)
			}
			if fixed {
				fmt.Fprintf(e.stdout, "lang: %s in .lexlint.yaml: every text in %s is %s; a text in another language will be named in a warning\n", lang, dir, langNames[lang])
			} else {
				fmt.Fprintf(e.stdout, "lang: auto in .lexlint.yaml: each text's language is detected (set lang: %s once every text is %s)\n", lang, langNames[lang])
			}
			cfgPath, lexPath := filepath.Join(dir, ".lexlint.yaml"), filepath.Join(dir, "team-lexicon.yaml")
			for _, p := range []string{cfgPath, lexPath} {
				if _, err := os.Stat(p); err == nil {
					return fmt.Errorf("%s already exists: init writes new files only; remove it or edit it by hand", p)
				}
			}
			cfg, lex := starterFiles(lang, fixed)
			for _, f := range []struct{ path, content string }{{lexPath, lex}, {cfgPath, cfg}} {
				file, err := os.OpenFile(f.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
				if err != nil {
					return err
				}
				if _, err := file.WriteString(f.content); err != nil {
					file.Close()
					return err
				}
				if err := file.Close(); err != nil {
					return err
				}
			}
			_, err := fmt.Fprintf(e.stdout, "wrote %s and %s\nnext: edit %s, then run lexlint lexicon test %s\n", cfgPath, lexPath, lexPath, lexPath)
			return err
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "nl", "language of the starter lexicon: nl or en")
	cmd.Flags().StringVar(&dir, "dir", ".", "directory to write the files into")
	return cmd
}

// examplesOf keeps the results of the examples written in files (all
// when none are named).
func examplesOf(results []lint.ExampleResult, files []string) []lint.ExampleResult {
	if len(files) == 0 {
		return results
	}
	named := map[string]bool{}
	for _, f := range files {
		named[absPath(f)] = true
	}
	kept := results[:0]
	for _, r := range results {
		if named[absPath(r.Example.Pos.File)] {
			kept = append(kept, r)
		}
	}
	return kept
}

// absPath is a path made absolute and clean, or as it is if it cannot be.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}
