package lint

import (
	"github.com/lexlint/lexlint/lexicon"
)

// Presence applies encouraged-phrase presence rules (require: reply or
// conversation, position: first, last or any) to the agent messages of a
// stream of conversations. Messages of one conversation must come together;
// Presence evaluates a conversation when the next one starts or on Flush.
// A Presence is not safe for concurrent use; the stream is ordered anyway.
//
// A rule applies to a message of its lexicon's language (or any language,
// for language-neutral lexicons). Rules about the conversation as a whole
// use the language of its first agent message whose language was decided.
type Presence struct {
	rules       []*lexicon.Group
	conv        string
	open        bool
	lang        string          // the conversation's language
	any         map[string]bool // groups seen in any agent message of the conversation
	first, last *presenceMsg
	spare       *presenceMsg // a record no longer needed, for the next message
	talk        *dialogue    // the conversation rules; nil when off
}

type presenceMsg struct {
	ref  any
	hits []string // the groups the message has; a few at most
	lang string
	doc  Document
}

// has reports whether the message has a phrase of group id.
func (m *presenceMsg) has(id string) bool {
	for _, h := range m.hits {
		if h == id {
			return true
		}
	}
	return false
}

// PresenceFinding is a presence-rule finding for the message ref that was
// passed with it.
type PresenceFinding struct {
	Ref     any
	Finding Finding
}

// NewPresence returns a tracker for the linter's presence rules and its
// conversation rules, or nil if it has none.
func (l *Linter) NewPresence() *Presence {
	p := &Presence{rules: l.presence}
	if l.conv.on() {
		p.talk = newDialogue(l.conv)
	}
	if len(p.rules) == 0 && p.talk == nil {
		return nil
	}
	return p
}

func applies(g *lexicon.Group, lang string) bool {
	return g.Language == "" || g.Language == lang
}

// Message records one agent message of conversation conv and returns the
// findings that are due: those of the previous conversation, if conv starts
// a new one, and this message's own reply-level ones. doc is the document
// the message was checked as (its path and position are reported), ref
// identifies it to the caller.
func (p *Presence) Message(conv string, ref any, doc Document, res *Result) []PresenceFinding {
	var out []PresenceFinding
	if p.open && conv != p.conv {
		out = p.Flush()
	}
	if !p.open {
		if p.any == nil {
			p.any = map[string]bool{}
		}
		clear(p.any)
		p.open, p.conv, p.lang, p.first = true, conv, "", nil
		if p.talk != nil {
			p.talk.reset()
		}
	}
	if p.talk != nil {
		for _, f := range p.talk.message(&doc, res) {
			out = append(out, PresenceFinding{ref, f})
		}
	}
	// Records are reused: a message stops mattering once it is neither the
	// first nor the last of its conversation.
	msg := p.spare
	if msg == nil {
		msg = &presenceMsg{}
	}
	p.spare = nil
	msg.ref, msg.hits, msg.lang, msg.doc = ref, msg.hits[:0], res.Lang, doc
	msg.doc.Text, msg.doc.Map, msg.doc.Skip = nil, nil, nil // keep only the place
	for _, h := range res.Hits {
		msg.hits = append(msg.hits, h.Rule)
		p.any[h.Rule] = true
	}
	if p.lang == "" {
		p.lang = res.Lang
	}
	isFirst := p.first == nil
	if isFirst {
		p.first = msg
	}
	if prev := p.last; prev != nil && prev != p.first && prev != msg {
		p.spare = prev
	}
	p.last = msg
	for _, g := range p.rules {
		if !applies(g, res.Lang) || res.Lang == "" && g.Language != "" {
			continue
		}
		due := g.Position == lexicon.PositionAny && g.Require == lexicon.RequireReply ||
			g.Position == lexicon.PositionFirst && isFirst
		if due && !msg.has(g.ID) {
			out = append(out, PresenceFinding{ref, presenceFinding(g, &msg.doc)})
		}
	}
	return out
}

// Alone applies the conversation rules to one agent message as a
// conversation of its own (a canned response), leaving the presence rules
// and the conversation under way alone.
func (p *Presence) Alone(ref any, doc Document, res *Result) []PresenceFinding {
	if p.talk == nil {
		return nil
	}
	d := newDialogue(p.talk.rules)
	d.reset()
	var out []PresenceFinding
	for _, f := range d.message(&doc, res) {
		out = append(out, PresenceFinding{ref, f})
	}
	return out
}

// Flush evaluates the rules that need the whole conversation (position
// last, and require: conversation with position any) and ends it.
func (p *Presence) Flush() []PresenceFinding {
	if !p.open {
		return nil
	}
	p.open = false
	var out []PresenceFinding
	for _, g := range p.rules {
		switch {
		case g.Position == lexicon.PositionLast:
			if applies(g, p.last.lang) && !(p.last.lang == "" && g.Language != "") && !p.last.has(g.ID) {
				out = append(out, PresenceFinding{p.last.ref, presenceFinding(g, &p.last.doc)})
			}
		case g.Position == lexicon.PositionAny && g.Require == lexicon.RequireConversation:
			if p.lang != "" && applies(g, p.lang) || p.lang == "" && g.Language == "" {
				if !p.any[g.ID] {
					out = append(out, PresenceFinding{p.first.ref, presenceFinding(g, &p.first.doc)})
				}
			}
		}
	}
	return out
}

// presenceFinding reports a missing group at the start of a message. It has
// no match: Offset and EndOffset are 0.
func presenceFinding(g *lexicon.Group, doc *Document) Finding {
	line, col := doc.place(1, 1)
	return Finding{
		Path: doc.Path, Line: line, Column: col, EndLine: line, EndColumn: col,
		Rule: g.ID, Category: g.Category, Severity: g.Severity,
		Message: g.Message, Suggestions: g.Suggestions, Lexicon: g.Lexicon,
	}
}

// PresenceRules returns the encouraged groups with a presence rule.
func (l *Linter) PresenceRules() []*lexicon.Group { return l.presence }
