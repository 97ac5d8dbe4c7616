package practice

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

// MakeOptions say what quiz to make.
type MakeOptions struct {
	Language      string // en or nl
	Title         string
	Items         int // items wanted; 0 means 30
	Certification bool
	PassMark      float64 // for certification; 0 means 0.8
	// Desk are sentences of the desk's own with a finding, and Clean
	// sentences without one (distractors for Spot it), both with personal
	// details masked already.
	Desk, Clean []string
	Source      string // what the quiz was made from, said in the quiz
	Now         time.Time
}

// candidate is a flagged sentence an item can be made of.
type candidate struct {
	text, origin string
	finding      lint.Finding
	model        string // an accepted model answer, or ""
}

// Make builds a quiz from the desk's flagged sentences and the flag
// examples of the lexicons' entries in the language: Rewrite, Spot it and
// Better choice items in turn, the categories taken in turn. Every item is
// checked with the engine: its sentence has the finding, its model answer
// is accepted, its distractors have no finding, its worse choice keeps the
// discouraged wording.
func Make(ctx context.Context, l *lint.Linter, lexs []*lexicon.Lexicon, opts MakeOptions) (*Quiz, error) {
	if _, err := Language(opts.Language); err != nil {
		return nil, err
	}
	if opts.Items <= 0 {
		opts.Items = 30
	}
	opts.Items = min(opts.Items, MaxItems)
	if opts.PassMark == 0 {
		opts.PassMark = 0.8
	}
	var texts []string
	var origins []string
	for _, s := range opts.Desk {
		texts, origins = append(texts, s), append(origins, "desk")
	}
	var clean []string
	for _, lex := range lexs {
		for _, e := range lex.Discouraged {
			if e.Language != opts.Language && e.Language != "" {
				continue
			}
			for _, ex := range e.Examples.Flag {
				texts, origins = append(texts, ex.Text), append(origins, "lexicon")
			}
			for _, ex := range e.Examples.Pass {
				clean = append(clean, ex.Text)
			}
		}
	}
	cands, err := flaggedCandidates(ctx, l, opts.Language, texts, origins)
	if err != nil {
		return nil, err
	}
	clean, err = cleanOnes(ctx, l, opts.Language, append(append([]string{}, opts.Clean...), clean...))
	if err != nil {
		return nil, err
	}
	items, err := makeItems(ctx, l, opts, roundRobin(cands), clean)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("no items: the lexicons have no %s flag examples and the export no flagged sentences", opts.Language)
	}
	q := &Quiz{Format: QuizFormat, Title: opts.Title, Language: opts.Language, Mode: ModePractice, Created: opts.Now.UTC().Format(time.RFC3339),
		Source: opts.Source, Items: items}
	if opts.Certification {
		q.Mode, q.PassMark = ModeCertification, opts.PassMark
	}
	if q.Title == "" {
		q.Title = map[string]string{"en": "Service language practice", "nl": "Oefenen met servicetaal"}[opts.Language]
	}
	q.Seal()
	return q, q.Check()
}

// flaggedCandidates checks each text and keeps those with a discouraged finding,
// with the most severe one and a model answer.
func flaggedCandidates(ctx context.Context, l *lint.Linter, lang string, texts, origins []string) ([]*candidate, error) {
	var out []*candidate
	seen := map[string]bool{}
	for i, text := range texts {
		text = strings.TrimSpace(text)
		if text == "" || seen[text] || len(text) > maxText {
			continue
		}
		seen[text] = true
		res, err := l.Check(ctx, lint.Document{Text: []byte(text), Lang: lang})
		if err != nil {
			return nil, err
		}
		if len(res.Findings) == 0 {
			continue
		}
		f := res.Findings[0]
		for _, g := range res.Findings[1:] {
			if g.Severity > f.Severity {
				f = g
			}
		}
		model, v, err := ModelAnswer(ctx, l, lang, text)
		if err != nil {
			return nil, err
		}
		c := &candidate{text: text, origin: origins[i], finding: f}
		if v.Accepted {
			c.model = model
		}
		out = append(out, c)
	}
	return out, nil
}

// cleanOnes keeps the sentences without a discouraged finding.
func cleanOnes(ctx context.Context, l *lint.Linter, lang string, texts []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] || len(t) > maxText || len(wordsOf(t)) < 4 {
			continue
		}
		seen[t] = true
		res, err := l.Check(ctx, lint.Document{Text: []byte(t), Lang: lang})
		if err != nil {
			return nil, err
		}
		if len(res.Findings) == 0 {
			out = append(out, t)
		}
	}
	return out, nil
}

// roundRobin orders candidates by taking the categories in turn, the
// desk's own sentences first within each.
func roundRobin(cs []*candidate) []*candidate {
	by := map[string][]*candidate{}
	var cats []string
	for _, c := range cs {
		cat := c.finding.Category
		if by[cat] == nil {
			cats = append(cats, cat)
		}
		by[cat] = append(by[cat], c)
	}
	sort.Strings(cats)
	for _, cat := range cats {
		sort.SliceStable(by[cat], func(i, j int) bool { return by[cat][i].origin == "desk" && by[cat][j].origin != "desk" })
	}
	var out []*candidate
	for len(out) < len(cs) {
		for _, cat := range cats {
			if len(by[cat]) > 0 {
				out = append(out, by[cat][0])
				by[cat] = by[cat][1:]
			}
		}
	}
	return out
}

// makeItems turns candidates into items, the kinds in turn.
func makeItems(ctx context.Context, l *lint.Linter, opts MakeOptions, cs []*candidate, clean []string) ([]*Item, error) {
	kinds := []string{KindRewrite, KindSpot, KindChoice}
	var items []*Item
	for i, c := range cs {
		if len(items) >= opts.Items {
			break
		}
		var it *Item
		var err error
		for k := range kinds {
			kind := kinds[(i+k)%len(kinds)]
			if it, err = makeItem(ctx, l, opts.Language, kind, c, clean); err != nil {
				return nil, err
			}
			if it != nil {
				break
			}
		}
		if it != nil {
			items = append(items, it)
		}
	}
	return items, nil
}

// makeItem makes one item of a kind from a candidate, or nil when the
// candidate does not make one (no accepted model answer, too few
// distractors).
func makeItem(ctx context.Context, l *lint.Linter, lang, kind string, c *candidate, clean []string) (*Item, error) {
	f := c.finding
	it := &Item{ID: itemID(kind, c.text), Kind: kind, Category: f.Category, Rule: f.Rule, Origin: c.origin,
		Words: f.Match, Reason: f.Message, Suggestions: f.Suggestions}
	switch kind {
	case KindRewrite:
		if c.model == "" {
			return nil, nil
		}
		it.Text, it.Model = c.text, c.model
	case KindSpot:
		if len(clean) < 2 {
			return nil, nil
		}
		h := hash(c.text)
		a, b := clean[h%uint64(len(clean))], clean[(h/7+1)%uint64(len(clean))]
		if a == b {
			b = clean[(h%uint64(len(clean))+1)%uint64(len(clean))]
		}
		it.Answer = int(h % 3)
		opts := []string{a, b}
		it.Options = append(append(append([]string{}, opts[:it.Answer]...), c.text), opts[it.Answer:]...)
	case KindChoice:
		if c.model == "" || len(f.Suggestions) == 0 {
			return nil, nil
		}
		worse := strings.TrimRight(strings.ReplaceAll(f.Suggestions[0], "...", "…"), " .") + " " + c.text
		res, err := l.Check(ctx, lint.Document{Text: []byte(worse), Lang: lang})
		if err != nil {
			return nil, err
		}
		if !hasRule(res.Findings, f.Rule) {
			return nil, nil
		}
		it.Answer = int(hash(c.text) % 2)
		it.Options = []string{worse, worse}
		it.Options[it.Answer] = c.model
		it.Model = c.model
	}
	return it, nil
}

func hasRule(fs []lint.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// itemID names an item by its kind and sentence, so that a quiz made again
// keeps the ids (and the agents' progress) of the items it shares.
func itemID(kind, text string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + text))
	return kind + "-" + hex.EncodeToString(sum[:5])
}

func hash(s string) uint64 {
	sum := sha256.Sum256([]byte(s))
	return binary.BigEndian.Uint64(sum[:8])
}

// ErrNoLanguage is returned when a quiz's language cannot be chosen.
var ErrNoLanguage = errors.New("the quiz's language: give --lang en or --lang nl")
