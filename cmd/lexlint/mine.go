package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/mine"
	"github.com/lexlint/lexlint/transcript"
)

// mineFlags are the flags of lexicon mine.
type mineFlags struct {
	ratingScale  string
	ratingsFiles []string
	out          string
	opts         mine.Options
}

func newMineCmd(e env) *cobra.Command {
	var f checkFlags
	var mf mineFlags
	cmd := &cobra.Command{
		Use:   "mine EXPORT ...",
		Short: "Propose discouraged phrases from rated exports: wording of low-rated conversations",
		Long: `mine reads exports with customers' satisfaction ratings and proposes the
phrases of agents' messages (2 to 6 words, folded as the matcher folds them)
that appear more often in conversations rated low than in those rated high,
ranked by weighted log-odds with an informative Dirichlet prior (Monroe,
Colaresi and Quinn 2008). Phrases the loaded lexicons already match are left
out, and a phrase inside a stronger one (or holding it) is folded into it.

It writes a draft lexicon (to standard output, or --out): entries mined.*,
category mined, severity suggestion, with the evidence in a comment and up
to three real sentences as examples. A rating says how a conversation went,
not why: read each entry, rewrite its message, and keep only what you would
coach. The exports are read three times; memory stays bounded.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMine(cmd, e, f, mf, args)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.lexicons, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable): phrases these match are left out")
	fl.StringVar(&f.lang, "lang", "auto", "nl, en or auto")
	fl.StringVar(&f.input, "input", "auto", "input format, as for check")
	addInputFlags(fl, &f, "mine")
	addRatingFlags(fl, &mf.ratingScale, &mf.ratingsFiles)
	fl.StringVarP(&mf.out, "out", "o", "", "write the draft lexicon to this file (default: standard output)")
	fl.IntVar(&mf.opts.MinSupport, "min-support", 20, "the fewest rated conversations a phrase must appear in")
	fl.IntVar(&mf.opts.Top, "top", 20, "phrases proposed")
	fl.Float64Var(&mf.opts.MinZ, "min-z", 4, "the lowest z-score of a phrase proposed (4: a two-sided p below 0.0001, as many n-grams are compared)")
	fl.IntVar(&mf.opts.MinN, "min-words", 2, "the fewest words of a phrase")
	fl.IntVar(&mf.opts.MaxN, "max-words", 6, "the most words of a phrase (at most 6)")
	return cmd
}

func runMine(cmd *cobra.Command, e env, f checkFlags, mf mineFlags, args []string) error {
	s, err := resolve(cmd, e, f)
	if err != nil {
		return err
	}
	if mf.opts.MinSupport < 1 || mf.opts.Top < 1 {
		return fmt.Errorf("--min-support and --top: use 1 or more")
	}
	popts, err := pipelineOptions(s)
	if err != nil {
		return err
	}
	in := popts.Input
	bad, err := readRatings(e, &in, mf.ratingScale, mf.ratingsFiles)
	if err != nil {
		return err
	}
	linter, err := s.linter()
	if err != nil {
		return err
	}
	mf.opts.Known = func(phrase string) bool { return known(cmd, linter, phrase) }
	mf.opts.Error = func(err error) {
		bad++
		fmt.Fprintf(e.stderr, "lexlint: %v\n", err)
	}
	var walkErrs []error
	files := transcript.Expand(args, s.input, func(err error) { walkErrs = append(walkErrs, err) })
	for _, err := range walkErrs {
		fmt.Fprintf(e.stderr, "lexlint: %v\n", err)
	}
	res, err := mine.Mine(cmd.Context(), files, in, mf.opts)
	if errors.Is(err, mine.ErrNoRatings) {
		return err
	}
	if err != nil {
		return fmt.Errorf("lexicon mine: %w", err)
	}
	draft := draftLexicon(res, s.lang, args)
	w := e.stdout
	if mf.out != "" {
		file, err := os.Create(mf.out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	if _, err := io.WriteString(w, draft); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "lexlint: %s proposed from %d conversations (%d rated low, %d rated high)\n", plural(len(res.Phrases), "phrase", "phrases"), res.Conversations, res.Low, res.High)
	if bad+len(walkErrs) > 0 {
		return exitCodeError{exitError}
	}
	return nil
}

// known reports whether the lexicons match a phrase (a finding with a
// match; conversation rules, which need a conversation, do not count).
func known(cmd *cobra.Command, l *lint.Linter, phrase string) bool {
	res, err := l.Check(cmd.Context(), lint.Document{Text: []byte(phrase)})
	if err != nil {
		return false
	}
	for _, f := range res.Findings {
		if f.Match != "" {
			return true
		}
	}
	return false
}

// quote writes a YAML scalar in double quotes.
func quote(s string) string {
	b, _ := yaml.Marshal(s)
	out := strings.TrimSpace(string(b))
	if strings.HasPrefix(out, `"`) {
		return out
	}
	return strconv.Quote(s)
}

// draftLexicon writes the proposed phrases as a lexicon that lexicon
// validate and lexicon test accept.
func draftLexicon(res *mine.Result, lang string, inputs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Draft lexicon written by lexlint lexicon mine from %s:\n", strings.Join(inputs, ", "))
	fmt.Fprintf(&b, "# %d conversations read, %d rated low and %d rated high. Phrases are ranked by how much\n", res.Conversations, res.Low, res.High)
	b.WriteString("# more often they appear in low-rated conversations (weighted log-odds, z-score).\n")
	b.WriteString("# A rating says how a conversation went, not why: read every entry, rewrite its\n")
	b.WriteString("# message and suggestions, and delete what you would not coach.\n")
	b.WriteString("lexicon: mined\n")
	if lang == "nl" || lang == "en" {
		fmt.Fprintf(&b, "language: %s\n", lang)
	}
	if len(res.Phrases) == 0 {
		b.WriteString("discouraged: []\n")
		return b.String()
	}
	b.WriteString("\ndiscouraged:\n")
	ids := map[string]int{}
	for _, p := range res.Phrases {
		id := "mined." + strings.Join(strings.FieldsFunc(p.Phrase, func(r rune) bool { return r == ' ' || r == '\'' }), "-")
		if ids[id]++; ids[id] > 1 {
			id += "-" + strconv.Itoa(ids[id])
		}
		fmt.Fprintf(&b, "  # In %d low-rated and %d high-rated conversations; z = %.2f, log-odds ratio %.3f.\n", p.Low, p.High, p.Z, p.Delta)
		fmt.Fprintf(&b, "  - id: %s\n    category: mined\n    severity: suggestion\n", id)
		fmt.Fprintf(&b, "    phrases: [%s]\n", quote(p.Phrase))
		b.WriteString("    message: \"Mined from ratings, not yet reviewed: conversations with this wording were rated lower. Rewrite this message: say what the wording does to the customer and what to write instead.\"\n")
		if len(p.Examples) > 0 {
			var ex []string
			for _, x := range p.Examples {
				ex = append(ex, quote(x))
			}
			fmt.Fprintf(&b, "    examples:\n      flag: [%s]\n", strings.Join(ex, ", "))
		}
	}
	return b.String()
}
