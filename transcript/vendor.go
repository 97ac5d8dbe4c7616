package transcript

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// id is a JSON id that may be written as a number or a string.
type id string

func (i *id) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		*i = id(s)
		return nil
	}
	*i = id(strings.Trim(string(b), `"`))
	return nil
}

// vendor reads the nested JSON exports of helpdesk products: one document
// (wrapped in {"tickets": [...]}, an array, ...) or one record per line, as
// Zendesk's full export and jq -c '.tickets[]' write them.
func (rd *reader) vendor(r io.Reader, br *bufio.Reader, format string) error {
	prefix, _ := br.Peek(sniffSize)
	var err error
	if isJSONL(bytes.TrimLeft(bytes.TrimPrefix(prefix, []byte("\xEF\xBB\xBF")), " \t\r\n")) {
		err = rd.vendorLines(br, format)
	} else {
		err = rd.vendorDocument(r, br, format)
	}
	if err == nil && rd.emitted == 0 && rd.errors == 0 && len(bytes.TrimSpace(prefix)) > 0 && rd.opts.Format == format {
		return fmt.Errorf("%s: no %s messages found: expected %s, or one record per line; check --input", rd.path, format, vendorShape(format))
	}
	return err
}

// vendorShape describes what a vendor reader looks for, for errors.
func vendorShape(format string) string {
	switch format {
	case "zendesk":
		return `{"tickets": [...]}, {"ticket": ...} or {"comments": [...]} with plain_body, body or html_body`
	case "intercom":
		return `a conversation with source and conversation_parts, {"conversations": [...]} or an array of them`
	case "freshdesk":
		return `conversations with body_text or body, a ticket with conversations, or an array of tickets`
	}
	return `{"chats": [...]}, a chat with thread(s) and events, or an array of chats`
}

// vendorLines reads an export with one record (ticket, conversation, chat)
// per line. A bad line is reported with its number; the others are read.
func (rd *reader) vendorLines(br *bufio.Reader, format string) error {
	return lines(br, func(n int, line []byte) error {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		rd.line = n
		err := rd.vendorRecord(line, format)
		if err == errStop || rd.ctx.Err() != nil {
			return err
		}
		var damage *DamageError
		if errors.As(err, &damage) {
			msg := damage.Err.Error()
			if damage.Err == errJSONCut {
				msg = "the line ends before the JSON does"
			}
			err = fmt.Errorf("invalid JSON at column %d: %s", damage.Column, msg)
			rd.recordError(n, damage.Pointer, err)
		} else if err != nil {
			rd.recordError(n, "", err)
		}
		return nil
	}, func(n int) { rd.recordError(n, "", errLineTooLong) })
}

// vendorRecord reads one record of a line-per-record export.
func (rd *reader) vendorRecord(line []byte, format string) error {
	if format != "zendesk" {
		return rd.vendorDocument(bytes.NewReader(line), bufio.NewReader(bytes.NewReader(line)), format)
	}
	// A Zendesk ticket on its own (no users side-load: roles come from the
	// requester), or a wrapped document on one line.
	var t zdTicket
	if err := json.Unmarshal(line, &t); err != nil {
		return fmt.Errorf("invalid JSON: %v", jsonError(err))
	}
	if t.ID == "" && t.RequesterID == "" {
		return rd.zendesk(bytes.NewReader(line), bufio.NewReader(bytes.NewReader(line)))
	}
	return rd.zendeskComments(t, "/comments", zdUsers{complete: true})
}

// vendorDocument reads one JSON document of a vendor format.
func (rd *reader) vendorDocument(r io.Reader, br *bufio.Reader, format string) error {
	var err error
	switch format {
	case "zendesk":
		err = rd.zendesk(r, br)
	case "intercom":
		err = rd.intercom(newJSONStream(br))
	case "freshdesk":
		err = rd.freshdesk(newJSONStream(br))
	case "livechat":
		err = rd.livechat(newJSONStream(br))
	}
	return rd.damaged(err, r)
}

// damaged completes an error that ends reading a JSON document: a
// DamageError gets the input's name, its line and column (when r, the
// input, can be read again) and an offset into the file; other errors are
// prefixed with the name.
func (rd *reader) damaged(err error, r io.Reader) error {
	if err == nil || err == errStop || rd.ctx.Err() != nil {
		return err
	}
	var damage *DamageError
	switch {
	case errors.As(err, &damage):
		damage.Path = rd.path
		if rd.path != Stdin {
			damage.locate(r)
		}
		if rd.utf16 != nil {
			damage.Offset = rd.utf16.srcOffset(damage.Offset)
		}
		return damage
	case errors.As(err, new(*RecordError)):
		return err
	}
	return fmt.Errorf("%s: %w", rd.path, err)
}

// --- Zendesk Support -------------------------------------------------------

// Zendesk ticket comments as the Ticket Comments API and ticket exports
// write them.
type zdComment struct {
	ID        id     `json:"id"`
	Type      string `json:"type"`
	AuthorID  id     `json:"author_id"`
	Body      string `json:"body"`
	HTMLBody  string `json:"html_body"`
	PlainBody string `json:"plain_body"`
	Public    *bool  `json:"public"`
	CreatedAt string `json:"created_at"`
	Via       struct {
		Channel string `json:"channel"`
	} `json:"via"`
}

type zdTicket struct {
	ID          id          `json:"id"`
	RequesterID id          `json:"requester_id"`
	Comments    []zdComment `json:"comments"`
	// SatisfactionRating is the ticket's CSAT: score good, bad, offered or
	// unoffered, and the customer's comment.
	SatisfactionRating *struct {
		Score   string `json:"score"`
		Comment string `json:"comment"`
	} `json:"satisfaction_rating"`
}

type zdUser struct {
	ID   id     `json:"id"`
	Role string `json:"role"` // end-user, agent or admin
	Name string `json:"name"`
}

// zendesk reads {"tickets": [{..., "comments": [...]}]}, {"ticket": {...}}
// or {"comments": [...]} (the Ticket Comments API), with the "users"
// side-load giving each author's role. The side-load may come after the
// comments, so users are read in a first pass: a file is read twice,
// standard input is held in memory.
func (rd *reader) zendesk(r io.Reader, br *bufio.Reader) error {
	var open func() (io.Reader, error)
	if seeker, ok := r.(io.ReadSeeker); ok && rd.path != Stdin {
		open = func() (io.Reader, error) {
			if _, err := seeker.Seek(0, io.SeekStart); err != nil {
				return nil, err
			}
			return seeker, nil
		}
	} else {
		data, err := io.ReadAll(br)
		if err != nil {
			return err
		}
		open = func() (io.Reader, error) { return bytes.NewReader(data), nil }
	}
	in, err := open()
	if err != nil {
		return err
	}
	// Damage found while looking for users is reported by the second
	// pass, which reads the tickets before it.
	users := zendeskUsers(newJSONStream(in))
	if in, err = open(); err != nil {
		return err
	}
	s := newJSONStream(in)
	if err := s.expect('{'); err != nil {
		return err
	}
	conv := conversationName(rd.path)
	return s.object(func(key string) error {
		switch key {
		case "tickets":
			return s.array(func(int) error {
				var t zdTicket
				if err := s.decode(&t); err != nil {
					return err
				}
				return rd.zendeskComments(t, s.pointer()+"/comments", users)
			})
		case "ticket":
			var t zdTicket
			if err := s.decode(&t); err != nil {
				return err
			}
			return rd.zendeskComments(t, "/ticket/comments", users)
		case "comments":
			return s.array(func(i int) error {
				var c zdComment
				if err := s.decode(&c); err != nil {
					return err
				}
				return rd.zendeskComment(c, conv, "", "", s.pointer(), i+1, users, rd.convRating(conv, nil))
			})
		}
		return s.skip()
	})
}

// zdUsers is the "users" side-load of a Zendesk document: each author's
// role, complete unless the document is damaged before its end.
type zdUsers struct {
	byID     map[id]zdUser
	complete bool
}

// zendeskUsers reads the "users" side-load of a Zendesk document: as many
// as can be read before any damage.
func zendeskUsers(s *jsonStream) zdUsers {
	users := map[id]zdUser{}
	if s.expect('{') != nil {
		return zdUsers{byID: users}
	}
	err := s.object(func(key string) error {
		if key != "users" {
			return s.skip()
		}
		return s.array(func(int) error {
			var u zdUser
			if err := s.decode(&u); err != nil {
				return err
			}
			users[u.ID] = u
			return nil
		})
	})
	return zdUsers{byID: users, complete: err == nil}
}

func (rd *reader) zendeskComments(t zdTicket, pointer string, users zdUsers) error {
	conv := string(t.ID)
	if conv == "" {
		conv = conversationName(rd.path)
	}
	customer := users.byID[t.RequesterID].Name
	var rating *Rating
	if sr := t.SatisfactionRating; sr != nil {
		r, err := zendeskRating(sr.Score, sr.Comment)
		if err != nil {
			rd.ratingError(strings.TrimSuffix(pointer, "/comments")+"/satisfaction_rating/score", err)
		}
		rating = r
	}
	rating = rd.convRating(conv, rating)
	for j, c := range t.Comments {
		if err := rd.zendeskComment(c, conv, t.RequesterID, customer, fmt.Sprintf("%s/%d", pointer, j), j+1, users, rating); err != nil {
			return err
		}
	}
	return nil
}

// ratingError reports a rating that is not one; the conversation is read
// unrated.
func (rd *reader) ratingError(pointer string, err error) {
	if !rd.opts.ReadRatings {
		return
	}
	rd.recordError(rd.line, pointer, fmt.Errorf("%w: the rating is left out, the messages are read", err))
}

// convRating is a conversation's rating: its own, else one read from a
// file of ratings (Options.Ratings).
func (rd *reader) convRating(conv string, own *Rating) *Rating {
	if !rd.opts.ReadRatings {
		return nil
	}
	if own != nil {
		return own
	}
	return rd.opts.Ratings[conv]
}

func (rd *reader) zendeskComment(c zdComment, conv string, requester id, customer, pointer string, index int, users zdUsers, rating *Rating) error {
	internal := c.Public != nil && !*c.Public
	if internal && !rd.opts.IncludeInternal {
		return nil
	}
	m := &Message{Conversation: conv, ID: string(c.ID), Timestamp: c.CreatedAt, Internal: internal, Customer: customer, Rating: rating}
	if m.ID == "" {
		m.ID = strconv.Itoa(index)
	}
	u, known := users.byID[c.AuthorID]
	switch {
	case known:
		m.RawRole = u.Role
		m.Role = NormalizeRole(u.Role)
		if m.Role == RoleAgent {
			m.Agent = u.Name
		}
	case requester != "" && c.AuthorID == requester:
		m.RawRole, m.Role = "requester", RoleCustomer
	case c.Via.Channel == "rule" || c.Via.Channel == "system":
		m.RawRole, m.Role = "via:"+c.Via.Channel, RoleBot
	case (len(users.byID) == 0 || !users.complete) && requester != "" && c.AuthorID != "":
		// A ticket read on its own (one per line), or an export without its
		// users side-load or damaged in it, has no role for this author: on
		// a ticket, whoever is not the requester works for the desk.
		m.RawRole, m.Role = "not the requester", RoleAgent
	default:
		m.RawRole, m.Role = "", RoleUnknown
	}
	if m.Role == RoleAgent && m.Agent == "" {
		m.Agent = string(c.AuthorID)
	}
	switch {
	case c.PlainBody != "":
		m.Text, m.Origin.Pointer = []byte(c.PlainBody), pointer+"/plain_body"
	case c.Body != "":
		m.Text, m.Origin.Pointer = []byte(c.Body), pointer+"/body"
	case c.HTMLBody != "":
		m.Text, m.Skip, m.Map = htmlToText([]byte(c.HTMLBody))
		m.Origin.Pointer = pointer + "/html_body"
	default:
		return nil
	}
	return rd.emit(m)
}

// --- Intercom --------------------------------------------------------------

type icAuthor struct {
	Type        string `json:"type"` // admin, user, lead, contact, bot, team
	ID          id     `json:"id"`
	Name        string `json:"name"`
	FromAIAgent bool   `json:"from_ai_agent"`
}

type icPart struct {
	ID        id       `json:"id"`
	PartType  string   `json:"part_type"`
	Body      string   `json:"body"`
	CreatedAt id       `json:"created_at"`
	Author    icAuthor `json:"author"`
}

type icConversation struct {
	ID     id `json:"id"`
	Source struct {
		ID        id       `json:"id"`
		Body      string   `json:"body"`
		Author    icAuthor `json:"author"`
		CreatedAt id       `json:"created_at"`
	} `json:"source"`
	CreatedAt          id `json:"created_at"`
	ConversationRating *struct {
		Rating id     `json:"rating"` // 1 to 5, null when not rated
		Remark string `json:"remark"`
	} `json:"conversation_rating"`
	ConversationParts struct {
		ConversationParts []icPart `json:"conversation_parts"`
	} `json:"conversation_parts"`
}

// intercom reads a conversation as the Conversations API returns it, a
// {"conversations": [...]} list of them, or a JSON array of them.
func (rd *reader) intercom(s *jsonStream) error {
	return items(s, "conversations", func(c *icConversation, pointer string) error {
		return rd.intercomConversation(*c, pointer)
	})
}

func intercomRole(a icAuthor) string {
	if a.FromAIAgent {
		return RoleBot
	}
	return NormalizeRole(a.Type)
}

// intercomCustomer is the name of the conversation's first author who is
// the customer (a user, lead or contact).
func intercomCustomer(c *icConversation) string {
	if intercomRole(c.Source.Author) == RoleCustomer && c.Source.Author.Name != "" {
		return c.Source.Author.Name
	}
	for _, p := range c.ConversationParts.ConversationParts {
		if intercomRole(p.Author) == RoleCustomer && p.Author.Name != "" {
			return p.Author.Name
		}
	}
	return ""
}

func (rd *reader) intercomConversation(c icConversation, pointer string) error {
	conv := string(c.ID)
	if conv == "" {
		conv = conversationName(rd.path)
	}
	customer := intercomCustomer(&c)
	var rating *Rating
	if cr := c.ConversationRating; cr != nil {
		r, err := intercomRating(string(cr.Rating), cr.Remark)
		if err != nil {
			rd.ratingError(pointer+"/conversation_rating/rating", err)
		}
		rating = r
	}
	rating = rd.convRating(conv, rating)
	if c.Source.Body != "" {
		m := &Message{Conversation: conv, ID: string(c.Source.ID), RawRole: c.Source.Author.Type,
			Role: intercomRole(c.Source.Author), Timestamp: string(c.CreatedAt), Customer: customer, Rating: rating}
		if m.ID == "" {
			m.ID = "source"
		}
		if m.Role == RoleAgent {
			m.Agent = firstOf(c.Source.Author.Name, string(c.Source.Author.ID))
		}
		m.Text, m.Skip, m.Map = htmlToText([]byte(c.Source.Body))
		m.Origin.Pointer = pointer + "/source/body"
		if err := rd.emit(m); err != nil {
			return err
		}
	}
	for i, p := range c.ConversationParts.ConversationParts {
		if p.Body == "" {
			continue
		}
		internal := p.PartType == "note"
		if internal && !rd.opts.IncludeInternal {
			continue
		}
		m := &Message{Conversation: conv, ID: string(p.ID), RawRole: p.Author.Type, Role: intercomRole(p.Author),
			Timestamp: string(p.CreatedAt), Internal: internal, Customer: customer, Rating: rating}
		if m.ID == "" {
			m.ID = strconv.Itoa(i + 1)
		}
		if m.Role == RoleAgent {
			m.Agent = firstOf(p.Author.Name, string(p.Author.ID))
		}
		m.Text, m.Skip, m.Map = htmlToText([]byte(p.Body))
		m.Origin.Pointer = fmt.Sprintf("%s/conversation_parts/conversation_parts/%d/body", pointer, i)
		if err := rd.emit(m); err != nil {
			return err
		}
	}
	return nil
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// --- Freshdesk -------------------------------------------------------------

// fdItem is a Freshdesk conversation (reply or note), or a ticket that
// carries its conversations (GET /tickets/[id]?include=conversations).
type fdItem struct {
	ID              id     `json:"id"`
	TicketID        id     `json:"ticket_id"`
	UserID          id     `json:"user_id"`
	Body            string `json:"body"`
	BodyText        string `json:"body_text"`
	Incoming        *bool  `json:"incoming"`
	Private         bool   `json:"private"`
	CreatedAt       string `json:"created_at"`
	Description     string `json:"description"`
	DescriptionText string `json:"description_text"`
	RequesterID     id     `json:"requester_id"`
	Requester       struct {
		Name string `json:"name"`
	} `json:"requester"` // with ?include=requester
	Conversations []fdItem `json:"conversations"`
	// SatisfactionRatings, on a ticket, are its survey answers as GET
	// /api/v2/tickets/[id]/satisfaction_ratings returns them, embedded by
	// exports that join them.
	SatisfactionRatings []fdRating `json:"satisfaction_ratings"`
	customer            string     // the ticket's requester, for its conversations
	rating              *Rating    // the ticket's rating, for its conversations
	rated               bool       // rating is set (possibly nil) by the ticket
}

// fdRating is a Freshdesk satisfaction rating, as
// /api/v2/surveys/satisfaction_ratings lists them: the ticket it rates and
// the answer to the survey's default question, -103 to 103.
type fdRating struct {
	ID       id     `json:"id"`
	TicketID id     `json:"ticket_id"`
	Feedback string `json:"feedback"`
	Ratings  struct {
		Default id `json:"default_question"`
	} `json:"ratings"`
}

// freshdeskTicketRating is the rating of a ticket's embedded satisfaction
// ratings: none, one, or several that agree.
func (rd *reader) freshdeskTicketRating(rs []fdRating, pointer string) *Rating {
	var rating *Rating
	for i, x := range rs {
		r, err := freshdeskRating(string(x.Ratings.Default), x.Feedback)
		at := fmt.Sprintf("%s/satisfaction_ratings/%d/ratings/default_question", pointer, i)
		switch {
		case err != nil:
			rd.ratingError(at, err)
		case r == nil:
		case rating == nil:
			rating = r
		case !rating.Same(r):
			rd.ratingError(at, fmt.Errorf("a second, different rating (%s after %s)", r.Raw, rating.Raw))
			return nil
		}
	}
	return rating
}

// freshdesk reads the array GET /tickets/[id]/conversations returns, a
// ticket with its conversations, or an array of such tickets.
func (rd *reader) freshdesk(s *jsonStream) error {
	return items(s, "", func(it *fdItem, pointer string) error {
		return rd.freshdeskItem(*it, pointer)
	})
}

func (rd *reader) freshdeskItem(it fdItem, pointer string) error {
	if it.Incoming == nil && (it.Conversations != nil || it.DescriptionText != "" || it.Description != "") {
		// A ticket: its description is the requester's first message.
		conv := firstOf(string(it.ID), conversationName(rd.path))
		rating := rd.convRating(conv, rd.freshdeskTicketRating(it.SatisfactionRatings, pointer))
		if text, field := firstField(it.DescriptionText, "description_text", it.Description, "description"); text != "" {
			m := &Message{Conversation: conv, ID: "description", RawRole: "requester", Role: RoleCustomer, Timestamp: it.CreatedAt, Customer: it.Requester.Name, Rating: rating}
			rd.setFreshdeskText(m, text, field, pointer)
			if err := rd.emit(m); err != nil {
				return err
			}
		}
		for j, c := range it.Conversations {
			if c.TicketID == "" {
				c.TicketID = it.ID
			}
			c.customer = it.Requester.Name
			c.rating, c.rated = rating, true
			if err := rd.freshdeskItem(c, fmt.Sprintf("%s/conversations/%d", pointer, j)); err != nil {
				return err
			}
		}
		return nil
	}
	if it.Private && !rd.opts.IncludeInternal {
		return nil
	}
	m := &Message{Conversation: firstOf(string(it.TicketID), conversationName(rd.path)), ID: string(it.ID),
		Timestamp: it.CreatedAt, Internal: it.Private, Customer: it.customer, Rating: it.rating}
	if !it.rated {
		m.Rating = rd.opts.Ratings[m.Conversation]
	}
	switch {
	case it.Incoming != nil && *it.Incoming:
		m.RawRole, m.Role = "incoming", RoleCustomer
	case it.Incoming != nil:
		m.RawRole, m.Role, m.Agent = "outgoing", RoleAgent, string(it.UserID)
	default:
		m.Role = RoleUnknown
	}
	text, field := firstField(it.BodyText, "body_text", it.Body, "body")
	if text == "" {
		return nil
	}
	rd.setFreshdeskText(m, text, field, pointer)
	return rd.emit(m)
}

func (rd *reader) setFreshdeskText(m *Message, text, field, pointer string) {
	m.Origin.Pointer = pointer + "/" + field
	if field == "body" || field == "description" {
		m.Text, m.Skip, m.Map = htmlToText([]byte(text))
		return
	}
	m.Text = []byte(text)
}

// firstField returns the first non-empty value of (value, name) pairs.
func firstField(pairs ...string) (string, string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] != "" {
			return pairs[i], pairs[i+1]
		}
	}
	return "", ""
}

// --- LiveChat --------------------------------------------------------------

type lcEvent struct {
	ID         id     `json:"id"`
	Type       string `json:"type"` // message, system_message, file, rich_message, filled_form, ...
	Text       string `json:"text"`
	AuthorID   id     `json:"author_id"`
	CreatedAt  string `json:"created_at"`
	Visibility string `json:"visibility"` // all or agents (v3.4+)
	Recipients string `json:"recipients"` // all or agents (before v3.4)
}

type lcThread struct {
	ID         id           `json:"id"`
	Events     []lcEvent    `json:"events"`
	Properties lcProperties `json:"properties"`
}

// lcProperties are the properties of a chat or thread that lexlint reads:
// the customer's rating (score 1 good, 0 bad, and a comment).
type lcProperties struct {
	Rating struct {
		Score struct {
			Value id `json:"value"`
		} `json:"score"`
		Comment struct {
			Value string `json:"value"`
		} `json:"comment"`
	} `json:"rating"`
}

type lcChat struct {
	ID    id `json:"id"`
	Users []struct {
		ID   id     `json:"id"`
		Type string `json:"type"` // agent or customer
		Name string `json:"name"`
	} `json:"users"`
	Thread  *lcThread  `json:"thread"`
	Threads []lcThread `json:"threads"`
	// Rate is the chat's rating in archives: rated_good, rated_bad or
	// not_rated; Properties.Rating is the rating property of API v3.
	Rate       string       `json:"rate"`
	Properties lcProperties `json:"properties"`
}

// livechatChatRating is the chat's rating: its rate, else the rating
// property of the chat or of its last rated thread.
func (rd *reader) livechatChatRating(c *lcChat, threads []lcThread, pointer string) *Rating {
	rating, err := livechatRating(c.Rate, string(c.Properties.Rating.Score.Value), c.Properties.Rating.Comment.Value)
	if err != nil {
		rd.ratingError(pointer+"/rate", err)
		return nil
	}
	for i, t := range threads {
		r, err := livechatRating("", string(t.Properties.Rating.Score.Value), t.Properties.Rating.Comment.Value)
		if err != nil {
			at := fmt.Sprintf("%s/threads/%d/properties/rating/score/value", pointer, i)
			if c.Thread != nil {
				at = pointer + "/thread/properties/rating/score/value"
			}
			rd.ratingError(at, err)
		} else if r != nil && c.Rate == "" {
			rating = r
		}
	}
	return rating
}

// livechat reads chats as the Agent Chat API's List Archives ({"chats":
// [...]}) and Get Chat return them, or a JSON array of chats.
func (rd *reader) livechat(s *jsonStream) error {
	return items(s, "chats", func(c *lcChat, pointer string) error {
		return rd.livechatChat(*c, pointer)
	})
}

func (rd *reader) livechatChat(c lcChat, pointer string) error {
	type who struct{ role, raw, name string }
	users := map[id]who{}
	customer := ""
	for _, u := range c.Users {
		users[u.ID] = who{NormalizeRole(u.Type), u.Type, firstOf(u.Name, string(u.ID))}
		if customer == "" && NormalizeRole(u.Type) == RoleCustomer {
			customer = u.Name
		}
	}
	threads := c.Threads
	threadPointer := pointer + "/threads/%d/events/%d/text"
	if c.Thread != nil {
		threads = []lcThread{*c.Thread}
		threadPointer = pointer + "/thread/events/%d/text"
	}
	conv := firstOf(string(c.ID), conversationName(rd.path))
	rating := rd.convRating(conv, rd.livechatChatRating(&c, threads, pointer))
	for ti, t := range threads {
		for ei, e := range t.Events {
			if e.Text == "" || (e.Type != "message" && e.Type != "system_message") {
				continue
			}
			internal := e.Visibility == "agents" || e.Recipients == "agents"
			if internal && !rd.opts.IncludeInternal {
				continue
			}
			m := &Message{Conversation: conv, ID: string(e.ID), Timestamp: e.CreatedAt, Internal: internal, Text: []byte(e.Text), Customer: customer, Rating: rating}
			if e.Type == "system_message" {
				m.RawRole, m.Role = e.Type, RoleSystem
			} else if u, ok := users[e.AuthorID]; ok {
				m.RawRole, m.Role = u.raw, u.role
				if m.Role == RoleAgent {
					m.Agent = u.name
				}
			} else {
				m.Role = RoleUnknown
			}
			if c.Thread != nil {
				m.Origin.Pointer = fmt.Sprintf(threadPointer, ei)
			} else {
				m.Origin.Pointer = fmt.Sprintf(threadPointer, ti, ei)
			}
			if err := rd.emit(m); err != nil {
				return err
			}
		}
	}
	return nil
}
