// Presence rules (greeting, closing) for messages that stand alone.

package pipeline

import (
	"slices"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
)

// alone adds the conversation rules' findings of a canned response, a
// conversation of its own, to its result, in order, as the message's own
// findings (inline ignores honoured).
func alone(p *lint.Presence, m *transcript.Message, res *lint.Result) {
	added := false
	for _, pf := range p.Alone(m, Document(m), res) {
		if !ignored(m, pf.Finding.Rule, pf.Finding.Offset) {
			res.Findings = append(res.Findings, pf.Finding)
			added = true
		}
	}
	if added {
		slices.SortStableFunc(res.Findings, func(a, b lint.Finding) int { return a.Offset - b.Offset })
	}
}

// presenceApplies tells whether presence rules look at a message (the
// conversation rules look at a canned response on its own): not at
// canned responses, which are fragments rather than replies.
func presenceApplies(m *transcript.Message) bool { return m.Origin.Format != "macros" }
