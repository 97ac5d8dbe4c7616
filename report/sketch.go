package report

import (
	"sort"
	"strings"
	"unicode/utf8"
)

const (
	maxSketch   = 2048 // distinct sentences kept per agent
	maxSentence = 200  // bytes of a sentence's text kept
)

// sketch counts an agent's sentences: exactly while they have fewer than
// maxSketch (2,048) distinct ones, about 500 KB at most; beyond that,
// sentences sent in one conversation only are forgotten to make room (a
// sentence forgotten and sent again starts over), so scripted sentences,
// which recur, stay. The texts live in one arena, so a sentence costs no
// allocation of its own. A report carries the sketch, so merged reports
// count as one run does.
type sketch struct {
	Sentences int
	entries   map[uint64]counted
	arena     []byte // the entries' texts
	retry     int    // when full of repeated sentences: the count of sentences at which to sweep again
}

// counted is a sentence of the sketch: how often it was sent, in how many
// conversations (and the last), and its text in the arena.
type counted struct {
	count, convs int32
	off, n       uint32
	last         uint64
}

// sentenceCount is a sentence of a sketch as a report carries it.
type sentenceCount struct {
	Key   uint64 `json:"key,string"` // a string: JSON numbers lose 64-bit precision in many readers
	Text  string `json:"text"`       // as first written (raw), cut at maxSentence bytes
	Count int    `json:"count"`
	Convs int    `json:"conversations"`
}

// sketchState is a sketch as a report carries it for merging.
type sketchState struct {
	Sentences int              `json:"sentences"`
	Entries   []*sentenceCount `json:"entries"`
}

func newSketch() *sketch { return &sketch{entries: map[uint64]counted{}} }

// add counts the sentence text[start:end], whose words' normal forms
// hash to key, sent in conversation conv.
func (s *sketch) add(key uint64, text []byte, start, end int, conv uint64) {
	s.Sentences++
	c, ok := s.entries[key]
	if !ok {
		if c, ok = s.put(text[start:end]); !ok {
			return
		}
	}
	c.count++
	if c.last != conv || c.convs == 0 {
		c.convs++
		c.last = conv
	}
	s.entries[key] = c
}

// put makes room for a new sentence and stores its text; false when the
// sketch is full of sentences sent in three or more conversations (new
// ones then wait for the next sweep, maxSketch sentences later).
func (s *sketch) put(text []byte) (counted, bool) {
	if len(s.entries) >= maxSketch {
		if s.Sentences < s.retry {
			return counted{}, false
		}
		if s.sweep(); len(s.entries) >= maxSketch {
			s.retry = s.Sentences + maxSketch
			return counted{}, false
		}
	}
	off := len(s.arena)
	s.arena = cut(s.arena, text, maxSentence)
	return counted{off: uint32(off), n: uint32(len(s.arena) - off)}, true
}

// text is a sentence's text.
func (s *sketch) text(c counted) string { return string(s.arena[c.off : c.off+c.n]) }

// cut appends at most n bytes of b to dst, at a character boundary, with
// "…" when it is cut.
func cut(dst, b []byte, n int) []byte {
	if len(b) <= n {
		return append(dst, b...)
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return append(append(dst, b[:n]...), "…"...)
}

// clean is a sentence as a report shows it: valid UTF-8, spaces and line
// breaks folded to single spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// sweep forgets the sentences sent in one conversation only (or, if that
// frees too little, in two) and packs the arena.
func (s *sketch) sweep() {
	for limit := int32(1); limit < minRepeats && len(s.entries) >= maxSketch*3/4; limit++ {
		for k, c := range s.entries {
			if c.convs <= limit {
				delete(s.entries, k)
			}
		}
	}
	arena := make([]byte, 0, len(s.arena)/2)
	for k, c := range s.entries {
		off := len(arena)
		arena = append(arena, s.arena[c.off:c.off+c.n]...)
		c.off = uint32(off)
		s.entries[k] = c
	}
	s.arena = arena
}

// repetition sums up an agent's sketch.
func (s *sketch) repetition(agent string) *Repetition {
	r := &Repetition{Agent: agent, Sentences: s.Sentences, Top: []*Repeated{}}
	type top struct {
		text         string
		count, convs int32
	}
	var tops []top
	for _, c := range s.entries {
		if c.convs >= minRepeats {
			r.Repeated += int(c.count)
			tops = append(tops, top{s.text(c), c.count, c.convs})
		}
	}
	sort.Slice(tops, func(i, j int) bool {
		if tops[i].convs != tops[j].convs {
			return tops[i].convs > tops[j].convs
		}
		if tops[i].count != tops[j].count {
			return tops[i].count > tops[j].count
		}
		return tops[i].text < tops[j].text
	})
	for _, t := range tops[:min(len(tops), topRepeated)] {
		r.Top = append(r.Top, &Repeated{Text: clean(t.text), Conversations: int(t.convs)})
	}
	if r.Sentences > 0 {
		r.Share = round2(float64(r.Repeated) / float64(r.Sentences))
	}
	return r
}

// state is the sketch as a report carries it, sentences by key.
func (s *sketch) state() *sketchState {
	ss := &sketchState{Sentences: s.Sentences, Entries: make([]*sentenceCount, 0, len(s.entries))}
	for k, c := range s.entries {
		ss.Entries = append(ss.Entries, &sentenceCount{Key: k, Text: s.text(c), Count: int(c.count), Convs: int(c.convs)})
	}
	sort.Slice(ss.Entries, func(i, j int) bool { return ss.Entries[i].Key < ss.Entries[j].Key })
	return ss
}

// merge adds a shard's sketch (whose conversations are not this one's).
func (s *sketch) merge(ss *sketchState) {
	s.Sentences += ss.Sentences
	for _, e := range ss.Entries {
		c, ok := s.entries[e.Key]
		if !ok {
			if c, ok = s.put([]byte(e.Text)); !ok {
				continue
			}
		}
		c.count += int32(e.Count)
		c.convs += int32(e.Convs)
		s.entries[e.Key] = c
	}
}
