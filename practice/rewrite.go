package practice

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

// ModelAnswer rewrites text from its findings' suggestions: each match,
// last first, is replaced by its entry's fix or one of its suggestions,
// the first with which the text loses that finding without gaining a
// warning, and keeps the sentence's content (else the first that loses
// the finding, else the first). It returns the rewrite and the judgement of it, which may
// reject it (when no suggestion fits the sentence); text without findings
// comes back as it is.
func ModelAnswer(ctx context.Context, l *lint.Linter, lang, text string) (string, *Verdict, error) {
	out := text
	var v *Verdict
	// A rewrite can bring out wording an earlier finding covered ("sorry
	// but that won't work"): then the rewrite is rewritten, up to 3 times.
	for range 3 {
		next, err := rewriteOnce(ctx, l, lang, text, out)
		if err != nil {
			return "", nil, err
		}
		out = next
		if v, err = Judge(ctx, l, lang, text, out); err != nil || v.Accepted {
			return out, v, err
		}
	}
	return out, v, nil
}

// rewriteOnce replaces the findings of cur, a rewrite of text.
func rewriteOnce(ctx context.Context, l *lint.Linter, lang, text, cur string) (string, error) {
	res, err := l.Check(ctx, lint.Document{Text: []byte(cur), Lang: lang})
	if err != nil {
		return "", err
	}
	orig, err := flagged(ctx, l, lang, text)
	if err != nil {
		return "", err
	}
	fs := res.Findings
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Offset > fs[j].Offset })
	out := cur
	done := -1 // the offset of the last replaced match: findings overlapping it are gone with it
	for _, f := range fs {
		if f.Offset < 0 || f.EndOffset > len(out) || (done >= 0 && f.EndOffset > done) {
			continue
		}
		best, gone := "", ""
		for _, c := range candidates(&f) {
			try := substitute(out, f.Offset, f.EndOffset, c)
			ok, err := clean(ctx, l, lang, try, f.Rule, f.Offset+len(fitted(out, f.Offset, f.EndOffset, c)))
			if err != nil {
				return "", err
			}
			if words := wordsOf(try); ok && (sentence(words) || salutation(text, orig, words)) && lostContent(text, orig, words) == nil {
				best = try
				break
			}
			if ok && gone == "" {
				gone = try
			}
		}
		if best == "" {
			best = gone
		}
		if best == "" && len(candidates(&f)) > 0 {
			best = substitute(out, f.Offset, f.EndOffset, candidates(&f)[0])
		}
		if best != "" {
			out, done = best, f.Offset
		}
	}
	return out, nil
}

// candidates are a finding's replacements: the fix, then the suggestions.
func candidates(f *lint.Finding) []string {
	var out []string
	if f.Fix != "" {
		out = append(out, f.Fix)
	}
	for _, s := range f.Suggestions {
		if s != "" && s != f.Fix {
			out = append(out, s)
		}
	}
	return out
}

// clean reports whether text has, from offset from on, no finding of rule
// and no warning or error (the part before from still holds the findings
// not yet replaced).
func clean(ctx context.Context, l *lint.Linter, lang, text, rule string, from int) (bool, error) {
	res, err := l.Check(ctx, lint.Document{Text: []byte(text), Lang: lang})
	if err != nil {
		return false, err
	}
	for _, f := range res.Findings {
		if f.EndOffset <= from && f.Rule != rule {
			continue
		}
		if f.Rule == rule || f.Severity >= lexicon.SeverityWarning {
			return false, nil
		}
	}
	return true, nil
}

// substitute replaces text[start:end] with c, fitted to its place.
func substitute(text string, start, end int, c string) string {
	return text[:start] + fitted(text, start, end, c) + text[end:]
}

// fitted adapts a suggestion to the place of a match: lower case inside a
// sentence (but "I" stays), and without its own closing punctuation when
// the text goes on with punctuation.
func fitted(text string, start, end int, c string) string {
	c = strings.ReplaceAll(strings.TrimSpace(c), "...", "…") // a blank for the agent's own words
	if !sentenceStart(text, start) {
		r, n := utf8.DecodeRuneInString(c)
		if unicode.IsUpper(r) && !(r == 'I' && (len(c) == 1 || !unicode.IsLetter(rune(c[n])))) {
			c = string(unicode.ToLower(r)) + c[n:]
		}
	}
	if rest := strings.TrimLeft(text[end:], " "); rest != "" {
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsPunct(r) {
			c = strings.TrimRight(c, ".!?")
			if strings.HasSuffix(c, ":") && (r == ',' || r == ';') {
				c = strings.TrimSuffix(c, ":")
			}
		}
	}
	return c
}

// sentenceStart reports whether offset i begins a sentence.
func sentenceStart(text string, i int) bool {
	before := strings.TrimRight(text[:i], " \t\n\"'“‘(")
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return r == '.' || r == '!' || r == '?' || r == '\n' || r == ':'
}
