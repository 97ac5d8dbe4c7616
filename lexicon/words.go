package lexicon

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// negations are words a phrase's meaning turns on: they may never be
// skipped, or "dat kan niet" would also match "dat kan".
var negations = []string{
	"not", "no", "never", "none", "nothing", "nobody", "nowhere", "neither", "nor", "cannot", "can't", "won't", "don't", "n't",
	"niet", "geen", "nooit", "niets", "niks", "nergens", "niemand", "noch", "nee", "nie", "ni",
}

// IsNegation reports whether a word is a negation, which cannot be skipped.
func IsNegation(w string) bool {
	w = strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	return slices.Contains(negations, w) || strings.HasSuffix(w, "n't")
}

// skipWords reads the lexicon's skip list.
func (p *parser) skipWords(v *yaml.Node) []Word {
	var out []Word
	for _, s := range p.strs(v, "skip", false) {
		w := strings.TrimSpace(s.s)
		switch {
		case strings.ContainsAny(w, " \t()<>{}|*^$~") || strings.Contains(w, "..."):
			p.errorf(s.n, "skip word %q: list single words, one per item (each may stand between two words of a phrase)", s.s)
		case IsNegation(w):
			p.errorf(s.n, "skip word %q is a negation: skipping it would let \"dat kan niet\" match \"dat kan\"; remove it from skip", w)
		default:
			out = append(out, Word{Text: w, Pos: p.pos(s.n)})
		}
	}
	return out
}

// classes reads the lexicon's word classes: a mapping of names to lists of
// members.
func (p *parser) classes(v *yaml.Node) map[string]*Class {
	v = resolve(v)
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "classes must be a mapping of class names to lists of words, e.g. \"you: [you, u, ya]\", found %s", kindName(v))
		return nil
	}
	out := map[string]*Class{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, list := v.Content[i], v.Content[i+1]
		if !classPattern.MatchString(k.Value) {
			p.errorf(k, "class name %q: use a lower-case name (letters, digits, '-'), e.g. you or modal", k.Value)
			continue
		}
		if out[k.Value] != nil {
			p.errorf(k, "class %q is declared twice: merge the lists", k.Value)
			continue
		}
		c := &Class{Name: k.Value, Pos: p.pos(k)}
		for _, m := range p.strs(list, "class "+k.Value, false) {
			w := strings.Join(strings.Fields(m.s), " ")
			if strings.ContainsAny(w, "()<>{}|*^$~") || strings.Contains(w, "...") {
				p.errorf(m.n, "class member %q: members are plain words (one or more), without phrase syntax", m.s)
				continue
			}
			c.Members = append(c.Members, w)
		}
		if len(c.Members) == 0 {
			p.errorf(k, "class %q has no members: list its words, e.g. \"%s: [word, other word]\"", k.Value, k.Value)
			continue
		}
		out[k.Value] = c
	}
	return out
}

// resolveWords gives the phrases of a lexicon's own entries and groups the
// skip words and classes they see, those of the lexicon and of its
// ancestors (parents first: a lexicon's own class of the same name wins),
// and turns each <class> into its members. It returns every unknown class.
func resolveWords(lex *Lexicon, ancestors []*Lexicon) ErrorList {
	classes := map[string]*Class{}
	var skip []string
	for _, l := range append(ancestors, lex) {
		for name, c := range l.Classes {
			classes[name] = c
		}
		for _, w := range l.Skip {
			if !slices.Contains(skip, w.Text) {
				skip = append(skip, w.Text)
			}
		}
	}
	var errs ErrorList
	fix := func(ps []Phrase) {
		for i := range ps {
			ps[i].Skip = skip
			if err := resolveClasses(&ps[i], ps[i].Elems, classes); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, e := range lex.Discouraged {
		fix(e.Phrases)
		fix(e.Unless)
	}
	for _, g := range lex.Encouraged {
		fix(g.Phrases)
	}
	return errs
}

// resolveClasses replaces the class elements of elems (inside {...} groups
// too) by their members.
func resolveClasses(ph *Phrase, elems []Elem, classes map[string]*Class) *Error {
	for i := range elems {
		e := &elems[i]
		switch e.Kind {
		case ElemPerm:
			if err := resolveClasses(ph, e.Group, classes); err != nil {
				return err
			}
		case ElemClass:
			c := classes[e.Class]
			if c == nil {
				known := make([]string, 0, len(classes))
				for name := range classes {
					known = append(known, "<"+name+">")
				}
				slices.Sort(known)
				hint := "declare it under classes"
				if near := Closest(e.Class, mapKeys(classes)); near != "" {
					hint = fmt.Sprintf("did you mean <%s>? or declare it under classes", near)
				}
				list := "none"
				if len(known) > 0 {
					list = strings.Join(known, ", ")
				}
				return &Error{Pos: ph.At(strings.Index(ph.Source, "<"+e.Class)),
					Msg: fmt.Sprintf("unknown word class <%s> in phrase %q: %s (known: %s)", e.Class, ph.Source, hint, list)}
			}
			e.Kind, e.Alts = ElemWord, c.Members
		}
	}
	return nil
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// sameWords reports whether two texts are the same words as phrases are
// compared: case, diacritics, apostrophes and spacing folded. --fix adapts
// a fix's case to the text it replaces, so "Happy to help" marks the
// suggestion "happy to help".
func sameWords(a, b string) bool {
	return foldWords(a) == foldWords(b)
}

func foldWords(s string) string {
	t := transform.Chain(runes.Map(func(r rune) rune {
		switch r {
		case '\u2019', '\u2018', '\u02bc', '\u00b4', '`', '\u2032':
			return '\''
		}
		return r
	}), cases.Fold(), norm.NFKD, runes.Remove(runes.In(unicode.Mn)))
	out, _, err := transform.String(t, s)
	if err != nil {
		out = strings.ToLower(s)
	}
	return strings.Join(strings.Fields(out), " ")
}
