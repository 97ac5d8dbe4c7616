package lint

// Language detection works on function words: short, frequent words that
// belong to one language (articles, pronouns, auxiliaries, prepositions).
// Words shared by English and Dutch ("is", "we", "in", "was", "me", "of")
// are left out. The language with more such words wins; a tie, including a
// text with none, stays undecided and is checked against every language.

// detectLang returns "en", "nl" or "" when undecided.
func detectLang(t *tokenizer, toks []Token) string {
	en, nl := 0, 0
	for _, tok := range toks {
		w := string(t.norm(tok))
		if isEnglishFunctionWord(w) {
			en++
		} else if isDutchFunctionWord(w) {
			nl++
		}
	}
	switch {
	case en > nl:
		return "en"
	case nl > en:
		return "nl"
	}
	return ""
}

func isEnglishFunctionWord(w string) bool {
	switch w {
	case "the", "and", "you", "your", "to", "it", "that", "this", "for", "with",
		"have", "has", "be", "are", "can", "will", "not", "my", "please", "thanks",
		"thank", "what", "would", "could", "there", "from", "about", "our", "if",
		"i", "i'm", "it's", "don't", "can't", "a", "an", "on", "at", "do", "just",
		"they", "which", "been", "were", "should", "us", "any", "here", "how":
		return true
	}
	return false
}

func isDutchFunctionWord(w string) bool {
	switch w {
	case "de", "het", "een", "en", "van", "je", "jij", "u", "uw", "ik", "dat",
		"niet", "met", "voor", "op", "zijn", "wij", "er", "te", "om", "ook", "naar",
		"kan", "heeft", "hebben", "maar", "dit", "die", "bij", "wat", "wel", "graag",
		"als", "nog", "hoe", "mijn", "ons", "onze", "geen", "dan", "deze", "wordt",
		"worden", "zou", "kunnen", "moet", "jullie", "bedankt", "alvast", "uit", "aan":
		return true
	}
	return false
}
