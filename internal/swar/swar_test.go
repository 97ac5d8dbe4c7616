package swar

import (
	"math/bits"
	"testing"
)

// TestMarks puts every byte value at every place among bytes that match
// nothing and checks each function against a byte-by-byte answer: the
// first match exactly, and AtLeast in every byte.
func TestMarks(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			b := []byte("aaaaaaaa")
			b[pos] = byte(c)
			v := Load(string(b), 0)
			if got := byte(v >> (8 * pos)); got != byte(c) {
				t.Fatalf("Load: byte %d is %#x, want %#x", pos, got, c)
			}
			first := func(m uint64) int {
				if m == 0 {
					return -1
				}
				return bits.TrailingZeros64(m) / 8
			}
			at := func(match bool) int {
				if match {
					return pos
				}
				return -1
			}
			for _, q := range []byte{'"', '\\', 0, 0x7f, 0xff} {
				if got, want := first(Equal(v, q)), at(byte(c) == q); got != want {
					t.Errorf("Equal(%#x) with %#x at %d: first match %d, want %d", q, c, pos, got, want)
				}
			}
			for _, n := range []byte{0x20, 0x41} { // the filler, 'a', is above both
				if got, want := first(Below(v, n)), at(byte(c) < n); got != want {
					t.Errorf("Below(%#x) with %#x at %d: first match %d, want %d", n, c, pos, got, want)
				}
			}
			if c < 0x80 {
				for _, lo := range []byte{'0', 'a', 'z' + 1, 0x7f} {
					m := AtLeast(v, lo)
					for i := 0; i < 8; i++ {
						want := b[i] >= lo
						if got := m>>(8*i+7)&1 == 1; got != want {
							t.Errorf("AtLeast(%#x) with %q: byte %d marked %v, want %v", lo, b, i, got, want)
						}
					}
				}
			}
		}
	}
}
