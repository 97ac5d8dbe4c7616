package transcript

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// speakerLine matches a chat line that may start a message:
//
//	[10:02] Agent (Sanne): text      10:02 Klant: text      Customer: text
var speakerLine = regexp.MustCompile(`^[ \t]*(?:\[([^\]\n]{1,40})\][ \t]*|(\d{1,2}:\d{2}(?::\d{2})?)[ \t]+(?:-[ \t]+)?)?([^:()\[\]\n]{1,40}?)[ \t]*(?:\(([^()\n]{1,60})\))?[ \t]*:(?:[ \t]|$)`)

// separatorLine starts a new conversation in a chat file: "---" or
// "=== Conversation 123 ===".
var separatorLine = regexp.MustCompile(`^[ \t]*(?:-{3,}|={3,})[ \t]*(.*?)[ \t]*(?:-{3,}|={3,})?[ \t]*$`)

func defaultLabels(role string) []string {
	switch role {
	case RoleAgent:
		return []string{"agent", "medewerker", "support", "advisor", "adviser", "adviseur", "servicedesk", "helpdesk",
			"klantenservice", "operator", "rep", "employee", "service agent"}
	case RoleCustomer:
		return []string{"customer", "klant", "client", "user", "gebruiker", "visitor", "bezoeker", "caller", "beller"}
	case RoleBot:
		return []string{"bot", "chatbot", "virtual assistant", "virtuele assistent"}
	case RoleSystem:
		return []string{"system", "systeem"}
	}
	return nil
}

// labelRoles maps lower-cased speaker labels to roles.
func (rd *reader) labelRoles() map[string]string {
	m := map[string]string{}
	for _, role := range []string{RoleAgent, RoleCustomer, RoleBot, RoleSystem} {
		for _, l := range defaultLabels(role) {
			m[l] = role
		}
	}
	for role, extra := range map[string][]string{RoleAgent: rd.opts.AgentLabels, RoleCustomer: rd.opts.CustomerLabels, RoleBot: rd.opts.BotLabels} {
		for _, l := range extra {
			m[strings.ToLower(strings.TrimSpace(l))] = role
		}
	}
	return m
}

// chat reads a plain-text transcript: each message starts with a speaker
// label (optionally after a timestamp, optionally with a name in
// parentheses); lines without a known label continue the previous message.
// Positions of findings are positions in the file.
func (rd *reader) chat(br *bufio.Reader) error {
	roles := rd.labelRoles()
	conv := conversationName(rd.path)
	convN := 0
	index := 0
	var cur *Message
	var buf bytes.Buffer // the file so far, from the current message's start
	curEnd := 0          // length of buf that belongs to the message (no trailing blank lines)
	names := customerNames{emit: rd.emit}
	curName := "" // the name in the current message's label, for a customer
	text := false // whether the file holds anything but white space
	flush := func() error {
		if cur == nil {
			return nil
		}
		cur.Text = append([]byte(nil), buf.Bytes()[:curEnd]...)
		m := cur
		cur = nil
		return names.add(m, curName)
	}
	err := lines(br, func(n int, line []byte) error {
		text = text || len(bytes.TrimSpace(line)) > 0
		if sep := separatorLine.FindSubmatch(line); sep != nil {
			if err := flush(); err != nil {
				return err
			}
			if err := names.end(); err != nil {
				return err
			}
			convN++
			conv = strings.TrimSpace(string(sep[1]))
			if conv == "" {
				conv = conversationName(rd.path) + "#" + strconv.Itoa(convN+1)
			}
			index = 0
			return nil
		}
		if loc := speakerAt(line); loc != nil {
			if label, role, who, ok := speakerOf(line, loc, roles); ok {
				if err := flush(); err != nil {
					return err
				}
				index++
				agent := ""
				curName = ""
				switch role {
				case RoleAgent:
					agent = who
				case RoleCustomer:
					curName = who // "Klant (Sanne):" or "Sanne (klant):"
				}
				start := loc[1]
				cur = &Message{Conversation: conv, ID: strconv.Itoa(index), Role: role, RawRole: label, Agent: agent,
					Timestamp: labelTime(line, loc), Origin: Origin{Line: n, Column: utf8.RuneCount(line[:start]) + 1}}
				buf.Reset()
				buf.Write(line[start:])
				curEnd = buf.Len()
				return nil
			}
		}
		if cur == nil {
			return nil // text before the first speaker: a header, not a message
		}
		buf.WriteByte('\n')
		buf.Write(line)
		if len(bytes.TrimSpace(line)) > 0 {
			curEnd = buf.Len()
		}
		return nil
	}, func(n int) { rd.recordError(n, "", errLineTooLong) })
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if err := names.end(); err != nil {
		return err
	}
	if text && rd.emitted == 0 && rd.errors == 0 && rd.opts.Format == "chat" {
		return fmt.Errorf("%s: no chat messages found: expected lines that start with a speaker label (Agent:, Customer:, Medewerker:, Klant:, ...; --agent-label and --customer-label add your own); check --input", rd.path)
	}
	return nil
}

// speakerOf reads the speaker of a line that starts with a label (loc from
// speakerAt): the label, its role and the person it names ("Agent (Sanne):",
// or "Sanne (agent):" with the role in parentheses); ok is false when the
// label has no known role.
func speakerOf(line []byte, loc []int, roles map[string]string) (label, role, who string, ok bool) {
	written := strings.TrimSpace(string(line[loc[6]:loc[7]]))
	label = strings.ToLower(written)
	if loc[8] >= 0 {
		who = strings.TrimSpace(string(line[loc[8]:loc[9]]))
	}
	if role, ok = roles[label]; ok {
		return label, role, who, true
	}
	if r, ok := roles[strings.ToLower(who)]; ok && who != "" {
		return label, r, written, true
	}
	return label, "", "", false
}

// labelTime returns the time written before a speaker label, if any.
func labelTime(line []byte, loc []int) string {
	ts := ""
	for _, g := range []int{2, 4} {
		if loc[g] >= 0 {
			ts = string(line[loc[g]:loc[g+1]])
		}
	}
	return ts
}

// maxNameWait is how many messages of a chat conversation wait for the
// customer's name (agents greet by name before the customer's first line).
const maxNameWait = 16

// customerNames gives the messages of a chat conversation the customer's
// name from the first customer label that has one ("Klant (Sanne):"),
// holding back up to maxNameWait messages until it is known.
type customerNames struct {
	emit    func(*Message) error
	name    string
	waiting []*Message
	gaveUp  bool
}

// add passes on m, whose label named the customer as name ("" for none).
func (c *customerNames) add(m *Message, name string) error {
	if c.name == "" && name != "" {
		c.name = name
	}
	if c.name != "" || c.gaveUp {
		if err := c.release(); err != nil {
			return err
		}
		m.Customer = c.name
		return c.emit(m)
	}
	c.waiting = append(c.waiting, m)
	if len(c.waiting) >= maxNameWait {
		c.gaveUp = true
		return c.release()
	}
	return nil
}

// release passes on the messages held back, with the name if known.
func (c *customerNames) release() error {
	for _, m := range c.waiting {
		m.Customer = c.name
		if err := c.emit(m); err != nil {
			return err
		}
	}
	c.waiting = c.waiting[:0]
	return nil
}

// end passes on what is held back and starts the next conversation.
func (c *customerNames) end() error {
	err := c.release()
	c.name, c.gaveUp = "", false
	return err
}

// speakerAt matches speakerLine against a line. Lines without a colon,
// most lines of any text, cannot match and skip the expression.
func speakerAt(line []byte) []int {
	if bytes.IndexByte(line, ':') < 0 {
		return nil
	}
	return speakerLine.FindSubmatchIndex(line)
}

// sniffChat reports whether a text looks like a chat transcript: at least
// two lines start with a known speaker label.
func sniffChat(prefix []byte, roles map[string]string) bool {
	hits := 0
	for _, line := range bytes.Split(prefix, []byte("\n")) {
		if loc := speakerAt(line); loc != nil {
			label := strings.ToLower(strings.TrimSpace(string(line[loc[6]:loc[7]])))
			name := ""
			if loc[8] >= 0 {
				name = strings.ToLower(strings.TrimSpace(string(line[loc[8]:loc[9]])))
			}
			if _, ok := roles[label]; ok {
				hits++
			} else if _, ok := roles[name]; ok && name != "" {
				hits++
			}
			if hits == 2 {
				return true
			}
		}
	}
	return false
}
