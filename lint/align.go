package lint

import (
	"slices"
	"strings"

	"github.com/lexlint/lexlint/lexicon"
)

// align works out, for Explain, how a match's words line up with its
// phrase: which words were skipped and which member of each word class
// matched. It searches the alignments of the words to the phrase's
// elements, with the same skip words, gaps and spelling variants as the
// matcher, and takes the first; it returns nothing when the matcher has no
// phrases (a snapshot) or no alignment is found.
func (m *matcher) align(ph *cphrase, toks []ExplainedToken, mt rawMatch) ([]string, []ClassMatch) {
	if ph.phrase == nil {
		return nil, nil
	}
	var words []string
	for _, t := range toks {
		if t.Offset >= mt.start && t.Offset < mt.end {
			words = append(words, t.Norm)
		}
	}
	a := &aligner{words: words, elems: ph.elems, tok: newTokenizer(), skip: map[string]bool{}}
	for _, w := range ph.phrase.Skip {
		a.skip[string(a.tok.norm(a.tok.tokenize([]byte(w))[0]))] = true
	}
	a.vars = newVariants(ph.lang, a.normalize)
	if !a.run(0, 0, 0) {
		return nil, nil
	}
	return a.skipped, a.classes
}

// aligner is the state of one alignment search.
type aligner struct {
	words   []string
	elems   []lexicon.Elem
	skip    map[string]bool
	vars    variants
	tok     *tokenizer
	skipped []string
	classes []ClassMatch
}

func (a *aligner) normalize(s string) []string {
	var out []string
	for _, t := range a.tok.tokenize([]byte(s)) {
		out = append(out, string(a.tok.norm(t)))
	}
	return out
}

// run aligns words[wi:] with elems[ei:]; run counts the skip words taken
// since the last word of the phrase.
func (a *aligner) run(ei, wi, run int) bool {
	if ei == len(a.elems) {
		return wi == len(a.words)
	}
	if a.element(ei, wi, run) {
		return true
	}
	// A skip word between two words of the phrase.
	if wi > 0 && wi < len(a.words) && run < lexicon.MaxSkip && a.skip[a.words[wi]] {
		a.skipped = append(a.skipped, a.words[wi])
		if a.run(ei, wi+1, run+1) {
			return true
		}
		a.skipped = a.skipped[:len(a.skipped)-1]
	}
	return false
}

// element aligns elems[ei] with the words at wi, then the rest; the words
// of the phrase are tried before skipping a word.
func (a *aligner) element(ei, wi, run int) bool {
	e := a.elems[ei]
	switch e.Kind {
	case lexicon.ElemAny:
		return wi < len(a.words) && a.run(ei+1, wi+1, 0)
	case lexicon.ElemGap:
		for n := 0; n <= e.GapMax() && wi+n <= len(a.words); n++ {
			if a.run(ei+1, wi+n, 0) {
				return true
			}
		}
		return false
	}
	if e.Optional && a.run(ei+1, wi, run) {
		return true
	}
	for _, alt := range e.Alts {
		for _, form := range a.forms(alt) {
			n := len(form)
			if wi+n > len(a.words) || !slices.Equal(a.words[wi:wi+n], form) {
				continue
			}
			if e.Class != "" {
				a.classes = append(a.classes, ClassMatch{Class: e.Class, Words: strings.Join(a.words[wi:wi+n], " ")})
			}
			if a.run(ei+1, wi+n, 0) {
				return true
			}
			if e.Class != "" {
				a.classes = a.classes[:len(a.classes)-1]
			}
		}
	}
	return false
}

// forms returns an alternative's words and their spelling variants.
func (a *aligner) forms(alt string) [][]string {
	words := a.normalize(alt)
	out := [][]string{words}
	if len(words) <= 2 {
		out = append(out, a.vars[strings.Join(words, " ")]...)
	}
	return out
}
