package lint

import (
	"bytes"
	"context"
	"io"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// qualityLines reads the sentences of the dev set, both languages.
func qualityLines(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, name := range []string{"nl-flag.txt", "nl-pass.txt", "en-flag.txt", "en-pass.txt"} {
		out = append(out, devLines(t, name)...)
	}
	return out
}

// gatherParts returns a part function that joins the parts into got,
// counting them in n, and complains of words before the last part.
func gatherParts(t *testing.T, got *Result, n *int) func(*Result, bool) error {
	return func(res *Result, last bool) error {
		*n++
		got.Findings = append(got.Findings, res.Findings...)
		got.Hits = append(got.Hits, res.Hits...)
		if last {
			got.Words, got.Lang = res.Words, res.Lang
		} else if res.Words != 0 {
			t.Errorf("a part before the last has %d words", res.Words)
		}
		return nil
	}
}

// wholeResult is Check's result as joined parts give it: findings, hits,
// words and language, empty lists as nil (the conversation rules' words are Check's alone: a
// document long enough for parts is no chat message).
func wholeResult(res *Result) *Result {
	res.Address, res.Names, res.Sentences, res.Detected = nil, nil, nil, "" // Check's only
	if len(res.Findings) == 0 {
		res.Findings = nil
	}
	if len(res.Hits) == 0 {
		res.Hits = nil
	}
	return res
}

// TestCheckPartsSameAsCheck checks long documents of mixed sentences, in
// one language or both, with line breaks, CRLF and skipped ranges, whole
// and in parts of every size: the parts' findings and hits, concatenated,
// are Check's, and the last part has its words and language.
func TestCheckPartsSameAsCheck(t *testing.T) {
	lines := qualityLines(t)
	all, err := NewBuiltin(Options{})
	if err != nil {
		t.Fatal(err)
	}
	nl, err := NewBuiltin(Options{Lang: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(11))
	for round := range 40 {
		var b strings.Builder
		for range 50 + rng.Intn(400) {
			b.WriteString(lines[rng.Intn(len(lines))])
			b.WriteString([]string{" ", "\n", "\r\n", "\n\n", " — "}[rng.Intn(5)])
		}
		doc := Document{Path: "long.txt", Text: []byte(b.String())}
		if rng.Intn(2) == 0 {
			for at := 0; at+40 < len(doc.Text); at += 500 + rng.Intn(3000) {
				doc.Skip = append(doc.Skip, [2]int{at, at + 40})
			}
		}
		for _, l := range []*Linter{all, nl} {
			want, err := l.Check(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			for _, per := range []int{1, 7, 1 << 30} {
				got := &Result{}
				parts := 0
				err := l.CheckParts(context.Background(), doc, per, gatherParts(t, got, &parts))
				if err != nil {
					t.Fatal(err)
				}
				want := wholeResult(want)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d, %d per part (%d parts): parts give %d findings, %d hits, %d words, %q; Check %d, %d, %d, %q",
						round, per, parts, len(got.Findings), len(got.Hits), got.Words, got.Lang, len(want.Findings), len(want.Hits), want.Words, want.Lang)
				}
				if per == 1 && len(want.Findings) > 2 && parts < 2 {
					t.Errorf("round %d: one part for %d findings", round, len(want.Findings))
				}
			}
		}
	}
}

// TestCheckReaderSameAsCheck reads long documents in windows of every size
// down to a few hundred bytes, so that windows end at many sentence ends:
// the findings, hits, words and language are Check's on the whole text,
// with offsets, lines and columns of the file.
//
// Each linter takes its own path: the built-ins detect the language in a
// pass of its own (it decides which matches count); with the language
// given there is no such pass; a lexicon without a language has the
// checking pass count the language's words too.
func TestCheckReaderSameAsCheck(t *testing.T) {
	all, err := NewBuiltin(Options{})
	if err != nil {
		t.Fatal(err)
	}
	nl, err := NewBuiltin(Options{Lang: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	anyLang := compileYAML(t, `lexicon: t
discouraged:
  - id: t.policy
    category: tone
    message: m
    phrases: ["policy", "we", "niet", "helaas", "u", "sorry", "you * to"]
`)
	for name, l := range map[string]*Linter{"built-ins": all, "nl": nl, "no language": anyLang} {
		t.Run(name, func(t *testing.T) { checkReaderSameAsCheck(t, l) })
	}
}

func checkReaderSameAsCheck(t *testing.T, all *Linter) {
	lines := qualityLines(t)
	rng := rand.New(rand.NewSource(12))
	for round := range 30 {
		var b strings.Builder
		if round%3 == 0 {
			b.WriteString("\ufeff")
		}
		for range 20 + rng.Intn(300) {
			b.WriteString(lines[rng.Intn(len(lines))])
			b.WriteString([]string{" ", "\n", "\r\n", "\n\n", " — ", "  \n \n"}[rng.Intn(6)])
		}
		text := []byte(b.String())
		doc := Document{Path: "long.txt", Text: text}
		if rng.Intn(2) == 0 {
			for at := 0; at+40 < len(text); at += 300 + rng.Intn(2000) {
				doc.Skip = append(doc.Skip, [2]int{at, at + 40})
			}
		}
		want, err := all.Check(context.Background(), doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{256, 1000, 4096, 1 << 20} {
			got := &Result{}
			open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(text)), nil }
			meta := doc
			meta.Text = nil
			parts := 0
			err := all.checkWindows(context.Background(), meta, open, size, 50, gatherParts(t, got, &parts))
			if err != nil {
				t.Fatal(err)
			}
			want := wholeResult(want)
			if !reflect.DeepEqual(got, want) {
				for i := range min(len(got.Findings), len(want.Findings)) {
					if !reflect.DeepEqual(got.Findings[i], want.Findings[i]) {
						t.Fatalf("round %d, windows of %d: finding %d is\n%+v\nwant\n%+v", round, size, i, got.Findings[i], want.Findings[i])
					}
				}
				t.Fatalf("round %d, windows of %d: %d findings, %d hits, %d words, %q; Check %d, %d, %d, %q",
					round, size, len(got.Findings), len(got.Hits), got.Words, got.Lang, len(want.Findings), len(want.Hits), want.Words, want.Lang)
			}
		}
	}
}

func TestRuneCount(t *testing.T) {
	for _, s := range []string{"", "abc", "Zé café", "😀 x", "\xff\xfe", "a\x80b", "\xe2\x82", "€\xe2\x82"} {
		if got, want := runeCount([]byte(s)), utf8.RuneCount([]byte(s)); got != want {
			t.Errorf("%q: %d, want %d", s, got, want)
		}
	}
}
