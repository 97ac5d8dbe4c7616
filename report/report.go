// Package report aggregates checked transcripts into a QA report: per agent,
// category, conversation, period and phrase, with presence-rule coverage
// and a service-language score, streaming in bounded memory (aggregates
// and the worst-N lists only; no message is kept). Customer text never
// enters a report: only agents' findings are counted, and snippets come from
// the agent's own message.
package report

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// Penalty points per 100 words, by severity, for the score.
const (
	PenaltyError      = 10
	PenaltyWarning    = 5
	PenaltySuggestion = 1
)

// ScoreFormula documents the score in reports.
const ScoreFormula = "score = max(0, 100 - penalty per 100 words), penalty = 10 per error, 5 per warning, 1 per suggestion (presence findings included)"

// Options tune the aggregation.
type Options struct {
	Period       string // day, week (default) or month
	TopPhrases   int    // phrases listed; 0 means 20
	Worst        int    // worst conversations listed; 0 means 10
	AnonymizeKey string // when set, agent names become stable pseudonyms (HMAC-SHA256)
	// OnConversation, when set, receives every conversation as it ends (for
	// CSV by conversation, which would otherwise have to keep them all).
	OnConversation func(*Conversation)
	// Roles are the roles whose messages count: agent (nil means only
	// agents) and bot. Customers' never do.
	Roles map[string]bool
	// Fingerprint names what the report depends on besides its input
	// (lexicons, settings, version); only reports with the same one merge.
	Fingerprint string
	// ShiftPause is the longest gap between an agent's messages within a
	// shift; 0 means DefaultShiftPause.
	ShiftPause time.Duration
	// Plans gathers what development plans need (Builder.Plan): each
	// agent's most recent flagged sentences per category, encouraged
	// phrases and figures per period.
	Plans bool
}

// Stats are the counts of a group of agent messages.
type Stats struct {
	Messages      int            `json:"messages"`
	Words         int            `json:"words"`
	Conversations int            `json:"conversations,omitempty"`
	Findings      int            `json:"findings"`
	BySeverity    map[string]int `json:"by_severity"`
	ByCategory    map[string]int `json:"by_category"`
	Per1000Words  float64        `json:"findings_per_1000_words"`
	Score         float64        `json:"score"`
	// Penalty is the sum of the findings' penalty points, from which the
	// score is computed: kept so that reports can be merged exactly.
	Penalty float64 `json:"penalty"`
}

func newStats() *Stats {
	return &Stats{BySeverity: map[string]int{"error": 0, "warning": 0, "suggestion": 0}, ByCategory: map[string]int{}}
}

func (s *Stats) addFinding(f *lint.Finding) {
	s.Findings++
	s.BySeverity[f.Severity.String()]++
	s.ByCategory[f.Category]++
	switch f.Severity {
	case lexicon.SeverityError:
		s.Penalty += PenaltyError
	case lexicon.SeverityWarning:
		s.Penalty += PenaltyWarning
	default:
		s.Penalty += PenaltySuggestion
	}
}

func (s *Stats) finish() {
	if s.Words > 0 {
		s.Per1000Words = round2(float64(s.Findings) * 1000 / float64(s.Words))
		s.Score = round2(math.Max(0, 100-s.Penalty*100/float64(s.Words)))
	} else {
		s.Score = 100
	}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// Agent is one agent's stats.
type Agent struct {
	Name string `json:"agent"`
	Stats
	Shift         []*ShiftHour   `json:"shift"`
	ShiftDrift    *Drift         `json:"shift_drift"`
	ResponseTimes *ResponseTimes `json:"response_times"`
	NameOveruse   int            `json:"name_overuse"` // conversations
	RegisterMix   int            `json:"register_mix"` // findings
	// Rating is the ratings of the agent's conversations, when the
	// report has ratings.
	Rating *AgentRating `json:"rating,omitempty"`
}

// Category is one category's findings.
type Category struct {
	Category     string         `json:"category"`
	Findings     int            `json:"findings"`
	BySeverity   map[string]int `json:"by_severity"`
	Per1000Words float64        `json:"findings_per_1000_words"`
}

// Period is one day, week or month.
type Period struct {
	Period string `json:"period"`
	Stats
}

// Phrase is a discouraged phrase as agents wrote it, with its suggestions
// and a few snippets of it in context.
type Phrase struct {
	Rule        string   `json:"rule"`
	Phrase      string   `json:"phrase"`
	Category    string   `json:"category"`
	Severity    string   `json:"severity"`
	Count       int      `json:"count"`
	Suggestions []string `json:"suggestions"`
	Snippets    []string `json:"snippets"`
}

// Coverage is how often a presence rule is met.
type Coverage struct {
	Rule     string  `json:"rule"`
	Category string  `json:"category"`
	Scope    string  `json:"scope"` // replies or conversations
	Checked  int     `json:"checked"`
	Met      int     `json:"met"`
	Share    float64 `json:"share"` // met / checked
}

// Conversation is one conversation's stats.
type Conversation struct {
	File   string   `json:"file"`
	ID     string   `json:"conversation"`
	Agents []string `json:"agents"`
	Stats
	// at is the conversation's place in the input, from 0: in a merge, in
	// the shards one after the other (see MergeState.WorstOrder).
	at int
}

// Report is the whole report.
type Report struct {
	ScoreFormula string          `json:"score_formula"`
	PeriodKind   string          `json:"period_kind"`
	Files        int             `json:"files"`
	Totals       Stats           `json:"totals"`
	Agents       []*Agent        `json:"agents"`
	Categories   []*Category     `json:"categories"`
	Periods      []*Period       `json:"periods"`
	Phrases      []*Phrase       `json:"phrases"`
	Coverage     []*Coverage     `json:"coverage"`
	Worst        []*Conversation `json:"worst_conversations"`
	InputErrors  int             `json:"input_errors"`
	// The insights: findings by hour into the shift, repeated sentences
	// per agent, name overuse and waiting times.
	ShiftPause    string         `json:"shift_pause"`
	Shift         []*ShiftHour   `json:"shift"`
	Repetition    []*Repetition  `json:"repetition"`
	NameOveruse   *NameOveruse   `json:"name_overuse"`
	ResponseTimes *ResponseTimes `json:"response_times"`
	// Ratings compares the customers' ratings of conversations with and
	// without findings, when the input has ratings.
	Ratings *Ratings `json:"ratings,omitempty"`
	// Merge is what merging needs beyond the figures above.
	Merge *MergeState `json:"merge"`
}

// maxPhraseKeys bounds the distinct phrases counted; rarer ones beyond it
// are not listed.
const maxPhraseKeys = 5000

// Builder aggregates pipeline items in order.
type Builder struct {
	tally
	groups []*lexicon.Group // the presence rules

	conv      *Conversation
	convKey   string
	convLang  string
	convAgent map[string]bool
	// convMissed holds the conversation-scope presence rules the open
	// conversation missed, counted when it ends if they apply to its
	// language.
	convMissed map[string]bool

	keyBuf []byte // the key of the phrase being counted

	clock    clock // the response times of the conversation clockKey
	clockKey string

	linter     *lint.Linter
	gather     *gather     // for plans; nil without Options.Plans
	convRating convRatings // the rating and findings of the open conversation
}

// NewBuilder returns a builder for the presence rules of linter. Its
// response times need the customers' messages (run the pipeline with
// Options.PassOthers) and its repeated sentences the messages' sentences
// (Options.Sentences).
func NewBuilder(linter *lint.Linter, opts Options) *Builder {
	if opts.Period == "" {
		opts.Period = "week"
	}
	if opts.TopPhrases == 0 {
		opts.TopPhrases = 20
	}
	if opts.Worst == 0 {
		opts.Worst = 10
	}
	groups := linter.PresenceRules()
	b := &Builder{groups: groups, linter: linter, tally: tally{opts: opts, totals: newStats(), agents: map[string]*Agent{}, periods: map[string]*Period{},
		phrases: map[string]*Phrase{}, coverage: map[string]*Coverage{}, rules: ruleIDs(groups), in: newInsights(opts.ShiftPause)},
		convMissed: map[string]bool{}}
	for _, g := range b.groups {
		scope := "conversations"
		if g.Require == lexicon.RequireReply && g.Position == lexicon.PositionAny {
			scope = "replies"
		}
		b.coverage[g.ID] = &Coverage{Rule: g.ID, Category: g.Category, Scope: scope}
	}
	if opts.Plans {
		b.gather = newGather()
	}
	return b
}

// counts reports whether messages of a role count.
func (b *Builder) counts(role string) bool {
	if b.opts.Roles == nil {
		return role == transcript.RoleAgent
	}
	return role != transcript.RoleCustomer && b.opts.Roles[role]
}

// agentName returns the agent's name, or its pseudonym.
func (b *Builder) agentName(name string) string {
	if name == "" {
		name = "(unknown)"
	}
	if b.opts.AnonymizeKey == "" {
		return name
	}
	mac := hmac.New(sha256.New, []byte(b.opts.AnonymizeKey))
	mac.Write([]byte(name))
	return "agent-" + hex.EncodeToString(mac.Sum(nil))[:8]
}

// Add counts one item of the pipeline. Only agent messages count.
func (b *Builder) Add(it *pipeline.Item) {
	switch {
	case it.Err != nil:
		b.errors++
		return
	case it.FileDone:
		b.files++
		b.endConversation()
		return
	case it.Message == nil:
		return
	}
	m := it.Message
	at := stamp(m.Timestamp)
	counted := !it.Unchecked && b.counts(m.Role)
	agent := ""
	if counted || m.Role == transcript.RoleAgent {
		agent = b.agentName(speaker(m))
	}
	if it.Presence == nil && !it.Part {
		b.timing(m, agent, at)
	}
	if !counted {
		return
	}
	key := m.Origin.Path + "\x00" + m.Conversation
	if key != b.convKey {
		b.endConversation()
		b.convKey, b.convLang, b.convAgent = key, "", map[string]bool{}
		b.conv = &Conversation{File: m.Origin.Path, ID: m.Conversation, Stats: *newStats()}
	}
	if m.Rating != nil && b.convRating.rating == nil {
		b.convRating.rating = m.Rating
	}
	a := b.agents[agent]
	if a == nil {
		a = &Agent{Name: agent, Stats: *newStats()}
		b.agents[agent] = a
	}
	period := b.period(at)
	var p *Period
	if period != "" {
		if p = b.periods[period]; p == nil {
			p = &Period{Period: period, Stats: *newStats()}
			b.periods[period] = p
		}
	}
	groups := []*Stats{b.totals, &a.Stats, &b.conv.Stats}
	if p != nil {
		groups = append(groups, &p.Stats)
		if b.gather != nil {
			groups = append(groups, b.gather.periodStats(agent, period))
		}
	}
	if !b.convAgent[agent] {
		b.convAgent[agent] = true
		b.conv.Agents = append(b.conv.Agents, agent)
		a.Conversations++
	}
	b.insight(it, agent, at)
	if b.gather != nil && it.Presence == nil && it.Result != nil {
		b.gather.result(agent, m, it.Result, it.Part)
	}
	if it.Presence == nil && it.Result != nil {
		res := it.Result
		if b.convLang == "" {
			b.convLang = res.Lang
		}
		if !it.Part { // a long message counts once, at its last part
			b.countMessage(groups, res)
		}
		for i := range res.Findings {
			f := &res.Findings[i]
			for _, s := range groups {
				s.addFinding(f)
			}
			b.convRating.note(f.Rule, f.Category)
			b.phrase(f, m)
		}
	}
	for i := range it.Presence {
		f := &it.Presence[i]
		for _, s := range groups {
			s.addFinding(f)
		}
		b.convRating.note(f.Rule, f.Category)
		switch c := b.coverage[f.Rule]; {
		case c == nil:
		case c.Scope == "conversations":
			b.convMissed[f.Rule] = true // counted when the conversation ends
		default:
			c.Met-- // counted as met with the reply
		}
	}
}

// moment is a message's time, when its timestamp could be read.
type moment struct {
	t  time.Time
	ok bool
}

func stamp(ts string) moment {
	t, ok := parseTime(ts)
	return moment{t, ok}
}

// speaker is the name a message counts under: the agent's, "(bot)" for a
// bot without one.
func speaker(m *transcript.Message) string {
	if m.Agent == "" && m.Role == transcript.RoleBot {
		return "(bot)"
	}
	return m.Agent
}

// timing follows the conversation's timestamps for response times; agent
// is the agent's reported name for an agent's message.
func (b *Builder) timing(m *transcript.Message, agent string, at moment) {
	if key := m.Origin.Path + "\x00" + m.Conversation; key != b.clockKey {
		b.clock, b.clockKey = clock{}, key
	}
	if at.ok && (m.Role == transcript.RoleCustomer || m.Role == transcript.RoleAgent) {
		b.clock.message(&b.in, m.Role, agent, at.t)
	}
}

// insight counts an agent's message, or its conversation-level findings,
// in the shift bins, the sentence sketch and the conversation rules.
func (b *Builder) insight(it *pipeline.Item, agent string, at moment) {
	m := it.Message
	t, timed := at.t, at.ok
	if it.Presence != nil {
		b.in.conversationFindings(agent, it.Presence)
		if timed {
			b.in.activity(agent, t, 0, 0, len(it.Presence))
		}
		return
	}
	res := it.Result
	if res == nil {
		return
	}
	if timed {
		messages, words := 0, 0
		if !it.Part {
			messages, words = 1, res.Words
		}
		b.in.activity(agent, t, messages, words, len(res.Findings))
	}
	if len(res.Sentences) > 0 {
		sk, conv := b.in.sketchOf(agent), conversationHash(b.convKey)
		for _, s := range res.Sentences {
			sk.add(s.Hash, m.Text, s.Start, s.End, conv)
		}
	}
}

// countMessage counts an agent message in its groups and in the coverage
// of the reply-level presence rules.
func (b *Builder) countMessage(groups []*Stats, res *lint.Result) {
	for _, s := range groups {
		s.Messages++
		s.Words += res.Words
	}
	for _, g := range b.groups {
		if g.Require == lexicon.RequireReply && g.Position == lexicon.PositionAny && applies(g, res.Lang) {
			b.coverage[g.ID].Checked++
			b.coverage[g.ID].Met++ // taken back by a presence finding
		}
	}
}

func applies(g *lexicon.Group, lang string) bool {
	return g.Language == "" || g.Language == lang
}

// endConversation closes the open conversation.
func (b *Builder) endConversation() {
	if b.conv == nil {
		return
	}
	for _, g := range b.groups {
		c := b.coverage[g.ID]
		if c.Scope == "conversations" && applies(g, b.convLang) {
			c.Checked++
			if !b.convMissed[g.ID] {
				c.Met++
			}
		}
	}
	clear(b.convMissed)
	b.conv.at = b.totals.Conversations
	b.totals.Conversations++
	b.convs = append(b.convs, conversationHash(b.conv.ID))
	b.conv.finish()
	b.conv.Conversations = 1
	if b.opts.OnConversation != nil {
		b.opts.OnConversation(b.conv)
	}
	b.worst = keepWorst(append(b.worst, b.conv), b.opts.Worst)
	if b.convRating.rating != nil {
		if b.ratings == nil {
			b.ratings = newRatingState()
		}
		b.ratings.add(&b.convRating, b.conv.Agents)
	}
	b.conv, b.convKey, b.convRating = nil, "", convRatings{}
}

// worse orders conversations to coach first: lowest score, then the one
// met first in the input, so that one run over an export and the merge of
// its shards' reports (in the shards' order) list the same ones in the
// same order.
func worse(x, y *Conversation) bool {
	if x.Score != y.Score {
		return x.Score < y.Score
	}
	return x.at < y.at
}

// keepWorst sorts conversations worst first and keeps n of them.
func keepWorst(cs []*Conversation, n int) []*Conversation {
	sort.SliceStable(cs, func(i, j int) bool { return worse(cs[i], cs[j]) })
	return cs[:min(len(cs), n)]
}

// phrase counts a discouraged phrase as written (case and spacing folded).
// Its key is built in a buffer kept from call to call and looked up
// without a copy: a finding of a phrase met before allocates nothing.
func (b *Builder) phrase(f *lint.Finding, m *transcript.Message) {
	key := append(append(b.keyBuf[:0], f.Rule...), 0)
	key = appendFolded(key, f.Match)
	b.keyBuf = key
	p := b.phrases[string(key)]
	if p == nil {
		if len(b.phrases) >= maxPhraseKeys {
			return
		}
		k := string(key)
		p = &Phrase{Rule: f.Rule, Phrase: k[len(f.Rule)+1:], Category: f.Category, Severity: f.Severity.String(), Suggestions: f.Suggestions}
		b.phrases[k] = p
	}
	p.Count++
	if len(p.Snippets) < 3 && m.Text != nil && f.Offset <= len(m.Text) && m.Map == nil {
		p.Snippets = append(p.Snippets, snippet(m.Text, m.Skip, f.Offset, f.EndOffset))
	}
}

// appendFolded appends s lower-cased, its words joined by one space, as
// strings.ToLower(strings.Join(strings.Fields(s), " ")) gives it; ASCII
// text is folded byte by byte.
func appendFolded(b []byte, s string) []byte {
	start, space := len(b), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return append(b[:start], strings.ToLower(strings.Join(strings.Fields(s), " "))...)
		case c == ' ' || c >= '\t' && c <= '\r':
			space = len(b) > start
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			b, space = append(b, ' '), false
		}
		b = append(b, c)
	}
	return b
}

// snippet returns the sentence-sized context of a match in an agent's
// message, with the match in [brackets]. It stops at skipped ranges, so
// quoted customer text never shows.
func snippet(text []byte, skip [][2]int, start, end int) string {
	from, to := max(0, start-60), min(len(text), end+60)
	for _, s := range skip {
		if s[1] <= start && s[1] > from {
			from = s[1]
		}
		if s[0] >= end && s[0] < to {
			to = s[0]
		}
	}
	for from > 0 && !utf8.RuneStart(text[from]) {
		from--
	}
	for to < len(text) && !utf8.RuneStart(text[to]) {
		to++
	}
	s := string(text[from:start]) + "[" + string(text[start:end]) + "]" + string(text[end:to])
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	if from > 0 {
		s = "…" + s
	}
	if to < len(text) {
		s += "…"
	}
	return s
}

// period returns the bucket of a time, or "" when there is none.
func (b *Builder) period(at moment) string {
	if !at.ok {
		return ""
	}
	t := at.t
	switch b.opts.Period {
	case "day":
		return t.Format("2006-01-02")
	case "month":
		return t.Format("2006-01")
	}
	y, w := t.ISOWeek()
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") + "-W" + twoDigits(w)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + string(rune('0'+n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

// parseTime reads a message's timestamp (transcript.ParseTime).
func parseTime(ts string) (time.Time, bool) { return transcript.ParseTime(ts) }

// Report finishes and returns the report.
func (b *Builder) Report() *Report {
	b.endConversation()
	return b.tally.report()
}

// ruleIDs lists the ids of presence rules.
func ruleIDs(gs []*lexicon.Group) []string {
	ids := make([]string, len(gs))
	for i, g := range gs {
		ids[i] = g.ID
	}
	return ids
}

// A tally is what a report is made of, from one run's items or from the
// reports of shards: the same figures become the same report either way.
type tally struct {
	opts     Options
	totals   *Stats
	agents   map[string]*Agent
	periods  map[string]*Period
	phrases  map[string]*Phrase
	coverage map[string]*Coverage
	rules    []string // presence rules, in the order coverage lists them
	worst    []*Conversation
	files    int
	errors   int
	convs    []uint64
	in       insights
	ratings  *ratingState // nil when no conversation was rated
}

// report computes the finished report of a tally.
func (t *tally) report() *Report {
	r := &Report{ScoreFormula: ScoreFormula, PeriodKind: t.opts.Period, Files: t.files, InputErrors: t.errors,
		Agents: []*Agent{}, Categories: []*Category{}, Periods: []*Period{}, Phrases: []*Phrase{}, Coverage: []*Coverage{}, Worst: t.worst}
	t.totals.finish()
	r.Totals = *t.totals
	for _, a := range t.agents {
		a.finish()
		r.Agents = append(r.Agents, a)
	}
	sort.Slice(r.Agents, func(i, j int) bool { return r.Agents[i].Name < r.Agents[j].Name })
	t.insights(r)
	r.Categories = t.categories()
	for _, p := range t.periods {
		p.finish()
		r.Periods = append(r.Periods, p)
	}
	sort.Slice(r.Periods, func(i, j int) bool { return r.Periods[i].Period < r.Periods[j].Period })
	all := sortedPhrases(t.phrases)
	r.Phrases = all[:min(len(all), t.opts.TopPhrases)]
	for _, id := range t.rules {
		c := t.coverage[id]
		if c.Checked > 0 {
			c.Share = round2(float64(c.Met) / float64(c.Checked))
		}
		r.Coverage = append(r.Coverage, c)
	}
	r.Merge = &MergeState{Fingerprint: t.opts.Fingerprint, TopPhrases: t.opts.TopPhrases, Worst: t.opts.Worst,
		Phrases: all, Conversations: encodeHashes(t.convs), Insights: t.in.state(), WorstOrder: []int{}}
	for _, c := range t.worst {
		r.Merge.WorstOrder = append(r.Merge.WorstOrder, c.at)
	}
	if t.ratings != nil {
		r.Ratings = t.ratings.ratings(t.totals.Conversations)
		for _, a := range r.Agents {
			a.Rating = t.ratings.agentRating(a)
		}
		r.Merge.Ratings = t.ratings
	}
	return r
}

// categories sums findings by category, with each category's severities
// counted from its phrases.
func (t *tally) categories() []*Category {
	cs := []*Category{}
	for cat, n := range t.totals.ByCategory {
		c := &Category{Category: cat, Findings: n, BySeverity: map[string]int{}}
		if t.totals.Words > 0 {
			c.Per1000Words = round2(float64(n) * 1000 / float64(t.totals.Words))
		}
		cs = append(cs, c)
	}
	for _, p := range t.phrases {
		if cat := categoryOf(cs, p.Category); cat != nil {
			cat.BySeverity[p.Severity] += p.Count
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Findings != cs[j].Findings {
			return cs[i].Findings > cs[j].Findings
		}
		return cs[i].Category < cs[j].Category
	})
	return cs
}

// sortedPhrases lists phrases most frequent first.
func sortedPhrases(m map[string]*Phrase) []*Phrase {
	ps := make([]*Phrase, 0, len(m))
	for _, p := range m {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Count != ps[j].Count {
			return ps[i].Count > ps[j].Count
		}
		return ps[i].Rule+"\x00"+ps[i].Phrase < ps[j].Rule+"\x00"+ps[j].Phrase
	})
	return ps
}

func categoryOf(cs []*Category, name string) *Category {
	for _, c := range cs {
		if c.Category == name {
			return c
		}
	}
	return nil
}
