// Package practice builds quizzes that train agents in their desk's
// service language, judges their rewrites with the lint engine, and reads
// and summarises the signed results of certification quizzes.
package practice

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

// Problem kinds of a rejected rewrite.
const (
	ProblemEmpty       = "empty"        // nothing written
	ProblemNotSentence = "not-sentence" // too few words, or no words of the language
	ProblemStill       = "still-there"  // a discouraged phrase of the original is still there
	ProblemNewWarning  = "new-warning"  // a warning or error the original did not have
	ProblemContent     = "content-lost" // the sentence's content words are gone
)

// Problem is one reason a rewrite is not accepted.
type Problem struct {
	Kind    string   `json:"kind"`
	Rule    string   `json:"rule,omitempty"`
	Match   string   `json:"match,omitempty"`
	Message string   `json:"message,omitempty"`
	Words   []string `json:"words,omitempty"` // content words missing
}

// Verdict is the judgement of a rewrite: accepted for one point, two when
// it also uses an encouraged phrase.
type Verdict struct {
	Accepted   bool      `json:"accepted"`
	Points     int       `json:"points"`
	Problems   []Problem `json:"problems"`
	Encouraged []string  `json:"encouraged"` // encouraged phrases the rewrite uses
}

// minKept is the share of the original's content words a rewrite keeps.
const minKept = 0.5

// Judge checks a rewrite of original: the discouraged wording of the
// original gone, no new warning or error, at least half of the content
// words outside the flagged wording kept (or, when the flagged wording is
// the whole sentence, a content word of the entry's suggestions used), and
// a sentence of the language rather than a word or two or nonsense.
func Judge(ctx context.Context, l *lint.Linter, lang, original, answer string) (*Verdict, error) {
	orig, err := flagged(ctx, l, lang, original)
	if err != nil {
		return nil, err
	}
	ans, err := l.Check(ctx, lint.Document{Text: []byte(answer), Lang: lang})
	if err != nil {
		return nil, err
	}
	v := &Verdict{Problems: []Problem{}, Encouraged: []string{}}
	words := wordsOf(answer)
	switch {
	case strings.TrimSpace(answer) == "":
		v.Problems = append(v.Problems, Problem{Kind: ProblemEmpty})
		return v, nil
	case !sentence(words) && !salutation(original, orig, words):
		v.Problems = append(v.Problems, Problem{Kind: ProblemNotSentence})
	}
	had := map[string]bool{}
	for _, f := range orig {
		had[f.Rule] = true
	}
	for _, f := range ans.Findings {
		switch {
		case had[f.Rule]:
			v.Problems = append(v.Problems, Problem{Kind: ProblemStill, Rule: f.Rule, Match: f.Match, Message: f.Message})
		case f.Severity >= lexicon.SeverityWarning:
			v.Problems = append(v.Problems, Problem{Kind: ProblemNewWarning, Rule: f.Rule, Match: f.Match, Message: f.Message})
		}
	}
	if missing := lostContent(original, orig, words); missing != nil {
		v.Problems = append(v.Problems, Problem{Kind: ProblemContent, Words: missing})
	}
	for _, h := range ans.Hits {
		if !slices.Contains(v.Encouraged, h.Match) {
			v.Encouraged = append(v.Encouraged, h.Match)
		}
	}
	if len(v.Problems) == 0 {
		v.Accepted, v.Points = true, 1
		if len(v.Encouraged) > 0 {
			v.Points = 2
		}
	}
	return v, nil
}

// flagged returns the findings of text, and those that appear when they
// are blanked out (wording one finding covered, as "sorry but" covers
// "that won't work", which is flagged at the start of a sentence), up to
// three layers deep: the wording a rewrite has
// to change.
func flagged(ctx context.Context, l *lint.Linter, lang, text string) ([]lint.Finding, error) {
	var all []lint.Finding
	for range 3 {
		res, err := l.Check(ctx, lint.Document{Text: []byte(text), Lang: lang})
		if err != nil {
			return nil, err
		}
		if len(res.Findings) == 0 {
			break
		}
		all = append(all, res.Findings...)
		text = breakSpans(text, res.Findings)
	}
	return all, nil
}

// sentence reports whether words read as a sentence: three words or more,
// at least two of them different content words or one a function word of
// English or Dutch, and one in seven of them a function word.
func sentence(words []string) bool {
	if len(words) < 3 {
		return false
	}
	fn := 0
	for _, w := range words {
		if function[w] {
			fn++
		}
	}
	return fn > 0 && fn*7 >= len(words)
}

// salutation reports whether the original is all flagged wording (a
// greeting line such as "To whom it may concern,") and the answer uses the
// wording its suggestions offer: then two words ("Hi Sam,") are enough.
func salutation(original string, fs []lint.Finding, answer []string) bool {
	if len(answer) < 2 || len(contentWords(maskSpans(original, fs))) > 0 {
		return false
	}
	have := map[string]bool{}
	for _, w := range answer {
		have[w] = true
	}
	for _, w := range offeredWords(fs) {
		if kept(w, have) {
			return true
		}
	}
	return false
}

// offeredWords are the content words of the findings' fixes and
// suggestions.
func offeredWords(fs []lint.Finding) []string {
	var offered []string
	for _, f := range fs {
		for _, s := range append([]string{f.Fix}, f.Suggestions...) {
			offered = append(offered, contentWords(s)...)
		}
	}
	return offered
}

// lostContent returns the content words of original outside its findings
// that the answer lost, when it kept fewer than half of them; nil when
// enough are kept. When every content word is in the findings, the answer
// must use a content word of their suggestions (the wording the lexicon
// offers instead); the suggestions' words are then returned.
func lostContent(original string, fs []lint.Finding, answer []string) []string {
	have := map[string]bool{}
	for _, w := range answer {
		have[w] = true
	}
	var want []string
	seen := map[string]bool{}
	for _, w := range contentWords(maskSpans(original, fs)) {
		if !seen[w] {
			seen[w] = true
			want = append(want, w)
		}
	}
	if len(want) == 0 {
		offered := offeredWords(fs)
		for _, w := range offered {
			if kept(w, have) {
				return nil
			}
		}
		if len(offered) == 0 {
			return nil
		}
		return dedupe(offered)
	}
	var missing []string
	for _, w := range want {
		if !kept(w, have) {
			missing = append(missing, w)
		}
	}
	if float64(len(want)-len(missing)) >= minKept*float64(len(want)) {
		return nil
	}
	return missing
}

func dedupe(ws []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// kept reports whether a content word is in the answer, or a word of the
// same stem (one a prefix of the other, sharing four letters or more:
// "order" and "ordered").
func kept(w string, have map[string]bool) bool {
	if have[w] {
		return true
	}
	for h := range have {
		short, long := h, w
		if len(short) > len(long) {
			short, long = long, short
		}
		if utf8.RuneCountInString(short) >= 4 && strings.HasPrefix(long, short) {
			return true
		}
	}
	return false
}

// maskSpans blanks the findings' matches out of text.
func maskSpans(text string, fs []lint.Finding) string {
	b := []byte(text)
	for _, f := range fs {
		if f.Offset >= 0 && f.EndOffset <= len(b) && f.Offset < f.EndOffset {
			for i := f.Offset; i < f.EndOffset; i++ {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// breakSpans blanks the findings' matches out of text and ends a sentence
// in their place, as a rewrite often does: what followed then starts a
// sentence.
func breakSpans(text string, fs []lint.Finding) string {
	b := []byte(maskSpans(text, fs))
	for _, f := range fs {
		if f.Offset >= 0 && f.EndOffset <= len(b) && f.Offset < f.EndOffset {
			b[f.Offset] = '.'
		}
	}
	return string(b)
}

// wordsOf splits text into lower-case words of letters, digits and inner
// apostrophes.
func wordsOf(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		w = strings.Trim(strings.ReplaceAll(strings.ToLower(w), "’", "'"), "'")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// contentWords are the words of three letters or more that are not
// function words.
func contentWords(text string) []string {
	var out []string
	for _, w := range wordsOf(text) {
		if utf8.RuneCountInString(w) >= 3 && !function[w] {
			out = append(out, w)
		}
	}
	return out
}

// function holds the function words of English and Dutch: articles,
// pronouns, auxiliaries, prepositions, conjunctions.
var function = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if so as at by for from in into of on to with without about
		i i'm i'll i've i'd me my we we're we'll our us you you're you'll your yours he she it it's its they them their
		this that these those there here what which who whom whose when where why how
		is am are was were be been being do does did done have has had having can can't cannot could will won't would
		shall should may might must not no don't doesn't didn't isn't aren't wasn't let's let
		just also too very all any some more most much many other than then now up down out over again only
		please thanks thank yes sorry
		de het een en of maar als dat die dit deze daar hier wat wie waar waarom hoe wanneer
		ik me mij mijn wij we ons onze je jij jou jouw u uw hij zij ze haar hem zijn hun het
		is ben bent was waren wordt worden word heb hebt heeft hebben had kan kunt kunnen kon zou zouden wil wilt willen
		moet moeten mag mogen zal zult zullen ga gaat gaan doe doet doen
		niet geen wel ook nog al dan toch even maar graag
		in op aan van voor met naar bij uit over om door tot te er na zonder tegen
		dank bedankt alvast ja nee`) {
		m[w] = true
	}
	return m
}()

// Language names the quiz languages.
func Language(lang string) (string, error) {
	switch lang {
	case "en", "nl":
		return lang, nil
	}
	return "", fmt.Errorf("language %q: quizzes are in en or nl", lang)
}
