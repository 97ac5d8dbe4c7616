package report

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/practice"
	"github.com/lexlint/lexlint/transcript"
)

// A development plan is one agent's page for a talk with their team lead:
// their weakest categories and strengths against the rest of the team,
// their own flagged sentences with a rewrite, their response times, shifts
// and trend, and three goals that the next plan checks.

// planSentences is how many flagged sentences are kept per agent and
// category (the most recent).
const planSentences = 3

// gather is what plans need beyond the report, kept while the builder
// runs: per agent, the most recent flagged sentences per category,
// encouraged phrases used, stats per period and the languages written.
type gather struct {
	flagged map[string]map[string][]*Flagged // agent, category
	hits    map[string]map[string]int        // agent, encouraged group
	groups  map[string]string                // encouraged group: category
	periods map[string]map[string]*Stats     // agent, period
	langs   map[string]map[string]int        // agent, language
	names   map[string]bool                  // agents' and customers' names, for masking
	seq     int
}

func newGather() *gather {
	return &gather{flagged: map[string]map[string][]*Flagged{}, hits: map[string]map[string]int{}, groups: map[string]string{},
		periods: map[string]map[string]*Stats{}, langs: map[string]map[string]int{}, names: map[string]bool{}}
}

// Flagged is one of an agent's flagged sentences, with the entry's reason
// and a rewrite built from its suggestions.
type Flagged struct {
	Conversation string   `json:"conversation"`
	Time         string   `json:"time,omitempty"`
	Rule         string   `json:"rule"`
	Category     string   `json:"category"`
	Severity     string   `json:"severity"`
	Before       string   `json:"before"` // the sentence before the match
	Match        string   `json:"match"`
	After        string   `json:"after"`
	Reason       string   `json:"reason"`
	Suggestions  []string `json:"suggestions"`
	Rewrite      string   `json:"rewrite"`
	lang         string
	seq          int
}

// Sentence is the flagged sentence whole.
func (f *Flagged) Sentence() string { return f.Before + f.Match + f.After }

// periodStats returns an agent's stats of a period, for the trend.
func (g *gather) periodStats(agent, period string) *Stats {
	m := g.periods[agent]
	if m == nil {
		m = map[string]*Stats{}
		g.periods[agent] = m
	}
	s := m[period]
	if s == nil {
		s = newStats()
		m[period] = s
	}
	return s
}

// result takes an agent's checked message.
func (g *gather) result(agent string, m *transcript.Message, res *lint.Result, part bool) {
	if !part && res.Lang != "" {
		if g.langs[agent] == nil {
			g.langs[agent] = map[string]int{}
		}
		g.langs[agent][res.Lang]++
	}
	for _, name := range []string{m.Agent, m.Customer} {
		if name != "" && len(g.names) < 10000 {
			g.names[name] = true
		}
	}
	for _, h := range res.Hits {
		if g.hits[agent] == nil {
			g.hits[agent] = map[string]int{}
		}
		g.hits[agent][h.Rule]++
		g.groups[h.Rule] = h.Category
	}
	if m.Text == nil || m.Map != nil {
		return // a long message read in windows, or an HTML body whose offsets are the source's
	}
	for i := range res.Findings {
		g.finding(agent, m, res.Lang, &res.Findings[i])
	}
}

// finding keeps a flagged sentence, the most recent planSentences per
// agent and category.
func (g *gather) finding(agent string, m *transcript.Message, lang string, f *lint.Finding) {
	if f.Offset < 0 || f.EndOffset > len(m.Text) || f.Offset >= f.EndOffset {
		return
	}
	g.seq++
	before, after := practice.Sentence(m.Text, m.Skip, f.Offset, f.EndOffset)
	fl := &Flagged{Conversation: m.Conversation, Time: m.Timestamp, Rule: f.Rule, Category: f.Category, Severity: f.Severity.String(),
		Before: before, Match: string(m.Text[f.Offset:f.EndOffset]), After: after, Reason: f.Message, Suggestions: f.Suggestions,
		lang: lang, seq: g.seq}
	if g.flagged[agent] == nil {
		g.flagged[agent] = map[string][]*Flagged{}
	}
	list := append(g.flagged[agent][f.Category], fl)
	sort.SliceStable(list, func(i, j int) bool { return later(list[i], list[j]) })
	g.flagged[agent][f.Category] = list[:min(len(list), planSentences)]
}

// later orders flagged sentences most recent first: by timestamp, then by
// the order read.
func later(x, y *Flagged) bool {
	tx, okx := parseTime(x.Time)
	ty, oky := parseTime(y.Time)
	if okx && oky && !tx.Equal(ty) {
		return tx.After(ty)
	}
	return x.seq > y.seq
}

// Plan is one agent's development plan.
type Plan struct {
	Agent         string         `json:"agent"`
	Language      string         `json:"language"`
	Generated     string         `json:"generated"`
	Periods       string         `json:"period_kind"`
	Messages      int            `json:"messages"`
	Words         int            `json:"words"`
	Per1000Words  float64        `json:"findings_per_1000_words"`
	TeamPer1000   float64        `json:"team_findings_per_1000_words"` // the rest of the team
	Score         float64        `json:"score"`
	TeamScore     float64        `json:"team_score"`
	Weak          []*Weak        `json:"weakest_categories"`
	Strengths     []*Strength    `json:"strengths"`
	ResponseTimes *ResponseTimes `json:"response_times"`
	TeamTimes     *ResponseTimes `json:"team_response_times"`
	// Rating and TeamRating: customers' ratings (0 to 1) of the agent's
	// conversations and of every conversation, when the export has them.
	Rating     *AgentRating  `json:"rating,omitempty"`
	TeamRating *AgentRating  `json:"team_rating,omitempty"`
	Shift      []*ShiftHour  `json:"shift"`
	TeamShift  []*ShiftHour  `json:"team_shift"`
	Drift      *Drift        `json:"shift_drift"`
	Trend      []*PlanPeriod `json:"trend"`
	Goals      []*Goal       `json:"goals"`
	Checked    []*GoalCheck  `json:"previous_goals"`
	Note       string        `json:"note"`
}

// Weak is a category where the agent has more findings than the rest of
// the team, with their own sentences.
type Weak struct {
	Category    string     `json:"category"`
	Findings    int        `json:"findings"`
	Per1000     float64    `json:"findings_per_1000_words"`
	TeamPer1000 float64    `json:"team_findings_per_1000_words"`
	Sentences   []*Flagged `json:"sentences"`
}

// Strength is an encouraged phrase group the agent uses more than the
// rest of the team.
type Strength struct {
	Group       string  `json:"group"`
	Category    string  `json:"category"`
	Uses        int     `json:"uses"`
	Per1000     float64 `json:"uses_per_1000_words"`
	TeamPer1000 float64 `json:"team_uses_per_1000_words"`
}

// PlanPeriod is the agent's figures in one period, beside the team's.
type PlanPeriod struct {
	Period      string  `json:"period"`
	Words       int     `json:"words"`
	Findings    int     `json:"findings"`
	Per1000     float64 `json:"findings_per_1000_words"`
	TeamPer1000 float64 `json:"team_findings_per_1000_words"`
	Score       float64 `json:"score"`
}

// PlanNote says how the plan compares.
const PlanNote = "The team's figures are those of the other agents in the same report. Goals are checked by the next plan made with --goals and this plan's JSON."

func per1000(n, words int) float64 {
	if words == 0 {
		return 0
	}
	return round2(float64(n) * 1000 / float64(words))
}

// Plan builds the development plan of agent (as named in the report:
// its pseudonym under --anonymize) from the report r that Report returned;
// prev, when given, are earlier plans whose goals for the agent are
// checked. Under --anonymize the sentences are masked: names, e-mail
// addresses, phone and order numbers.
func (b *Builder) Plan(ctx context.Context, r *Report, agent string, prev []*Plan) (*Plan, error) {
	if b.gather == nil {
		return nil, fmt.Errorf("the report was built without plans (Options.Plans)")
	}
	var a *Agent
	for _, x := range r.Agents {
		if x.Name == agent {
			a = x
		}
	}
	if a == nil {
		return nil, fmt.Errorf("agent %q: no messages of theirs in the report (agents: %s)", agent, agentList(r))
	}
	rest := minus(&r.Totals, &a.Stats)
	p := &Plan{Agent: agent, Language: b.gather.language(agent), Generated: time.Now().UTC().Format(time.RFC3339), Periods: r.PeriodKind,
		Messages: a.Messages, Words: a.Words, Per1000Words: a.Per1000Words, TeamPer1000: rest.Per1000Words, Score: a.Score, TeamScore: rest.Score,
		ResponseTimes: a.ResponseTimes, TeamTimes: r.ResponseTimes, Shift: a.Shift, TeamShift: otherHours(r.Shift, a.Shift), Drift: a.ShiftDrift,
		Strengths: []*Strength{}, Goals: []*Goal{}, Checked: []*GoalCheck{}}
	p.Note = planTexts(p.Language).Note
	if r.Merge != nil && r.Merge.Ratings != nil {
		p.Rating, p.TeamRating = a.Rating, r.Merge.Ratings.teamRating(r.Totals.Conversations)
	}
	p.Weak = weakest(a, rest)
	for _, w := range p.Weak {
		w.Sentences = b.gather.flagged[agent][w.Category]
		if w.Sentences == nil {
			w.Sentences = []*Flagged{}
		}
		for _, f := range w.Sentences {
			if err := b.finishFlagged(ctx, f, p.Language); err != nil {
				return nil, err
			}
		}
	}
	p.Strengths = b.gather.strengths(agent, a.Words, rest.Words)
	p.Trend = b.gather.trend(agent, r.Periods)
	p.Goals = goals(p, b.gather, a, rest.Words)
	for _, old := range prev {
		if old.Agent == agent {
			p.Checked = append(p.Checked, checkGoals(old.Goals, p, b.gather, a)...)
		}
	}
	return p, nil
}

// finishFlagged masks a sentence under --anonymize and builds its rewrite.
func (b *Builder) finishFlagged(ctx context.Context, f *Flagged, lang string) error {
	if f.Rewrite != "" {
		return nil
	}
	if b.opts.AnonymizeKey != "" {
		names := make([]string, 0, len(b.gather.names))
		for n := range b.gather.names {
			names = append(names, n)
		}
		sort.Strings(names)
		f.Before, f.Match, f.After = practice.Mask(f.Before, lang, names), practice.Mask(f.Match, lang, names), practice.Mask(f.After, lang, names)
		f.Conversation, f.Time = "", ""
	}
	l := f.lang
	if l == "" {
		l = lang
	}
	rewrite, _, err := practice.ModelAnswer(ctx, b.linter, l, f.Sentence())
	if err != nil {
		return err
	}
	f.Rewrite = rewrite
	return nil
}

// AgentName is the name an agent has in the report: its pseudonym under
// Options.AnonymizeKey.
func (b *Builder) AgentName(name string) string { return b.agentName(name) }

// language is the language the agent writes most; English when unknown.
func (g *gather) language(agent string) string {
	best, n := "en", 0
	for lang, c := range g.langs[agent] {
		if (lang == "en" || lang == "nl") && (c > n || c == n && lang < best) {
			best, n = lang, c
		}
	}
	return best
}

func agentList(r *Report) string {
	var names []string
	for _, a := range r.Agents {
		names = append(names, a.Name)
	}
	if len(names) > 10 {
		names = append(names[:10], "...")
	}
	return strings.Join(names, ", ")
}

// otherHours is the team's findings by hour into the shift without one
// agent's.
func otherHours(team, mine []*ShiftHour) []*ShiftHour {
	by := map[int]*ShiftHour{}
	for _, h := range team {
		c := *h
		by[h.Hour] = &c
	}
	for _, h := range mine {
		if c := by[h.Hour]; c != nil {
			c.Messages -= h.Messages
			c.Words -= h.Words
			c.Findings -= h.Findings
		}
	}
	for k, c := range by {
		if c.Words <= 0 {
			delete(by, k)
		}
	}
	return sortedHours(by)
}

// minus is the team's stats without one agent's.
func minus(team, a *Stats) *Stats {
	s := newStats()
	s.Messages, s.Words, s.Findings, s.Penalty = team.Messages-a.Messages, team.Words-a.Words, team.Findings-a.Findings, team.Penalty-a.Penalty
	for k, v := range team.ByCategory {
		s.ByCategory[k] = v - a.ByCategory[k]
	}
	for k, v := range team.BySeverity {
		s.BySeverity[k] = v - a.BySeverity[k]
	}
	s.finish()
	return s
}

// weakest lists up to three categories where the agent's findings per
// 1,000 words are above the rest of the team's, the largest gap first.
func weakest(a *Agent, rest *Stats) []*Weak {
	var out []*Weak
	for cat, n := range a.ByCategory {
		mine, theirs := per1000(n, a.Words), per1000(rest.ByCategory[cat], rest.Words)
		if n > 0 && mine > theirs {
			out = append(out, &Weak{Category: cat, Findings: n, Per1000: mine, TeamPer1000: theirs})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		gi, gj := out[i].Per1000-out[i].TeamPer1000, out[j].Per1000-out[j].TeamPer1000
		if gi != gj {
			return gi > gj
		}
		return out[i].Category < out[j].Category
	})
	if out == nil {
		return []*Weak{}
	}
	return out[:min(len(out), 3)]
}

// strengths lists up to three encouraged groups the agent uses more often
// per 1,000 words than the rest of the team.
func (g *gather) strengths(agent string, words, restWords int) []*Strength {
	out := []*Strength{}
	for group, n := range g.hits[agent] {
		mine, theirs := per1000(n, words), per1000(g.teamHits(group)-n, restWords)
		if mine > theirs {
			out = append(out, &Strength{Group: group, Category: g.groups[group], Uses: n, Per1000: mine, TeamPer1000: theirs})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		gi, gj := out[i].Per1000-out[i].TeamPer1000, out[j].Per1000-out[j].TeamPer1000
		if gi != gj {
			return gi > gj
		}
		return out[i].Group < out[j].Group
	})
	return out[:min(len(out), 3)]
}

// teamHits counts an encouraged group's uses by everyone.
func (g *gather) teamHits(group string) int {
	n := 0
	for _, hs := range g.hits {
		n += hs[group]
	}
	return n
}

// trend is the agent's figures per period beside the rest of the team's.
func (g *gather) trend(agent string, periods []*Period) []*PlanPeriod {
	out := []*PlanPeriod{}
	for _, p := range periods {
		s := g.periods[agent][p.Period]
		if s == nil {
			continue
		}
		s.finish()
		rest := minus(&p.Stats, s)
		out = append(out, &PlanPeriod{Period: p.Period, Words: s.Words, Findings: s.Findings, Per1000: s.Per1000Words,
			TeamPer1000: rest.Per1000Words, Score: s.Score})
	}
	return out
}

// median returns a pointer's value, or NaN.
func value(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}
