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
// messages, in order, from what Check gathered of each (Result.Names and
// Result.Address).
type dialogue struct {
	rules ConversationRules
	names int    // times the customer's name was said
	form  string // the register the conversation keeps to: "u", "je" or "" (not yet known)
}

func newDialogue(rules ConversationRules) *dialogue { return &dialogue{rules: rules} }

// reset starts a conversation.
func (d *dialogue) reset() { d.names, d.form = 0, d.rules.Register }

// message checks one agent message and returns its findings, in order.
func (d *dialogue) message(doc *Document, res *Result) []Finding {
	if len(doc.Text) == 0 {
		return nil
	}
	var out []Finding
	if f, ok := d.nameOveruse(doc, res); ok {
		out = append(out, f)
	}
	if f, ok := d.registerMix(doc, res); ok {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Finding) int { return a.Offset - b.Offset })
	return out
}

// nameOveruse counts the mentions of the customer's name and reports the
// one that passes the threshold.
func (d *dialogue) nameOveruse(doc *Document, res *Result) (Finding, bool) {
	if d.rules.NameOveruse == lexicon.SeverityNone {
		return Finding{}, false
	}
	for _, span := range res.Names {
		d.names++
		if d.names != d.rules.NameThreshold+1 {
			continue
		}
		// No suggestions: what to say instead is leaving the name out, which
		// editors and the extension would otherwise write in as text.
		f := doc.finding(span[0], span[1])
		f.Rule, f.Category, f.Severity, f.Message, f.Lexicon = RuleNameOveruse, CategoryScripted, d.rules.NameOveruse, nameMessage(res.Lang, d.rules.NameThreshold), "builtin"
		return f, true
	}
	return Finding{}, false
}

// registerMix finds the first word of this message that addresses the
// customer in the other register than the conversation keeps to.
func (d *dialogue) registerMix(doc *Document, res *Result) (Finding, bool) {
	if d.rules.RegisterMix == lexicon.SeverityNone || res.Lang != "nl" {
		return Finding{}, false
	}
	for _, a := range res.Address {
		if d.form == "" {
			d.form = a.Form
			continue
		}
		if a.Form == d.form {
			continue
		}
		f := doc.finding(a.Start, a.End)
		f.Rule, f.Category, f.Severity, f.Message, f.Lexicon = RuleRegisterMix, CategoryRegister, d.rules.RegisterMix, registerMessage(a.Form, d.form, d.rules.Register != ""), "builtin"
		f.Suggestions = []string{matchCase(string(doc.Text[a.Start:a.End]), a.Other)}
		return f, true
	}
	return Finding{}, false
}

// nameMessage is name-overuse's message in a language.
func nameMessage(lang string, threshold int) string {
	if lang == "nl" {
		return fmt.Sprintf("De naam van de klant valt vaker dan %d keer in dit gesprek; zo vaak klinkt ingestudeerd. Laat hem hier weg en bewaar hem voor de begroeting en de momenten die ertoe doen.", threshold)
	}
	return fmt.Sprintf("The customer's name is said more than %d times in this conversation; that many sounds scripted. Leave it out here, and keep it for the greeting and the moments that matter.", threshold)
}

// registerMessage is nl.register-mix's message for a word of form in a
// conversation that keeps to kept (the desk's own register when house).
func registerMessage(form, kept string, house bool) string {
	quoted := map[string]string{"u": "“u”", "je": "“je”"}
	if house {
		return fmt.Sprintf("Jullie spreken klanten aan met %s; hier staat %s.", quoted[kept], quoted[form])
	}
	return fmt.Sprintf("De klant wordt hier met %s aangesproken en elders met %s; houd één aanspreekvorm aan.", quoted[form], quoted[kept])
}

// DescribeConversationRules lists the conversation rules that are on as
// entries of the languages given, for lexicon list and the style guide.
func DescribeConversationRules(rules ConversationRules, langs []string) []lexicon.Described {
	rules = rules.withDefaults()
	var out []lexicon.Described
	for _, lang := range langs {
		if rules.NameOveruse != lexicon.SeverityNone {
			example := "Thanks, Sam! Sam, I'll check it now. Here you are, Sam: anything else, Sam?"
			if lang == "nl" {
				example = "Dank je, Sanne! Sanne, ik kijk het na. Alsjeblieft, Sanne: nog iets, Sanne?"
			}
			out = append(out, lexicon.Described{ID: RuleNameOveruse, Kind: "discouraged", Category: CategoryScripted,
				Severity: rules.NameOveruse.String(), Phrases: []string{}, Message: nameMessage(lang, rules.NameThreshold),
				Suggestions: []string{}, Lexicon: "builtin", Language: lang, FlagExamples: []string{example}})
		}
		if lang == "nl" && rules.RegisterMix != lexicon.SeverityNone {
			kept, other := "u", "je"
			if rules.Register == "je" {
				kept, other = "je", "u"
			}
			out = append(out, lexicon.Described{ID: RuleRegisterMix, Kind: "discouraged", Category: CategoryRegister,
				Severity: rules.RegisterMix.String(), Phrases: []string{}, Message: registerMessage(other, kept, rules.Register != ""),
				Suggestions: []string{}, Lexicon: "builtin", Language: lang,
				FlagExamples: []string{"Kunt u het nummer sturen? Dan kijk ik of je pakket onderweg is."}})
		}
	}
	return out
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
