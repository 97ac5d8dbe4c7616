package transcript

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Roles of a message's writer.
const (
	RoleAgent    = "agent"
	RoleCustomer = "customer"
	RoleBot      = "bot"
	RoleSystem   = "system"
	RoleUnknown  = "unknown"
)

// NormalizeRole maps the role words of exports to a role: agent, customer,
// bot or system. It returns RoleUnknown for anything else.
func NormalizeRole(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "agent", "admin", "staff", "operator", "support", "employee", "advisor", "adviser",
		"human_agent", "team", "medewerker", "adviseur", "servicedesk", "klantenservice", "rep":
		return RoleAgent
	case "customer", "user", "end-user", "end_user", "enduser", "client", "visitor", "lead",
		"contact", "requester", "klant", "gebruiker", "bezoeker":
		return RoleCustomer
	case "bot", "chatbot", "automation", "automated", "virtual_agent", "virtual agent", "ai_agent":
		return RoleBot
	case "system", "systeem", "system_message":
		return RoleSystem
	}
	return RoleUnknown
}

// Message is one piece of text to check, with where it came from.
type Message struct {
	Conversation string // conversation or ticket id; the file name for single documents
	ID           string // the message's id, or its 1-based index in the conversation
	Role         string // agent, customer, bot, system or unknown
	RawRole      string // the role as the export wrote it
	Agent        string // the agent's name or id, when known
	Timestamp    string // as written in the export
	Customer     string // the customer's name, where the export has one
	Internal     bool   // a private note, not seen by the customer
	// Rating is the conversation's satisfaction rating, on every message
	// of a rated conversation; nil when it is not rated.
	Rating *Rating

	Text []byte     // what is checked
	Skip [][2]int   // byte ranges of Text that are not checked (quotes, markup)
	Map  *SourceMap // where Text's bytes lie in Source, for HTML bodies; nil when Text is the source
	// InFile is set when Text is exactly the bytes of the input file at
	// FileOffset (drafts, Markdown sections, unescaped YAML scalars), so a
	// fix can edit the file in place.
	InFile     bool
	FileOffset int
	// Ignores are the inline ignore directives of the message, or a
	// macro item's "lexlint: {ignore: [...]}".
	Ignores []*Ignore
	// Source, for a long text file (see LongText), opens the text to read
	// it in windows; Text is then nil, Size is its length and Skip holds
	// offsets into it.
	Source func() (io.ReadCloser, error)
	Size   int64

	Origin Origin

	// pending decodes the record later, on the goroutine that checks it;
	// record is the record's raw text until then.
	pending func(*Message) error
	record  string
}

// Pending reports whether the message still has to be decoded with Resolve.
func (m *Message) Pending() bool { return m.pending != nil }

// Resolve decodes a message whose record was read but not yet decoded
// (JSONL lines are decoded by the goroutines that check them, so decoding
// runs in parallel). It is a no-op for other messages. The error, if any,
// is a *RecordError; the message is then unusable.
func (m *Message) Resolve() error {
	if m.pending == nil {
		return nil
	}
	f := m.pending
	m.pending = nil
	return f(m)
}

// IDs numbers messages without an id within each run of a conversation,
// as exports list them: 1, 2, 3, ... It must see every message in order.
type IDs struct {
	conv string
	n    int
}

// Assign gives m the next number of its conversation if it has no id.
func (c *IDs) Assign(m *Message) {
	if m.Conversation != c.conv {
		c.conv, c.n = m.Conversation, 0
	}
	c.n++
	if m.ID == "" {
		m.ID = strconv.Itoa(c.n)
	}
}

// SourceMap relates a message's text to the original field it was extracted
// from (an HTML body): byte i of the text came from Source[Start[i]:End[i]].
type SourceMap struct {
	Source     []byte
	Start, End []int
	// InFile is set when Source is the whole input file (YAML block
	// scalars), so offsets into Source are file offsets.
	InFile bool
	// Decoded is set when the text was decoded from UTF-16: Source is the
	// file as it is, and lines and columns are counted in the text.
	Decoded bool
}

// Origin tells where a message lies in its file.
type Origin struct {
	Path string
	// Line and Column give the place of Text[0] in the file for formats
	// whose text is a slice of the file (text, chat, Markdown); positions of
	// findings are then file positions. Zero for other formats.
	Line, Column int
	// Record is the 1-based line in the file where the message's record
	// starts (JSONL, CSV, YAML items), 0 when unknown.
	Record int
	// Pointer is the JSON pointer of the text field in nested JSON exports,
	// such as /tickets/3/comments/2/plain_body.
	Pointer string
	// Format is the input format the message was read as.
	Format string
}

// Document reports whether the message is a whole document (a draft, an
// HTML page), whose findings need no conversation or message to place them.
func (o Origin) Document() bool { return o.Format == "text" || o.Format == "html" }

// RecordError is a record that could not be read. The rest of the file is
// still read.
type RecordError struct {
	Path    string
	Record  int    // 1-based line of the record, 0 when unknown
	Pointer string // JSON pointer, for nested JSON
	Err     error
}

func (e *RecordError) Error() string {
	switch {
	case e.Record > 0:
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Record, e.Err)
	case e.Pointer != "":
		return fmt.Sprintf("%s: %s: %v", e.Path, e.Pointer, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Handler receives what a reader finds, in file order.
type Handler struct {
	Message func(*Message) error // a message; an error stops reading
	Error   func(error)          // a record that could not be read; reading goes on
}

// ParseTime reads the timestamps exports write, as reports read them: RFC
// 3339 (with or without fractions), "2006-01-02 15:04[:05]", a date, or
// Unix seconds (or milliseconds); the time is in UTC.
func ParseTime(ts string) (time.Time, bool) {
	ts = strings.TrimSpace(ts)
	if ts == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, ts); err == nil {
			return t.UTC(), true
		}
	}
	var secs int64
	for _, c := range ts {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		secs = secs*10 + int64(c-'0')
	}
	if secs > 1e11 { // milliseconds
		secs /= 1000
	}
	return time.Unix(secs, 0).UTC(), true
}
