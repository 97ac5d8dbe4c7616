package practice

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/lexlint/lexlint/lint"
)

// Answer is an agent's answer to an item: a rewrite's text, or the option
// chosen.
type Answer struct {
	ID     string `json:"id"`
	Text   string `json:"text,omitempty"`
	Choice int    `json:"choice"`
	Words  string `json:"words,omitempty"` // Spot it: the words marked in the reply chosen
}

// Graded is an answer with its points.
type Graded struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Category string `json:"category"`
	Answer   string `json:"answer,omitempty"`
	Choice   int    `json:"choice"`
	Right    bool   `json:"right"`
	Bonus    int    `json:"bonus"` // a rewrite that uses an encouraged phrase
}

// Score is the points of a category.
type Score struct {
	Points int `json:"points"`
	Max    int `json:"max"`
}

// Result is the graded result of a certification quiz, signed.
type Result struct {
	Format     string            `json:"format"`
	Quiz       string            `json:"quiz"`
	QuizDigest string            `json:"quiz_digest"`
	Language   string            `json:"language"`
	Agent      string            `json:"agent"`
	Finished   string            `json:"finished"`
	Points     int               `json:"points"`
	Max        int               `json:"max"`
	Bonus      int               `json:"bonus"`
	Share      float64           `json:"share"`
	PassMark   float64           `json:"pass_mark"`
	Passed     bool              `json:"passed"`
	Categories map[string]*Score `json:"categories"`
	Answers    []*Graded         `json:"answers"`
	// Signature is "hmac-sha256:" and the HMAC of the result with the
	// server's practice key (or, without a key, "sha256:" and its hash,
	// which shows accidental changes only), over the result with the
	// signature left out.
	Signature string `json:"signature"`
}

// Grade grades answers to a quiz, one per item (missing ones count as
// wrong), judging rewrites with the engine, and signs the result.
func Grade(ctx context.Context, l *lint.Linter, q *Quiz, agent string, answers []Answer, key []byte, now time.Time) (*Result, error) {
	agent = strings.TrimSpace(agent)
	if agent == "" || len(agent) > 100 {
		return nil, errors.New("the agent's name: 1 to 100 characters")
	}
	byID := map[string]Answer{}
	for _, a := range answers {
		if _, dup := byID[a.ID]; dup {
			return nil, fmt.Errorf("item %q is answered twice", a.ID)
		}
		if len(a.Text) > maxText {
			return nil, fmt.Errorf("the answer to item %q is longer than %d bytes", a.ID, maxText)
		}
		byID[a.ID] = a
	}
	r := &Result{Format: ResultFormat, Quiz: q.Title, QuizDigest: q.Digest, Language: q.Language, Agent: agent,
		Finished: now.UTC().Format(time.RFC3339), PassMark: q.PassMark, Categories: map[string]*Score{}, Answers: []*Graded{}}
	for _, it := range q.Items {
		a, ok := byID[it.ID]
		g := &Graded{ID: it.ID, Kind: it.Kind, Category: it.Category, Choice: -1}
		if ok {
			var err error
			if g, err = GradeItem(ctx, l, q.Language, it, a); err != nil {
				return nil, err
			}
		}
		sc := r.Categories[it.Category]
		if sc == nil {
			sc = &Score{}
			r.Categories[it.Category] = sc
		}
		sc.Max++
		r.Max++
		if g.Right {
			sc.Points++
			r.Points++
		}
		r.Bonus += g.Bonus
		r.Answers = append(r.Answers, g)
	}
	r.Share = math.Round(float64(r.Points)/float64(r.Max)*1000) / 1000
	r.Passed = q.Mode == ModeCertification && float64(r.Points) >= q.PassMark*float64(r.Max)-1e-9
	r.Sign(key)
	return r, nil
}

// GradeItem grades one answer: a rewrite judged by the engine, a choice
// against the key.
func GradeItem(ctx context.Context, l *lint.Linter, lang string, it *Item, a Answer) (*Graded, error) {
	g := &Graded{ID: it.ID, Kind: it.Kind, Category: it.Category, Choice: a.Choice}
	if it.Kind == KindRewrite {
		v, err := Judge(ctx, l, lang, it.Text, a.Text)
		if err != nil {
			return nil, err
		}
		g.Answer, g.Right, g.Bonus, g.Choice = a.Text, v.Accepted, max(0, v.Points-1), -1
		return g, nil
	}
	g.Right = a.Choice == it.Answer
	if it.Kind == KindSpot {
		g.Answer = a.Words
		g.Right = g.Right && WordsMatch(a.Words, it.Words)
	}
	return g, nil
}

// WordsMatch reports whether the words an agent marked are the
// discouraged wording: at least half of its words marked, and at least
// half of the words marked in it (case and punctuation folded).
func WordsMatch(marked, want string) bool {
	m, w := wordsOf(marked), wordsOf(want)
	if len(m) == 0 || len(w) == 0 {
		return false
	}
	in := func(x string, list []string) bool {
		for _, y := range list {
			if x == y {
				return true
			}
		}
		return false
	}
	hit, good := 0, 0
	for _, x := range w {
		if in(x, m) {
			hit++
		}
	}
	for _, x := range m {
		if in(x, w) {
			good++
		}
	}
	return hit*2 >= len(w) && good*2 >= len(m)
}

// digest is the hash or HMAC of the result without its signature.
func (r *Result) digest(key []byte) string {
	c := *r
	c.Signature = ""
	data, _ := json.Marshal(&c)
	if len(key) == 0 {
		sum := sha256.Sum256(data)
		return "sha256:" + hex.EncodeToString(sum[:])
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(data)
	return "hmac-sha256:" + hex.EncodeToString(mac.Sum(nil))
}

// Sign sets the signature.
func (r *Result) Sign(key []byte) { r.Signature = r.digest(key) }

// ReadResult reads a result file and checks it and its signature (with
// key when it was signed with one).
func ReadResult(rd io.Reader, name string, key []byte) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxQuizSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := formatIs(data, ResultFormat, "a lexlint quiz result (downloaded from the practice page)"); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var r Result
	if err := strictJSON(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := r.check(key); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &r, nil
}

func (r *Result) check(key []byte) error {
	switch {
	case r.Format != ResultFormat:
		return fmt.Errorf("format %q: not a lexlint quiz result (want %q)", r.Format, ResultFormat)
	case r.Agent == "":
		return errors.New("no agent")
	case r.Max <= 0 || r.Points < 0 || r.Points > r.Max:
		return fmt.Errorf("points %d of %d: not a result", r.Points, r.Max)
	case r.Signature == "":
		return errors.New("no signature")
	case strings.HasPrefix(r.Signature, "hmac-sha256:") && len(key) == 0:
		return errors.New("signed with the practice key: give --key (or LEXLINT_PRACTICE_KEY) to check it")
	case strings.HasPrefix(r.Signature, "sha256:"):
		key = nil
	case !strings.HasPrefix(r.Signature, "hmac-sha256:"):
		return fmt.Errorf("signature %q: not one lexlint makes", r.Signature)
	}
	if !hmac.Equal([]byte(r.Signature), []byte(r.digest(key))) {
		return errors.New("the signature does not match the content: the result was changed after it was graded (or the key differs)")
	}
	return nil
}

// AgentSummary is one agent's results in a team summary.
type AgentSummary struct {
	Agent    string  `json:"agent"`
	Attempts int     `json:"attempts"`
	Best     float64 `json:"best_share"`
	Last     float64 `json:"last_share"`
	LastDate string  `json:"last_finished"`
	Passed   bool    `json:"passed"`
}

// Summary sums up a team's results.
type Summary struct {
	Results    int               `json:"results"`
	Agents     []*AgentSummary   `json:"agents"`
	Categories map[string]*Score `json:"categories"` // over every agent's last result
	Quizzes    []string          `json:"quizzes"`    // the quiz digests seen
}

// Summarise sums up results: per agent, attempts, best and last share and
// whether any attempt passed; per category, the points of each agent's last
// result.
func Summarise(results []*Result) *Summary {
	s := &Summary{Results: len(results), Agents: []*AgentSummary{}, Categories: map[string]*Score{}, Quizzes: []string{}}
	sort.SliceStable(results, func(i, j int) bool { return results[i].Finished < results[j].Finished })
	by := map[string]*AgentSummary{}
	last := map[string]*Result{}
	quizzes := map[string]bool{}
	for _, r := range results {
		a := by[r.Agent]
		if a == nil {
			a = &AgentSummary{Agent: r.Agent}
			by[r.Agent] = a
			s.Agents = append(s.Agents, a)
		}
		a.Attempts++
		a.Best = math.Max(a.Best, r.Share)
		a.Last, a.LastDate = r.Share, r.Finished
		a.Passed = a.Passed || r.Passed
		last[r.Agent] = r
		if !quizzes[r.QuizDigest] {
			quizzes[r.QuizDigest] = true
			s.Quizzes = append(s.Quizzes, r.QuizDigest)
		}
	}
	for _, r := range last {
		for cat, sc := range r.Categories {
			t := s.Categories[cat]
			if t == nil {
				t = &Score{}
				s.Categories[cat] = t
			}
			t.Points += sc.Points
			t.Max += sc.Max
		}
	}
	sort.Slice(s.Agents, func(i, j int) bool { return s.Agents[i].Agent < s.Agents[j].Agent })
	return s
}

// WriteResult writes a result as indented JSON.
func WriteResult(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteJSON writes any value as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
