package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/practice"
	"github.com/lexlint/lexlint/transcript"
)

func newPracticeCmd(e env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "practice",
		Short: "Make quizzes that train agents' wording, and sum up their results",
		Long: `practice makes quizzes for the practice page of lexlint serve (/practice.html)
from the lexicons' examples and, given an export, from the desk's own flagged
sentences (names, e-mail addresses, phone and order numbers masked), and sums
up the signed results of certification quizzes.`,
	}
	cmd.AddCommand(newPracticeMakeCmd(e), newPracticeResultsCmd(e))
	return cmd
}

// makeFlags are practice make's own flags.
type makeFlags struct {
	from              []string
	agent, out, title string
	items             int
	certification     bool
	passMark          float64
}

func newPracticeMakeCmd(e env) *cobra.Command {
	var f checkFlags
	var mf makeFlags
	cmd := &cobra.Command{
		Use:   "make [--from EXPORT ...] [--agent NAME] -o quiz.json",
		Short: "Make a quiz from the lexicons and, optionally, an export's flagged sentences",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return runPracticeMake(cmd, e, f, mf) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&mf.from, "from", nil, "an export whose agents' flagged sentences become items (repeatable)")
	fl.StringVar(&mf.agent, "agent", "", "with --from: only this agent's sentences")
	fl.StringVarP(&mf.out, "output", "o", "", "the quiz file to write (default: standard output)")
	fl.StringVar(&mf.title, "title", "", "the quiz's title")
	fl.IntVar(&mf.items, "items", 30, "items in the quiz")
	fl.BoolVar(&mf.certification, "certification", false, "a fixed test with a pass mark, graded by lexlint serve, whose result is signed")
	fl.Float64Var(&mf.passMark, "pass-mark", 0.8, "with --certification: the share of items to get right to pass")
	fl.StringArrayVarP(&f.lexicons, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable)")
	fl.StringVar(&f.lang, "lang", "auto", "the quiz's language, nl or en (auto: the lexicons', else the export's)")
	fl.StringVar(&f.input, "input", "auto", "input format of --from, as for check")
	addInputFlags(fl, &f, "use")
	return cmd
}

func runPracticeMake(cmd *cobra.Command, e env, f checkFlags, mf makeFlags) error {
	if mf.passMark <= 0 || mf.passMark > 1 {
		return fmt.Errorf("--pass-mark %v: a share above 0 and at most 1 (0.8 is 80%%)", mf.passMark)
	}
	if mf.items < 1 || mf.items > practice.MaxItems {
		return fmt.Errorf("--items %d: 1 to %d", mf.items, practice.MaxItems)
	}
	if mf.agent != "" && len(mf.from) == 0 {
		return errors.New("--agent chooses an agent's sentences of --from: give --from EXPORT")
	}
	s, err := resolve(cmd, e, f)
	if err != nil {
		return err
	}
	linter, lexs, err := s.compile()
	if err != nil {
		return err
	}
	desk, clean, langs, inputErrors, err := deskSentences(cmd.Context(), e, s, linter, mf)
	if err != nil {
		return err
	}
	lang, err := quizLanguage(s.lang, lexs, langs)
	if err != nil {
		return err
	}
	source := strings.Join(lexiconNames(lexs), " + ")
	for _, p := range mf.from {
		source += " + " + filepath.Base(p)
	}
	if mf.agent != "" {
		source += " (" + mf.agent + ")"
	}
	q, err := practice.Make(cmd.Context(), linter, lexs, practice.MakeOptions{Language: lang, Title: mf.title, Items: mf.items,
		Certification: mf.certification, PassMark: mf.passMark, Desk: desk[lang], Clean: clean[lang], Source: source, Now: time.Now()})
	if err != nil {
		return err
	}
	if err := writeQuiz(e, mf.out, q); err != nil {
		return err
	}
	fromDesk := 0
	for _, it := range q.Items {
		if it.Origin == "desk" {
			fromDesk++
		}
	}
	fmt.Fprintf(e.stderr, "lexlint: a %s quiz of %d items (%d from the desk's own sentences) in %s\n", q.Mode, len(q.Items), fromDesk, lang)
	if inputErrors > 0 {
		return exitCodeError{exitError}
	}
	return nil
}

func writeQuiz(e env, path string, q *practice.Quiz) error {
	if path == "" || path == "-" {
		return practice.WriteQuiz(e.stdout, q)
	}
	return writeFile(path, func(f *os.File) error { return practice.WriteQuiz(f, q) })
}

func lexiconNames(lexs []*lexicon.Lexicon) []string {
	var names []string
	for _, l := range lexs {
		names = append(names, l.Name)
	}
	return names
}

// quizLanguage is --lang, else the language of the lexicons when they have
// one, else the one the export's agents wrote most.
func quizLanguage(flag string, lexs []*lexicon.Lexicon, langs map[string]int) (string, error) {
	if flag == "en" || flag == "nl" {
		return flag, nil
	}
	seen := map[string]bool{}
	for _, l := range lexs {
		if l.Language != "" {
			seen[l.Language] = true
		}
	}
	if len(seen) == 1 {
		for l := range seen {
			return practice.Language(l)
		}
	}
	if langs["en"]+langs["nl"] > 0 {
		if langs["nl"] > langs["en"] {
			return "nl", nil
		}
		return "en", nil
	}
	return "", practice.ErrNoLanguage
}

// deskSentences reads the exports of --from and returns, per language,
// the agents' (or --agent's) flagged sentences and some without findings,
// with personal details masked; the languages of the messages; and the
// number of input errors (reported on standard error).
func deskSentences(ctx context.Context, e env, s *settings, linter *lint.Linter, mf makeFlags) (map[string][]string, map[string][]string, map[string]int, int, error) {
	desk, clean, langs := map[string][]string{}, map[string][]string{}, map[string]int{}
	if len(mf.from) == 0 {
		return desk, clean, langs, 0, nil
	}
	s.roles = []string{transcript.RoleAgent}
	opts, err := pipelineOptions(s)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	opts.Stdin = e.stdin
	inputErrors := 0
	files := transcript.Expand(mf.from, s.input, func(err error) { inputErrors++; fmt.Fprintf(e.stderr, "lexlint: %v\n", err) })
	seen := map[string]bool{}
	err = pipeline.Run(ctx, linter, files, opts, func(it *pipeline.Item) error {
		if it.Err != nil {
			inputErrors++
			fmt.Fprintf(e.stderr, "lexlint: %v\n", it.Err)
		}
		m := it.Message
		if m == nil || it.Result == nil || it.Presence != nil || m.Role != transcript.RoleAgent || m.Text == nil || m.Map != nil {
			return nil
		}
		if mf.agent != "" && !strings.EqualFold(m.Agent, mf.agent) {
			return nil
		}
		lang := it.Result.Lang
		if lang != "en" && lang != "nl" {
			return nil
		}
		langs[lang]++
		names := []string{m.Agent, m.Customer}
		for _, f := range it.Result.Findings {
			if len(desk[lang]) >= 2000 || f.Offset < 0 || f.EndOffset > len(m.Text) {
				break
			}
			before, after := practice.Sentence(m.Text, m.Skip, f.Offset, f.EndOffset)
			text := practice.Mask(before+string(m.Text[f.Offset:f.EndOffset])+after, lang, names)
			if !seen[text] {
				seen[text] = true
				desk[lang] = append(desk[lang], text)
			}
		}
		if len(it.Result.Findings) == 0 && len(clean[lang]) < 200 {
			for _, sent := range strings.SplitAfter(string(m.Text), ". ") {
				if n := len(strings.Fields(sent)); n >= 5 && n <= 30 {
					clean[lang] = append(clean[lang], practice.Mask(strings.TrimSpace(sent), lang, names))
				}
			}
		}
		return nil
	})
	return desk, clean, langs, inputErrors, err
}

func newPracticeResultsCmd(e env) *cobra.Command {
	var key, format, quiz string
	cmd := &cobra.Command{
		Use:   "results DIR|FILE ...",
		Short: "Sum up a team's signed certification results",
		Long: `results reads the result files agents downloaded from the practice page
(every .json file of a directory), checks each one's signature, and sums
them up: per agent, attempts, best and last score and whether they passed;
per category, the points of each agent's last result. A malformed or
changed result is reported with its file and left out (exit status 2).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if key == "" {
				key = e.getenv("LEXLINT_PRACTICE_KEY")
			}
			if format != "text" && format != "json" {
				return fmt.Errorf("--format %q: use text or json", format)
			}
			var digest string
			if quiz != "" {
				f, err := os.Open(quiz)
				if err != nil {
					return fmt.Errorf("--quiz: %w", err)
				}
				q, err := practice.ReadQuiz(f, quiz)
				f.Close()
				if err != nil {
					return fmt.Errorf("--quiz: %w", err)
				}
				digest = q.Digest
			}
			return runPracticeResults(e, args, []byte(key), format, digest)
		},
	}
	cmd.Flags().StringVar(&quiz, "quiz", "", "count only results of this quiz (the certification quiz.json); others are reported and left out")
	cmd.Flags().StringVar(&key, "key", "", "the practice key lexlint serve signs results with (default: LEXLINT_PRACTICE_KEY)")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text or json")
	return cmd
}

func runPracticeResults(e env, args []string, key []byte, format, digest string) error {
	var files []string
	for _, a := range args {
		if info, err := os.Stat(a); err == nil && info.IsDir() {
			found, _ := filepath.Glob(filepath.Join(a, "*.json"))
			files = append(files, found...)
		} else {
			files = append(files, a)
		}
	}
	sort.Strings(files)
	var results []*practice.Result
	bad := 0
	for _, path := range files {
		f, err := os.Open(path)
		if err == nil {
			var r *practice.Result
			r, err = practice.ReadResult(f, path, key)
			f.Close()
			if err == nil && digest != "" && r.QuizDigest != digest {
				err = fmt.Errorf("%s: taken with another quiz (%q, %s) than --quiz", path, r.Quiz, r.QuizDigest)
			}
			if err == nil {
				results = append(results, r)
				continue
			}
		}
		bad++
		fmt.Fprintf(e.stderr, "lexlint: %v\n", err)
	}
	if len(results) == 0 && bad == 0 {
		return fmt.Errorf("no results (.json files) in %s", strings.Join(args, ", "))
	}
	sum := practice.Summarise(results)
	var err error
	if format == "json" {
		err = writeJSONValue(e, sum)
	} else {
		err = writeResultsText(e, sum, bad)
	}
	if err != nil {
		return err
	}
	if bad > 0 {
		return exitCodeError{exitError}
	}
	return nil
}

func writeJSONValue(e env, v any) error {
	return practice.WriteJSON(e.stdout, v)
}

func writeResultsText(e env, s *practice.Summary, bad int) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%d results of %d agents", s.Results, len(s.Agents))
	if bad > 0 {
		fmt.Fprintf(tw, " (%d files left out: see above)", bad)
	}
	if len(s.Quizzes) > 1 {
		fmt.Fprintf(tw, "; from %d different quizzes", len(s.Quizzes))
	}
	fmt.Fprintln(tw, "\n\nagent\tattempts\tbest\tlast\tlast finished\tpassed")
	passed := 0
	for _, a := range s.Agents {
		yes := "no"
		if a.Passed {
			yes, passed = "yes", passed+1
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f%%\t%.0f%%\t%s\t%s\n", output.Visible(a.Agent), a.Attempts, a.Best*100, a.Last*100, a.LastDate, yes)
	}
	fmt.Fprintf(tw, "\n%d of %d agents passed\n\ncategory\tright\tof\tshare\n", passed, len(s.Agents))
	cats := make([]string, 0, len(s.Categories))
	for c := range s.Categories {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		sc := s.Categories[c]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f%%\n", c, sc.Points, sc.Max, float64(sc.Points)*100/float64(max(1, sc.Max)))
	}
	return tw.Flush()
}
