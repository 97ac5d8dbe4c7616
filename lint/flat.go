package lint

import (
	"encoding/binary"
	"unsafe"
)

// The automaton's large tables (its transitions, failure links, state
// masks and depths, outputs and the vocabulary's slots: about 8 MB for the
// built-ins) are stored in a snapshot as they lie in memory, little-endian,
// each starting at a multiple of eight bytes. On a little-endian machine,
// when the snapshot itself starts at such a multiple (the embedded one
// does), the matcher's slices point into the snapshot's bytes: nothing is
// decoded or copied, and a draft's check reads only the pages it uses.
// Otherwise each element is decoded into a new slice. The tables are only
// read after loading; the embedded bytes are read-only memory.

// flatWriter appends tables in the layout flatReader reads.
type flatWriter struct{ b []byte }

// pad appends zeros up to a multiple of eight bytes.
func (w *flatWriter) pad() {
	for len(w.b)%8 != 0 {
		w.b = append(w.b, 0)
	}
}

// table appends n elements of size bytes each, written by put into the
// zeroed bytes of one element.
func (w *flatWriter) table(n, size int, put func(i int, b []byte)) {
	w.pad()
	w.b = binary.LittleEndian.AppendUint64(w.b, uint64(n))
	start := len(w.b)
	w.b = append(w.b, make([]byte, n*size)...)
	for i := range n {
		put(i, w.b[start+i*size:start+(i+1)*size])
	}
	w.pad()
}

// flatReader reads tables from s, which starts at a multiple of eight
// bytes of the snapshot. A short or damaged table sets bad.
type flatReader struct {
	s       string
	inPlace bool
	bad     bool
}

// nativeLittle reports whether this machine stores numbers little-endian.
func nativeLittle() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}

// canReadInPlace reports whether the tables of snapshot s can be used
// where they lie.
func canReadInPlace(s string) bool {
	return nativeLittle() && len(s) > 0 && uintptr(unsafe.Pointer(unsafe.StringData(s)))%8 == 0
}

// flatTable reads the next table of elements of type T: in place, or each
// element decoded by dec from its bytes.
func flatTable[T any](f *flatReader, dec func(b string) T) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if f.bad || len(f.s) < 8 {
		f.bad = true
		return nil
	}
	n := le64(f.s)
	if n > uint64(len(f.s)-8)/uint64(size) {
		f.bad = true
		return nil
	}
	data := f.s[8 : 8+int(n)*size]
	f.s = f.s[(8+len(data)+7)&^7:]
	if n == 0 {
		return nil
	}
	if f.inPlace {
		return unsafe.Slice((*T)(unsafe.Pointer(unsafe.StringData(data))), n)
	}
	v := make([]T, n)
	for i := range v {
		v[i] = dec(data[i*size : (i+1)*size])
	}
	return v
}

// le32 and le64 read little-endian numbers from the start of b.
func le32(b string) int32 {
	return int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
}

func le64(b string) uint64 { return uint64(uint32(le32(b))) | uint64(uint32(le32(b[4:])))<<32 }

// putFlat writes the matcher's large tables.
func (m *matcher) putFlat(w *flatWriter) {
	put32 := func(b []byte, v ...int32) {
		for i, x := range v {
			binary.LittleEndian.PutUint32(b[4*i:], uint32(x))
		}
	}
	ints := func(v []int32) {
		w.table(len(v), 4, func(i int, b []byte) { put32(b, v[i]) })
	}
	w.table(len(m.slots), int(unsafe.Sizeof(vocabSlot{})), func(i int, b []byte) {
		s := m.slots[i]
		binary.LittleEndian.PutUint64(b, s.key)
		put32(b[8:], s.id)
		binary.LittleEndian.PutUint16(b[12:], s.n)
		b[14], b[15] = byte(s.lang), byte(boolInt(s.skip))
	})
	ints(m.root)
	w.table(len(m.trans), int(unsafe.Sizeof(transition{})), func(i int, b []byte) {
		t := m.trans[i]
		put32(b, t.from, t.tok, t.next)
	})
	ints(m.fail)
	w.table(len(m.masks), int(unsafe.Sizeof(stateMask{})), func(i int, b []byte) {
		binary.LittleEndian.PutUint64(b, m.masks[i].own)
		binary.LittleEndian.PutUint64(b[8:], m.masks[i].chain)
	})
	ints(m.depth)
	w.table(len(m.outs), int(unsafe.Sizeof(output{})), func(i int, b []byte) {
		o := m.outs[i]
		put32(b, o.piece, o.length, o.emit0, o.emit1)
		b[16] = byte(boolInt(o.complex))
	})
	ints(m.outOff)
	w.table(len(m.emits), int(unsafe.Sizeof(emit{})), func(i int, b []byte) {
		put32(b, m.emits[i].rule, m.emits[i].phrase)
	})
}

// getFlat reads what putFlat wrote.
func (m *matcher) getFlat(f *flatReader) bool {
	ints := func() []int32 { return flatTable(f, le32) }
	m.slots = flatTable(f, func(b string) vocabSlot {
		return vocabSlot{key: le64(b), id: le32(b[8:]), n: uint16(b[12]) | uint16(b[13])<<8, lang: int8(b[14]), skip: b[15] == 1}
	})
	m.root = ints()
	m.trans = flatTable(f, func(b string) transition {
		return transition{from: le32(b), tok: le32(b[4:]), next: le32(b[8:])}
	})
	m.fail = ints()
	m.masks = flatTable(f, func(b string) stateMask { return stateMask{own: le64(b), chain: le64(b[8:])} })
	m.depth = ints()
	m.outs = flatTable(f, func(b string) output {
		return output{piece: le32(b), length: le32(b[4:]), emit0: le32(b[8:]), emit1: le32(b[12:]), complex: b[16] == 1}
	})
	m.outOff = ints()
	m.emits = flatTable(f, func(b string) emit { return emit{rule: le32(b), phrase: le32(b[4:])} })
	return !f.bad && f.s == ""
}

// flatLayout reports whether the tables' types lie in memory as putFlat
// writes them; a test holds it.
func flatLayout() bool {
	var s vocabSlot
	var o output
	return unsafe.Sizeof(s) == 16 && unsafe.Offsetof(s.id) == 8 && unsafe.Offsetof(s.n) == 12 &&
		unsafe.Offsetof(s.lang) == 14 && unsafe.Offsetof(s.skip) == 15 &&
		unsafe.Sizeof(transition{}) == 12 && unsafe.Sizeof(stateMask{}) == 16 && unsafe.Sizeof(emit{}) == 8 &&
		unsafe.Sizeof(o) == 20 && unsafe.Offsetof(o.complex) == 16
}
