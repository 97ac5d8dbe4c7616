package output

import "strconv"

// A jsonw appends nested JSON laid out as json.Indent lays it out with a
// prefix and two spaces, strings escaped as encoding/json escapes them
// (HTML-safe): for documents whose parts are written one at a time, by hand
// for speed, where encoding/json would need reflection and a second pass.
//
// A compact jsonw writes no line breaks or spaces, as json.Marshal does.
type jsonw struct {
	b       []byte
	prefix  string
	depth   int
	compact bool
	filled  [16]bool // whether the object or array at each depth has members
}

// newline starts a member of the open object or array.
func (w *jsonw) member() {
	if w.filled[w.depth] {
		w.b = append(w.b, ',')
	}
	w.filled[w.depth] = true
	if w.compact {
		return
	}
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range w.depth {
		w.b = append(w.b, ' ', ' ')
	}
}

// key starts the value of a key of the open object.
func (w *jsonw) key(k string) *jsonw {
	w.member()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
	if !w.compact {
		w.b = append(w.b, ' ')
	}
	return w
}

// elem starts an element of the open array.
func (w *jsonw) elem() *jsonw {
	w.member()
	return w
}

func (w *jsonw) open(delim byte) {
	w.b = append(w.b, delim)
	w.depth++
	w.filled[w.depth] = false
}

func (w *jsonw) close(delim byte) {
	filled := w.filled[w.depth]
	w.depth--
	if filled && !w.compact {
		w.b = append(w.b, '\n')
		w.b = append(w.b, w.prefix...)
		for range w.depth {
			w.b = append(w.b, ' ', ' ')
		}
	}
	w.b = append(w.b, delim)
}

func (w *jsonw) object()    { w.open('{') }
func (w *jsonw) endObject() { w.close('}') }
func (w *jsonw) array()     { w.open('[') }
func (w *jsonw) endArray()  { w.close(']') }

func (w *jsonw) str(s string) { w.b = appendString(w.b, s, true) }
func (w *jsonw) int(v int)    { w.b = strconv.AppendInt(w.b, int64(v), 10) }
func (w *jsonw) raw(s string) { w.b = append(w.b, s...) }
