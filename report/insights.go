package report

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
)

// What a phrase count cannot show: when in their shift agents' wording
// slips, which agents send the same sentences to everyone, how often they
// say the customer's name, whether Dutch agents keep to one register, and
// how long customers wait. Agent text only; customers' messages count for
// their timestamps alone.

// DefaultShiftPause is the longest gap between an agent's messages within
// one shift.
const DefaultShiftPause = 3 * time.Hour

const (
	binSeconds    = 15 * 60 // an agent's activity is kept per quarter hour
	minDriftWords = 500     // words each third of the shifts needs for a drift figure
	minRepeats    = 3       // conversations a sentence must be sent in
	topRepeated   = 5
)

// ResponseTimesNote says what response times measure.
const ResponseTimesNote = "Wall-clock time from a customer's message to the agent's next one; working hours are not modelled"

// ShiftHour is the findings of an hour into agents' shifts.
type ShiftHour struct {
	Hour         int     `json:"hour"`
	Messages     int     `json:"messages"`
	Words        int     `json:"words"`
	Findings     int     `json:"findings"`
	Per1000Words float64 `json:"findings_per_1000_words"`
}

// Drift compares the last third of an agent's shifts with the first.
type Drift struct {
	FirstWords    int     `json:"first_third_words"`
	FirstFindings int     `json:"first_third_findings"`
	FirstRate     float64 `json:"first_third_findings_per_1000_words"`
	LastWords     int     `json:"last_third_words"`
	LastFindings  int     `json:"last_third_findings"`
	LastRate      float64 `json:"last_third_findings_per_1000_words"`
	// Ratio is the last third's rate over the first's; nil when either
	// third has fewer than 500 words, or the first has no findings.
	Ratio *float64 `json:"drift"`
}

// Repetition is how much an agent repeats themselves across
// conversations.
type Repetition struct {
	Agent     string      `json:"agent"`
	Sentences int         `json:"sentences"`          // of six words or more
	Repeated  int         `json:"repeated_sentences"` // of those, sent in three or more conversations
	Share     float64     `json:"repeated_share"`
	Top       []*Repeated `json:"top"`
}

// Repeated is a sentence an agent sent in several conversations.
type Repeated struct {
	Text          string `json:"text"`
	Conversations int    `json:"conversations"`
}

// NameOveruse counts the conversations with a name-overuse finding.
type NameOveruse struct {
	Conversations int            `json:"conversations"`
	ByAgent       map[string]int `json:"by_agent"`
}

// ResponseTimes are how long customers waited, in seconds.
type ResponseTimes struct {
	FirstMedian    *float64 `json:"first_response_median_seconds"`
	FirstP90       *float64 `json:"first_response_p90_seconds"`
	FirstResponses int      `json:"first_responses"`
	ReplyMedian    *float64 `json:"reply_median_seconds"`
	ReplyP90       *float64 `json:"reply_p90_seconds"`
	Replies        int      `json:"replies"`
	Note           string   `json:"note,omitempty"`
}

// A bin is an agent's activity in one quarter hour (Unix seconds).
type bin struct {
	First, Last               int64
	Messages, Words, Findings int
}

// durations keeps waiting times: every value up to maxExact of them, then
// a histogram with buckets 2% wide (medians and percentiles within 1%).
type durations struct {
	Exact   []int64       `json:"exact,omitempty"`
	Buckets map[int]int64 `json:"buckets,omitempty"`
	N       int           `json:"n"`
}

const (
	maxExact = 2048
	gamma    = 1.02
)

func bucketOf(v int64) int {
	if v <= 0 {
		return 0
	}
	return 1 + int(math.Floor(math.Log(float64(v))/math.Log(gamma)))
}

func bucketValue(i int) int64 {
	if i == 0 {
		return 0
	}
	lo := math.Pow(gamma, float64(i-1))
	return int64(math.Round(lo * (1 + gamma) / 2))
}

func (d *durations) add(v int64) {
	d.N++
	if d.Buckets == nil && len(d.Exact) < maxExact {
		d.Exact = append(d.Exact, v)
		return
	}
	if d.Buckets == nil {
		d.Buckets = map[int]int64{}
		for _, x := range d.Exact {
			d.Buckets[bucketOf(x)]++
		}
		d.Exact = nil
	}
	d.Buckets[bucketOf(v)]++
}

func (d *durations) merge(o *durations) {
	for _, v := range o.Exact {
		d.add(v)
	}
	if o.Buckets == nil {
		return
	}
	if d.Buckets == nil {
		exact := d.Exact
		d.Buckets, d.Exact = map[int]int64{}, nil
		for _, x := range exact {
			d.Buckets[bucketOf(x)]++
		}
	}
	for b, n := range o.Buckets {
		d.Buckets[b] += n
		d.N += int(n)
	}
}

// quantile is the p-quantile as spreadsheets compute it (PERCENTILE.INC:
// linear between the two nearest ranks, so the median of an even count is
// the mean of the middle two), in seconds to two decimals; nil without
// values.
func (d *durations) quantile(p float64) *float64 {
	if d.N == 0 {
		return nil
	}
	h := p * float64(d.N-1)
	lo := int(math.Floor(h))
	x, y := d.nth(lo), d.nth(min(lo+1, d.N-1))
	v := round2(float64(x) + (h-float64(lo))*float64(y-x))
	return &v
}

// nth is the value of 0-based rank i, in order.
func (d *durations) nth(i int) int64 {
	if d.Buckets == nil {
		sorted := slices.Clone(d.Exact)
		slices.Sort(sorted)
		return sorted[i]
	}
	keys := make([]int, 0, len(d.Buckets))
	for k := range d.Buckets {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var seen int64
	for _, k := range keys {
		seen += d.Buckets[k]
		if seen > int64(i) {
			return bucketValue(k)
		}
	}
	return bucketValue(keys[len(keys)-1])
}

// waits are the first-response and reply times of a group.
type waits struct {
	First durations `json:"first"`
	Reply durations `json:"reply"`
}

func (w *waits) times(note string) *ResponseTimes {
	return &ResponseTimes{FirstMedian: w.First.quantile(0.5), FirstP90: w.First.quantile(0.9), FirstResponses: w.First.N,
		ReplyMedian: w.Reply.quantile(0.5), ReplyP90: w.Reply.quantile(0.9), Replies: w.Reply.N, Note: note}
}

// insights are the figures of this file, kept in bounded memory: bins per
// agent and active quarter hour, a sketch of sentences per agent, waiting
// times (exact up to maxExact, then bucketed).
type insights struct {
	pause    time.Duration
	bins     map[string]map[int64]*bin
	sketches map[string]*sketch
	team     waits
	agents   map[string]*waits
	named    map[string]int // conversations with a name-overuse finding, by agent
	mixed    map[string]int // nl.register-mix findings, by agent
}

func newInsights(pause time.Duration) insights {
	if pause <= 0 {
		pause = DefaultShiftPause
	}
	return insights{pause: pause, bins: map[string]map[int64]*bin{}, sketches: map[string]*sketch{},
		agents: map[string]*waits{}, named: map[string]int{}, mixed: map[string]int{}}
}

// activity counts an agent's message (or later findings of it) at time t.
func (in *insights) activity(agent string, t time.Time, messages, words, findings int) {
	bins := in.bins[agent]
	if bins == nil {
		bins = map[int64]*bin{}
		in.bins[agent] = bins
	}
	sec := t.Unix()
	b := bins[sec/binSeconds]
	if b == nil {
		b = &bin{First: sec, Last: sec}
		bins[sec/binSeconds] = b
	}
	b.First, b.Last = min(b.First, sec), max(b.Last, sec)
	b.Messages += messages
	b.Words += words
	b.Findings += findings
}

// conversationFindings counts the conversation rules' findings.
func (in *insights) conversationFindings(agent string, fs []lint.Finding) {
	for _, f := range fs {
		switch f.Rule {
		case lint.RuleNameOveruse:
			in.named[agent]++
		case lint.RuleRegisterMix:
			in.mixed[agent]++
		}
	}
}

func (in *insights) waitsOf(agent string) *waits {
	w := in.agents[agent]
	if w == nil {
		w = &waits{}
		in.agents[agent] = w
	}
	return w
}

func (in *insights) sketchOf(agent string) *sketch {
	s := in.sketches[agent]
	if s == nil {
		s = newSketch()
		in.sketches[agent] = s
	}
	return s
}

// clock follows one conversation's timestamps for response times.
type clock struct {
	firstCustomer time.Time // the conversation's first customer message; zero if none yet
	answered      bool      // the first response is measured
	waiting       []time.Time
}

// maxWaiting bounds the customer messages waiting for an answer.
const maxWaiting = 256

// message takes the next message of the conversation and records the
// waits an agent's message ends.
func (c *clock) message(in *insights, role, agent string, t time.Time) {
	switch role {
	case transcript.RoleCustomer:
		if c.firstCustomer.IsZero() {
			c.firstCustomer = t
		}
		if len(c.waiting) < maxWaiting {
			c.waiting = append(c.waiting, t)
		}
	case transcript.RoleAgent:
		w := in.waitsOf(agent)
		if !c.answered && !c.firstCustomer.IsZero() {
			c.answered = true
			d := int64(t.Sub(c.firstCustomer) / time.Second)
			w.First.add(d)
			in.team.First.add(d)
		}
		for _, from := range c.waiting {
			d := int64(t.Sub(from) / time.Second)
			w.Reply.add(d)
			in.team.Reply.add(d)
		}
		c.waiting = c.waiting[:0]
	}
}

// shifts splits an agent's bins into shifts and returns the findings by
// hour into the shift and the drift from the first third to the last.
func (in *insights) shifts(bins map[int64]*bin) ([]*ShiftHour, *Drift) {
	keys := make([]int64, 0, len(bins))
	for k := range bins {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	hours := map[int]*ShiftHour{}
	drift := &Drift{}
	pause := int64(in.pause / time.Second)
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && bins[keys[j]].First-bins[keys[j-1]].Last <= pause {
			j++
		}
		start, end := bins[keys[i]].First, bins[keys[j-1]].Last
		for _, k := range keys[i:j] {
			b := bins[k]
			h := int((b.First - start) / 3600)
			sh := hours[h]
			if sh == nil {
				sh = &ShiftHour{Hour: h}
				hours[h] = sh
			}
			sh.Messages += b.Messages
			sh.Words += b.Words
			sh.Findings += b.Findings
			if d := end - start; d > 0 {
				switch at := b.First - start; {
				case at*3 < d:
					drift.FirstWords += b.Words
					drift.FirstFindings += b.Findings
				case at*3 >= 2*d:
					drift.LastWords += b.Words
					drift.LastFindings += b.Findings
				}
			}
		}
		i = j
	}
	return sortedHours(hours), drift.finish()
}

func sortedHours(hours map[int]*ShiftHour) []*ShiftHour {
	out := make([]*ShiftHour, 0, len(hours))
	for _, h := range hours {
		if h.Words > 0 {
			h.Per1000Words = round2(float64(h.Findings) * 1000 / float64(h.Words))
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Hour < out[j].Hour })
	return out
}

func (d *Drift) finish() *Drift {
	if d.FirstWords > 0 {
		d.FirstRate = round2(float64(d.FirstFindings) * 1000 / float64(d.FirstWords))
	}
	if d.LastWords > 0 {
		d.LastRate = round2(float64(d.LastFindings) * 1000 / float64(d.LastWords))
	}
	if d.FirstWords >= minDriftWords && d.LastWords >= minDriftWords && d.FirstFindings > 0 {
		r := round2(d.LastRate / d.FirstRate)
		d.Ratio = &r
	}
	return d
}

// insights fills in the report's insights and each agent's.
func (t *tally) insights(r *Report) {
	r.ShiftPause = short(t.in.pause)
	team := map[int]*ShiftHour{}
	r.NameOveruse = &NameOveruse{ByAgent: map[string]int{}}
	r.Repetition = []*Repetition{}
	for _, a := range r.Agents {
		a.Shift, a.ShiftDrift = []*ShiftHour{}, (&Drift{}).finish()
		if bins := t.in.bins[a.Name]; bins != nil {
			a.Shift, a.ShiftDrift = t.in.shifts(bins)
		}
		for _, h := range a.Shift {
			sh := team[h.Hour]
			if sh == nil {
				sh = &ShiftHour{Hour: h.Hour}
				team[h.Hour] = sh
			}
			sh.Messages += h.Messages
			sh.Words += h.Words
			sh.Findings += h.Findings
		}
		w := t.in.agents[a.Name]
		if w == nil {
			w = &waits{}
		}
		a.ResponseTimes = w.times("")
		a.NameOveruse, a.RegisterMix = t.in.named[a.Name], t.in.mixed[a.Name]
		if a.NameOveruse > 0 {
			r.NameOveruse.ByAgent[a.Name] = a.NameOveruse
			r.NameOveruse.Conversations += a.NameOveruse
		}
		if sk := t.in.sketches[a.Name]; sk != nil {
			r.Repetition = append(r.Repetition, sk.repetition(a.Name))
		}
	}
	r.Shift = sortedHours(team)
	r.ResponseTimes = t.in.team.times(ResponseTimesNote)
}

// insightState is what merging needs of the insights.
type insightState struct {
	Pause    string                    `json:"shift_pause"`
	Bins     map[string][][6]int64     `json:"shift_bins"` // agent: quarter hour, first, last, messages, words, findings
	Sketches map[string]*sketchState   `json:"sentences"`  // agent: the sentence sketch
	Team     *waits                    `json:"waits"`
	Agents   map[string]*waits         `json:"agent_waits"`
	Counts   map[string]map[string]int `json:"conversation_rules"` // agent: name-overuse, register-mix
}

// state is the insights as a report carries them for merging.
func (in *insights) state() *insightState {
	st := &insightState{Pause: short(in.pause), Bins: map[string][][6]int64{}, Sketches: map[string]*sketchState{},
		Team: &in.team, Agents: in.agents, Counts: map[string]map[string]int{}}
	for agent, bins := range in.bins {
		keys := make([]int64, 0, len(bins))
		for k := range bins {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			b := bins[k]
			st.Bins[agent] = append(st.Bins[agent], [6]int64{k, b.First, b.Last, int64(b.Messages), int64(b.Words), int64(b.Findings)})
		}
	}
	for agent, sk := range in.sketches {
		st.Sketches[agent] = sk.state()
	}
	for agent, n := range in.named {
		st.count(agent, lint.RuleNameOveruse, n)
	}
	for agent, n := range in.mixed {
		st.count(agent, lint.RuleRegisterMix, n)
	}
	return st
}

func (st *insightState) count(agent, rule string, n int) {
	if st.Counts[agent] == nil {
		st.Counts[agent] = map[string]int{}
	}
	st.Counts[agent][rule] += n
}

// merge adds a shard's insights.
func (in *insights) merge(st *insightState) {
	if st == nil {
		return
	}
	for agent, bins := range st.Bins {
		for _, b := range bins {
			m := in.bins[agent]
			if m == nil {
				m = map[int64]*bin{}
				in.bins[agent] = m
			}
			x := m[b[0]]
			if x == nil {
				x = &bin{First: b[1], Last: b[2]}
				m[b[0]] = x
			}
			x.First, x.Last = min(x.First, b[1]), max(x.Last, b[2])
			x.Messages += int(b[3])
			x.Words += int(b[4])
			x.Findings += int(b[5])
		}
	}
	for agent, ss := range st.Sketches {
		in.sketchOf(agent).merge(ss)
	}
	if st.Team != nil {
		in.team.First.merge(&st.Team.First)
		in.team.Reply.merge(&st.Team.Reply)
	}
	for agent, w := range st.Agents {
		mine := in.waitsOf(agent)
		mine.First.merge(&w.First)
		mine.Reply.merge(&w.Reply)
	}
	for agent, counts := range st.Counts {
		if n := counts[lint.RuleNameOveruse]; n > 0 {
			in.named[agent] += n
		}
		if n := counts[lint.RuleRegisterMix]; n > 0 {
			in.mixed[agent] += n
		}
	}
}
