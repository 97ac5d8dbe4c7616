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
}

// Entry is a discouraged-phrase entry: wording agents should avoid.
type Entry struct {
	ID            string
	Category      string
	Severity      Severity
	Phrases       []Phrase
	Message       string
	Suggestions   []string
	SuggestionPos []Pos // where each suggestion is written
	// Fix is the suggestion --fix writes in place of a match: a safe,
	// meaning-preserving rewrite. Empty when the entry has none.
	Fix      string
	FixPos   Pos
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
	// ElemGap ("...") matches zero to MaxGap words in the same sentence.
	ElemGap
)

// MaxGap is the most words a "..." gap spans.
const MaxGap = 4

// Elem is one element of a phrase.
type Elem struct {
	Kind     ElemKind
	Alts     []string // for ElemWord: the alternatives, as written
	Optional bool     // for ElemWord written "(a|b)?": the word may be absent
}

// ParsePhrase parses the phrase syntax:
//
//	words          match whole words, ignoring case, diacritics and apostrophe style
//	*              exactly one word
//	...            zero to four words within the same sentence
//	(a|b|c)        one of the alternatives at this word position; an
//	               alternative may be several words: (in fact|actually)
//	(a|b)?         the same, or nothing: "sorry (about that)? but"
//	^ ... / ... $  as the first / last word: the phrase starts / ends a
//	               sentence or a line ("^ no $", "^ calm down")
//	re:PATTERN     a Go regular expression, matched case-insensitively
//	               against the original text; when it has a group named
//	               "match", (?P<match>...), only that group is reported
func ParsePhrase(src string) (Phrase, error) {
	p := Phrase{Source: src}
	if strings.TrimSpace(src) == "" {
		return p, fmt.Errorf("empty phrase: write the words to match, or remove the item")
	}
	if rest, ok := strings.CutPrefix(src, "re:"); ok {
		if strings.TrimSpace(rest) == "" {
			return p, fmt.Errorf("empty regular expression after \"re:\"")
		}
		if _, err := regexp.Compile(rest); err != nil {
			return p, fmt.Errorf("bad regular expression %q: %v; write Go RE2 syntax (https://pkg.go.dev/regexp/syntax)", rest, err)
		}
		re, err := regexp.Compile("(?i)" + rest)
		if err != nil {
			return p, fmt.Errorf("bad regular expression %q: %v", rest, err)
		}
		if re.MatchString("") {
			return p, fmt.Errorf("regular expression %q matches empty text; make it match at least one character", rest)
		}
		p.Regexp = re
		return p, nil
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
		switch {
		case f == "*":
			p.Elems = append(p.Elems, Elem{Kind: ElemAny})
		case f == "..." || f == "…":
			p.Elems = append(p.Elems, Elem{Kind: ElemGap})
		case strings.HasPrefix(f, "("):
			optional := strings.HasSuffix(f, ")?")
			inner := strings.TrimSuffix(strings.TrimSuffix(f[1:], "?"), ")")
			var alts []string
			for _, a := range strings.Split(inner, "|") {
				a = strings.Join(strings.Fields(a), " ")
				if a == "" {
					return p, fmt.Errorf("empty alternative in %q: write a word between every pair of '|'", f)
				}
				if strings.ContainsAny(a, "*()") || strings.Contains(a, "...") {
					return p, fmt.Errorf("alternative %q in %q: alternatives hold plain words only", a, f)
				}
				alts = append(alts, a)
			}
			p.Elems = append(p.Elems, Elem{Kind: ElemWord, Alts: alts, Optional: optional})
		default:
			if strings.ContainsAny(f, `[]\{}`) {
				return p, fmt.Errorf("%q looks like a regular expression: write alternatives as (a|b), or start the phrase with \"re:\"", f)
			}
			if strings.ContainsAny(f, "*|") || strings.Contains(f, "...") {
				return p, fmt.Errorf("%q mixes a wildcard with letters: write \"*\" or \"...\" as a word of its own", f)
			}
			p.Elems = append(p.Elems, Elem{Kind: ElemWord, Alts: []string{f}})
		}
	}
	words := 0
	for _, e := range p.Elems {
		if e.Kind == ElemWord && !e.Optional {
			words++
		}
	}
	if words == 0 && len(p.Elems) == 0 {
		return p, fmt.Errorf("phrase %q has no words: write the words to match", src)
	}
	if words == 0 {
		return p, fmt.Errorf("phrase %q has no required words: wildcards and optional words need at least one word to anchor them", src)
	}
	if first, last := p.Elems[0], p.Elems[len(p.Elems)-1]; first.Kind == ElemGap || last.Kind == ElemGap {
		return p, fmt.Errorf("phrase %q starts or ends with \"...\", which adds nothing: remove it", src)
	}
	return p, nil
}

// splitPhrase splits a phrase into words, keeping each parenthesised group
// (which may contain spaces) as one field.
func splitPhrase(src string) ([]string, error) {
	var fields []string
	var cur strings.Builder
	depth := 0
	closed := false // the last rune closed a group
	flush := func() {
		if cur.Len() > 0 {
			fields = append(fields, cur.String())
			cur.Reset()
		}
		closed = false
	}
	for _, r := range src {
		if closed && r != '?' {
			if !isSpace(r) {
				return nil, fmt.Errorf("%q follows \")\" directly in %q: put a space after the alternatives", string(r), src)
			}
			flush()
		}
		switch {
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
			closed = false
		case depth == 0 && isSpace(r):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	if depth > 0 {
		return nil, fmt.Errorf("unclosed \"(\" in %q: close the alternatives with \")\"", src)
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
