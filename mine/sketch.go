package mine

import (
	"container/heap"
	"strings"

	"github.com/lexlint/lexlint/lint"
)

// sketch is a count-min sketch of n-gram hashes with conservative update:
// four rows of 32-bit counters; an estimate is never below the true count.
type sketch struct {
	rows  [4][]uint32
	width uint64
}

func newSketch(width int) *sketch {
	s := &sketch{width: uint64(width)}
	for i := range s.rows {
		s.rows[i] = make([]uint32, width)
	}
	return s
}

// index is the counter of a hash in row i (each row mixes the hash with
// its own odd constant).
func (s *sketch) index(h uint64, i int) uint64 {
	x := (h ^ uint64(i+1)*0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9
	x ^= x >> 31
	return x % s.width
}

func (s *sketch) estimate(h uint64) uint32 {
	est := ^uint32(0)
	for i := range s.rows {
		est = min(est, s.rows[i][s.index(h, i)])
	}
	return est
}

// add counts one more of h, raising only the counters at the minimum.
func (s *sketch) add(h uint64) {
	est := s.estimate(h)
	if est == ^uint32(0) {
		return
	}
	for i := range s.rows {
		if c := &s.rows[i][s.index(h, i)]; *c == est {
			*c++
		}
	}
}

// topK keeps the k n-grams of highest estimated z-score offered, by hash.
type topK struct {
	k     int
	items candHeap
	index map[uint64]int // hash -> place in items
}

type cand struct {
	hash  uint64
	z     float64
	words []string
}

// candHeap is a min-heap on z: the weakest candidate is at the top.
type candHeap struct {
	c   []*cand
	idx map[uint64]int
}

func (h candHeap) Len() int           { return len(h.c) }
func (h candHeap) Less(i, j int) bool { return h.c[i].z < h.c[j].z }
func (h candHeap) Swap(i, j int) {
	h.c[i], h.c[j] = h.c[j], h.c[i]
	h.idx[h.c[i].hash], h.idx[h.c[j].hash] = i, j
}
func (h *candHeap) Push(x any) { c := x.(*cand); h.idx[c.hash] = len(h.c); h.c = append(h.c, c) }
func (h *candHeap) Pop() any {
	c := h.c[len(h.c)-1]
	h.c = h.c[:len(h.c)-1]
	delete(h.idx, c.hash)
	return c
}

func newTopK(k int) *topK {
	idx := map[uint64]int{}
	return &topK{k: k, items: candHeap{idx: idx}, index: idx}
}

// offer proposes an n-gram with its estimated z-score.
func (t *topK) offer(hash uint64, z float64, words []lint.Word) {
	if _, ok := t.index[hash]; ok {
		return // its estimate does not change within a pass
	}
	if len(t.items.c) >= t.k {
		if z <= t.items.c[0].z {
			return
		}
		heap.Pop(&t.items)
	}
	ws := make([]string, len(words))
	for i, w := range words {
		ws[i] = w.Norm
	}
	heap.Push(&t.items, &cand{hash: hash, z: z, words: ws})
}

// phrases returns the candidates as phrases to count exactly.
func (t *topK) phrases() map[uint64]*Phrase {
	out := make(map[uint64]*Phrase, len(t.items.c))
	for _, c := range t.items.c {
		out[c.hash] = &Phrase{Phrase: strings.Join(c.words, " "), words: c.words}
	}
	return out
}
