package lint

// Word is a word of a text in the normal form the matcher compares
// (case folded, accents and curly apostrophes folded), with its byte range
// in the text.
type Word struct {
	Norm       string
	Start, End int
}

// Folder splits texts into sentences of words folded as the matcher folds
// them, for tools that count wording (lexlint lexicon mine). It is not
// safe for concurrent use.
type Folder struct {
	t *tokenizer
}

// NewFolder returns a Folder.
func NewFolder() *Folder { return &Folder{t: newTokenizer()} }

// Sentences returns the sentences of text as runs of words. A word that
// begins in a skipped range (a quote, markup) is left out and ends the
// run, so no run spans one.
func (f *Folder) Sentences(text []byte, skip [][2]int) [][]Word {
	var out [][]Word
	var cur []Word
	sentence := int32(-1)
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, tok := range f.t.tokenize(text) {
		if tok.Sentence != sentence {
			flush()
			sentence = tok.Sentence
		}
		if skipped(skip, tok.Start) {
			flush()
			continue
		}
		cur = append(cur, Word{Norm: string(f.t.norm(tok)), Start: tok.Start, End: tok.End})
	}
	flush()
	return out
}

func skipped(skip [][2]int, at int) bool {
	for _, s := range skip {
		if at >= s[0] && at < s[1] {
			return true
		}
	}
	return false
}
