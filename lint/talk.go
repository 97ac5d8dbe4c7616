package lint

import (
	"github.com/lexlint/lexlint/lexicon"
	"unicode"
	"unicode/utf8"
)

// Address is a Dutch word that addresses the customer, formally ("u",
// "uw") or informally ("je", "jij", "jouw"), with the word of the other
// register to say instead.
type Address struct {
	Start, End int    // bytes of the document's text
	Form       string // "u" or "je"
	Other      string // the word in the other register
}

// Sentence is a sentence of six words or more, by a hash of its words'
// normal forms.
type Sentence struct {
	Hash       uint64
	Start, End int // bytes of the document's text
}

// MinSentenceWords is the fewest words a sentence in Result.Sentences has.
const MinSentenceWords = 6

// addressWords are the Dutch address words: the register of each and the
// word of the other register.
var addressWords = []struct{ word, form, other string }{
	{"u", "u", "je"}, {"uw", "u", "je"}, {"uzelf", "u", "jezelf"},
	{"je", "je", "u"}, {"jij", "je", "u"}, {"jou", "je", "u"}, {"jouw", "je", "uw"}, {"jezelf", "je", "uzelf"},
}

// notAddress are fixed expressions whose "je" addresses nobody.
var notAddress = [][]string{
	{"je", "weet", "maar", "nooit"}, {"je", "kunt", "nooit", "weten"}, {"je", "reinste"}, {"je", "van", "het"},
	{"hoe", "je", "het", "ook", "wendt", "of", "keert"}, {"wat", "je", "noemt"}, {"je", "zou", "zeggen"},
}

// talkKeys are the word keys the conversation rules look for, made once
// per linter.
type talkKeys struct {
	address map[uint64]int // key of an address word: its index in addressWords
	exprs   [][]uint64     // notAddress as keys
	je      uint64
}

func newTalkKeys() *talkKeys {
	k := &talkKeys{address: map[uint64]int{}, je: wordKey([]byte("je"))}
	for i, a := range addressWords {
		k.address[wordKey([]byte(a.word))] = i
	}
	for _, e := range notAddress {
		keys := make([]uint64, len(e))
		for i, w := range e {
			keys[i] = wordKey([]byte(w))
		}
		k.exprs = append(k.exprs, keys)
	}
	return k
}

// genericNames are what exports call a customer whose name they do not
// have.
var genericNames = map[string]bool{"customer": true, "klant": true, "guest": true, "gast": true, "visitor": true,
	"bezoeker": true, "user": true, "gebruiker": true, "unknown": true, "onbekend": true, "anonymous": true, "anoniem": true}

// talk gathers, chunk by chunk of a document's words, what the
// conversation rules and reports need (see Result).
type talk struct {
	keys      *talkKeys
	text      []byte
	res       *Result
	full      []uint64 // the customer's full name, as word keys
	first     uint64   // the first name's key; 0 for none
	nameEnd   int      // the end of the last full name: no first name before it
	address   bool
	sentences bool
	// The sentence being read: its number, first word, hash and words.
	sentence     int32
	start, end   int
	hash         uint64
	words        int
	lastSentence int32 // of the previous token, across chunks
}

// newTalk returns what fills res's conversation fields for doc while it
// is checked, or nil when nothing is asked of it. The address words of a
// document that turns out not to be Dutch are dropped after.
func (l *Linter) newTalk(doc *Document, res *Result, s *scratch) *talk {
	lang := l.language(doc, func() string { return "" })
	t := &talk{keys: l.talkKeys, text: doc.Text, res: res, sentences: doc.Sentences, sentence: -1, lastSentence: -1,
		address: l.conv.RegisterMix != lexicon.SeverityNone && (lang == "" || lang == "nl")}
	if l.conv.NameOveruse != lexicon.SeverityNone && doc.Customer != "" {
		t.full, t.first = nameKeys(s.tok, doc.Customer)
	}
	if !t.address && t.full == nil && !t.sentences {
		return nil
	}
	return t
}

// nameKeys returns the word keys of a customer's name and of the first
// name, or nothing when the name is no name (an e-mail address, an id,
// "Visitor"). A first name of one letter (an initial) does not count.
func nameKeys(tok *tokenizer, customer string) ([]uint64, uint64) {
	for _, r := range customer {
		if r == '@' || unicode.IsDigit(r) {
			return nil, 0
		}
	}
	toks := tok.tokenize([]byte(customer))
	if len(toks) == 0 || genericNames[string(tok.norm(toks[0]))] {
		return nil, 0
	}
	full := make([]uint64, len(toks))
	for i, t := range toks {
		full[i] = t.key
	}
	var first uint64
	if utf8.RuneCountInString(customer[toks[0].Start:toks[0].End]) >= 2 {
		first = toks[0].key
	}
	return full, first
}

func (t *talk) chunk(toks []Token) {
	for i := range toks {
		tok := &toks[i]
		if t.sentences {
			t.sentenceWord(tok)
		}
		if t.full != nil {
			t.name(toks, i)
		}
		// Address words start with u or j: a short word's key is its bytes,
		// first byte lowest, so most words skip the look-up.
		if first := byte(tok.key); t.address && (first == 'u' || first == 'j' || tok.End-tok.Start > 8) {
			if a, ok := t.keys.address[tok.key]; ok && t.isAddress(toks, i) {
				w := addressWords[a]
				t.res.Address = append(t.res.Address, Address{Start: tok.Start, End: tok.End, Form: w.form, Other: w.other})
			}
		}
		t.lastSentence = tok.Sentence
	}
}

// finish ends the last sentence.
func (t *talk) finish() {
	if t.sentences {
		t.endSentence()
	}
}

// name records a mention of the customer's name at toks[i]: the full
// name once, or the first name.
func (t *talk) name(toks []Token, i int) {
	if toks[i].Start < t.nameEnd {
		return // inside a full name
	}
	if n := len(t.full); n > 1 && i+n <= len(toks) {
		match := true
		for j, k := range t.full {
			if toks[i+j].key != k {
				match = false
				break
			}
		}
		if match {
			t.nameEnd = toks[i+n-1].End
			t.res.Names = append(t.res.Names, [2]int{toks[i].Start, t.nameEnd})
			return
		}
	}
	if t.first != 0 && toks[i].key == t.first {
		t.res.Names = append(t.res.Names, [2]int{toks[i].Start, toks[i].End})
	}
}

// sentenceWord adds a word to the sentence it belongs to, ending the
// previous one.
func (t *talk) sentenceWord(tok *Token) {
	if tok.Sentence != t.sentence {
		t.endSentence()
		t.sentence, t.start, t.hash, t.words = tok.Sentence, tok.Start, 14695981039346656037, 0
	}
	t.hash = (t.hash ^ tok.key) * 1099511628211
	t.hash ^= t.hash >> 31
	t.end = tok.End
	t.words++
}

// endSentence records the sentence being read, if it is long enough.
func (t *talk) endSentence() {
	if t.words >= MinSentenceWords {
		t.res.Sentences = append(t.res.Sentences, Sentence{Hash: t.hash, Start: t.start, End: t.end})
	}
	t.words = 0
}

// isAddress tells an address word from a fixed expression, a name or an
// abbreviation: "Je" or "Jij" capitalised inside a sentence is a name or
// a title, "u" after a number is "uur", and words joined by hyphens
// ("U-bocht") are other words.
func (t *talk) isAddress(toks []Token, i int) bool {
	tok := toks[i]
	text := t.text
	word := text[tok.Start:tok.End]
	firstOfSentence := i == 0 && t.lastSentence != tok.Sentence || i > 0 && toks[i-1].Sentence != tok.Sentence
	if word[0] == 'J' && !firstOfSentence {
		return false
	}
	if tok.Start > 0 && text[tok.Start-1] == '-' || tok.End < len(text) && text[tok.End] == '-' {
		return false
	}
	if (word[0] == 'u' || word[0] == 'U') && len(word) == 1 && i > 0 && isDigits(text[toks[i-1].Start:toks[i-1].End]) {
		return false
	}
	if tok.key == t.keys.je {
		for _, e := range t.keys.exprs {
			for at, k := range e {
				if k != t.keys.je || i-at < 0 || i-at+len(e) > len(toks) {
					continue
				}
				match := true
				for j, kk := range e {
					if toks[i-at+j].key != kk {
						match = false
						break
					}
				}
				if match {
					return false
				}
			}
		}
	}
	return true
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}
