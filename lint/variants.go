package lint

import "strings"

// Spelling variants: the forms a phrase word or word pair takes in agents'
// writing, which match wherever the phrase has one of them. English
// contractions ("can't" = "cannot" = "can not" = "cant"), chat spellings
// ("u" for "you") and Dutch and Flemish spoken forms ("das" for "dat is",
// "ge" for "je") are folded here, at compile time, into the automaton:
// matching itself stays one pass with no look-ups of its own.
//
// Forms that are also ordinary words are left out: "its" (it's), "were"
// (we're), "well" (we'll), "ill" (I'll), "id" (I'd), "wed" (we'd), "hell",
// "shell", "shed" and "lets" never stand for a contraction.

// variantGroups lists a language's sets of equivalent forms; each form is
// one word or two.
func variantGroups(lang string) [][]string {
	switch lang {
	case "en":
		return englishVariants()
	case "nl":
		return [][]string{
			{"dat is", "das", "da's", "dat's"},
			{"nu eenmaal", "nou eenmaal"},
			{"het is", "'t is", "tis"},
			{"dat", "da"},
			{"je", "ge"},
			{"jij", "gij"},
			{"niet", "nie", "ni"},
			{"bent", "zijt"},
			{"gewoon", "gwn"},
			{"misschien", "mss"},
			{"een", "ne"},
			{"het", "'t"},
			{"even", "ff", "efkes"},
			{"uw", "uwe"},
		}
	}
	return nil
}

func englishVariants() [][]string {
	groups := [][]string{
		{"cannot", "can not", "can't", "cant"},
		{"will not", "won't", "wont"},
		{"i am", "i'm", "im"},
		{"let us", "let's"},
		{"you", "u"},
		{"your", "ur"},
		{"you are", "you're", "youre", "ur"},
		{"are", "r"},
		{"please", "pls", "plz"},
		{"because", "cuz", "coz"},
		{"okay", "ok"},
		{"thanks", "thx"},
		{"before", "b4"},
		{"going to", "gonna"},
		{"want to", "wanna"},
		{"got to", "gotta"},
		{"do not know", "don't know", "dunno"},
	}
	// X + not.
	for _, v := range []string{"is", "are", "was", "were", "do", "does", "did", "have", "has", "had", "could", "would", "should", "must", "need", "might"} {
		groups = append(groups, []string{v + " not", v + "n't", v + "nt"})
	}
	// Pronoun + will, would/had, are, is/has, have. Forms that are words
	// of their own are left out.
	noBare := map[string]bool{"ill": true, "well": true, "hell": true, "shell": true, "id": true, "wed": true, "shed": true, "were": true, "its": true, "hed": true}
	add := func(full, short string) {
		g := []string{full, short}
		if bare := strings.ReplaceAll(short, "'", ""); !noBare[bare] {
			g = append(g, bare)
		}
		groups = append(groups, g)
	}
	for _, p := range []string{"i", "you", "we", "they", "he", "she", "it", "that", "there", "who", "what"} {
		add(p+" will", p+"'ll")
		add(p+" would", p+"'d")
		add(p+" had", p+"'d")
	}
	for _, p := range []string{"you", "we", "they", "who", "what"} {
		add(p+" are", p+"'re")
	}
	for _, p := range []string{"it", "that", "there", "what", "he", "she", "here", "who", "where", "how"} {
		add(p+" is", p+"'s")
		add(p+" has", p+"'s")
	}
	for _, p := range []string{"i", "you", "we", "they", "who", "could", "would", "should", "must", "might"} {
		add(p+" have", p+"'ve")
	}
	for _, p := range []string{"could", "would", "should", "must", "might"} {
		groups = append(groups, []string{p + " have", p + " of"})
	}
	return groups
}

// variants maps a form, normalised (one word, or two joined by a space), to
// the other forms it stands for, each as normalised words.
type variants map[string][][]string

// newVariants builds the variants of a language from its groups, each form
// normalised with norm.
func newVariants(lang string, norm func(string) []string) variants {
	v := variants{}
	for _, g := range variantGroups(lang) {
		forms := make([][]string, 0, len(g))
		for _, f := range g {
			if w := norm(f); len(w) == 1 || len(w) == 2 {
				forms = append(forms, w)
			}
		}
		for i, f := range forms {
			key := strings.Join(f, " ")
			for j, o := range forms {
				if j != i && strings.Join(o, " ") != key && !containsForm(v[key], o) {
					v[key] = append(v[key], o)
				}
			}
		}
	}
	return v
}

func containsForm(list [][]string, f []string) bool {
	for _, g := range list {
		if strings.Join(g, " ") == strings.Join(f, " ") {
			return true
		}
	}
	return false
}
