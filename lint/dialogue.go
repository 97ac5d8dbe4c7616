package lint

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lexlint/lexlint/lexicon"
)

// The built-in conversation rules: what no phrase can show, because it is
// about how often or how consistently an agent says something over a
// conversation.
const (
	RuleNameOveruse  = "name-overuse"    // the customer's name said more than a few times
	RuleRegisterMix  = "nl.register-mix" // a Dutch customer addressed both as "u" and as "je"
	CategoryScripted = "scripted"
	CategoryRegister = "register"
)

// DefaultNameThreshold is how many times an agent may say the customer's
// name in one conversation before it sounds scripted.
const DefaultNameThreshold = 3

// ConversationRules set the built-in conversation rules. The zero value
// has both on as suggestions, a name threshold of 3 and no house register.
type ConversationRules struct {
	NameOveruse   lexicon.Severity // 0: suggestion; SeverityNone: off
	NameThreshold int              // the most times the name may be said; 0: DefaultNameThreshold
	RegisterMix   lexicon.Severity // 0: suggestion; SeverityNone: off
	// Register is the desk's register, "u" or "je": the other form is
	// flagged wherever it appears. Empty: the form an agent starts a
	// conversation with is the one to keep.
	Register string
}

// ConversationRuleIDs lists the built-in conversation rules' ids with
// their categories.
func ConversationRuleIDs() map[string]string {
	return map[string]string{RuleNameOveruse: CategoryScripted, RuleRegisterMix: CategoryRegister}
}

// withDefaults fills in the zero values.
func (r ConversationRules) withDefaults() ConversationRules {
	if r.NameOveruse == 0 {
		r.NameOveruse = lexicon.SeveritySuggestion
	}
	if r.RegisterMix == 0 {
		r.RegisterMix = lexicon.SeveritySuggestion
	}
	if r.NameThreshold <= 0 {
		r.NameThreshold = DefaultNameThreshold
	}
	return r
}

// on reports whether any conversation rule is on.
func (r ConversationRules) on() bool {
	return r.NameOveruse != lexicon.SeverityNone || r.RegisterMix != lexicon.SeverityNone
}

// dialogue applies the conversation rules to one conversation's agent
// messages, in order.
type dialogue struct {
	rules ConversationRules
	tok   *tokenizer
	names int    // times the customer's name was said
	form  string // the register the conversation keeps to: "u", "je" or "" (not yet known)
}

func newDialogue(rules ConversationRules) *dialogue {
	return &dialogue{rules: rules, tok: newTokenizer()}
}

// reset starts a conversation.
func (d *dialogue) reset() { d.names, d.form = 0, d.rules.Register }

// message checks one agent message and returns its findings.
func (d *dialogue) message(doc *Document, res *Result) []Finding {
	if len(doc.Text) == 0 {
		return nil
	}
	toks := d.words(doc)
	var out []Finding
	if d.rules.NameOveruse != lexicon.SeverityNone && doc.Customer != "" {
		if f, ok := d.nameOveruse(doc, toks, res.Lang); ok {
			out = append(out, f)
		}
	}
	if d.rules.RegisterMix != lexicon.SeverityNone && res.Lang == "nl" {
		if f, ok := d.registerMix(doc, toks); ok {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b Finding) int { return a.Offset - b.Offset })
	return out
}

// A word is a token of a message outside its skipped ranges, with its
// normal form.
type word struct {
	start, end int
	norm       string
	first      bool // the first word of its sentence
}

// words tokenises the message's prose.
func (d *dialogue) words(doc *Document) []word {
	var out []word
	sentence := int32(-1)
	for _, t := range d.tok.tokenize(doc.Text) {
		first := t.Sentence != sentence
		sentence = t.Sentence
		if inSkip(doc.Skip, t.Start) {
			continue
		}
		out = append(out, word{t.Start, t.End, string(d.tok.norm(t)), first})
	}
	return out
}

func inSkip(skip [][2]int, off int) bool {
	for _, s := range skip {
		if off >= s[0] && off < s[1] {
			return true
		}
	}
	return false
}

// genericNames are what exports call a customer whose name they do not
// have.
var genericNames = []string{"customer", "klant", "guest", "gast", "visitor", "bezoeker", "user", "gebruiker", "unknown", "onbekend", "anonymous", "anoniem"}

// nameForms returns the customer's full name and first name as normal
// forms, or nothing when the name is no name (an e-mail address, an id,
// "Visitor").
func (d *dialogue) nameForms(customer string) (full []string, first string) {
	if strings.ContainsAny(customer, "@0123456789") {
		return nil, ""
	}
	for _, t := range d.tok.tokenize([]byte(customer)) {
		full = append(full, string(d.tok.norm(t)))
	}
	if len(full) == 0 || slices.Contains(genericNames, full[0]) {
		return nil, ""
	}
	if utf8.RuneCountInString(full[0]) >= 2 {
		first = full[0]
	}
	return full, first
}

// nameOveruse counts the mentions of the customer's name (the full name
// once, or the first name) and reports the one that passes the threshold.
func (d *dialogue) nameOveruse(doc *Document, toks []word, lang string) (Finding, bool) {
	full, first := d.nameForms(doc.Customer)
	if full == nil {
		return Finding{}, false
	}
	for i := 0; i < len(toks); i++ {
		n := 0
		switch {
		case len(full) > 1 && i+len(full) <= len(toks) && equalNorms(toks[i:i+len(full)], full):
			n = len(full)
		case first != "" && toks[i].norm == first:
			n = 1
		default:
			continue
		}
		d.names++
		start, end := toks[i].start, toks[i+n-1].end
		i += n - 1
		if d.names == d.rules.NameThreshold+1 {
			msg := fmt.Sprintf("The customer's name is said more than %d times in this conversation; that many sounds scripted, so keep it for the greeting and the moments that matter.", d.rules.NameThreshold)
			sug := []string{"(leave the name out here)"}
			if lang == "nl" {
				msg = fmt.Sprintf("De naam van de klant valt vaker dan %d keer in dit gesprek; zo vaak klinkt ingestudeerd. Bewaar de naam voor de begroeting en de momenten die ertoe doen.", d.rules.NameThreshold)
				sug = []string{"(laat de naam hier weg)"}
			}
			f := doc.finding(start, end)
			f.Rule, f.Category, f.Severity, f.Message, f.Suggestions, f.Lexicon = RuleNameOveruse, CategoryScripted, d.rules.NameOveruse, msg, sug, "builtin"
			return f, true
		}
	}
	return Finding{}, false
}

func equalNorms(ws []word, norms []string) bool {
	for i, w := range ws {
		if w.norm != norms[i] {
			return false
		}
	}
	return true
}

// addressForms maps the Dutch words that address the customer to their
// register, and a word of the other register to say instead.
var addressForms = map[string][2]string{
	"u": {"u", "je"}, "uw": {"u", "je"}, "uzelf": {"u", "jezelf"},
	"je": {"je", "u"}, "jij": {"je", "u"}, "jou": {"je", "u"}, "jouw": {"je", "uw"}, "jezelf": {"je", "uzelf"},
}

// notAddress are fixed expressions whose "je" addresses nobody.
var notAddress = [][]string{
	{"je", "weet", "maar", "nooit"}, {"je", "kunt", "nooit", "weten"}, {"je", "reinste"}, {"je", "van", "het"},
	{"hoe", "je", "het", "ook", "wendt", "of", "keert"}, {"wat", "je", "noemt"}, {"je", "zou", "zeggen"},
}

// registerMix finds the first word of this message that addresses the
// customer in the other register than the conversation keeps to.
func (d *dialogue) registerMix(doc *Document, toks []word) (Finding, bool) {
	fixed := fixedExpressions(toks)
	for i, w := range toks {
		form, ok := addressForms[w.norm]
		if !ok || fixed[i] || !d.isAddress(doc, toks, i) {
			continue
		}
		if d.form == "" {
			d.form = form[0]
			continue
		}
		if form[0] == d.form {
			continue
		}
		other := map[string]string{"u": "“u”", "je": "“je”"}
		msg := fmt.Sprintf("De klant wordt hier met %s aangesproken en elders met %s; houd één aanspreekvorm aan.", other[form[0]], other[d.form])
		if d.rules.Register != "" {
			msg = fmt.Sprintf("Jullie spreken klanten aan met %s; hier staat %s.", other[d.form], other[form[0]])
		}
		f := doc.finding(w.start, w.end)
		f.Rule, f.Category, f.Severity, f.Message, f.Lexicon = RuleRegisterMix, CategoryRegister, d.rules.RegisterMix, msg, "builtin"
		f.Suggestions = []string{matchCase(string(doc.Text[w.start:w.end]), form[1])}
		return f, true
	}
	return Finding{}, false
}

// fixedExpressions marks the words of notAddress expressions.
func fixedExpressions(toks []word) []bool {
	fixed := make([]bool, len(toks))
	for i := range toks {
		for _, e := range notAddress {
			if i+len(e) <= len(toks) && equalNorms(toks[i:i+len(e)], e) {
				for j := range e {
					fixed[i+j] = true
				}
			}
		}
	}
	return fixed
}

// isAddress tells an address word from a name or an abbreviation: "Je" or
// "Jij" capitalised inside a sentence is a name or a title, "u" after a
// number is "uur", and words joined by hyphens ("U-bocht") are other words.
func (d *dialogue) isAddress(doc *Document, toks []word, i int) bool {
	w := toks[i]
	text := doc.Text[w.start:w.end]
	if w.norm != "u" && w.norm != "uw" && !w.first && unicode.IsUpper(rune(text[0])) {
		return false
	}
	if w.start > 0 && doc.Text[w.start-1] == '-' || w.end < len(doc.Text) && doc.Text[w.end] == '-' {
		return false
	}
	if w.norm == "u" && i > 0 && toks[i-1].end+2 >= w.start && isNumber(toks[i-1].norm) {
		return false
	}
	return true
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// matchCase gives s the capitalisation of the word it replaces.
func matchCase(like, s string) string {
	r, _ := utf8.DecodeRuneInString(like)
	if unicode.IsUpper(r) {
		f, size := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(f)) + s[size:]
	}
	return s
}

// finding is a finding of the bytes start..end of the document's text,
// placed as the engine places matches.
func (doc *Document) finding(start, end int) Finding {
	posStart, posEnd := start, end
	if doc.Map != nil {
		posStart, posEnd = doc.Map.Start[start], doc.Map.End[end-1]
	}
	offStart, offEnd := posStart, posEnd
	if doc.Map != nil && doc.Map.Decoded {
		posStart, posEnd = start, end
	}
	lines := newCursor(doc)
	line, col := doc.place(lines.position(posStart))
	endLine, endCol := doc.place(lines.position(posEnd))
	return Finding{Path: doc.Path, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
		Offset: doc.Offset + offStart, EndOffset: doc.Offset + offEnd, Match: strings.ToValidUTF8(string(doc.Text[start:end]), "\uFFFD")}
}

// Sentences splits agents' text into sentences as the matcher sees them,
// for counting the sentences an agent repeats. It is not safe for
// concurrent use.
type Sentences struct {
	tok  *tokenizer
	norm []byte
}

// NewSentences returns a sentence splitter.
func NewSentences() *Sentences { return &Sentences{tok: newTokenizer()} }

// Each calls fn with each sentence of text (outside the skipped ranges)
// of at least minWords words: its normal form (words folded as the
// matcher folds them, joined by single spaces) and its text as written.
func (s *Sentences) Each(text []byte, skip [][2]int, minWords int, fn func(norm []byte, written string)) {
	var words []Token
	flush := func() {
		if len(words) >= minWords {
			s.norm = s.norm[:0]
			for i, w := range words {
				if i > 0 {
					s.norm = append(s.norm, ' ')
				}
				s.norm = append(s.norm, s.tok.norm(w)...)
			}
			written := strings.Join(strings.Fields(strings.ToValidUTF8(string(text[words[0].Start:words[len(words)-1].End]), "\uFFFD")), " ")
			fn(s.norm, written)
		}
		words = words[:0]
	}
	sentence := int32(-1)
	for _, t := range s.tok.tokenize(text) {
		if t.Sentence != sentence {
			flush()
			sentence = t.Sentence
		}
		if inSkip(skip, t.Start) {
			flush()
			continue
		}
		words = append(words, t)
	}
	flush()
}
