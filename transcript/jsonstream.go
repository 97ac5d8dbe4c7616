package transcript

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// A jsonStream walks a large JSON document with encoding/json's Decoder
// token API, decoding one element at a time, so memory stays bounded by the
// largest element rather than the file.
type jsonStream struct {
	dec *json.Decoder
}

func newJSONStream(r io.Reader) *jsonStream {
	br := bufio.NewReaderSize(r, 256<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	return &jsonStream{dec: dec}
}

// next reads the next token, which must be the delimiter want.
func (s *jsonStream) expect(want json.Delim) error {
	t, err := s.dec.Token()
	if err != nil {
		return s.wrap(err)
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q at byte %d, found %v", want, s.dec.InputOffset(), t)
	}
	return nil
}

func (s *jsonStream) wrap(err error) error {
	if err == io.EOF {
		return fmt.Errorf("unexpected end of the file: the JSON is incomplete")
	}
	return fmt.Errorf("invalid JSON near byte %d: %v", s.dec.InputOffset(), jsonError(err))
}

// peekDelim reports the kind of the next value: '{', '[' or 0 for others.
func (s *jsonStream) peekKind() (json.Delim, error) {
	// Token would consume; Decoder has no peek, so the caller decides the
	// shape from the first token instead. This helper reads it.
	t, err := s.dec.Token()
	if err != nil {
		return 0, s.wrap(err)
	}
	if d, ok := t.(json.Delim); ok {
		return d, nil
	}
	return 0, fmt.Errorf("expected a JSON object or array, found %v", t)
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
		if err := fn(key); err != nil {
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
	for i := 0; s.dec.More(); i++ {
		if err := fn(i); err != nil {
			return err
		}
	}
	return s.expect(']')
}

// arrayOrNull is array, but a null value counts as an empty array.
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
	if kind == '[' {
		for i := 0; s.dec.More(); i++ {
			item := new(T)
			if err := s.decode(item); err != nil {
				return err
			}
			if err := fn(item, fmt.Sprintf("/%d", i)); err != nil {
				return err
			}
		}
		return s.expect(']')
	}
	raw := map[string]json.RawMessage{}
	listed := false
	err = s.object(func(key string) error {
		if key == listKey {
			listed = true
			return s.array(func(i int) error {
				item := new(T)
				if err := s.decode(item); err != nil {
					return err
				}
				return fn(item, fmt.Sprintf("/%s/%d", listKey, i))
			})
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
