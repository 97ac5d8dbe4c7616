package mine

import (
	"container/heap"
	"strings"

	"github.com/lexlint/lexlint/lint"
)

// sketch is a pair of count-min sketches of n-gram hashes, one for the
// low-rated conversations and one for the high-rated, with conservative
// update. It is blocked so that a count or an estimate of both touches one
// cache line: a hash picks a block of 16 32-bit counters (64 bytes) and in
// it, for each of four rows, one of two pairs of counters (low, high). An
// estimate is never below the true count.
type sketch struct {
	blocks [][16]uint32
}

// newSketch returns a sketch of width pairs of counters per row (four
// rows): 32 bytes per unit of width.
func newSketch(width int) *sketch {
	return &sketch{blocks: make([][16]uint32, max(1, width/2))}
}

// slots returns the block of h and the low counter of its pair in each
// row; the high counter follows it.
func (s *sketch) slots(h uint64) (*[16]uint32, [4]int) {
	x := h * 0xBF58476D1CE4E5B9
	x ^= x >> 31
	b := &s.blocks[(x>>8)%uint64(len(s.blocks))]
	return b, [4]int{int(x&1) * 2, 4 + int(x>>1&1)*2, 8 + int(x>>2&1)*2, 12 + int(x>>3&1)*2}
}

// estimate returns the counts of h in the low and high conversations.
func (s *sketch) estimate(h uint64) (low, high uint32) {
	b, at := s.slots(h)
	return min(b[at[0]], b[at[1]], b[at[2]], b[at[3]]), min(b[at[0]+1], b[at[1]+1], b[at[2]+1], b[at[3]+1])
}

// add counts one more of h in group (0 low, 1 high), raising only the
// counters at the minimum.
func (s *sketch) add(h uint64, group int) {
	b, at := s.slots(h)
	est := min(b[at[0]+group], b[at[1]+group], b[at[2]+group], b[at[3]+group])
	if est == ^uint32(0) {
		return
	}
	for _, i := range at {
		if b[i+group] == est {
			b[i+group]++
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
