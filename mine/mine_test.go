package mine

import (
	"math/rand"
	"strings"
	"testing"
)

func phrase(s string, low int) *Phrase {
	return &Phrase{Phrase: s, words: strings.Fields(s), Low: low}
}

func TestFolding(t *testing.T) {
	long := phrase("we have logged your feedback internally", 150)
	tests := []struct {
		p    *Phrase
		kept []*Phrase
		want bool
	}{
		{phrase("logged your feedback", 150), []*Phrase{long}, true},                                                       // inside
		{phrase("we have logged your feedback internally today", 90), []*Phrase{phrase("your feedback", 150)}, true},       // holding
		{phrase("already explained the parcel left", 147), []*Phrase{phrase("i already explained the parcel", 147)}, true}, // overlapping
		{phrase("already explained the parcel left", 40), []*Phrase{phrase("i already explained the parcel", 147)}, false}, // other conversations
		{phrase("the parcel", 100), []*Phrase{phrase("parcel left", 100)}, false},                                          // one word shared
		{phrase("calm down please", 30), []*Phrase{long}, false},
	}
	for _, tt := range tests {
		if got := folded(tt.p, tt.kept); got != tt.want {
			t.Errorf("folded(%q, %q) = %v", tt.p.Phrase, tt.kept[0].Phrase, got)
		}
	}
	got := absorb([]*Phrase{phrase("we have logged your", 150), long, phrase("your feedback", 300)})
	if len(got) != 2 || got[0] != long || got[1].Phrase != "your feedback" {
		t.Errorf("absorb kept %v", got)
	}
}

// TestSketch: a count-min sketch never counts less than the truth, and
// with room to spare it counts about right.
func TestSketch(t *testing.T) {
	s := newSketch(1 << 14)
	r := rand.New(rand.NewSource(1))
	truth := map[uint64]uint32{}
	for range 20000 {
		h := uint64(r.Intn(3000)) * 0x9E3779B97F4A7C15
		truth[h]++
		s.add(h, 0)
		s.add(h*3, 1)
	}
	over := 0
	for h, n := range truth {
		est, _ := s.estimate(h)
		if _, hi := s.estimate(h * 3); hi < n {
			t.Fatalf("high estimate %d below the count %d", hi, n)
		}
		if est < n {
			t.Fatalf("estimate %d below the count %d", est, n)
		}
		if est > n {
			over++
		}
	}
	if over > len(truth)/10 {
		t.Errorf("%d of %d counts overestimated", over, len(truth))
	}
}

// TestTopK keeps the k strongest candidates offered.
func TestTopK(t *testing.T) {
	k := newTopK(3)
	for i, z := range []float64{1, 5, 2, 9, 3, 7} {
		k.offer(uint64(i), z, nil)
	}
	var zs []float64
	for _, c := range k.items.c {
		zs = append(zs, c.z)
	}
	sum := 0.0
	for _, z := range zs {
		sum += z
	}
	if len(zs) != 3 || sum != 21 {
		t.Errorf("kept %v, want 5, 7 and 9", zs)
	}
}
