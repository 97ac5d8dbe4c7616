// Package lexicon defines lexlint's lexicon format: YAML files of discouraged
// and encouraged service-language phrases. It loads them strictly, with the
// file, line and column of every problem, resolves extends chains and holds
// the embedded built-in lexicons (builtin:en and builtin:nl).
//
// The package knows the phrase syntax but not how text is tokenised; the lint
// package compiles loaded lexicons into a matcher.
package lexicon

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Severity ranks a discouraged entry. Higher is more severe.
type Severity int

// The severities, from least to most severe. SeverityNone is only used as a
// failure level that nothing reaches.
const (
	SeveritySuggestion Severity = iota + 1
	SeverityWarning
	SeverityError
	SeverityNone
)

// ParseSeverity reads a severity name: error, warning or suggestion.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return SeverityError, true
	case "warning":
		return SeverityWarning, true
	case "suggestion":
		return SeveritySuggestion, true
	}
	return 0, false
}

// String returns the severity's name as written in lexicons.
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeveritySuggestion:
		return "suggestion"
	case SeverityNone:
		return "none"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return fmt.Errorf("unknown severity %q: use error, warning or suggestion", b)
	}
	*s = v
	return nil
}

// Pos is a place in a lexicon file. Line and Col are 1-based; Col counts
// characters.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Lexicon is one loaded lexicon file.
type Lexicon struct {
	Name        string
	Language    string // "en", "nl", ... or "" for any language
	Source      string // the path it was read from, or builtin:xx
	Extends     []string
	Discouraged []*Entry
	Encouraged  []*Group
	// Skip lists the words (particles such as "toch", "gewoon", "just")
	// that may stand between two words of this lexicon's phrases, and of
	// the lexicons that extend it, without breaking the match.
	Skip []Word
	// Classes are named word classes its phrases use as <name>; lexicons
	// that extend it see them too.
	Classes map[string]*Class
}

// Word is a word written in a lexicon, with its place.
type Word struct {
	Text string
	Pos  Pos
}

// Class is a named word class: a phrase's <name> matches any member.
type Class struct {
	Name    string
	Members []string // each one or more words
	Pos     Pos
}

// Entry is a discouraged-phrase entry: wording agents should avoid.
type Entry struct {
	ID       string
	Category string
	Severity Severity
	Phrases  []Phrase
	// Unless are phrases that cancel a match of the entry when one of them
	// follows it in the same sentence: the alternative an agent offers
	// after "that is not possible" ("..., but I can send you ...").
	Unless []Phrase
	// NotInQuestions: a match in a sentence that ends with a question
	// mark is not reported ("questions: false"): "Do you have to pay?"
	// asks, where "You have to pay." orders.
	NotInQuestions bool
	Message        string
	Suggestions    []string
	SuggestionPos  []Pos // where each suggestion is written
	// Fix is the suggestion --fix writes in place of a match: a safe,
	// meaning-preserving rewrite. Empty when the entry has none.
	Fix    string
	FixPos Pos
	// Link is a page that explains the entry (the team's style guide),
	// an absolute http or https URL; SARIF viewers link to it.
	Link     string
	Examples Examples
	Disabled bool // set by an override: the inherited entry is dropped

	set      map[string]*yaml.Node // the keys the entry was written with
	Pos      Pos                   // where the entry starts
	Lexicon  string                // name of the lexicon that defined it
	Language string
}

// Examples are sentences that must (Flag) or must not (Pass) produce a
// finding of their entry.
type Examples struct {
	Flag []Example
	Pass []Example
}

// Example is one example sentence with its place in the lexicon.
type Example struct {
	Text string
	Pos  Pos
}

// Group is an encouraged-phrase group: wording agents are encouraged to use.
type Group struct {
	ID       string
	Category string
	Phrases  []Phrase
	Pos      Pos
	Lexicon  string
	Language string

	// A presence rule: Require is "reply" or "conversation" when the group
	// must be present, "" when its phrases are only counted.
	Require     string
	Position    string // first, last or any agent message (default any)
	Severity    Severity
	Message     string
	Suggestions []string
	Disabled    bool

	set map[string]*yaml.Node
}

// Presence-rule scopes and positions.
const (
	RequireReply        = "reply"
	RequireConversation = "conversation"
	PositionAny         = "any"
	PositionFirst       = "first"
	PositionLast        = "last"
)

// Phrase is one parsed phrase of an entry or group.
type Phrase struct {
	Source string // as written in the lexicon
	Pos    Pos
	// Regexp is set for "re:" phrases; Elems is empty then.
	Regexp *regexp.Regexp
	Elems  []Elem
	// AtStart ("^" before the first word) and AtEnd ("$" after the last)
	// anchor the phrase to the start or end of a sentence or line.
	AtStart, AtEnd bool
	// Skip lists the words that may stand between two of its words: the
	// skip words of its lexicon and of the lexicons that one extends.
	Skip []string
	// col is the column of the phrase's first character in its file, for
	// errors that point inside the phrase.
	col int
}

// At returns the place of the phrase's byte offset off, when the phrase is
// written on one line; else the place of the phrase.
func (p Phrase) At(off int) Pos {
	pos := p.Pos
	if p.col > 0 && off <= len(p.Source) {
		pos.Col = p.col + utf8.RuneCountInString(p.Source[:off])
	}
	return pos
}

// ElemKind tells what one element of a phrase matches.
type ElemKind int

// The element kinds of the phrase syntax.
const (
	// ElemWord matches one of Alts (each alternative may be more than one
	// token once normalised, e.g. "e-mail").
	ElemWord ElemKind = iota
	// ElemAny ("*") matches exactly one word.
	ElemAny
	// ElemGap ("...") matches zero to MaxGap words in the same sentence,
	// or with Long ("~") zero to MaxLongGap.
	ElemGap
	// ElemClass ("<name>") matches a member of a word class. Load turns it
	// into an ElemWord whose Alts are the members and whose Class is name.
	ElemClass
	// ElemPerm ("{a b}") matches the elements of Group in any order.
	ElemPerm
)

// MaxGap is the most words a "..." gap spans, MaxLongGap a "~" gap: long
// enough for the object or subclause a formal sentence puts between its
// telling words ("Had u de handleiding bij het apparaat aandachtig
// doorgenomen").
const (
	MaxGap     = 4
	MaxLongGap = 8
)

// classPattern is the form of a word class's name.
var classPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// MaxPerm is the most elements a {...} group may hold (4 make 24 orders).
const MaxPerm = 4

// MaxSkip is the most skippable words that may stand together between two
// words of a phrase.
const MaxSkip = 3

// Elem is one element of a phrase.
type Elem struct {
	Kind     ElemKind
	Alts     []string // for ElemWord: the alternatives, as written
	Optional bool     // for ElemWord written "(a|b)?" or ElemClass "<name>?": the word may be absent
	Class    string   // for ElemClass, and ElemWord resolved from one: the class's name
	Group    []Elem   // for ElemPerm: the elements, in any order
	Long     bool     // for ElemGap written "~": up to MaxLongGap words
}

// GapMax is the most words a gap element spans.
func (e Elem) GapMax() int {
	if e.Long {
		return MaxLongGap
	}
	return MaxGap
}

// ParsePhrase parses the phrase syntax:
//
//	words          match whole words, ignoring case, diacritics and apostrophe style
//	*              exactly one word
//	...            zero to four words within the same sentence
//	~              zero to eight words within the same sentence
//	(a|b|c)        one of the alternatives at this word position; an
//	               alternative may be several words: (in fact|actually)
//	(a|b)?         the same, or nothing: "sorry (about that)? but"
//	<name>         one member of the word class name, declared under
//	               classes in the lexicon or one it extends; <name>? may be absent
//	{a b c}        the words, alternatives and classes inside, in any order
//	               ("{ik kan} dat niet" is also "kan ik dat niet")
//	^ ... / ... $  as the first / last word: the phrase starts / ends a
//	               sentence or a line ("^ no $", "^ calm down")
//	re:PATTERN     a Go regular expression, matched case-insensitively
//	               against the original text; when it has a group named
//	               "match", (?P<match>...), only that group is reported
//
// Classes are left unresolved (ElemClass); Load resolves them.
func ParsePhrase(src string) (Phrase, error) {
	p := Phrase{Source: src}
	if strings.TrimSpace(src) == "" {
		return p, fmt.Errorf("empty phrase: write the words to match, or remove the item")
	}
	if rest, ok := strings.CutPrefix(src, "re:"); ok {
		re, err := parseRegexp(rest)
		p.Regexp = re
		return p, err
	}
	fields, err := splitPhrase(src)
	if err != nil {
		return p, err
	}
	if len(fields) > 0 && fields[0] == "^" {
		p.AtStart, fields = true, fields[1:]
	}
	if n := len(fields); n > 0 && fields[n-1] == "$" {
		p.AtEnd, fields = true, fields[:n-1]
	}
	for _, f := range fields {
		if f == "^" || f == "$" {
			return p, fmt.Errorf("%q stands only at the start (^) or end ($) of a phrase %q", f, src)
		}
		e, err := parseElem(f, true)
		if err != nil {
			return p, err
		}
		p.Elems = append(p.Elems, e)
	}
	return p, checkElems(p)
}

// parseRegexp parses the pattern of a "re:" phrase.
func parseRegexp(rest string) (*regexp.Regexp, error) {
	if strings.TrimSpace(rest) == "" {
		return nil, fmt.Errorf("empty regular expression after \"re:\"")
	}
	if _, err := regexp.Compile(rest); err != nil {
		return nil, fmt.Errorf("bad regular expression %q: %v; write Go RE2 syntax (https://pkg.go.dev/regexp/syntax)", rest, err)
	}
	re, err := regexp.Compile("(?i)" + rest)
	if err != nil {
		return nil, fmt.Errorf("bad regular expression %q: %v", rest, err)
	}
	if re.MatchString("") {
		return nil, fmt.Errorf("regular expression %q matches empty text; make it match at least one character", rest)
	}
	return re, nil
}

// parseElem parses one field of a phrase; top is false inside a {...}
// group, where wildcards and groups are not allowed.
func parseElem(f string, top bool) (Elem, error) {
	switch {
	case f == "*" || f == "..." || f == "…" || f == "~":
		if !top {
			return Elem{}, fmt.Errorf("%q inside {...}: a group in any order holds words, alternatives and classes only", f)
		}
		if f == "*" {
			return Elem{Kind: ElemAny}, nil
		}
		return Elem{Kind: ElemGap, Long: f == "~"}, nil
	case strings.HasPrefix(f, "{"):
		if !top {
			return Elem{}, fmt.Errorf("nested \"{\" in %q: groups in any order cannot be nested", f)
		}
		return parsePerm(f)
	case strings.HasPrefix(f, "<"):
		optional := strings.HasSuffix(f, ">?")
		name := strings.TrimSuffix(strings.TrimSuffix(f[1:], "?"), ">")
		if !classPattern.MatchString(name) || !(strings.HasSuffix(f, ">") || optional) {
			return Elem{}, fmt.Errorf("%q is not a word class: write <name> with a lower-case name (letters, digits, '-'), e.g. <you>", f)
		}
		return Elem{Kind: ElemClass, Class: name, Optional: optional}, nil
	case strings.HasPrefix(f, "("):
		return parseAlts(f)
	}
	if strings.ContainsAny(f, `[]\{}<>`) {
		return Elem{}, fmt.Errorf("%q looks like a regular expression: write alternatives as (a|b), or start the phrase with \"re:\"", f)
	}
	if strings.ContainsAny(f, "*|~") || strings.Contains(f, "...") {
		return Elem{}, fmt.Errorf("%q mixes a wildcard with letters: write \"*\", \"...\" or \"~\" as a word of its own", f)
	}
	return Elem{Kind: ElemWord, Alts: []string{f}}, nil
}

// parseAlts parses "(a|b|c)" or "(a|b|c)?".
func parseAlts(f string) (Elem, error) {
	optional := strings.HasSuffix(f, ")?")
	inner := strings.TrimSuffix(strings.TrimSuffix(f[1:], "?"), ")")
	var alts []string
	for _, a := range strings.Split(inner, "|") {
		a = strings.Join(strings.Fields(a), " ")
		if a == "" {
			return Elem{}, fmt.Errorf("empty alternative in %q: write a word between every pair of '|'", f)
		}
		if strings.ContainsAny(a, "*()<>{}~") || strings.Contains(a, "...") {
			return Elem{}, fmt.Errorf("alternative %q in %q: alternatives hold plain words only", a, f)
		}
		alts = append(alts, a)
	}
	return Elem{Kind: ElemWord, Alts: alts, Optional: optional}, nil
}

// parsePerm parses "{a b c}", whose elements match in any order.
func parsePerm(f string) (Elem, error) {
	if !strings.HasSuffix(f, "}") {
		return Elem{}, fmt.Errorf("%q: a group in any order ends with \"}\" and cannot be optional", f)
	}
	fields, err := splitPhrase(f[1 : len(f)-1])
	if err != nil {
		return Elem{}, err
	}
	if len(fields) < 2 || len(fields) > MaxPerm {
		return Elem{}, fmt.Errorf("%q: a group in any order holds 2 to %d words, alternatives or classes", f, MaxPerm)
	}
	e := Elem{Kind: ElemPerm}
	for _, sub := range fields {
		se, err := parseElem(sub, false)
		if err != nil {
			return Elem{}, err
		}
		e.Group = append(e.Group, se)
	}
	return e, nil
}

// checkElems checks that a parsed phrase has words to anchor it.
func checkElems(p Phrase) error {
	words := 0
	for _, e := range p.Elems {
		if (e.Kind == ElemWord || e.Kind == ElemClass) && !e.Optional || e.Kind == ElemPerm {
			words++
		}
	}
	if words == 0 && len(p.Elems) == 0 {
		return fmt.Errorf("phrase %q has no words: write the words to match", p.Source)
	}
	if words == 0 {
		return fmt.Errorf("phrase %q has no required words: wildcards and optional words need at least one word to anchor them", p.Source)
	}
	if first, last := p.Elems[0], p.Elems[len(p.Elems)-1]; first.Kind == ElemGap || last.Kind == ElemGap {
		return fmt.Errorf("phrase %q starts or ends with a gap (\"...\" or \"~\"), which adds nothing: remove it", p.Source)
	}
	return nil
}

// splitPhrase splits a phrase into words, keeping each parenthesised group
// and each {...} group (which may contain spaces) as one field.
func splitPhrase(src string) ([]string, error) {
	var fields []string
	var cur strings.Builder
	depth := 0
	braces := false // inside {...}: taken as it is, split by parsePerm
	closed := false // the last rune closed a group
	flush := func() {
		if cur.Len() > 0 {
			fields = append(fields, cur.String())
			cur.Reset()
		}
		closed = false
	}
	for _, r := range src {
		if braces {
			cur.WriteRune(r)
			switch r {
			case '{':
				return nil, fmt.Errorf("nested \"{\" in %q: groups in any order cannot be nested", src)
			case '}':
				braces = false
				flush()
			}
			continue
		}
		if closed && r != '?' {
			if !isSpace(r) {
				return nil, fmt.Errorf("%q follows \")\" directly in %q: put a space after the alternatives", string(r), src)
			}
			flush()
		}
		switch {
		case r == '{' && depth == 0:
			if cur.Len() > 0 {
				return nil, fmt.Errorf("%q is glued to \"{\" in %q: put a space before the group", cur.String(), src)
			}
			braces = true
			cur.WriteRune(r)
		case r == '}' && depth == 0:
			return nil, fmt.Errorf("\"}\" without \"{\" in %q", src)
		case r == '(':
			if depth > 0 {
				return nil, fmt.Errorf("nested \"(\" in %q: alternatives cannot be nested; write the full words in each alternative instead", src)
			}
			if cur.Len() > 0 {
				return nil, fmt.Errorf("%q is glued to \"(\" in %q: alternatives stand for whole words, so write (you're|you are) rather than you('re| are)", cur.String(), src)
			}
			depth++
			cur.WriteRune(r)
		case r == ')':
			if depth == 0 {
				return nil, fmt.Errorf("\")\" without \"(\" in %q", src)
			}
			depth--
			cur.WriteRune(r)
			closed = true
		case closed && r == '?':
			cur.WriteRune(r)
			flush()
		case depth == 0 && isSpace(r):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	if depth > 0 {
		return nil, fmt.Errorf("unclosed \"(\" in %q: close the alternatives with \")\"", src)
	}
	if braces {
		return nil, fmt.Errorf("unclosed \"{\" in %q: close the group with \"}\"", src)
	}
	flush()
	return fields, nil
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u202f', '\u2007':
		return true
	}
	return false
}
