package transcript

import (
	"bytes"
	"fmt"

	"github.com/tidwall/gjson"
)

// Bounds of what a conversation of a JSONL or CSV export holds back while
// its conversation-level fields may still come.
const (
	maxHeldMessages = 1000
	maxHeldBytes    = 8 << 20
)

// convHold gives every message of a conversation of a flat export (JSONL,
// CSV) the conversation's fields, whichever of its messages carries them:
// the customer's name (often only on the customer's rows) and the
// satisfaction rating (often only on one row). It holds a conversation's
// messages back until the conversation ends, up to maxHeldMessages or
// maxHeldBytes; the rows of a conversation must follow one another, as
// exports write them. Two different ratings for one conversation are
// reported at the second and leave the conversation unrated.
type convHold struct {
	rd       *reader
	scale    RatingScale
	conv     string
	started  bool
	customer string
	rating   *Rating
	conflict bool
	held     []*Message
	bytes    int
}

func newConvHold(rd *reader) (*convHold, error) {
	scale, err := ParseRatingScale(rd.opts.RatingScale)
	if err != nil {
		return nil, err
	}
	return &convHold{rd: rd, scale: scale}, nil
}

// add holds m, a message of conversation conv (as the export wrote it),
// with the conversation fields it carries: the customer's name ("" for
// none) and the raw rating ("" for none), from the record on line record.
func (h *convHold) add(m *Message, conv, customer, rating string, record int) error {
	if !h.started || conv != h.conv {
		if err := h.flush(); err != nil {
			return err
		}
		h.conv, h.started, h.customer, h.rating, h.conflict = conv, true, "", nil, false
		if r := h.rd.opts.Ratings[h.convID(conv)]; r != nil {
			h.rating = r
		}
	}
	if h.customer == "" {
		h.customer = customer
	}
	if rating != "" && h.rd.opts.ReadRatings {
		h.rate(rating, record)
	}
	h.held = append(h.held, m)
	h.bytes += len(m.record) + len(m.Text)
	if len(h.held) >= maxHeldMessages || h.bytes >= maxHeldBytes {
		return h.release()
	}
	return nil
}

// convID is the conversation id a message gets for conv.
func (h *convHold) convID(conv string) string {
	if conv == "" {
		return conversationName(h.rd.path)
	}
	return conv
}

// rate reads one record's rating of the conversation.
func (h *convHold) rate(raw string, record int) {
	r, err := h.scale.Rate(raw)
	switch {
	case err != nil:
		h.rd.recordError(record, "", fmt.Errorf("%w: the rating is left out, the messages are read", err))
	case r == nil || h.conflict:
	case h.rating == nil:
		h.rating = r
	case !h.rating.Same(r):
		h.rd.recordError(record, "", fmt.Errorf("conversation %q has two different ratings, %s and %s: the conversation is left unrated", h.convID(h.conv), h.rating.Raw, r.Raw))
		h.rating, h.conflict = nil, true
	}
}

// release passes on the messages held, with the conversation's fields.
func (h *convHold) release() error {
	for i, m := range h.held {
		if m.Customer == "" {
			m.Customer = h.customer
		}
		m.Rating = h.rating
		h.held[i] = nil
		if err := h.rd.emit(m); err != nil {
			h.held = h.held[:0]
			return err
		}
	}
	h.held, h.bytes = h.held[:0], 0
	return nil
}

// flush ends the conversation: what it holds is passed on.
func (h *convHold) flush() error { return h.release() }

// jsonConvFields picks a JSONL line's conversation-level fields before the
// line is decoded (which happens later, in parallel): its conversation id,
// and the customer's name and rating when the line names their keys.
type jsonConvFields struct {
	conv, customer, rating string // gjson paths
	customerKey, ratingKey []byte // `"key"` of the top level, to skip lines without them
}

func newJSONConvFields(rd *reader) *jsonConvFields {
	key := func(path string) []byte {
		head, _, _ := bytes.Cut([]byte(path), []byte("."))
		return append(append([]byte{'"'}, head...), '"')
	}
	cust, rating := rd.field("customer_name"), rd.field("rating")
	return &jsonConvFields{conv: gjsonPath(rd.field("conversation_id")), customer: gjsonPath(cust), rating: gjsonPath(rating),
		customerKey: key(cust), ratingKey: key(rating)}
}

// pick returns the line's conversation id, customer's name and raw rating.
// A line that is not a JSON object gives none; its error comes when it is
// decoded.
func (jf *jsonConvFields) pick(line []byte) (conv, customer, rating string) {
	text := func(v gjson.Result) string {
		if v.Type == gjson.Null || !v.Exists() {
			return ""
		}
		if v.Type == gjson.String {
			return v.Str
		}
		return v.Raw
	}
	conv = text(gjson.GetBytes(line, jf.conv))
	if bytes.Contains(line, jf.customerKey) {
		customer = text(gjson.GetBytes(line, jf.customer))
	}
	if bytes.Contains(line, jf.ratingKey) {
		rating = text(gjson.GetBytes(line, jf.rating))
	}
	return conv, customer, rating
}
