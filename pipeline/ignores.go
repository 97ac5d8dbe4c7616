// Ignore directives (lexlint-disable and friends) applied to findings.

package pipeline

import (
	"sort"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
)

// unusedRule is the rule of findings about ignore directives that
// suppressed nothing.
const unusedRule = "lexlint.unused-ignore"

// applyIgnores drops the findings that a message's ignore directives
// cover and, when asked, reports the directives that covered none.
func applyIgnores(linter *lint.Linter, m *transcript.Message, res *lint.Result, reportUnused bool) {
	if len(m.Ignores) == 0 {
		return
	}
	used := make([]bool, len(m.Ignores))
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		drop := false
		for i, ig := range m.Ignores {
			if ig.Covers(f.Rule, f.Offset) {
				used[i], drop = true, true
			}
		}
		if !drop {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
	if !reportUnused {
		return
	}
	doc := Document(m)
	for i, ig := range m.Ignores {
		if used[i] || ig.Offset < 0 || namesPresenceRule(linter, ig.Rules) {
			continue
		}
		line, col := doc.Position(ig.Offset)
		endLine, endCol := doc.Position(ig.Offset + len(ig.Directive))
		res.Findings = append(res.Findings, lint.Finding{
			Path: doc.Path, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
			Offset: ig.Offset, EndOffset: ig.Offset + len(ig.Directive),
			Rule: unusedRule, Category: "lexlint", Severity: lexicon.SeverityWarning, Match: ig.Directive,
			Message:     "This ignore directive suppresses no finding: remove it, or name the rule it should silence.",
			Suggestions: []string{},
		})
	}
	sort.SliceStable(res.Findings, func(i, j int) bool { return res.Findings[i].Offset < res.Findings[j].Offset })
}

// namesPresenceRule reports whether a directive names a presence rule,
// whose findings come later, per conversation.
func namesPresenceRule(linter *lint.Linter, rules []string) bool {
	for _, r := range rules {
		if linter.PresenceRule(r) {
			return true
		}
	}
	return false
}

// ignored reports whether a message's directives cover a finding.
func ignored(m *transcript.Message, rule string, off int) bool {
	for _, ig := range m.Ignores {
		if ig.Covers(rule, off) {
			return true
		}
	}
	return false
}
