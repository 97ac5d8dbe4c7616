package lint

import (
	"context"
	"fmt"
	"strings"

	"github.com/lexlint/lexlint/lexicon"
)

// Warning is a likely mistake in a lexicon: it loads, but does not do what
// its author probably meant.
type Warning struct {
	Pos lexicon.Pos
	Msg string
}

func (w Warning) String() string { return w.Pos.String() + ": " + w.Msg }

// maxSignatures caps how many expansions of one phrase Analyze compares.
const maxSignatures = 256

// Analyze looks for likely mistakes in loaded lexicons:
//
//   - a phrase word with sentence-ending punctuation inside ("really?no"),
//     which can never match because matches never cross sentences;
//   - a phrase whose every match contains a match of a shorter phrase of
//     the same entry, so it adds nothing;
//   - the same phrase in two entries, or in an encouraged group and a
//     discouraged entry;
//   - a suggestion or fix that itself contains discouraged wording of the
//     loaded lexicons (a fix like that would not be idempotent).
func Analyze(ctx context.Context, lexs []*lexicon.Lexicon) ([]Warning, error) {
	l, err := New(lexs, Options{})
	if err != nil {
		return nil, err
	}
	a := &analyzer{tok: newTokenizer(), seen: map[string]owner{}}
	for _, lex := range lexs {
		for _, e := range lex.Discouraged {
			a.entry(e.ID, "entry", e.Phrases)
		}
		for _, g := range lex.Encouraged {
			a.entry(g.ID, "encouraged group", g.Phrases)
		}
	}
	for _, lex := range lexs {
		for _, e := range lex.Discouraged {
			texts := append([]string(nil), e.Suggestions...)
			pos := append([]lexicon.Pos(nil), e.SuggestionPos...)
			if e.Fix != "" {
				texts, pos = append(texts, e.Fix), append(pos, e.FixPos)
			}
			for i, t := range texts {
				res, err := l.Check(ctx, Document{Text: []byte(t), Lang: e.Language})
				if err != nil {
					return nil, err
				}
				if len(res.Findings) > 0 {
					f := res.Findings[0]
					p := e.Pos
					if i < len(pos) {
						p = pos[i]
					}
					a.warn(p, "suggestion %q of %s contains discouraged wording %q (%s): agents would be told to write what lexlint flags", t, e.ID, f.Match, f.Rule)
				}
			}
		}
	}
	return a.warnings, nil
}

type owner struct {
	id   string
	kind string
	pos  lexicon.Pos
}

type analyzer struct {
	tok      *tokenizer
	seen     map[string]owner // phrase signature -> first entry with it
	warnings []Warning
}

func (a *analyzer) warn(pos lexicon.Pos, format string, args ...any) {
	a.warnings = append(a.warnings, Warning{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// entry checks the phrases of one entry or group.
func (a *analyzer) entry(id, kind string, phrases []lexicon.Phrase) {
	sigs := make([][]string, len(phrases))
	for i, ph := range phrases {
		if ph.Regexp != nil {
			continue
		}
		sigs[i] = a.signatures(ph)
		for _, sig := range sigs[i] {
			if first, ok := a.seen[sig]; ok && first.id != id {
				what := "is also a phrase of"
				if (first.kind == "encouraged group") != (kind == "encouraged group") {
					what = "is both encouraged and discouraged: it is also a phrase of"
				}
				a.warn(ph.Pos, "phrase %q %s %s %s (%s); keep it in one place", ph.Source, what, first.kind, first.id, first.pos)
				break
			}
			if _, ok := a.seen[sig]; !ok {
				a.seen[sig] = owner{id, kind, ph.Pos}
			}
		}
	}
	for i, ph := range phrases {
		if sigs[i] == nil || ph.AtStart || ph.AtEnd {
			continue
		}
		for j, other := range phrases {
			if i == j || sigs[j] == nil || other.AtStart || other.AtEnd || len(sigs[j]) == 0 {
				continue
			}
			if shadows(sigs[j], sigs[i]) {
				a.warn(ph.Pos, "every match of phrase %q contains a match of the shorter phrase %q of the same entry, so it adds nothing: remove it", ph.Source, other.Source)
				break
			}
		}
	}
}

// signatures lists a phrase's expansions, in each order of its {...}
// groups, as space-separated normalised words, with "*" and "..." kept, or
// nil when there are too many.
func (a *analyzer) signatures(ph lexicon.Phrase) []string {
	var out []string
	for _, elems := range orders(ph.Elems) {
		sigs, ok := a.orderSignatures(ph, elems)
		if !ok || len(out)+len(sigs) > maxSignatures {
			return nil
		}
		out = append(out, sigs...)
	}
	return out
}

// orderSignatures lists the expansions of one order of a phrase's elements.
func (a *analyzer) orderSignatures(ph lexicon.Phrase, elems []lexicon.Elem) ([]string, bool) {
	seqs := [][]string{nil}
	for n, e := range elems {
		var alts [][]string
		switch e.Kind {
		case lexicon.ElemAny:
			alts = [][]string{{"*"}}
		case lexicon.ElemGap:
			alts = [][]string{{"..."}}
			if e.Long {
				alts = [][]string{{"~"}}
			}
		default:
			if e.Optional {
				alts = append(alts, nil)
			}
			for _, alt := range e.Alts {
				probe := alt
				if n < len(elems)-1 {
					probe += " x" // does the word end a sentence before the next one?
				}
				toks := a.tok.tokenize([]byte(probe))
				if len(toks) > 0 && toks[len(toks)-1].Sentence != toks[0].Sentence {
					a.warn(ph.Pos, "%q holds sentence-ending punctuation, so phrase %q can never match (matches never cross sentences)", alt, ph.Source)
					return nil, false
				}
				var words []string
				for _, t := range a.tok.tokenize([]byte(alt)) {
					words = append(words, string(a.tok.norm(t)))
				}
				alts = append(alts, words)
			}
		}
		var next [][]string
		for _, s := range seqs {
			for _, alt := range alts {
				next = append(next, append(append([]string(nil), s...), alt...))
			}
		}
		if len(next) > maxSignatures {
			return nil, false
		}
		seqs = next
	}
	out := make([]string, 0, len(seqs))
	for _, s := range seqs {
		out = append(out, " "+strings.Join(s, " ")+" ")
	}
	return out, true
}

// shadows reports whether every expansion of long contains some expansion
// of short as whole words, and short is shorter.
func shadows(short, long []string) bool {
	for _, l := range long {
		if strings.Contains(l, " * ") || strings.Contains(l, " ... ") {
			return false
		}
		found := false
		for _, s := range short {
			if strings.Contains(s, " * ") || strings.Contains(s, " ... ") || len(s) >= len(l) {
				continue
			}
			if strings.Contains(l, s) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
