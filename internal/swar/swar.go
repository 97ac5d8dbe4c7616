// Package swar looks at eight bytes at a time in a 64-bit word ("SIMD
// within a register"), for the loops that scan text: word ends, JSON
// strings, characters to escape. Each function returns a word with the high
// bit set in the bytes that match. Equal and Below are exact only at the
// lowest match (a borrow may set bits above it), so callers ask whether
// anything matched or where the first match is
// (bits.TrailingZeros64(m)/8); AtLeast is exact in every byte.
package swar

const (
	ones = 0x0101010101010101
	// High holds the high bit of every byte; v&High marks the bytes of v
	// that are not ASCII.
	High = 0x8080808080808080
)

// Load returns s[i:i+8] as a little-endian word: byte i is the lowest.
func Load(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// Equal marks the bytes equal to c.
func Equal(v uint64, c byte) uint64 {
	x := v ^ ones*uint64(c)
	return (x - ones) &^ x & High
}

// Below marks the bytes below n, which is at most 0x80.
func Below(v uint64, n byte) uint64 {
	return (v - ones*uint64(n)) &^ v & High
}

// AtLeast marks the bytes that are lo or more, for a word whose bytes are
// all below 0x80 (clear the high bits first): adding 0x80-lo sets a byte's
// high bit exactly when it is lo or more, and carries into no other byte.
func AtLeast(v uint64, lo byte) uint64 {
	return (v + ones*uint64(0x80-lo)) & High
}
