package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lexlint/lexlint/output"
)

// guideWords are the words of a printed style guide in one language.
type guideWords struct {
	title, avoid, use, insteadOf, why, say, or string
	severity                                   map[string]string
	category                                   map[string]string // category ids as agents say them
}

// wordsFor returns the style guide's words for a language (English for
// any other).
func wordsFor(lang string) guideWords {
	if lang == "nl" {
		return guideWords{
			title: "Stijlgids klantcontact", avoid: "Vermijd", use: "Gebruik", insteadOf: "In plaats van",
			why: "Waarom", say: "Zeg liever", or: "of",
			severity: map[string]string{"error": "fout", "warning": "waarschuwing", "suggestion": "suggestie"},
			category: map[string]string{
				"rigid": "starre formuleringen", "negative": "negatieve formuleringen", "blaming": "verwijten",
				"dismissive": "afwimpelen", "jargon": "jargon", "passive-aggressive": "passief-agressieve formuleringen",
				"uncertain": "onzekere formuleringen", "condescending": "neerbuigende formuleringen",
				"robotic": "robotachtige formuleringen", "non-apology": "schijnexcuses", "officialese": "ambtelijke taal",
				"greeting": "een begroeting", "closing": "een afsluiting", "empathy": "empathie",
				"ownership": "eigenaarschap", "positive": "positieve formuleringen",
				"scripted": "ingestudeerd klinken", "register": "u en je door elkaar",
			},
		}
	}
	return guideWords{
		title: "Service-language style guide", avoid: "Avoid", use: "Use", insteadOf: "Instead of",
		why: "Why", say: "Say", or: "or",
		category: map[string]string{
			"rigid": "rigid wording", "negative": "negative wording", "blaming": "blaming wording",
			"dismissive": "dismissive wording", "passive-aggressive": "passive-aggressive wording",
			"uncertain": "uncertain wording", "condescending": "condescending wording", "robotic": "robotic wording",
			"non-apology": "non-apologies", "greeting": "a greeting", "closing": "a closing",
			"scripted": "sounding scripted", "register": "mixing u and je",
		},
	}
}

func (w guideWords) categoryName(id string) string {
	if name, ok := w.category[id]; ok {
		return name
	}
	return id
}

// listMarkdown writes a style guide for agents' training, one part per
// language with its headings in that language: per category what to avoid
// (the entry's flag examples, or its phrases as an agent would recognise
// them), why, and what to say instead; then the encouraged wording.
func listMarkdown(w io.Writer, items []listed) error {
	var b strings.Builder
	var langs []string
	byLang := map[string][]listed{}
	for _, it := range items {
		it = visibleListed(it)
		if _, ok := byLang[it.Language]; !ok {
			langs = append(langs, it.Language)
		}
		byLang[it.Language] = append(byLang[it.Language], it)
	}
	for i, lang := range langs {
		if i > 0 {
			b.WriteString("\n")
		}
		guidePart(&b, wordsFor(lang), byLang[lang])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// visibleListed is it with the texts a lexicon gave it printable: control
// characters, line separators and bidi controls made visible, so that a
// lexicon cannot write escape sequences or forged lines into the guide.
func visibleListed(it listed) listed {
	it.ID, it.Category, it.Message = output.Visible(it.ID), output.Visible(it.Category), output.Visible(it.Message)
	for _, list := range []*[]string{&it.Readable, &it.Suggestions, &it.FlagExamples, &it.Phrases} {
		*list = slices.Clone(*list)
		for i, v := range *list {
			(*list)[i] = output.Visible(v)
		}
	}
	return it
}

// guidePart writes one language's part of the style guide.
func guidePart(b *strings.Builder, w guideWords, items []listed) {
	fmt.Fprintf(b, "# %s\n\n", w.title)
	byCat := map[string][]listed{}
	var cats []string
	for _, it := range items {
		key := it.Kind + "/" + it.Category
		if _, ok := byCat[key]; !ok {
			cats = append(cats, key)
		}
		byCat[key] = append(byCat[key], it)
	}
	sort.SliceStable(cats, func(i, j int) bool {
		return strings.HasPrefix(cats[i], "discouraged") && !strings.HasPrefix(cats[j], "discouraged")
	})
	for _, key := range cats {
		kind, cat, _ := strings.Cut(key, "/")
		if kind == "discouraged" {
			fmt.Fprintf(b, "## %s: %s\n\n", w.avoid, w.categoryName(cat))
		} else {
			fmt.Fprintf(b, "## %s: %s\n\n", w.use, w.categoryName(cat))
		}
		for _, it := range byCat[key] {
			if kind == "encouraged" {
				fmt.Fprintf(b, "- %s\n", strings.Join(quoteAll(asWritten(first(it.Readable, 4), it.Language)), " · "))
				if it.Message != "" {
					fmt.Fprintf(b, "  - %s\n", it.Message)
				}
				continue
			}
			avoid := it.FlagExamples
			if len(avoid) == 0 {
				avoid = it.Readable
			}
			sev := it.Severity
			if name, ok := w.severity[sev]; ok {
				sev = name
			}
			fmt.Fprintf(b, "- **%s:** %s (%s)\n", w.insteadOf, strings.Join(quoteAll(first(avoid, 3)), " · "), sev)
			fmt.Fprintf(b, "  - *%s:* %s\n", w.why, it.Message)
			if len(it.Suggestions) > 0 {
				fmt.Fprintf(b, "  - *%s:* %s\n", w.say, strings.Join(quoteAll(it.Suggestions), " "+w.or+" "))
			}
		}
		b.WriteString("\n")
	}
}

// asWritten capitalises phrases, which lexicons write in lower case, as a
// reply would: the first letter, and in English the pronoun I.
func asWritten(phrases []string, lang string) []string {
	out := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			if lang != "nl" && (w == "i" || strings.HasPrefix(w, "i'")) {
				words[j] = "I" + w[1:]
			}
		}
		p = strings.Join(words, " ")
		if r, size := utf8.DecodeRuneInString(p); size > 0 {
			p = string(unicode.ToUpper(r)) + p[size:]
		}
		out[i] = p
	}
	return out
}

// first returns the first n items of list.
func first(list []string, n int) []string {
	return list[:min(n, len(list))]
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = "“" + s + "”"
	}
	return out
}
