package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
)

// Consistency: report merge sums what shards' reports say, so it first
// makes sure each says something a run of lexlint could have written.
// Check finds what an edit or damage that kept the JSON valid leaves
// behind (negative counts, totals that are not the sum of their parts);
// the checksum of the merge state finds the rest.

// checksumPrefix starts a report's checksum: the hash it uses.
const checksumPrefix = "sha256:"

// Check reports what is inconsistent in a report: counts below zero,
// totals that are not the sum of their parts, a list of conversations
// that does not hold as many as the totals count. Each problem names the
// field and what is wrong; a report of lexlint has none. Checks of new
// figures go in checks.
func (r *Report) Check() error {
	c := &checker{}
	for _, check := range r.checks() {
		check(c)
	}
	if len(c.problems) == 0 {
		return nil
	}
	const show = 5
	more := ""
	if len(c.problems) > show {
		more = fmt.Sprintf(" (and %d more)", len(c.problems)-show)
	}
	return fmt.Errorf("inconsistent figures: %s%s", strings.Join(c.problems[:min(show, len(c.problems))], "; "), more)
}

// checks lists the checks of a report's figures, one per part of it.
func (r *Report) checks() []func(c *checker) {
	return []func(c *checker){
		func(c *checker) {
			c.nonNegative("files", r.Files)
			c.nonNegative("input_errors", r.InputErrors)
		},
		func(c *checker) { c.stats("totals", &r.Totals) },
		r.checkAgents,
		r.checkPeriods,
		r.checkPhrases,
		r.checkCoverage,
		r.checkWorst,
		r.checkConversations,
	}
}

// checker gathers the problems found.
type checker struct{ problems []string }

func (c *checker) add(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) nonNegative(field string, n int) {
	if n < 0 {
		c.add("%s is %d", field, n)
	}
}

// equal checks that a total is the sum of its parts.
func (c *checker) equal(field string, total int, parts string, sum int) {
	if total != sum {
		c.add("%s is %d but %s add up to %d", field, total, parts, sum)
	}
}

// stats checks one set of figures: counts not below zero, findings equal
// to the findings by severity and by category, and the penalty points
// equal to what the findings by severity weigh.
func (c *checker) stats(name string, s *Stats) {
	c.nonNegative(name+".messages", s.Messages)
	c.nonNegative(name+".words", s.Words)
	c.nonNegative(name+".conversations", s.Conversations)
	c.nonNegative(name+".findings", s.Findings)
	bySeverity, byCategory := 0, 0
	for k, n := range s.BySeverity {
		c.nonNegative(name+".by_severity."+k, n)
		bySeverity += n
	}
	for k, n := range s.ByCategory {
		c.nonNegative(name+".by_category."+k, n)
		byCategory += n
	}
	c.equal(name+".findings", s.Findings, "its findings by severity", bySeverity)
	c.equal(name+".findings", s.Findings, "its findings by category", byCategory)
	want := float64(s.BySeverity["error"]*PenaltyError + s.BySeverity["warning"]*PenaltyWarning + s.BySeverity["suggestion"]*PenaltySuggestion)
	if math.Abs(s.Penalty-want) > 1e-6*math.Max(1, want) {
		c.add("%s.penalty is %g but its findings by severity weigh %g", name, s.Penalty, want)
	}
}

// checkAgents checks each agent's figures, and that the agents' messages,
// words and findings add up to the totals (every message counted is an
// agent's).
func (r *Report) checkAgents(c *checker) {
	var sum Stats
	for _, a := range r.Agents {
		c.stats("agent "+a.Name, &a.Stats)
		sum.Messages += a.Messages
		sum.Words += a.Words
		sum.Findings += a.Findings
	}
	c.equal("totals.messages", r.Totals.Messages, "the agents' messages", sum.Messages)
	c.equal("totals.words", r.Totals.Words, "the agents' words", sum.Words)
	c.equal("totals.findings", r.Totals.Findings, "the agents' findings", sum.Findings)
}

// checkPeriods checks each period's figures; messages without a time have
// none, so the periods add up to the totals at most.
func (r *Report) checkPeriods(c *checker) {
	var sum Stats
	for _, p := range r.Periods {
		c.stats("period "+p.Period, &p.Stats)
		sum.Messages += p.Messages
		sum.Findings += p.Findings
	}
	if sum.Messages > r.Totals.Messages || sum.Findings > r.Totals.Findings {
		c.add("the periods hold %d messages and %d findings, more than the totals' %d and %d", sum.Messages, sum.Findings, r.Totals.Messages, r.Totals.Findings)
	}
}

// checkPhrases checks the counts of the phrases the merge state holds:
// each found at least once, and no more phrases than findings.
func (r *Report) checkPhrases(c *checker) {
	if r.Merge == nil {
		return
	}
	sum := 0
	for _, p := range r.Merge.Phrases {
		if p.Count <= 0 {
			c.add("merge.phrases: %q of %s is counted %d times", p.Phrase, p.Rule, p.Count)
		}
		sum += p.Count
	}
	if sum > r.Totals.Findings {
		c.add("merge.phrases count %d findings, more than the totals' %d", sum, r.Totals.Findings)
	}
}

// checkCoverage checks the presence rules' counts: met at most as often as
// checked.
func (r *Report) checkCoverage(c *checker) {
	for _, cv := range r.Coverage {
		c.nonNegative("coverage "+cv.Rule+".checked", cv.Checked)
		c.nonNegative("coverage "+cv.Rule+".met", cv.Met)
		if cv.Met > cv.Checked {
			c.add("coverage %s is met %d times but checked %d", cv.Rule, cv.Met, cv.Checked)
		}
	}
}

// checkWorst checks the worst conversations' figures, that there are no
// more of them than kept, and that the merge state gives each its place
// in the input.
func (r *Report) checkWorst(c *checker) {
	for _, w := range r.Worst {
		c.stats("worst conversation "+w.ID, &w.Stats)
		if w.Findings > r.Totals.Findings {
			c.add("worst conversation %s has %d findings, more than the totals' %d", w.ID, w.Findings, r.Totals.Findings)
		}
	}
	if r.Merge == nil {
		return
	}
	if len(r.Worst) > r.Merge.Worst {
		c.add("worst_conversations lists %d, more than the %d kept", len(r.Worst), r.Merge.Worst)
	}
	if len(r.Merge.WorstOrder) != len(r.Worst) {
		c.add("merge.worst_order has %d places for %d worst conversations", len(r.Merge.WorstOrder), len(r.Worst))
		return
	}
	for i, at := range r.Merge.WorstOrder {
		if at < 0 || at >= r.Totals.Conversations {
			c.add("merge.worst_order places a conversation at %d, outside the %d conversations", at, r.Totals.Conversations)
		}
		if i > 0 && at == r.Merge.WorstOrder[i-1] {
			c.add("merge.worst_order places two conversations at %d", at)
		}
	}
}

// checkConversations checks that the merge state lists as many
// conversations as the totals count.
func (r *Report) checkConversations(c *checker) {
	if r.Merge == nil {
		return
	}
	hs, err := decodeHashes(r.Merge.Conversations)
	if err != nil {
		c.add("merge.conversations: %v", err)
		return
	}
	c.equal("totals.conversations", r.Totals.Conversations, "the conversations of merge.conversations", len(hs))
}

// checksum returns the checksum of a report: of its JSON with the
// checksum left out, as it reads back (so that writing it and reading it
// give the same bytes to hash).
func checksum(r *Report) (string, error) {
	if r.Merge == nil {
		return "", errors.New("no merge section")
	}
	m := *r.Merge
	m.Checksum = ""
	c := *r
	c.Merge = &m
	data, err := json.Marshal(&c)
	if err != nil {
		return "", err
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil {
		return "", err
	}
	if data, err = json.Marshal(&back); err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return checksumPrefix + hex.EncodeToString(sum[:]), nil
}

// verify checks a report read for merging: its figures (Check), then its
// checksum.
func (r *Report) verify() error {
	if err := r.Check(); err != nil {
		return err
	}
	if !strings.HasPrefix(r.Merge.Checksum, checksumPrefix) {
		return errors.New(`no checksum in its "merge" section: write it with lexlint report -f json of this version`)
	}
	sum, err := checksum(r)
	if err != nil {
		return err
	}
	if sum != r.Merge.Checksum {
		return errors.New("edited or damaged: its contents do not match the checksum of its \"merge\" section; report the shard again")
	}
	return nil
}
