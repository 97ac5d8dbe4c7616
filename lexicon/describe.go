package lexicon

// Described is one entry or group as lists and APIs show it.
type Described struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"` // discouraged or encouraged
	Category    string   `json:"category"`
	Severity    string   `json:"severity,omitempty"`
	Phrases     []string `json:"phrases"`
	Message     string   `json:"message,omitempty"`
	Suggestions []string `json:"suggestions"`
	Fix         string   `json:"fix,omitempty"`
	Require     string   `json:"require,omitempty"`
	Position    string   `json:"position,omitempty"`
	Lexicon     string   `json:"lexicon"`
	Language    string   `json:"language,omitempty"`
}

// Describe lists the entries and groups of loaded lexicons.
func Describe(lexs []*Lexicon) []Described {
	var out []Described
	for _, lex := range lexs {
		for _, e := range lex.Discouraged {
			out = append(out, Described{ID: e.ID, Kind: "discouraged", Category: e.Category, Severity: e.Severity.String(),
				Phrases: sources(e.Phrases), Message: e.Message, Suggestions: nonNil(e.Suggestions), Fix: e.Fix,
				Lexicon: lex.Name, Language: lex.Language})
		}
		for _, g := range lex.Encouraged {
			d := Described{ID: g.ID, Kind: "encouraged", Category: g.Category, Phrases: sources(g.Phrases), Message: g.Message,
				Suggestions: nonNil(g.Suggestions), Require: g.Require, Lexicon: lex.Name, Language: lex.Language}
			if g.Require != "" {
				d.Severity, d.Position = g.Severity.String(), g.Position
			}
			out = append(out, d)
		}
	}
	return out
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
