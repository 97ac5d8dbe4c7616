// Package mine proposes discouraged phrases from a desk's own history: word
// n-grams of agents' messages that appear more often in conversations the
// customers rated low than in those they rated high, ranked by the weighted
// log-odds with an informative Dirichlet prior of Monroe, Colaresi and
// Quinn (2008), "Fightin' Words".
//
// Memory stays bounded however large the exports: a first pass counts every
// n-gram in two count-min sketches (low and high), a second keeps the
// strongest candidates by their estimated log-odds in a bounded heap, and a
// third counts the candidates exactly and picks example sentences. The
// exports are read three times, so they must be files.
package mine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
)

// Options tune mining.
type Options struct {
	MinN, MaxN int // n-gram lengths in words; 0 means 2 and 6
	// MinSupport is the fewest rated conversations (low and high) an
	// n-gram must appear in; 0 means 20.
	MinSupport int
	// Top is how many phrases are proposed; 0 means 20.
	Top int
	// MinZ is the lowest z-score proposed; 0 means 4 (a two-sided p below
	// 0.0001: many n-grams are compared).
	MinZ float64
	// Candidates bounds the n-grams counted exactly; 0 means 5000.
	Candidates int
	// SketchWidth is the width of each row of the count-min sketches
	// (four rows of pairs of 32-bit counters, low and high); 0 means
	// 1<<21, 64 MB.
	SketchWidth int
	// Known reports whether the loaded lexicons already match a phrase;
	// such n-grams are left out.
	Known func(phrase string) bool
	// Error receives bad records and ratings; reading goes on.
	Error func(error)
}

func (o *Options) defaults() {
	if o.MinN == 0 {
		o.MinN = 2
	}
	if o.MaxN == 0 {
		o.MaxN = 6
	}
	if o.MinSupport == 0 {
		o.MinSupport = 20
	}
	if o.Top == 0 {
		o.Top = 20
	}
	if o.MinZ == 0 {
		o.MinZ = 4
	}
	if o.Candidates == 0 {
		o.Candidates = 5000
	}
	if o.SketchWidth == 0 {
		o.SketchWidth = 1 << 21
	}
	if o.Error == nil {
		o.Error = func(error) {}
	}
	if o.Known == nil {
		o.Known = func(string) bool { return false }
	}
}

// Groups of rated conversations: low below the middle of the scale, high
// above it; a rating at the middle is neither.
const (
	groupLow  = 0
	groupHigh = 1
)

func groupOf(r *transcript.Rating) int {
	switch {
	case r == nil:
		return -1
	case r.Score < 0.5:
		return groupLow
	case r.Score > 0.5:
		return groupHigh
	}
	return -1
}

// Phrase is a proposed phrase and its evidence.
type Phrase struct {
	Phrase    string   // the n-gram, folded as the matcher folds
	Low, High int      // rated conversations with it, rated low and high
	Z         float64  // the z-score of its log-odds of low over high
	Delta     float64  // the log-odds ratio
	Examples  []string // up to three sentences of agents that hold it, from low-rated conversations
	words     []string // its words
}

// Result is what mining found.
type Result struct {
	Phrases []*Phrase
	// Conversations rated low and high (those rated at the middle of their
	// scale are neither), and all conversations read.
	Low, High, Conversations int
	Files                    int
}

// ErrNoRatings says that the exports hold too few ratings to mine.
var ErrNoRatings = errors.New("lexicon mine needs rated conversations, low and high: map the rating field with --field rating=NAME and its scale with --rating-scale, or give the exports' own ratings (Zendesk satisfaction_rating, Intercom conversation_rating, Freshdesk --ratings FILE, LiveChat rate). " +
	"The findings alone are no honest signal of what customers dislike: n-grams found beside findings only rediscover the lexicon")

// Mine reads the files three times and proposes phrases.
func Mine(ctx context.Context, files []string, in transcript.Options, opts Options) (*Result, error) {
	opts.defaults()
	for _, f := range files {
		if f == transcript.Stdin {
			return nil, errors.New("lexicon mine reads its exports three times: give files, not standard input")
		}
	}
	in.ReadRatings = true
	m := &miner{opts: opts, in: in, counts: newSketch(opts.SketchWidth)}
	if opts.MinN < 1 || opts.MaxN > 6 || opts.MinN > opts.MaxN {
		return nil, fmt.Errorf("n-grams of %d to %d words: use lengths from 1 to 6", opts.MinN, opts.MaxN)
	}
	res := &Result{Files: len(files)}
	// Pass 1: the sketches, the totals and the groups' sizes.
	err := m.scan(ctx, files, opts.Error, func(g int, conv bool, grams []gram) {
		if conv {
			res.Conversations++
			if g == groupLow {
				res.Low++
			} else if g == groupHigh {
				res.High++
			}
		}
		for _, gr := range grams {
			m.totals[g][gr.n]++
			m.counts.add(gr.hash, g)
		}
	})
	if err != nil {
		return nil, err
	}
	if res.Low == 0 || res.High == 0 {
		return res, fmt.Errorf("%w (read %d conversations: %d rated low, %d rated high)", ErrNoRatings, res.Conversations, res.Low, res.High)
	}
	quiet := func(error) {} // reported in the first pass
	// Pass 2: the candidates, by their estimated log-odds.
	cands := newTopK(opts.Candidates)
	err = m.scan(ctx, files, quiet, func(g int, _ bool, grams []gram) {
		if g != groupLow {
			return
		}
		for _, gr := range grams {
			lo, hi := m.counts.estimate(gr.hash)
			if int(lo+hi) < opts.MinSupport {
				continue
			}
			z, _ := m.logOdds(gr.n, float64(lo), float64(hi))
			if z > 0 {
				cands.offer(gr.hash, z, gr.words)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// Pass 3: exact counts and examples of the candidates.
	phrases := cands.phrases()
	m.examples = true
	err = m.scan(ctx, files, quiet, func(g int, _ bool, grams []gram) {
		for _, gr := range grams {
			p := phrases[gr.hash]
			if p == nil {
				continue
			}
			if g == groupLow {
				p.Low++
				if len(p.Examples) < 3 && gr.sentence != "" && !contains(p.Examples, gr.sentence) {
					p.Examples = append(p.Examples, gr.sentence)
				}
			} else {
				p.High++
			}
		}
	})
	if err != nil {
		return nil, err
	}
	res.Phrases = m.rank(phrases)
	return res, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// miner holds the state of the passes.
type miner struct {
	opts     Options
	in       transcript.Options
	counts   *sketch     // of the low- and high-rated conversations
	totals   [2][8]int64 // n-gram occurrences by group and length
	examples bool        // grams carry their sentence's text (pass 3)
	keys     []uint64    // scratch: the hashes of a sentence's words
}

// wordHash is the FNV-1a hash of a word.
func wordHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// logOdds is the z-score and log-odds ratio of an n-gram of length n seen
// in lo low-rated and hi high-rated conversations, with the informative
// Dirichlet prior of the n-grams' frequency in both groups together:
// alpha_w = (lo+hi) * a0 / (total of both), a0 = prior mass.
func (m *miner) logOdds(n int, lo, hi float64) (z, delta float64) {
	nLow, nHigh := float64(m.totals[groupLow][n]), float64(m.totals[groupHigh][n])
	all := nLow + nHigh
	if all == 0 {
		return 0, 0
	}
	const a0 = 1000.0
	alpha := (lo + hi) * a0 / all
	delta = math.Log((lo+alpha)/(nLow+a0-lo-alpha)) - math.Log((hi+alpha)/(nHigh+a0-hi-alpha))
	variance := 1/(lo+alpha) + 1/(hi+alpha)
	return delta / math.Sqrt(variance), delta
}

// rank computes the exact z-scores, leaves out n-grams with too little
// support or evidence, or known to the lexicons, folds near-duplicates
// and keeps the Top strongest.
func (m *miner) rank(phrases map[uint64]*Phrase) []*Phrase {
	var all []*Phrase
	for _, p := range phrases {
		if p.Low+p.High < m.opts.MinSupport {
			continue
		}
		p.Z, p.Delta = m.logOdds(len(p.words), float64(p.Low), float64(p.High))
		if p.Z >= m.opts.MinZ {
			all = append(all, p)
		}
	}
	all = absorb(all)
	sort.Slice(all, func(i, j int) bool {
		if all[i].Z != all[j].Z {
			return all[i].Z > all[j].Z
		}
		return all[i].Phrase < all[j].Phrase
	})
	var kept []*Phrase
	for _, p := range all {
		if len(kept) == m.opts.Top {
			break
		}
		if folded(p, kept) || m.opts.Known(p.Phrase) {
			continue
		}
		kept = append(kept, p)
	}
	for _, p := range kept {
		p.Z, p.Delta = math.Round(p.Z*100)/100, math.Round(p.Delta*1000)/1000
	}
	return kept
}

// absorb leaves out each phrase that a longer one holds in most of the
// same low-rated conversations (four in five or more): "we have logged
// your" is "we have logged your feedback internally" cut short, and the
// longer phrase is the one to coach.
func absorb(ps []*Phrase) []*Phrase {
	var out []*Phrase
	for _, p := range ps {
		absorbed := false
		for _, q := range ps {
			if len(q.words) > len(p.words) && inside(p.words, q.words) && 5*q.Low >= 4*p.Low {
				absorbed = true
				break
			}
		}
		if !absorbed {
			out = append(out, p)
		}
	}
	return out
}

// folded reports whether p is a near-duplicate of a stronger phrase kept:
// inside it ("logged your feedback" in "we have logged your feedback"),
// holding it, or overlapping it by half its words or more in about the same
// low-rated conversations ("i already explained the parcel" and "already
// explained the parcel left", cut from one sentence).
func folded(p *Phrase, kept []*Phrase) bool {
	for _, k := range kept {
		if inside(p.words, k.words) || inside(k.words, p.words) {
			return true
		}
		short := min(len(p.words), len(k.words))
		similar := 5*p.Low >= 4*k.Low && 5*k.Low >= 4*p.Low
		if similar && max(overlap(p.words, k.words), overlap(k.words, p.words)) >= max(2, (short+1)/2) {
			return true
		}
	}
	return false
}

// overlap is the number of words at the end of a that begin b.
func overlap(a, b []string) int {
	for n := min(len(a), len(b)) - 1; n > 0; n-- {
		if inside(a[len(a)-n:], b[:n]) {
			return n
		}
	}
	return 0
}

// inside reports whether the words a appear in order, together, in b.
func inside(a, b []string) bool {
	for i := 0; i+len(a) <= len(b); i++ {
		same := true
		for j := range a {
			if a[j] != b[i+j] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// gram is an n-gram of an agent's message.
type gram struct {
	hash     uint64
	n        int
	words    []lint.Word // its words, for the candidates' text
	sentence string      // the sentence that holds it, in pass 3
}

// scan reads the files and calls visit for each agent message of a rated
// conversation (rated low or high) with the n-grams it holds that the
// conversation's earlier messages did not (each n-gram counts once per
// conversation); conv is set at a conversation's first message. Bad
// records and ratings go to bad.
func (m *miner) scan(ctx context.Context, files []string, bad func(error), visit func(g int, conv bool, grams []gram)) error {
	folder := lint.NewFolder()
	seen := map[uint64]bool{}
	convKey := ""
	var grams []gram
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = transcript.Read(ctx, path, f, m.in, transcript.Handler{
			Message: func(msg *transcript.Message) error {
				if err := msg.Resolve(); err != nil {
					bad(err)
					return nil
				}
				key := path + "\x00" + msg.Conversation
				first := key != convKey
				if first {
					convKey = key
					clear(seen)
				}
				g := groupOf(msg.Rating)
				if g < 0 {
					if first {
						visit(g, true, nil)
					}
					return nil
				}
				if msg.Role != transcript.RoleAgent || msg.Text == nil {
					if first {
						visit(g, true, nil)
					}
					return nil
				}
				grams = m.grams(folder, msg, seen, grams[:0])
				visit(g, first, grams)
				return ctx.Err()
			},
			Error: bad,
		})
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// grams appends the n-grams of a message not seen yet in its conversation.
func (m *miner) grams(folder *lint.Folder, msg *transcript.Message, seen map[uint64]bool, out []gram) []gram {
	for _, s := range folder.Sentences(msg.Text, msg.Skip) {
		sentence := ""
		keys := m.keys[:0]
		for _, w := range s {
			keys = append(keys, wordHash(w.Norm))
		}
		m.keys = keys
		for i := range s {
			sum := uint64(0)
			for n := 1; n <= m.opts.MaxN && i+n <= len(s); n++ {
				sum = (sum^keys[i+n-1])*0x9E3779B97F4A7C15 + uint64(n)
				sum ^= sum >> 29
				if n < m.opts.MinN {
					continue
				}
				if seen[sum] {
					continue
				}
				seen[sum] = true
				if sentence == "" && m.examples {
					sentence = sentenceText(msg.Text, s)
				}
				out = append(out, gram{hash: sum, n: n, words: s[i : i+n], sentence: sentence})
			}
		}
	}
	return out
}

// sentenceText is a sentence's text as the agent wrote it, on one line,
// cut at 240 bytes.
func sentenceText(text []byte, s []lint.Word) string {
	from, to := s[0].Start, s[len(s)-1].End
	for to < len(text) && to-from < 240 && strings.ContainsRune(".!?…", rune(text[to])) {
		to++
	}
	t := strings.Join(strings.Fields(string(text[from:min(to, from+240)])), " ")
	return strings.ToValidUTF8(t, "")
}
