package lint

import (
	"context"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/lexlint/lexlint/lexicon"
)

// referenceMatches is a deliberately simple matcher for the differential
// test: it splits the text into sentences of lower-cased words and tries
// every phrase at every position. It supports words, alternatives, "*" and
// "..." (what the random lexicons use), and returns "rule@start-end" in
// word indexes of the whole text, leftmost-longest per rule, without the
// cross-entry containment rule (the random phrases are single entries).
// Up to lexicon.MaxSkip words of skip may stand between two consecutive
// words of a phrase (not next to "*" or "...").
func referenceMatches(text string, entries map[string][]string, skip []string) []string {
	type word struct {
		w        string
		sentence int
	}
	var words []word
	sentence := 0
	fields := strings.Fields(text)
	for i, f := range fields {
		w := strings.ToLower(strings.TrimSuffix(f, "."))
		end := strings.HasSuffix(f, ".")
		// An abbreviation's dot ends no sentence when the text goes on in
		// lower case; a title's never does (see tokenizer.abbreviation).
		switch shortForm([]byte(w)) {
		case formTitle:
			end = false
		case formShort:
			end = end && !(i+1 < len(fields) && unicode.IsLower([]rune(fields[i+1])[0]))
		}
		words = append(words, word{w, sentence})
		if end {
			sentence++
		}
	}
	var out []string
	ids := make([]string, 0, len(entries))
	for id := range entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		type span struct{ s, e int }
		var spans []span
		for _, phrase := range entries[id] {
			elems := strings.Fields(phrase)
			var try func(e, pos, start int) int
			try = func(e, pos, start int) int {
				if e == len(elems) {
					return pos
				}
				switch el := elems[e]; {
				case el == "*":
					if pos < len(words) && words[pos].sentence == words[start].sentence {
						return try(e+1, pos+1, start)
					}
				case el == "..." || el == "~":
					width := lexicon.MaxGap
					if el == "~" {
						width = lexicon.MaxLongGap
					}
					for gap := 0; gap <= width; gap++ {
						if pos+gap <= len(words) && (gap == 0 || words[pos+gap-1].sentence == words[start].sentence) {
							if end := try(e+1, pos+gap, start); end >= 0 {
								return end
							}
						}
					}
				default:
					// The word itself, or after up to MaxSkip skip words.
					for n := 0; n <= lexicon.MaxSkip; n++ {
						at := pos + n
						if n > 0 && (e == 0 || elems[e-1] == "*" || elems[e-1] == "..." || elems[e-1] == "~" || at-1 >= len(words) ||
							!slices.Contains(skip, words[at-1].w) || words[at-1].sentence != words[start].sentence) {
							break
						}
						if at < len(words) && words[at].sentence == words[start].sentence {
							for _, alt := range strings.Split(strings.Trim(el, "()"), "|") {
								if words[at].w == alt {
									return try(e+1, at+1, start)
								}
							}
						}
					}
				}
				return -1
			}
			for start := range words {
				if end := try(0, start, start); end > start {
					spans = append(spans, span{start, end})
				}
			}
		}
		sort.Slice(spans, func(i, j int) bool {
			if spans[i].s != spans[j].s {
				return spans[i].s < spans[j].s
			}
			return spans[i].e > spans[j].e
		})
		last := -1
		for _, sp := range spans {
			if sp.s < last {
				continue
			}
			out = append(out, fmt.Sprintf("%s@%d-%d", id, sp.s, sp.e))
			last = sp.e
		}
	}
	sort.Strings(out)
	return out
}

// randomLexicon makes entries of random phrases over a small vocabulary,
// with alternatives, "*" and "...".
func randomLexicon(r *rand.Rand, vocab []string, entries int) map[string][]string {
	out := map[string][]string{}
	for i := 0; i < entries; i++ {
		var phrases []string
		for p := 0; p < 1+r.Intn(3); p++ {
			n := 1 + r.Intn(4)
			var elems []string
			for k := 0; k < n; k++ {
				switch x := r.Intn(10); {
				case x == 0 && k > 0 && k < n-1:
					elems = append(elems, "*")
				case x == 1 && k > 0 && k < n-1:
					elems = append(elems, "...")
				case x == 3 && k > 0 && k < n-1:
					elems = append(elems, "~")
				case x == 2:
					elems = append(elems, "("+vocab[r.Intn(len(vocab))]+"|"+vocab[r.Intn(len(vocab))]+")")
				default:
					elems = append(elems, vocab[r.Intn(len(vocab))])
				}
			}
			phrases = append(phrases, strings.Join(elems, " "))
		}
		out[fmt.Sprintf("r.e%02d", i)] = phrases
	}
	return out
}

// TestDifferential checks the automaton against the reference matcher on
// random texts and random lexicons (fixed seed), without and with skip
// words.
func TestDifferential(t *testing.T) {
	vocab := []string{"you", "must", "no", "problem", "policy", "our", "the", "i", "said", "as", "already", "sorry"}
	t.Run("plain", func(t *testing.T) { differential(t, vocab, nil, nil) })
	// Skip words in the texts, none in the phrases: each match has one end.
	skip := []string{"just", "really", "toch"}
	t.Run("skip words", func(t *testing.T) { differential(t, vocab, skip, append(slices.Clone(vocab), skip...)) })
}

// differential runs random rounds: phrases over vocab, texts over words
// (vocab when nil), with the skip words given.
func differential(t *testing.T, vocab, skip, words []string) {
	r := rand.New(rand.NewSource(20261123))
	if words == nil {
		words = vocab
	}
	total, gapped, skipped := 0, 0, 0
	defer func() {
		// The test must exercise matching, wildcards and gaps included,
		// and skip words when there are some.
		if total < 200 || gapped < 20 || (skip != nil && skipped < 20) {
			t.Errorf("only %d matches (%d with wildcards or gaps) in the random rounds, %d rounds where skip words mattered", total, gapped, skipped)
		}
	}()
	for round := 0; round < 200; round++ {
		entries := randomLexicon(r, vocab, 1+r.Intn(6))
		var text []string
		for k := 0; k < 5+r.Intn(40); k++ {
			w := words[r.Intn(len(words))]
			if r.Intn(3) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			if r.Intn(8) == 0 {
				w += "."
			}
			text = append(text, w)
		}
		if skip != nil {
			text = append(text, realize(r, entries, vocab, skip)...)
		}
		src := strings.Join(text, " ")
		want := referenceMatches(src, entries, skip)
		got := automatonMatches(t, src, entries, skip)
		if skip != nil && strings.Join(want, " ") != strings.Join(referenceMatches(src, entries, nil), " ") {
			skipped++
		}
		total += len(want)
		for _, ps := range entries {
			for _, p := range ps {
				if strings.Contains(p, "*") || strings.Contains(p, "...") || strings.Contains(p, "~") {
					gapped += len(want)
				}
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("round %d\ntext: %s\nlexicon: %v\nautomaton: %v\nreference: %v", round, src, entries, got, want)
		}
	}
}

// realize writes out one random phrase of entries, with 0 to 4 skip words
// between consecutive words (more than lexicon.MaxSkip at times).
func realize(r *rand.Rand, entries map[string][]string, vocab, skip []string) []string {
	ids := slices.Sorted(maps.Keys(entries))
	phrases := entries[ids[r.Intn(len(ids))]]
	elems := strings.Fields(phrases[r.Intn(len(phrases))])
	var out []string
	for i, el := range elems {
		switch {
		case el == "*":
			out = append(out, vocab[r.Intn(len(vocab))])
		case el == "..." || el == "~":
			for range r.Intn(3 + 4*strings.Count(el, "~")) {
				out = append(out, vocab[r.Intn(len(vocab))])
			}
		default:
			if i > 0 && elems[i-1] != "*" && elems[i-1] != "..." && elems[i-1] != "~" {
				for range r.Intn(5) {
					out = append(out, skip[r.Intn(len(skip))])
				}
			}
			alts := strings.Split(strings.Trim(el, "()"), "|")
			out = append(out, alts[r.Intn(len(alts))])
		}
	}
	return out
}

// automatonMatches runs the real engine and reports matches like
// referenceMatches, one entry at a time so that only leftmost-longest
// per entry applies.
func automatonMatches(t testing.TB, src string, entries map[string][]string, skip []string) []string {
	var starts []int // byte offset of each word
	for i := 0; i < len(src); {
		for i < len(src) && src[i] == ' ' {
			i++
		}
		if i < len(src) {
			starts = append(starts, i)
		}
		for i < len(src) && src[i] != ' ' {
			i++
		}
	}
	wordAt := func(off int) int { return sort.SearchInts(starts, off+1) - 1 }
	var out []string
	for id, phrases := range entries {
		var b strings.Builder
		fmt.Fprintf(&b, "lexicon: t\n")
		if len(skip) > 0 {
			fmt.Fprintf(&b, "skip: [%s]\n", strings.Join(skip, ", "))
		}
		fmt.Fprintf(&b, "discouraged:\n  - id: %s\n    category: rigid\n    message: m\n    phrases:\n", id)
		for _, p := range phrases {
			fmt.Fprintf(&b, "      - %q\n", p)
		}
		lex, err := lexicon.Parse("t.yaml", []byte(b.String()))
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		l, err := New([]*lexicon.Lexicon{lex}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := l.Check(context.Background(), Document{Text: []byte(src)})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			out = append(out, fmt.Sprintf("%s@%d-%d", f.Rule, wordAt(f.Offset), wordAt(f.EndOffset-1)+1))
		}
	}
	sort.Strings(out)
	return out
}

// FuzzMatcher checks that the automaton agrees with the reference on any
// text over the vocabulary, and never fails on arbitrary bytes.
func FuzzMatcher(f *testing.F) {
	f.Add("you must say no problem. as i already said", uint8(3))
	f.Add("\xff\xfe policy. our policy", uint8(1))
	vocab := []string{"you", "must", "no", "problem", "policy", "our", "said", "as", "i", "already"}
	f.Fuzz(func(t *testing.T, text string, seed uint8) {
		r := rand.New(rand.NewSource(int64(seed)))
		entries := randomLexicon(r, vocab, 1+int(seed%4))
		// Arbitrary bytes must not break the engine.
		automatonMatches(t, text, entries, nil)
		// Over plain words, it must agree with the reference.
		var words []string
		for _, w := range strings.Fields(strings.ToLower(text)) {
			clean := strings.TrimSuffix(w, ".")
			ok := clean != ""
			for _, c := range clean {
				ok = ok && c >= 'a' && c <= 'z'
			}
			if ok {
				words = append(words, w)
			}
		}
		src := strings.Join(words, " ")
		if got, want := automatonMatches(t, src, entries, nil), referenceMatches(src, entries, nil); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("text %q lexicon %v: automaton %v, reference %v", src, entries, got, want)
		}
	})
}
