// Ordering: results handed on in input order whatever the workers finish first.

package pipeline

import (
	"slices"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
)

// collector hands checked items to the sink in input order, with the
// presence findings of each conversation after its messages, and the
// warning about unrecognised roles with each file's end.
type collector struct {
	sink     Sink
	cancel   func() // stops the run when the sink fails
	roles    map[string]bool
	presence *lint.Presence
	err      error // the sink's first error

	lastPath, lastConv, conv string     // the conversation presence rules are in
	partHits                 []lint.Hit // one hit per rule of the long message in parts
	ids                      *transcript.IDs
	unknown                  map[string]int
}

func (c *collector) deliver(it *Item) {
	if c.err == nil {
		if err := c.sink(it); err != nil {
			c.err = err
			c.cancel()
		}
	}
}

func (c *collector) flushPresence(fs []lint.PresenceFinding) {
	for _, pf := range fs {
		m := pf.Ref.(*transcript.Message)
		if ignored(m, pf.Finding.Rule, pf.Finding.Offset) {
			continue
		}
		c.deliver(&Item{Path: m.Origin.Path, Message: m, Presence: []lint.Finding{pf.Finding}})
	}
}

// batch handles a batch's items, in order: a long message's as they are
// checked.
func (c *collector) batch(b *batch) {
	if b.parts != nil {
		for it := range b.parts {
			c.item(it)
		}
		return
	}
	for _, it := range b.items {
		c.item(it)
	}
}

// item handles the next item in input order.
func (c *collector) item(it *Item) {
	if it.Part {
		// The presence rules see the message once, with the hits of all
		// its parts; its text stays until the last part is out.
		for _, h := range it.Result.Hits {
			if !slices.ContainsFunc(c.partHits, func(k lint.Hit) bool { return k.Rule == h.Rule }) {
				c.partHits = append(c.partHits, h)
			}
		}
		c.deliver(it)
		return
	}
	if it.Message != nil && it.Message.Origin.Format == "jsonl" {
		c.ids.Assign(it.Message)
		if it.Message.Role == transcript.RoleUnknown {
			c.unknown[it.Message.RawRole]++
		}
	}
	if it.filtered {
		return
	}
	if it.FileDone {
		c.partHits = c.partHits[:0] // of a long message cut short by an error
		for raw, n := range it.unknown {
			c.unknown[raw] += n
		}
		it.Warning = unknownRoles(it.Path, c.unknown, c.roles["all"])
		c.unknown = map[string]int{}
		c.ids = &transcript.IDs{}
	}
	if it.Unchecked {
		c.leave(it)
		c.deliver(it)
		it.Message.Text, it.Message.Map, it.Message.Skip = nil, nil, nil
		return
	}
	if it.Message == nil || it.Result == nil {
		if it.FileDone && c.presence != nil {
			c.flushPresence(c.presence.Flush())
			c.lastPath, c.lastConv = "", ""
		}
		c.deliver(it)
		return
	}
	var due []lint.PresenceFinding
	agent := it.Message.Role == transcript.RoleAgent && presenceApplies(it.Message)
	if !agent {
		c.leave(it)
	}
	if c.presence != nil && agent {
		if it.Path != c.lastPath || it.Message.Conversation != c.lastConv {
			if c.lastPath != "" {
				c.flushPresence(c.presence.Flush())
			}
			c.lastPath, c.lastConv = it.Path, it.Message.Conversation
			c.conv = it.Path + "\x00" + c.lastConv // once per conversation
		}
		res := it.Result
		if len(c.partHits) > 0 {
			res = &lint.Result{Lang: res.Lang, Words: res.Words, Hits: append(c.partHits, res.Hits...)}
		}
		due = c.presence.Message(c.conv, it.Message, Document(it.Message), res)
	} else if c.presence != nil && it.Message.Role == transcript.RoleAgent {
		alone(c.presence, it.Message, it.Result) // a canned response
	}
	c.partHits = c.partHits[:0]
	c.deliver(it)
	// The text is no longer needed once results are out; the presence
	// rules keep the message only for its place, and their findings report
	// no text.
	it.Message.Text, it.Message.Map, it.Message.Skip = nil, nil, nil
	c.flushPresence(due)
}

// leave puts the presence findings of the last conversation before a
// message of another role from the next one (a bot's or customer's, with
// --role or Options.PassOthers).
func (c *collector) leave(it *Item) {
	if c.presence != nil && c.lastPath != "" && (it.Path != c.lastPath || it.Message.Conversation != c.lastConv) {
		c.flushPresence(c.presence.Flush())
		c.lastPath, c.lastConv = "", ""
	}
}
