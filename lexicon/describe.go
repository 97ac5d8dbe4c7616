package lexicon

import (
	"slices"
	"strings"
)

// Described is one entry or group as lists and APIs show it.
type Described struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"` // discouraged or encouraged
	Category    string   `json:"category"`
	Severity    string   `json:"severity,omitempty"`
	Phrases     []string `json:"phrases"`
	Unless      []string `json:"unless,omitempty"`
	Message     string   `json:"message,omitempty"`
	Suggestions []string `json:"suggestions"`
	Fix         string   `json:"fix,omitempty"`
	Require     string   `json:"require,omitempty"`
	Position    string   `json:"position,omitempty"`
	Lexicon     string   `json:"lexicon"`
	Language    string   `json:"language,omitempty"`
	// FlagExamples are the entry's flag examples: sentences the entry
	// flags, as agents write them.
	FlagExamples []string `json:"flag_examples,omitempty"`
	// Readable are the phrases as an agent would recognise them: the first
	// of each set of alternatives, optional words left out, "…" for a
	// gap (regular expressions are left out).
	Readable []string `json:"-"`
}

// Describe lists the entries and groups of loaded lexicons.
func Describe(lexs []*Lexicon) []Described {
	var out []Described
	for _, lex := range lexs {
		for _, e := range lex.Discouraged {
			d := Described{ID: e.ID, Kind: "discouraged", Category: e.Category, Severity: e.Severity.String(),
				Phrases: sources(e.Phrases), Unless: sources(e.Unless), Message: e.Message, Suggestions: nonNil(e.Suggestions), Fix: e.Fix,
				Lexicon: lex.Name, Language: lex.Language, Readable: readables(e.Phrases)}
			for _, ex := range e.Examples.Flag {
				d.FlagExamples = append(d.FlagExamples, ex.Text)
			}
			out = append(out, d)
		}
		for _, g := range lex.Encouraged {
			d := Described{ID: g.ID, Kind: "encouraged", Category: g.Category, Phrases: sources(g.Phrases), Message: g.Message,
				Suggestions: nonNil(g.Suggestions), Require: g.Require, Lexicon: lex.Name, Language: lex.Language,
				Readable: readables(g.Phrases)}
			if g.Require != "" {
				d.Severity, d.Position = g.Severity.String(), g.Position
			}
			out = append(out, d)
		}
	}
	return out
}

// readables returns the phrases as an agent would recognise them, each
// once, regular expressions left out.
func readables(ps []Phrase) []string {
	var out []string
	for _, p := range ps {
		if p.Regexp != nil {
			continue
		}
		if r := readable(p.Elems); r != "" && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// readable writes elements as plain words: the first alternative, optional
// elements left out, "…" for "*" and "...", a {…} group in its order.
func readable(elems []Elem) string {
	var words []string
	for _, e := range elems {
		switch {
		case e.Optional:
		case e.Kind == ElemWord && len(e.Alts) > 0:
			words = append(words, e.Alts[0])
		case e.Kind == ElemAny || e.Kind == ElemGap:
			if len(words) == 0 || words[len(words)-1] != "…" {
				words = append(words, "…")
			}
		case e.Kind == ElemPerm:
			words = append(words, readable(e.Group))
		case e.Kind == ElemClass:
			words = append(words, e.Class)
		}
	}
	return strings.Join(words, " ")
}

func sources(ps []Phrase) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Source
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
