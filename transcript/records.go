package transcript

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

var errLineTooLong = fmt.Errorf("record longer than %d MB: split it", maxRecord>>20)

// field returns the export's name for one of lexlint's fields.
func (rd *reader) field(name string) string {
	if f, ok := rd.opts.Fields[name]; ok && f != "" {
		return f
	}
	return name
}

// scalar renders a JSON scalar as text: strings as they are, numbers as
// written, booleans as true/false, null as "".
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// FieldNames are lexlint's names of the fields a record is read from;
// Options.Fields maps them to an export's own names.
func FieldNames() []string {
	return []string{"conversation_id", "role", "text", "agent", "timestamp", "id", "customer_name", "rating"}
}

// Indexes of FieldNames.
const (
	fieldConversation = iota
	fieldRole
	fieldText
	fieldAgent
	fieldTimestamp
	fieldID
	fieldCustomer
	fieldRating
	numFields
)

// record fills a message from one flat record (a JSONL object or a CSV
// row). A record without an id is numbered by ids, when given; otherwise
// the caller numbers it (IDs).
//
// get returns the value of field i of FieldNames as the export names it.
func (rd *reader) record(m *Message, get func(i int) (string, bool), ids *IDs) error {
	text, ok := get(fieldText)
	if !ok {
		textField := rd.field("text")
		return fmt.Errorf("no %q field: every record needs the message text (map another field with --field text=NAME)", textField)
	}
	m.Conversation, _ = get(fieldConversation)
	if m.Conversation == "" {
		m.Conversation = conversationName(rd.path)
	}
	m.RawRole, _ = get(fieldRole)
	m.Role = NormalizeRole(m.RawRole)
	m.Agent, _ = get(fieldAgent)
	m.Timestamp, _ = get(fieldTimestamp)
	m.ID, _ = get(fieldID)
	// The customer's name may be given on other messages of the
	// conversation only (convHold): a message's own name wins.
	if name, _ := get(fieldCustomer); name != "" {
		m.Customer = name
	}
	if ids != nil {
		ids.Assign(m)
	}
	rd.setText(m, text)
	return nil
}

// fieldPaths returns the export's name for each of FieldNames.
func (rd *reader) fieldPaths() []string {
	var names []string
	for _, name := range FieldNames() {
		names = append(names, rd.field(name))
	}
	return names
}

// setText sets a message's text from a field value, reducing HTML to text.
func (rd *reader) setText(m *Message, text string) {
	if looksLikeHTML(text) {
		m.Text, m.Skip, m.Map = htmlToText([]byte(text))
		return
	}
	m.Text = []byte(text)
}

// jsonl reads one JSON object per line. Lines are decoded lazily
// (Message.Resolve), by the goroutines that check them.
func (rd *reader) jsonl(br *bufio.Reader) error {
	paths := rd.fieldPaths()
	paths[fieldRating] = "" // read before decoding, by the conversation's hold
	fields := newJSONFields(paths)
	decode := func(m *Message) error {
		line := m.record
		m.record = ""
		return rd.decodeJSONL(m, line, fields)
	}
	hold, err := newConvHold(rd)
	if err != nil {
		return fmt.Errorf("%s: %w", rd.path, err)
	}
	conv := newJSONConvFields(rd)
	err = lines(br, func(n int, line []byte) error {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		m := &Message{Origin: Origin{Record: n}, record: string(line), pending: decode}
		id, customer, rating := conv.pick(line)
		return hold.add(m, id, customer, rating, n)
	}, func(n int) { rd.recordError(n, "", errLineTooLong) })
	if err != nil {
		return err
	}
	return hold.flush()
}

// decodeJSONL fills a message from its JSONL line. A valid object is checked
// and read in one pass that picks out the few fields lexlint reads; anything
// else goes through encoding/json, whose errors say what is wrong and where.
func (rd *reader) decodeJSONL(m *Message, line string, fields *jsonFields) error {
	n := m.Origin.Record
	fail := func(err error) error {
		return &RecordError{Path: rd.path, Record: n, Err: err}
	}
	var vals [numFields]string
	var found uint8
	var raw map[string]json.RawMessage
	found, object := fields.pick(line, &vals)
	if !object {
		// encoding/json decides, and says what is wrong and where.
		err := json.Unmarshal([]byte(line), &raw)
		switch {
		case err == nil && raw != nil: // an object after all: read it with encoding/json
		case err != nil && strings.Contains(err.Error(), "exceeded max depth"):
			return fail(fmt.Errorf("nested more than %d levels deep, deeper than a JSON reader takes: each line must be one JSON object with the message's fields", maxJSONDepth))
		case gjson.Valid(line): // null, or not an object
			return fail(fmt.Errorf("a JSON %s, not an object: each line must be one JSON object with the message's fields", jsonKind(gjson.Parse(line))))
		default:
			return fail(fmt.Errorf("invalid JSON: %v; each line must be one JSON object", jsonError(err)))
		}
	}
	get := func(i int) (string, bool) {
		if raw != nil {
			return lookupRaw(raw, fields.paths[i])
		}
		return vals[i], found&(1<<i) != 0
	}
	if err := rd.record(m, get, nil); err != nil {
		return fail(err)
	}
	finish(m)
	return nil
}

// jsonFields are the dotted paths of lexlint's fields (FieldNames) in an
// export, each split once into a top-level key and the gjson path below
// it. It is read-only after newJSONFields, so the decoding goroutines share
// it.
type jsonFields struct {
	paths [numFields]string
	heads [numFields]string // top-level key of each path
	rests [numFields]string // escaped gjson path below the key, "" for none
	want  uint8             // bit i: field i has a path to look for
}

func newJSONFields(paths []string) *jsonFields {
	jf := &jsonFields{}
	for i, p := range paths[:min(len(paths), numFields)] {
		head, rest, _ := strings.Cut(p, ".")
		jf.paths[i], jf.heads[i], jf.rests[i] = p, head, gjsonPath(rest)
		if p != "" {
			jf.want |= 1 << i
		}
	}
	return jf
}

// pick walks the object's top-level keys once and sets vals[i] to field i,
// rendered as lookupRaw does, for each bit i set in the result. Two
// differences remain, both on malformed exports: of a key written twice the
// first counts (not the last), and invalid UTF-8 in a string is kept as it
// is (not replaced by U+FFFD); the engine reads invalid UTF-8 either way.
//
// It reports false, and nothing found, when line is not one valid JSON
// object.
func (jf *jsonFields) pick(line string, vals *[numFields]string) (found uint8, ok bool) {
	var seen uint8 // bit i: field i's key was met
	all := jf.want
	ok = walkObject(line, func(key, raw string) bool {
		for i := range jf.heads {
			if bit := uint8(1) << i; seen&bit == 0 && key == jf.heads[i] && jf.paths[i] != "" {
				seen |= bit
				if v, ok := scalarRaw(raw, jf.rests[i]); ok {
					vals[i], found = v, found|bit
				}
			}
		}
		return seen != all
	})
	if !ok {
		return 0, false
	}
	return found, true
}

// scalarRaw is scalarJSON of a raw JSON value. A string without escapes,
// the common case, is its text between the quotes.
func scalarRaw(raw, path string) (string, bool) {
	if path == "" && len(raw) >= 2 && raw[0] == '"' && strings.IndexByte(raw, '\\') < 0 {
		return raw[1 : len(raw)-1], true
	}
	return scalarJSON(gjson.Parse(raw), path)
}

// scalarJSON renders the value at path below v ("" for v itself) as text:
// strings as they are, numbers, booleans and objects as written, null as "".
func scalarJSON(v gjson.Result, path string) (string, bool) {
	if path != "" {
		if !v.IsObject() {
			return "", false
		}
		v = v.Get(path)
	}
	switch {
	case !v.Exists():
		return "", false
	case v.Type == gjson.Null:
		return "", true
	case v.Type == gjson.String:
		return v.Str, true
	}
	return v.Raw, true
}

// gjsonPath turns a dotted field path into a gjson path: each component is
// escaped, so names holding gjson's wildcards or modifiers ("*", "?", "@",
// "#") are taken literally.
func gjsonPath(path string) string {
	if path == "" {
		return ""
	}
	parts := strings.Split(path, ".")
	for i, part := range parts {
		parts[i] = gjson.Escape(part)
	}
	return strings.Join(parts, ".")
}

// lookupRaw finds a dotted path in a JSON object whose values are still
// raw, and renders the scalar it holds as text.
func lookupRaw(obj map[string]json.RawMessage, path string) (string, bool) {
	head, rest, nested := strings.Cut(path, ".")
	raw, ok := obj[head]
	if !ok {
		return "", false
	}
	if nested {
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw, &inner) != nil {
			return "", false
		}
		return lookupRaw(inner, rest)
	}
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", true
	case raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	}
	return string(raw), true // numbers as written, true, false, objects
}

// jsonKind names the kind of a JSON value that is not an object.
func jsonKind(v gjson.Result) string {
	switch {
	case v.IsArray():
		return "array"
	case v.Type == gjson.String:
		return "string"
	case v.Type == gjson.Number:
		return "number"
	case v.Type == gjson.Null:
		return "null"
	}
	return "boolean"
}

// jsonError shortens encoding/json's messages.
func jsonError(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if se.Error() == "unexpected end of JSON input" {
			return "unexpected end of line (a closing quote, ] or } is missing)"
		}
		// Offset counts the bytes read, the bad one included: the bad
		// byte's own offset is one less.
		return fmt.Sprintf("%v (at byte %d)", se, max(se.Offset-1, 0))
	}
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return "unexpected end of line"
	}
	return err.Error()
}

// csvError says what is wrong with a CSV record and where.
func csvError(pe *csv.ParseError) error {
	switch pe.Err {
	case csv.ErrQuote:
		return errors.New("invalid CSV: a quoted cell of this record is never closed; a quote inside a quoted cell is written twice (\"\")")
	case csv.ErrBareQuote:
		return fmt.Errorf("invalid CSV: a quote inside an unquoted cell at line %d, column %d; quote the whole cell and write the quote twice (\"\")", pe.Line, pe.Column)
	}
	return fmt.Errorf("invalid CSV at line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
}

// csv reads comma-separated records with a header row (RFC 4180; quoted
// cells may hold line breaks and commas).
func (rd *reader) csv(br *bufio.Reader) error {
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil // an empty file holds no messages
	}
	if err != nil {
		return fmt.Errorf("%s: reading the CSV header: %w", rd.path, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.TrimSpace(h)] = i
	}
	var colOf [numFields]int // the column of each of FieldNames, -1 for none
	for i, name := range rd.fieldPaths() {
		colOf[i] = -1
		if c, ok := cols[name]; ok {
			colOf[i] = c
		}
	}
	if _, ok := cols[rd.field("text")]; !ok {
		return fmt.Errorf("%s: the CSV header has no %q column (columns: %s); name the text column with --field text=NAME",
			rd.path, rd.field("text"), strings.Join(header, ", "))
	}
	ids := &IDs{}
	hold, err := newConvHold(rd)
	if err != nil {
		return fmt.Errorf("%s: %w", rd.path, err)
	}
	cell := func(rec []string, i int) string {
		if colOf[i] < 0 {
			return ""
		}
		return rec[colOf[i]]
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return hold.flush()
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rd.recordError(pe.StartLine, "", csvError(pe))
				continue
			}
			return fmt.Errorf("%s: %w", rd.path, err)
		}
		line, _ := cr.FieldPos(0) // a record read without error has a field
		if len(rec) != len(header) {
			rd.recordError(line, "", fmt.Errorf("%d fields, but the header has %d: quote cells that hold commas or line breaks", len(rec), len(header)))
			continue
		}
		m := &Message{Origin: Origin{Record: line}}
		err = rd.record(m, func(i int) (string, bool) {
			if colOf[i] < 0 {
				return "", false
			}
			return rec[colOf[i]], true
		}, ids)
		if err != nil {
			rd.recordError(line, "", err)
			continue
		}
		if err := hold.add(m, cell(rec, fieldConversation), cell(rec, fieldCustomer), cell(rec, fieldRating), line); err != nil {
			return err
		}
	}
}
