package lint

import "strings"

// Language detection works on function words: short, frequent words that
// belong to one language (articles, pronouns, auxiliaries, prepositions).
// Words shared by English and Dutch ("is", "we", "in", "was", "me", "of")
// are left out, and so is the Dutch "u", which English chat writes for
// "you". The language with more such words wins; a tie, including a
// text with none, stays undecided and is checked against every language.

// The matcher's vocabulary table marks these words, so detection is a
// by-product of looking words up (matcher.detect).

// functionWords maps the function words of English (1) and Dutch (2).
func functionWords() map[string]int8 {
	out := map[string]int8{}
	for _, w := range strings.Fields(`the and you your to it that this for with have has be are can will
		not my please thanks thank what would could there from about our if i i'm it's don't can't a an
		on at do just they which been were should us any here how`) {
		out[w] = 1
	}
	for _, w := range strings.Fields(`de het een en van je jij uw ik dat niet met voor op zijn wij er te
		om ook naar kan heeft hebben maar dit die bij wat wel graag als nog hoe mijn ons onze geen dan deze
		wordt worden zou kunnen moet jullie bedankt alvast uit aan`) {
		out[w] = 2
	}
	return out
}
