package report

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"sort"
	"time"
)

// MergeState is what a JSON report carries so that the reports of shards
// merge into the report of one run over all of them.
type MergeState struct {
	// Fingerprint names the lexicons, settings and version the report was
	// made with.
	Fingerprint string `json:"fingerprint"`
	TopPhrases  int    `json:"top_phrases"`
	Worst       int    `json:"worst"`
	// Phrases is every phrase counted, not only the top ones.
	Phrases []*Phrase `json:"phrases"`
	// Conversations holds a 64-bit hash of each conversation's id, sorted,
	// as base64 of delta varints: enough to refuse shards that share a
	// conversation, at about four bytes a conversation.
	Conversations string `json:"conversations"`
	// Insights holds the shift bins, sentence counts and waiting times.
	Insights *insightState `json:"insights"`
	// Ratings holds the sums and counts of the ratings, when there are.
	Ratings *ratingState `json:"ratings,omitempty"`
	// WorstOrder is the place in the input of each worst conversation,
	// from 0, which orders conversations of equal scores.
	WorstOrder []int `json:"worst_order"`
	// Checksum is the SHA-256 of the report's JSON without it (see
	// checksum): an edited or damaged report is refused.
	Checksum string `json:"checksum"`
}

// conversationHash is the FNV-1a hash of a conversation id.
func conversationHash(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

func encodeHashes(hs []uint64) string {
	sorted := slices.Clone(hs)
	slices.Sort(sorted)
	var b []byte
	prev := uint64(0)
	for _, h := range sorted {
		b = binary.AppendUvarint(b, h-prev)
		prev = h
	}
	return base64.StdEncoding.EncodeToString(b)
}

func decodeHashes(s string) ([]uint64, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	var hs []uint64
	prev := uint64(0)
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errors.New("a damaged list of conversations")
		}
		prev += d
		hs = append(hs, prev)
		b = b[n:]
	}
	return hs, nil
}

// ReadJSON reads a report that report -f json wrote.
func ReadJSON(r io.Reader) (*Report, error) {
	var rep Report
	dec := json.NewDecoder(r)
	if err := dec.Decode(&rep); err != nil {
		return nil, fmt.Errorf("not a JSON report: %w", err)
	}
	if rep.Merge == nil {
		return nil, errors.New(`no "merge" section: write the reports of the shards with lexlint report -f json (of this version)`)
	}
	return &rep, nil
}

// A Part is the report of one shard and the name it is known by in errors.
type Part struct {
	Name   string
	Report *Report
}

// Merge combines the reports of shards into the report one run over all
// the shards would have given, in the order given (which decides only the
// snippets of a phrase: the first three met). It refuses reports made with
// different lexicons, settings or versions, and reports that share a
// conversation. Exact while fewer than maxPhraseKeys distinct phrases are
// counted in all.
func Merge(parts []Part) (*Report, error) {
	if len(parts) == 0 {
		return nil, errors.New("no reports to merge")
	}
	for _, p := range parts {
		if err := p.Report.verify(); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name, err)
		}
	}
	first := parts[0].Report
	for _, p := range parts[1:] {
		if p.Report.Merge.Fingerprint != first.Merge.Fingerprint || p.Report.PeriodKind != first.PeriodKind {
			return nil, fmt.Errorf("%s and %s were made with different lexicons, settings or versions of lexlint (fingerprints %s and %s): make every shard's report the same way", parts[0].Name, p.Name, first.Merge.Fingerprint, p.Report.Merge.Fingerprint)
		}
	}
	pause := DefaultShiftPause
	if st := first.Merge.Insights; st != nil {
		if d, err := time.ParseDuration(st.Pause); err == nil {
			pause = d
		}
	}
	t := &tally{opts: Options{Period: first.PeriodKind, TopPhrases: first.Merge.TopPhrases, Worst: first.Merge.Worst, Fingerprint: first.Merge.Fingerprint},
		totals: newStats(), agents: map[string]*Agent{}, periods: map[string]*Period{}, phrases: map[string]*Phrase{}, coverage: map[string]*Coverage{},
		in: newInsights(pause)}
	for _, c := range first.Coverage {
		t.rules = append(t.rules, c.Rule)
		t.coverage[c.Rule] = &Coverage{Rule: c.Rule, Category: c.Category, Scope: c.Scope}
	}
	if err := t.conversations(parts); err != nil {
		return nil, err
	}
	at := 0 // the conversations of the shards before
	for _, p := range parts {
		t.add(p.Report, at)
		at += p.Report.Totals.Conversations
	}
	t.worst = keepWorst(t.worst, t.opts.Worst)
	return t.report(), nil
}

// conversations gathers the shards' conversations and refuses two shards
// that hold the same one.
func (t *tally) conversations(parts []Part) error {
	type owned struct {
		hash uint64
		part int
	}
	var all []owned
	for i, p := range parts {
		hs, err := decodeHashes(p.Report.Merge.Conversations)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		for _, h := range hs {
			all = append(all, owned{h, i})
		}
		t.convs = append(t.convs, hs...)
	}
	sort.Slice(all, func(i, j int) bool {
		return all[i].hash < all[j].hash || all[i].hash == all[j].hash && all[i].part < all[j].part
	})
	for i := range all {
		if i > 0 && all[i].hash == all[i-1].hash && all[i].part != all[i-1].part {
			return fmt.Errorf("%s and %s both hold a conversation (id hash %016x): split exports between conversations, and give each shard once", parts[all[i-1].part].Name, parts[all[i].part].Name, all[i].hash)
		}
	}
	return nil
}

// add sums one shard's report into the tally; at is the number of
// conversations in the shards before it.
func (t *tally) add(r *Report, at int) {
	t.files += r.Files
	t.errors += r.InputErrors
	addStats(t.totals, &r.Totals)
	for _, a := range r.Agents {
		if t.agents[a.Name] == nil {
			t.agents[a.Name] = &Agent{Name: a.Name, Stats: *newStats()}
		}
		addStats(&t.agents[a.Name].Stats, &a.Stats)
	}
	for _, p := range r.Periods {
		if t.periods[p.Period] == nil {
			t.periods[p.Period] = &Period{Period: p.Period, Stats: *newStats()}
		}
		addStats(&t.periods[p.Period].Stats, &p.Stats)
	}
	for _, p := range r.Merge.Phrases {
		key := p.Rule + "\x00" + p.Phrase
		q := t.phrases[key]
		if q == nil {
			q = &Phrase{Rule: p.Rule, Phrase: p.Phrase, Category: p.Category, Severity: p.Severity, Suggestions: p.Suggestions}
			t.phrases[key] = q
		}
		q.Count += p.Count
		for _, s := range p.Snippets {
			if len(q.Snippets) < 3 {
				q.Snippets = append(q.Snippets, s)
			}
		}
	}
	for _, c := range r.Coverage {
		if m := t.coverage[c.Rule]; m != nil {
			m.Checked += c.Checked
			m.Met += c.Met
		}
	}
	for i, c := range r.Worst {
		c.at = at + r.Merge.WorstOrder[i]
		t.worst = append(t.worst, c)
	}
	t.in.merge(r.Merge.Insights)
	if r.Merge.Ratings != nil {
		if t.ratings == nil {
			t.ratings = newRatingState()
		}
		t.ratings.merge(r.Merge.Ratings)
	}
}

// addStats sums the counts of s into to; finish computes the rest.
func addStats(to, s *Stats) {
	to.Messages += s.Messages
	to.Words += s.Words
	to.Conversations += s.Conversations
	to.Findings += s.Findings
	to.Penalty += s.Penalty
	for k, n := range s.BySeverity {
		to.BySeverity[k] += n
	}
	for k, n := range s.ByCategory {
		to.ByCategory[k] += n
	}
}
