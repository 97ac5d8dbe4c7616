package lexicon

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// composer puts loaded lexicons together in load order (every lexicon after
// the ones it extends). An entry or group whose id an extended lexicon
// already defines overrides it: the keys it sets replace the inherited
// ones, its phrases and examples are added to the inherited ones, and
// "disabled: true" drops it. Any other repeated id is an error, as is a new
// entry without the keys a new entry needs.
type composer struct {
	entries map[string]*Entry
	groups  map[string]*Group
	owner   map[string]*Lexicon // the lexicon that first defined each id
	errs    ErrorList
}

// errorf records a problem once (entries repeated by YAML aliases share
// their place and would repeat it).
func (c *composer) errorf(pos Pos, format string, args ...any) {
	e := &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
	for _, prev := range c.errs {
		if *prev == *e {
			return
		}
	}
	c.errs = append(c.errs, e)
}

// add adds one lexicon; ancestors are the lexicons it extends.
func (c *composer) add(lex *Lexicon, ancestors map[*Lexicon]bool) {
	if c.entries == nil {
		c.entries, c.groups, c.owner = map[string]*Entry{}, map[string]*Group{}, map[string]*Lexicon{}
	}
	var entries []*Entry
	for _, e := range lex.Discouraged {
		if e.ID == "" {
			continue
		}
		if prev, ok := c.entries[e.ID]; ok {
			if !ancestors[c.owner[e.ID]] {
				c.duplicate(e.ID, e.Pos, prev.Pos, c.owner[e.ID] == lex)
				continue
			}
			c.overrideEntry(prev, e)
			continue
		}
		if _, ok := c.groups[e.ID]; ok {
			c.duplicate(e.ID, e.Pos, c.groups[e.ID].Pos, true)
			continue
		}
		if !c.complete(e.set, e.Pos, "discouraged entry", "category", "phrases", "message") {
			continue
		}
		c.entries[e.ID], c.owner[e.ID] = e, lex
		if !e.Disabled {
			entries = append(entries, e)
		}
	}
	var groups []*Group
	for _, g := range lex.Encouraged {
		if g.ID == "" {
			continue
		}
		if prev, ok := c.groups[g.ID]; ok {
			if !ancestors[c.owner[g.ID]] {
				c.duplicate(g.ID, g.Pos, prev.Pos, c.owner[g.ID] == lex)
				continue
			}
			c.overrideGroup(prev, g)
			continue
		}
		if _, ok := c.entries[g.ID]; ok {
			c.duplicate(g.ID, g.Pos, c.entries[g.ID].Pos, true)
			continue
		}
		if !c.complete(g.set, g.Pos, "encouraged group", "category", "phrases") {
			continue
		}
		if g.Require != "" && g.set["message"] == nil {
			c.errorf(g.Pos, "encouraged group %q has require but no message: say what the reply lacks, e.g. \"message: Open with a greeting.\"", g.ID)
			continue
		}
		c.groups[g.ID], c.owner[g.ID] = g, lex
		if !g.Disabled {
			groups = append(groups, g)
		}
	}
	lex.Discouraged, lex.Encouraged = entries, groups
	// Overrides may have disabled inherited entries: drop them from their
	// lexicons.
	for a := range ancestors {
		a.Discouraged = dropDisabled(a.Discouraged, func(e *Entry) bool { return e.Disabled })
		a.Encouraged = dropDisabled(a.Encouraged, func(g *Group) bool { return g.Disabled })
	}
}

func dropDisabled[T any](list []T, disabled func(T) bool) []T {
	out := list[:0]
	for _, x := range list {
		if !disabled(x) {
			out = append(out, x)
		}
	}
	return out
}

func (c *composer) duplicate(id string, pos, first Pos, sameFile bool) {
	where := first.String()
	if sameFile {
		where = fmt.Sprintf("line %d", first.Line)
	}
	c.errorf(pos, "duplicate id %q, first defined at %s: give this entry another id, or extend that lexicon to override the entry", id, where)
}

// complete reports whether a new entry has every key it needs.
func (c *composer) complete(set map[string]*yaml.Node, pos Pos, what string, keys ...string) bool {
	ok := true
	for _, k := range keys {
		if set[k] == nil {
			c.errorf(pos, "%s is missing %q: add \"%s: ...\"", what, k, k)
			ok = false
		}
	}
	return ok
}

func (c *composer) overrideEntry(prev, e *Entry) {
	for key := range e.set {
		switch key {
		case "category":
			prev.Category = e.Category
		case "severity":
			prev.Severity = e.Severity
		case "phrases":
			prev.Phrases = append(prev.Phrases, e.Phrases...)
		case "unless":
			prev.Unless = append(prev.Unless, e.Unless...)
		case "questions":
			prev.NotInQuestions = e.NotInQuestions
		case "message":
			prev.Message = e.Message
		case "suggestions":
			prev.Suggestions, prev.SuggestionPos = e.Suggestions, e.SuggestionPos
		case "fix":
			prev.Fix, prev.FixPos = e.Fix, e.FixPos
		case "link":
			prev.Link = e.Link
		case "examples":
			prev.Examples.Flag = append(prev.Examples.Flag, e.Examples.Flag...)
			prev.Examples.Pass = append(prev.Examples.Pass, e.Examples.Pass...)
		case "disabled":
			prev.Disabled = e.Disabled
		}
	}
	if prev.Fix != "" && !contains(prev.Suggestions, prev.Fix) {
		c.errorf(e.Pos, "after this override, fix %q of %s is not one of its suggestions: set fix too, or keep the suggestion", prev.Fix, prev.ID)
	}
}

func (c *composer) overrideGroup(prev, g *Group) {
	for key := range g.set {
		switch key {
		case "category":
			prev.Category = g.Category
		case "phrases":
			prev.Phrases = append(prev.Phrases, g.Phrases...)
		case "require":
			prev.Require = g.Require
		case "position":
			prev.Position = g.Position
		case "severity":
			prev.Severity = g.Severity
		case "message":
			prev.Message = g.Message
		case "suggestions":
			prev.Suggestions = g.Suggestions
		case "disabled":
			prev.Disabled = g.Disabled
		}
	}
	if prev.Require != "" && strings.TrimSpace(prev.Message) == "" {
		c.errorf(g.Pos, "after this override, group %q has require but no message", prev.ID)
	}
}
