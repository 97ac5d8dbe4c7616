package lint

import (
	"crypto/sha256"
	_ "embed" // the snapshot of the built-in lexicons
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"
	"unsafe"

	"github.com/lexlint/lexlint/lexicon"
)

// builtinSnapshot is the compiled form of all built-in lexicons, written
// by encodeSnapshot when lexlint is built (go test ./lint -run
// TestBuiltinSnapshot -update). Loading it replaces parsing the lexicons'
// YAML and compiling their automaton, which took most of the start of a
// single draft's check.
//
//go:embed builtin.snap
var builtinSnapshot string

// snapshotMagic starts a snapshot; change it when the layout changes.
const snapshotMagic = "lexlint-snapshot-5\n"

// NewBuiltin returns a Linter for all built-in lexicons, as New would for
// the lexicons lexicon.Load(lexicon.BuiltinRefs()...) returns. It loads
// the snapshot stored at build time; when that does not match the built-in
// lexicons' sources it parses and compiles them instead.
//
// The Linter's entries and groups carry what findings report (identity,
// category, severity, message, suggestions, fix, origin) but not their
// phrases or examples, so its RunExamples is an error.
func NewBuiltin(opts Options) (*Linter, error) {
	digest, err := builtinDigest()
	if err != nil {
		return nil, err
	}
	if m, langs, err := decodeSnapshot(builtinSnapshot, digest); err == nil {
		if err := checkLang(opts.Lang, langs); err != nil {
			return nil, err
		}
		l := newLinter(m, langs, opts)
		l.snapshot = true
		return l, nil
	}
	lexs, err := lexicon.Load(lexicon.BuiltinRefs()...)
	if err != nil {
		return nil, err
	}
	return New(lexs, opts)
}

// builtinDigest identifies the built-in lexicons' sources.
func builtinDigest() ([sha256.Size]byte, error) {
	h := sha256.New()
	for _, lang := range lexicon.BuiltinLanguages() {
		if err := lexicon.HashBuiltin(h, lang); err != nil {
			return [sha256.Size]byte{}, err
		}
	}
	return [sha256.Size]byte(h.Sum(nil)), nil
}

// encodeSnapshot writes a compiled matcher and the languages of its
// lexicons: after the magic and the digest, a CRC-32C of the part that is
// decoded; that part, the rules, words, pieces and phrases, whose numbers
// are varints and whose strings and lists carry their length; then the
// large tables as they lie in memory (see putFlat), not covered by the
// checksum so that a start need not read them all.
func encodeSnapshot(m *matcher, langs map[string]bool, digest [sha256.Size]byte) []byte {
	w := &snapWriter{b: []byte(snapshotMagic)}
	w.b = append(w.b, digest[:]...)
	w.b = append(w.b, 0, 0, 0, 0) // the checksum, below
	w.strs(slices.Sorted(maps.Keys(langs)))

	w.int(len(m.rules))
	for _, r := range m.rules {
		if len(r.owners) > 0 {
			w.int(2)
			w.ints(r.owners)
			continue
		}
		if e := r.entry; e != nil {
			w.int(0)
			w.strs([]string{e.ID, e.Category, e.Message, e.Fix, e.Lexicon, e.Language})
			w.int(int(e.Severity))
			w.bool(e.NotInQuestions)
			w.strs(e.Suggestions)
			w.pos(e.Pos)
			continue
		}
		g := r.group
		w.int(1)
		w.strs([]string{g.ID, g.Category, g.Message, g.Lexicon, g.Language, g.Require, g.Position})
		w.int(int(g.Severity))
		w.strs(g.Suggestions)
		w.pos(g.Pos)
	}

	w.int(int(m.phraseVocab))
	w.strs(m.words[1:])
	w.strs(m.slotWords)
	skips := make([]int32, len(m.skipMasks))
	for i, v := range m.skipMasks {
		skips[i] = int32(v)
	}
	w.ints(skips)
	w.pieces(m)
	w.int(len(m.regexps))
	for _, rx := range m.regexps {
		w.int(int(rx.rule))
		w.str(rx.phrase.Source)
		w.pos(rx.phrase.Pos)
	}
	sum := len(snapshotMagic) + sha256.Size
	binary.LittleEndian.PutUint32(w.b[sum:], crc32.Checksum(w.b[sum+4:], castagnoli))
	f := &flatWriter{b: w.b}
	m.putFlat(f)
	return f.b
}

// castagnoli is the CRC-32C table (computed in hardware where it can be).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// pieces writes the matcher's pieces and compiled token phrases.
func (w *snapWriter) pieces(m *matcher) {
	w.int(len(m.pieces))
	for _, p := range m.pieces {
		refs := make([]int32, 0, 2*len(p.refs)+1)
		refs = append(refs, boolInt(p.complex))
		for _, r := range p.refs {
			refs = append(refs, r.phrase, r.index)
		}
		w.ints(refs)
	}
	w.int(len(m.phrases))
	for _, ph := range m.phrases {
		w.str(ph.source)
		w.ints([]int32{ph.rule, ph.lead, ph.trail, boolInt(ph.atStart), boolInt(ph.atEnd), boolInt(ph.simple), int32(ph.skipBit)})
		w.ints(ph.pieces)
		gaps := make([]int32, 0, 2*len(ph.gaps))
		for _, g := range ph.gaps {
			gaps = append(gaps, g[0], g[1])
		}
		w.ints(gaps)
	}
}

func boolInt(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

var errSnapshot = errors.New("snapshot does not match")

// decodeSnapshot reads what encodeSnapshot wrote, for built-in lexicons
// with the given digest. Strings are not copied: they refer to snap, and so
// do the large tables where they can (see flatReader). A snapshot whose
// decoded part does not match its checksum is refused. The tables are used
// as they are: the embedded snapshot is part of the executable, like its
// code; tests check its bytes against the encoder and every index in it
// (TestBuiltinSnapshot, TestSnapshotInPlace).
func decodeSnapshot(snap string, digest [sha256.Size]byte) (*matcher, map[string]bool, error) {
	return decodeSnap(snap, digest, canReadInPlace(snap))
}

// decodeSnap is decodeSnapshot, reading the large tables in place or not.
func decodeSnap(snap string, digest [sha256.Size]byte, inPlace bool) (*matcher, map[string]bool, error) {
	head := len(snapshotMagic) + sha256.Size
	if len(snap) < head+4 || snap[:len(snapshotMagic)] != snapshotMagic ||
		snap[len(snapshotMagic):head] != string(digest[:]) {
		return nil, nil, errSnapshot
	}
	r := &snapReader{s: snap[head+4:]}
	langs := map[string]bool{}
	for _, l := range r.strs() {
		langs[l] = true
	}
	m := &matcher{}
	if !m.decodeRules(r) || !m.decodeVocab(r) {
		return nil, nil, errSnapshot
	}
	var tmp []int32 // lists turned into other types are decoded here, one after the other
	if !m.decodePhrases(r, &tmp) {
		return nil, nil, errSnapshot
	}
	m.regexps = make([]rxPhrase, r.count())
	for i := range m.regexps {
		rx := &m.regexps[i]
		rx.rule = int32(r.int())
		ph, err := lexicon.ParsePhrase(r.str())
		if err != nil {
			return nil, nil, fmt.Errorf("snapshot: %w", err)
		}
		ph.Pos = r.pos()
		rx.phrase = ph
	}
	used := len(snap) - len(r.s)
	if r.err != nil || uint32(le32(snap[head:])) != crc32.Update(0, castagnoli, unsafe.Slice(unsafe.StringData(snap[head+4:]), used-head-4)) {
		return nil, nil, errSnapshot
	}
	f := &flatReader{s: snap[min((used+7)&^7, len(snap)):], inPlace: inPlace}
	if !m.getFlat(f) || !m.shaped() {
		return nil, nil, errSnapshot
	}
	return m, langs, nil
}

// shaped checks that the tables of a decoded matcher fit together: their
// lengths, and the sizes of the open-addressing tables. (Their contents
// are what the encoder wrote: the checksum holds them; validate checks
// their indexes, in tests.)
func (m *matcher) shaped() bool {
	pow2 := func(n int) bool { return n > 0 && n&(n-1) == 0 }
	states := len(m.fail)
	if !pow2(len(m.slots)) || !pow2(len(m.trans)) || len(m.slotWords) != len(m.slots) ||
		len(m.root) != len(m.words) || len(m.masks) != states || len(m.depth) != states || len(m.outOff) != states+1 {
		return false
	}
	m.mask, m.shift = tableBits(len(m.slots))
	m.tmask, m.tshift = tableBits(len(m.trans))
	return true
}

// decodePhrases reads the pieces and the compiled token phrases.
func (m *matcher) decodePhrases(r *snapReader, tmp *[]int32) bool {
	m.pieces = make([]piece, r.count())
	slab := make([]pieceRef, 0, 2*len(m.pieces)) // the pieces' refs, in one allocation as far as it goes
	for i := range m.pieces {
		refs := r.intsInto(tmp)
		if len(refs) == 0 {
			return false
		}
		p := &m.pieces[i]
		p.complex = refs[0] == 1
		start := len(slab)
		for j := 1; j+1 < len(refs); j += 2 {
			slab = append(slab, pieceRef{phrase: refs[j], index: refs[j+1]})
		}
		p.refs = slab[start:len(slab):len(slab)]
	}
	m.phrases = make([]cphrase, r.count())
	var nums []int32 // the phrases' pieces, in a few allocations
	var gaps [][2]int32
	for i := range m.phrases {
		ph := &m.phrases[i]
		ph.source = r.str()
		f := r.intsInto(tmp)
		if len(f) != 7 {
			return false
		}
		ph.rule, ph.lead, ph.trail, ph.atStart, ph.atEnd, ph.simple = f[0], f[1], f[2], f[3] == 1, f[4] == 1, f[5] == 1
		ph.skipBit = uint32(f[6])
		ph.pieces, nums = carve(nums, r.intsInto(tmp))
		g := r.intsInto(tmp)
		if cap(gaps)-len(gaps) < len(g)/2 {
			gaps = make([][2]int32, 0, max(1024, len(g)/2))
		}
		start := len(gaps)
		for j := 0; j+1 < len(g); j += 2 {
			gaps = append(gaps, [2]int32{g[j], g[j+1]})
		}
		if len(gaps) > start {
			ph.gaps = gaps[start:len(gaps):len(gaps)]
		}
	}
	return true
}

// carve copies v to the end of slab, or of a new one when slab is full,
// and returns the copy (nil for an empty v) and the slab.
func carve(slab, v []int32) (copied, rest []int32) {
	if len(v) == 0 {
		return nil, slab
	}
	if cap(slab)-len(slab) < len(v) {
		slab = make([]int32, 0, max(4096, len(v)))
	}
	start := len(slab)
	slab = append(slab, v...)
	return slab[start:len(slab):len(slab)], slab
}

// decodeRules reads the entries and groups of a snapshot.
func (m *matcher) decodeRules(r *snapReader) bool {
	m.rules = make([]rule, r.count())
	for i := range m.rules {
		kind := r.int()
		if kind == 2 { // unless phrases of entries, the first before it
			owners := r.ints()
			if len(owners) == 0 || owners[0] < 0 || int(owners[0]) >= i || m.rules[owners[0]].entry == nil {
				return false
			}
			m.rules[i] = rule{entry: m.rules[owners[0]].entry, owners: owners}
			m.unless = true
			continue
		}
		if kind == 0 {
			f := r.strs()
			if len(f) != 6 {
				return false
			}
			e := &lexicon.Entry{ID: f[0], Category: f[1], Message: f[2], Fix: f[3], Lexicon: f[4], Language: f[5]}
			e.Severity = lexicon.Severity(r.int())
			e.NotInQuestions = r.int() == 1
			m.questions = m.questions || e.NotInQuestions
			e.Suggestions = r.strs()
			e.Pos = r.pos()
			m.rules[i].entry = e
			continue
		}
		f := r.strs()
		if len(f) != 7 {
			return false
		}
		g := &lexicon.Group{ID: f[0], Category: f[1], Message: f[2], Lexicon: f[3], Language: f[4], Require: f[5], Position: f[6]}
		g.Severity = lexicon.Severity(r.int())
		g.Suggestions = r.strs()
		g.Pos = r.pos()
		m.rules[i].group = g
	}
	// Every owner of unless phrases is an entry.
	for _, r := range m.rules {
		for _, o := range r.owners {
			if o < 0 || int(o) >= len(m.rules) || m.rules[o].entry == nil || len(m.rules[o].owners) > 0 {
				return false
			}
		}
	}
	return true
}

// decodeVocab reads the vocabulary of a snapshot, the words of its
// table's slots and its skip words.
func (m *matcher) decodeVocab(r *snapReader) bool {
	m.phraseVocab = int32(r.int())
	m.words = append([]string{""}, r.strs()...)
	m.slotWords = r.strs()
	if skips := r.ints(); len(skips) > 0 {
		if len(skips) != len(m.words) {
			return false
		}
		m.skipMasks = make([]uint32, len(skips))
		for i, v := range skips {
			m.skipMasks[i] = uint32(v)
		}
	}
	return r.err == nil
}

// validate checks that the indexes of a matcher stay in range: its
// outputs, pieces and phrases (validStates checks its states). Tests hold
// the stored snapshot to it; at run time its checksum stands for it.
func (m *matcher) validate() error {
	rules, pieces, phrases := int32(len(m.rules)), int32(len(m.pieces)), int32(len(m.phrases))
	ok := len(m.outOff) == len(m.fail)+1
	for i := 1; ok && i < len(m.outOff); i++ {
		ok = m.outOff[i-1] >= 0 && m.outOff[i-1] <= m.outOff[i] && int(m.outOff[i]) <= len(m.outs)
	}
	for _, o := range m.outs {
		ok = ok && o.piece >= 0 && o.piece < pieces && o.length > 0 && o.emit0 >= 0 && o.emit0 <= o.emit1 && int(o.emit1) <= len(m.emits)
	}
	for _, e := range m.emits {
		ok = ok && e.rule >= 0 && e.rule < rules && e.phrase >= 0 && e.phrase < phrases
	}
	for _, p := range m.pieces {
		for _, r := range p.refs {
			ok = ok && r.phrase >= 0 && r.phrase < phrases
		}
	}
	for _, ph := range m.phrases {
		ok = ok && ph.rule >= 0 && ph.rule < rules && len(ph.pieces) > 0 && len(ph.gaps) == len(ph.pieces)-1
		for _, p := range ph.pieces {
			ok = ok && p >= 0 && p < pieces
		}
	}
	for _, rx := range m.regexps {
		ok = ok && rx.rule >= 0 && rx.rule < rules
	}
	if !ok {
		return errSnapshot
	}
	return nil
}

// validStates checks the indexes of the automaton's states: the root's
// transitions, the transition table and the failure links.
func (m *matcher) validStates() bool {
	states := int32(len(m.fail))
	ok := len(m.root) == len(m.words)
	for _, v := range m.root {
		ok = ok && v>>1 >= 0 && v>>1 < states
	}
	for _, t := range m.trans {
		ok = ok && t.from >= 0 && t.from < states && t.next>>1 >= 0 && t.next>>1 < states && t.tok >= 0 && int(t.tok) < len(m.words)
	}
	for _, f := range m.fail {
		ok = ok && f >= 0 && f < states
	}
	return ok
}

// snapWriter appends a snapshot's values.
type snapWriter struct{ b []byte }

func (w *snapWriter) int(v int) { w.uint(uint64(v)<<1 ^ uint64(v>>63)) } // zig-zag

func (w *snapWriter) bool(b bool) {
	if b {
		w.int(1)
		return
	}
	w.int(0)
}

func (w *snapWriter) uint(v uint64) {
	for v >= 0x80 {
		w.b = append(w.b, byte(v)|0x80)
		v >>= 7
	}
	w.b = append(w.b, byte(v))
}

func (w *snapWriter) str(s string) {
	w.int(len(s))
	w.b = append(w.b, s...)
}

func (w *snapWriter) strs(v []string) {
	w.int(len(v))
	for _, s := range v {
		w.str(s)
	}
}

func (w *snapWriter) ints(v []int32) {
	width := 1
	for _, x := range v {
		for int64(x) < -1<<(8*width-1) || int64(x) >= 1<<(8*width-1) {
			width++
		}
	}
	w.int(len(v))
	w.int(width)
	for _, x := range v {
		for k := 0; k < width; k++ {
			w.b = append(w.b, byte(x>>(8*k)))
		}
	}
}

func (w *snapWriter) pos(p lexicon.Pos) {
	w.str(p.File)
	w.int(p.Line)
	w.int(p.Col)
}

// snapReader reads a snapshot's values; the first error sticks and makes
// every later value zero.
type snapReader struct {
	s   string
	err error
}

func (r *snapReader) uint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if r.s == "" {
			break
		}
		c := r.s[0]
		r.s = r.s[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.err, r.s = errSnapshot, ""
	return 0
}

func (r *snapReader) int() int {
	u := r.uint()
	return int(u>>1) ^ -int(u&1)
}

// count reads a length, which cannot exceed the bytes left: every element
// takes at least one.
func (r *snapReader) count() int {
	n := r.int()
	if n < 0 || n > len(r.s) {
		r.err, r.s = errSnapshot, ""
		return 0
	}
	return n
}

func (r *snapReader) str() string {
	n := r.count()
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *snapReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil // as the lexicons have them
	}
	v := make([]string, n)
	for i := range v {
		v[i] = r.str()
	}
	return v
}

// ints reads a list of numbers: most of a snapshot. They are stored with
// a fixed width per list, so decoding has no branch per byte.
func (r *snapReader) ints() []int32 {
	var v []int32
	return r.intsInto(&v)
}

// intsInto reads a list of numbers into *buf, grown as needed, and returns
// them: for lists that are turned into other types at once.
func (r *snapReader) intsInto(buf *[]int32) []int32 {
	n, width := r.count(), r.int()
	if width < 1 || width > 4 || n*width > len(r.s) {
		r.err, r.s = errSnapshot, ""
		return nil
	}
	if cap(*buf) < n {
		*buf = make([]int32, n)
	}
	v := (*buf)[:n]
	s := r.s[:n*width]
	r.s = r.s[n*width:]
	// One loop per width, so that each number is read in one step.
	switch width {
	case 1:
		for i := range v {
			v[i] = int32(int8(s[i]))
		}
	case 2:
		for i := range v {
			v[i] = int32(int16(uint16(s[2*i]) | uint16(s[2*i+1])<<8))
		}
	case 3:
		for i := range v {
			b := s[3*i : 3*i+3]
			v[i] = int32((uint32(b[0])|uint32(b[1])<<8|uint32(b[2])<<16)<<8) >> 8
		}
	case 4:
		for i := range v {
			b := s[4*i : 4*i+4]
			v[i] = int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
		}
	}
	return v
}

func (r *snapReader) pos() lexicon.Pos {
	return lexicon.Pos{File: r.str(), Line: r.int(), Col: r.int()}
}
