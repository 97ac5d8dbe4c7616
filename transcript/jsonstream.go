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

// A jsonStream walks a large JSON document with encoding/json's Decoder
// token API, decoding one element at a time, so memory stays bounded by the
// largest element rather than the file. It keeps the JSON pointer of the
// element it is in, so that damage can be reported where it is.
type jsonStream struct {
	dec  *json.Decoder
	base int64    // bytes before the decoder's first one (a BOM)
	path []string // the keys and indexes leading to the current element
}

func newJSONStream(r io.Reader) *jsonStream {
	br := bufio.NewReaderSize(r, 256<<10)
	s := &jsonStream{}
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
		s.base = 3
	}
	s.dec = json.NewDecoder(br)
	s.dec.UseNumber()
	return s
}

// expect reads the next token, which must be the delimiter want.
func (s *jsonStream) expect(want json.Delim) error {
	t, err := s.dec.Token()
	if err != nil {
		return s.wrap(err)
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return s.damage(s.tokenStart(), fmt.Errorf("expected %q, found %s", want, describeToken(t)))
	}
	return nil
}

// describeToken names a JSON token for an error.
func describeToken(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		return strconv.Quote(string(v))
	case string:
		return "the string " + strconv.Quote(v)
	case nil:
		return "null"
	}
	return fmt.Sprint(t)
}

// errJSONCut is the damage of a JSON document that ends too early.
var errJSONCut = errors.New("the file ends before the JSON does")

// A DamageError says where a JSON document stops being readable. Everything
// before it has been read and passed on; nothing after it is.
type DamageError struct {
	Path         string
	Line, Column int    // 1-based, in characters; 0 when the input cannot be read again
	Offset       int64  // byte offset into the input
	Pointer      string // JSON pointer (RFC 6901) of the element being read
	Err          error
}

func (e *DamageError) Error() string {
	pos := e.Path
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", e.Path, e.Line, e.Column)
	}
	where := fmt.Sprintf("byte %d", e.Offset)
	if e.Pointer != "" {
		where = "in " + e.Pointer + ", " + where
	}
	return fmt.Sprintf("%s: the JSON is damaged here (%s): %v; what comes before it was read", pos, where, e.Err)
}

func (e *DamageError) Unwrap() error { return e.Err }

// locate sets Line and Column by reading the input again up to Offset, when
// it can be read again (a file, not a pipe).
func (e *DamageError) locate(r io.Reader) {
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		return
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return
	}
	line, col := 1, 1
	br := bufio.NewReader(io.LimitReader(rs, e.Offset))
	for {
		c, _, err := br.ReadRune()
		if err != nil {
			break
		}
		if c == '\n' {
			line, col = line+1, 1
		} else if c != '\uFEFF' || line > 1 || col > 1 {
			col++
		}
	}
	e.Line, e.Column = line, col
}

// pointer returns the JSON pointer of the current element.
func (s *jsonStream) pointer() string {
	var b strings.Builder
	for _, p := range s.path {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(p))
	}
	return b.String()
}

// damage returns a DamageError at offset, a position in the decoder's input.
func (s *jsonStream) damage(offset int64, err error) error {
	return &DamageError{Offset: s.base + offset, Pointer: s.pointer(), Err: err}
}

// tokenStart is the offset of the next token: past the whitespace the
// decoder has buffered but not consumed.
func (s *jsonStream) tokenStart() int64 {
	rest, _ := io.ReadAll(s.dec.Buffered())
	return s.dec.InputOffset() + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n,:")))
}

// wrap turns a decoder error into a DamageError at the byte where the
// damage is. The decoder's own offsets are not reliable mid-stream, so the
// bytes it holds are scanned again from the value it was reading.
func (s *jsonStream) wrap(err error) error {
	rest, _ := io.ReadAll(s.dec.Buffered())
	at := s.dec.InputOffset()
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return s.damage(at+int64(len(rest)), errJSONCut)
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return s.damage(at, err)
	}
	var raw json.RawMessage
	if e := json.Unmarshal(bytes.TrimLeft(rest, " \t\r\n,:"), &raw); errors.As(e, &se) {
		skipped := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n,:"))
		if se.Error() == "unexpected end of JSON input" {
			return s.damage(at+int64(len(rest)), errJSONCut)
		}
		return s.damage(at+int64(skipped)+max(se.Offset-1, 0), se)
	}
	return s.damage(s.tokenStart(), se)
}

// within runs fn with name pushed onto the JSON pointer.
func (s *jsonStream) within(name string, fn func() error) error {
	s.path = append(s.path, name)
	err := fn()
	s.path = s.path[:len(s.path)-1]
	return err
}

// peekKind reads the first token of a value, which must open an object or
// an array, and returns it.
func (s *jsonStream) peekKind() (json.Delim, error) {
	// Decoder has no peek, so the caller decides the shape from the first
	// token instead.
	t, err := s.dec.Token()
	if err != nil {
		return 0, s.wrap(err)
	}
	if d, ok := t.(json.Delim); ok {
		return d, nil
	}
	return 0, s.damage(s.tokenStart(), fmt.Errorf("expected a JSON object or array, found %s", describeToken(t)))
}

// object calls fn for each key of the object whose '{' was just read; fn
// must consume the value, with decode or skip.
func (s *jsonStream) object(fn func(key string) error) error {
	for s.dec.More() {
		t, err := s.dec.Token()
		if err != nil {
			return s.wrap(err)
		}
		key, _ := t.(string)
		if err := s.within(key, func() error { return fn(key) }); err != nil {
			return err
		}
	}
	return s.expect('}')
}

// array calls fn for each element of the array that comes next; fn must
// consume the element.
func (s *jsonStream) array(fn func(i int) error) error {
	if err := s.expect('['); err != nil {
		return err
	}
	return s.elements(fn)
}

// elements calls fn for each element of the array whose '[' was just read.
func (s *jsonStream) elements(fn func(i int) error) error {
	for i := 0; s.dec.More(); i++ {
		if err := s.within(strconv.Itoa(i), func() error { return fn(i) }); err != nil {
			return err
		}
	}
	return s.expect(']')
}

// decode decodes the next value into v.
func (s *jsonStream) decode(v any) error {
	if err := s.dec.Decode(v); err != nil {
		return s.wrap(err)
	}
	return nil
}

// skip consumes the next value, however deep, without keeping it.
func (s *jsonStream) skip() error {
	depth := 0
	for {
		t, err := s.dec.Token()
		if err != nil {
			return s.wrap(err)
		}
		if d, ok := t.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// items reads a document that is an array of items, an object whose listKey
// holds an array of items, or one item, and passes each item, decoded into
// a new T, to fn with its JSON pointer. Items in arrays are decoded one at a
// time; a single item is decoded whole.
func items[T any](s *jsonStream, listKey string, fn func(item *T, pointer string) error) error {
	kind, err := s.peekKind()
	if err != nil {
		return err
	}
	each := func(int) error {
		item := new(T)
		if err := s.decode(item); err != nil {
			return err
		}
		return fn(item, s.pointer())
	}
	if kind == '[' {
		return s.elements(each)
	}
	raw := map[string]json.RawMessage{}
	listed := false
	err = s.object(func(key string) error {
		if key == listKey {
			listed = true
			return s.array(each)
		}
		var v json.RawMessage
		if err := s.decode(&v); err != nil {
			return err
		}
		raw[key] = v
		return nil
	})
	if err != nil || listed || len(raw) == 0 {
		return err
	}
	b, _ := json.Marshal(raw)
	item := new(T)
	if err := json.Unmarshal(b, item); err != nil {
		return err
	}
	return fn(item, "")
}
