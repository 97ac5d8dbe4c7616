package lint

import (
	"context"
	"errors"
	"sort"

	"github.com/lexlint/lexlint/lexicon"
)

// Explanation tells how a text was checked: its language, its words as the
// matcher sees them, and every phrase that matched, reported or not.
type Explanation struct {
	Lang     string           `json:"lang"`
	Tokens   []ExplainedToken `json:"tokens"`
	Matches  []ExplainedMatch `json:"matches"`
	Findings []Finding        `json:"findings"`
}

// ExplainedToken is one word: as written, normalised, its place and its
// sentence, and whether any phrase uses it.
type ExplainedToken struct {
	Text      string `json:"text"`
	Norm      string `json:"norm"`
	Offset    int    `json:"offset"`
	Sentence  int    `json:"sentence"`
	InLexicon bool   `json:"in_lexicon"`
}

// ExplainedMatch is one phrase match and what became of it.
type ExplainedMatch struct {
	Rule     string `json:"rule"`
	Kind     string `json:"kind"` // discouraged, encouraged, or unless (a phrase that cancels its entry)
	Phrase   string `json:"phrase"`
	Match    string `json:"match"`
	Offset   int    `json:"offset"`
	Reported bool   `json:"reported"`
	Why      string `json:"why,omitempty"` // why it was not reported
	// Skipped lists the skip words the match let stand between the
	// phrase's words; Classes the member of each word class that matched.
	// Both are empty when the linter has no phrases (a snapshot).
	Skipped []string     `json:"skipped,omitempty"`
	Classes []ClassMatch `json:"classes,omitempty"`
}

// ClassMatch is the member of a word class that a match took.
type ClassMatch struct {
	Class string `json:"class"`
	Words string `json:"words"`
}

// Explain checks a document like Check and records every step.
func (l *Linter) Explain(ctx context.Context, doc Document) (*Explanation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := l.getScratch()
	defer l.putScratch(s)
	ex := &Explanation{}
	_, ex.Lang = l.prepare(s, &doc, func(toks []Token) {
		for _, t := range toks {
			norm := string(s.tok.norm(t))
			var id int32
			if sl := l.m.lookup(wordKey([]byte(norm)), []byte(norm)); sl != nil {
				id = sl.id
			}
			ex.Tokens = append(ex.Tokens, ExplainedToken{Text: string(doc.Text[t.Start:t.End]), Norm: norm, Offset: t.Start,
				Sentence: int(t.Sentence), InLexicon: id != 0 && id <= l.m.phraseVocab})
		}
	})
	lang := ex.Lang
	record := func(mt rawMatch, kept bool, why string) {
		r := l.m.rules[mt.rule]
		kind := "discouraged"
		switch {
		case r.group != nil:
			kind = "encouraged"
		case len(r.owners) > 0:
			kind = "unless"
		}
		em := ExplainedMatch{Rule: r.id(), Kind: kind, Phrase: l.m.phraseSource(mt),
			Match: string(doc.Text[mt.start:mt.end]), Offset: mt.start, Reported: kept, Why: why}
		if mt.phrase >= 0 {
			em.Skipped, em.Classes = l.m.align(&l.m.phrases[mt.phrase], ex.Tokens, mt)
		}
		ex.Matches = append(ex.Matches, em)
	}
	var kept []rawMatch
	for _, mt := range s.matches {
		switch {
		case len(doc.Skip) > 0 && len(dropSkipped([]rawMatch{mt}, doc.Skip)) == 0:
			record(mt, false, "in a skipped part of the text (quote, code or markup)")
		case l.filters(lang) && len(l.m.keepLanguage([]rawMatch{mt}, lang)) == 0:
			record(mt, false, "the entry's lexicon is for another language than the text ("+lang+")")
		default:
			kept = append(kept, mt)
		}
	}
	s.matches = kept
	res := &Result{}
	l.resolve(l.m, &doc, s, res, newCursor(&doc), record)
	ex.Findings = res.Findings
	sort.SliceStable(ex.Matches, func(i, j int) bool { return ex.Matches[i].Offset < ex.Matches[j].Offset })
	return ex, nil
}

func (r rule) id() string {
	if r.entry != nil {
		return r.entry.ID
	}
	return r.group.ID
}

// ExampleResult is the outcome of one example of a lexicon entry.
type ExampleResult struct {
	Entry   *lexicon.Entry
	Example lexicon.Example
	Flag    bool     // a flag example (must draw a finding of the entry); else a pass example
	Passed  bool     // the example behaved as it says
	Rules   []string // the rules the example drew
}

// RunExamples checks every example of every discouraged entry of the
// linter's lexicons, in the entry's language.
func (l *Linter) RunExamples(ctx context.Context) ([]ExampleResult, error) {
	if l.snapshot {
		return nil, errors.New("this linter was loaded from the built-in snapshot, which has no examples: compile the lexicons with New to run them")
	}
	var out []ExampleResult
	for _, r := range l.m.rules {
		e := r.entry
		if e == nil || len(r.owners) > 0 {
			continue
		}
		for _, set := range []struct {
			list []lexicon.Example
			flag bool
		}{{e.Examples.Flag, true}, {e.Examples.Pass, false}} {
			for _, ex := range set.list {
				res, err := l.Check(ctx, Document{Text: []byte(ex.Text), Lang: e.Language})
				if err != nil {
					return nil, err
				}
				hit := false
				var rules []string
				for _, f := range res.Findings {
					rules = append(rules, f.Rule)
					hit = hit || f.Rule == e.ID
				}
				out = append(out, ExampleResult{Entry: e, Example: ex, Flag: set.flag, Passed: hit == set.flag, Rules: rules})
			}
		}
	}
	return out, nil
}
