package report

import (
	"math"
	"sort"

	"github.com/lexlint/lexlint/transcript"
)

// MinRated is the fewest rated conversations with a finding, and without
// it, for which a report compares their ratings; below it the report says
// "too few ratings".
const MinRated = 30

// RatingsNote explains the ratings figures in reports.
const RatingsNote = "Ratings are scaled 0 (worst) to 1 (best). Difference: the mean rating of rated conversations with a finding of the category or entry minus the mean of those without, with its 95% confidence interval (Welch, normal approximation). " +
	"Significant: the difference holds after the Benjamini-Hochberg correction for the number of categories and entries compared (false discovery rate 5%). A difference is a correlation, not proof that the wording caused it"

// unit is the fixed point of rating sums: sums are kept in millionths, as
// integers, so that reports of shards add up to exactly one run's.
const unit = 1e6

// ratingSum sums the ratings of a group of rated conversations.
type ratingSum struct {
	N     int64 `json:"n"`
	Sum   int64 `json:"sum"`    // of the scores, in millionths
	SumSq int64 `json:"sum_sq"` // of the squared scores, in millionths
}

func (s *ratingSum) add(score float64) {
	s.N++
	s.Sum += int64(math.Round(score * unit))
	s.SumSq += int64(math.Round(score * score * unit))
}

func (s *ratingSum) merge(o *ratingSum) {
	s.N += o.N
	s.Sum += o.Sum
	s.SumSq += o.SumSq
}

func (s ratingSum) minus(o ratingSum) ratingSum {
	return ratingSum{N: s.N - o.N, Sum: s.Sum - o.Sum, SumSq: s.SumSq - o.SumSq}
}

// mean and sample variance of the group.
func (s ratingSum) stats() (mean, variance float64) {
	if s.N == 0 {
		return 0, 0
	}
	n := float64(s.N)
	mean = float64(s.Sum) / unit / n
	if s.N > 1 {
		variance = max(0, (float64(s.SumSq)/unit-n*mean*mean)/(n-1))
	}
	return mean, variance
}

// entrySum is the ratings of conversations with a finding of an entry.
type entrySum struct {
	Category string `json:"category"`
	ratingSum
}

// ratingState is what a report keeps of the ratings, as sums and counts,
// so that the reports of shards merge exactly. It is a part of the merge
// state of its own.
type ratingState struct {
	All        ratingSum             `json:"all"`        // every rated conversation
	Categories map[string]*ratingSum `json:"categories"` // rated conversations with a finding of the category
	Entries    map[string]*entrySum  `json:"entries"`    // ... of the entry (rule)
	Agents     map[string]*ratingSum `json:"agents"`     // rated conversations the agent wrote in
	Scales     map[string]int64      `json:"scales"`     // rated conversations by scale
}

func newRatingState() *ratingState {
	return &ratingState{Categories: map[string]*ratingSum{}, Entries: map[string]*entrySum{},
		Agents: map[string]*ratingSum{}, Scales: map[string]int64{}}
}

// convRatings follows the findings of a rated conversation.
type convRatings struct {
	rating     *transcript.Rating
	categories map[string]bool
	entries    map[string]string // rule -> category
}

// note records a finding of the open conversation.
func (c *convRatings) note(rule, category string) {
	if c.rating == nil {
		return
	}
	if c.categories == nil {
		c.categories, c.entries = map[string]bool{}, map[string]string{}
	}
	c.categories[category] = true
	c.entries[rule] = category
}

// add counts a rated conversation, written in by agents, into the state.
func (s *ratingState) add(c *convRatings, agents []string) {
	score := c.rating.Score
	s.All.add(score)
	s.Scales[c.rating.Scale]++
	for cat := range c.categories {
		sum := s.Categories[cat]
		if sum == nil {
			sum = &ratingSum{}
			s.Categories[cat] = sum
		}
		sum.add(score)
	}
	for rule, cat := range c.entries {
		sum := s.Entries[rule]
		if sum == nil {
			sum = &entrySum{Category: cat}
			s.Entries[rule] = sum
		}
		sum.add(score)
	}
	for _, a := range agents {
		sum := s.Agents[a]
		if sum == nil {
			sum = &ratingSum{}
			s.Agents[a] = sum
		}
		sum.add(score)
	}
}

// merge adds the state of a shard.
func (s *ratingState) merge(o *ratingState) {
	s.All.merge(&o.All)
	for k, n := range o.Scales {
		s.Scales[k] += n
	}
	for k, v := range o.Categories {
		if s.Categories[k] == nil {
			s.Categories[k] = &ratingSum{}
		}
		s.Categories[k].merge(v)
	}
	for k, v := range o.Entries {
		if s.Entries[k] == nil {
			s.Entries[k] = &entrySum{Category: v.Category}
		}
		s.Entries[k].merge(&v.ratingSum)
	}
	for k, v := range o.Agents {
		if s.Agents[k] == nil {
			s.Agents[k] = &ratingSum{}
		}
		s.Agents[k].merge(v)
	}
}

// Ratings is what a report says of the customers' ratings: how they
// differ between rated conversations with and without each category's and
// entry's findings.
type Ratings struct {
	Note          string           `json:"note"`
	MinRated      int              `json:"min_rated"`
	Conversations int              `json:"conversations"`       // all conversations of the report
	Rated         int              `json:"rated_conversations"` // those with a rating
	Mean          float64          `json:"mean"`                // of the rated conversations
	Scales        map[string]int64 `json:"scales"`
	// Effects lists the categories and entries, those compared first,
	// most negative difference first, then those with too few ratings.
	Effects []*Effect `json:"effects"`
}

// Effect compares the ratings of conversations with findings of a category
// or entry to those without. The figures are nil with too few ratings.
type Effect struct {
	Kind        string   `json:"kind"` // category or entry
	Name        string   `json:"name"`
	Category    string   `json:"category"`
	With        int64    `json:"with"`    // rated conversations with a finding
	Without     int64    `json:"without"` // rated conversations without one
	MeanWith    *float64 `json:"mean_with"`
	MeanWithout *float64 `json:"mean_without"`
	Difference  *float64 `json:"difference"` // mean with minus mean without
	Low         *float64 `json:"ci_low"`     // the 95% confidence interval of the difference
	High        *float64 `json:"ci_high"`
	P           *float64 `json:"p"`           // two-sided p-value of the difference
	Q           *float64 `json:"q"`           // Benjamini-Hochberg adjusted p-value
	Significant bool     `json:"significant"` // q below 0.05
	TooFew      bool     `json:"too_few"`     // fewer than MinRated with or without
}

// AgentRating is an agent's conversations' ratings.
type AgentRating struct {
	Rated int64    `json:"rated_conversations"`
	Share float64  `json:"rated_share"` // of the agent's conversations
	Mean  *float64 `json:"mean"`
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func ptr(x float64) *float64 { x = round4(x); return &x }

// effect compares the group with to the rest of all.
func effect(kind, name, category string, with ratingSum, all ratingSum) *Effect {
	without := all.minus(with)
	e := &Effect{Kind: kind, Name: name, Category: category, With: with.N, Without: without.N}
	if with.N < MinRated || without.N < MinRated {
		e.TooFew = true
		return e
	}
	m1, v1 := with.stats()
	m0, v0 := without.stats()
	diff := m1 - m0
	se := math.Sqrt(v1/float64(with.N) + v0/float64(without.N))
	p := 1.0
	if se > 0 {
		p = math.Erfc(math.Abs(diff/se) / math.Sqrt2)
	} else if diff != 0 {
		p = 0
	}
	e.MeanWith, e.MeanWithout, e.Difference = ptr(m1), ptr(m0), ptr(diff)
	e.Low, e.High, e.P = ptr(diff-1.96*se), ptr(diff+1.96*se), &p
	return e
}

// benjaminiHochberg sets the adjusted p-values of the effects compared.
func benjaminiHochberg(es []*Effect) {
	var tested []*Effect
	for _, e := range es {
		if e.P != nil {
			tested = append(tested, e)
		}
	}
	sort.SliceStable(tested, func(i, j int) bool { return *tested[i].P < *tested[j].P })
	m := float64(len(tested))
	q := 1.0
	for i := len(tested) - 1; i >= 0; i-- {
		q = min(q, *tested[i].P*m/float64(i+1))
		e := tested[i]
		qi := round4(q)
		e.Q, e.Significant = &qi, q < 0.05
		pi := round4(*e.P)
		e.P = &pi
	}
}

// ratings computes the ratings figures of the state; conversations is the
// report's number of conversations.
func (s *ratingState) ratings(conversations int) *Ratings {
	mean, _ := s.All.stats()
	r := &Ratings{Note: RatingsNote, MinRated: MinRated, Conversations: conversations, Rated: int(s.All.N), Mean: round4(mean),
		Scales: s.Scales, Effects: []*Effect{}}
	for cat, sum := range s.Categories {
		r.Effects = append(r.Effects, effect("category", cat, cat, *sum, s.All))
	}
	for rule, sum := range s.Entries {
		r.Effects = append(r.Effects, effect("entry", rule, sum.Category, sum.ratingSum, s.All))
	}
	benjaminiHochberg(r.Effects)
	sort.Slice(r.Effects, func(i, j int) bool {
		a, b := r.Effects[i], r.Effects[j]
		if a.TooFew != b.TooFew {
			return !a.TooFew
		}
		if !a.TooFew && *a.Difference != *b.Difference {
			return *a.Difference < *b.Difference
		}
		if a.With != b.With {
			return a.With > b.With
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Name < b.Name
	})
	return r
}

// teamRating is the ratings figures of every rated conversation of the
// report, with conversations the number of its conversations.
func (s *ratingState) teamRating(conversations int) *AgentRating {
	tr := &AgentRating{Rated: s.All.N}
	if conversations > 0 {
		tr.Share = round4(float64(s.All.N) / float64(conversations))
	}
	if s.All.N > 0 {
		m, _ := s.All.stats()
		tr.Mean = ptr(m)
	}
	return tr
}

// agentRating is an agent's ratings figures.
func (s *ratingState) agentRating(a *Agent) *AgentRating {
	sum := s.Agents[a.Name]
	if sum == nil {
		return &AgentRating{}
	}
	ar := &AgentRating{Rated: sum.N}
	if a.Conversations > 0 {
		ar.Share = round4(float64(sum.N) / float64(a.Conversations))
	}
	if sum.N > 0 {
		m, _ := sum.stats()
		ar.Mean = ptr(m)
	}
	return ar
}
