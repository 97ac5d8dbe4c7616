package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lexlint/lexlint/lexicon"
)

const maxUint16 = 1<<16 - 1

// maxExpansions caps how many token sequences one phrase piece may expand to
// through its alternatives, classes and spelling variants.
const maxExpansions = 4096

// maxThreads caps the partial matches that skip words between a phrase's
// words (see follow) at one place of a sentence.
const maxThreads = 16

// Skip sets: each distinct list of skip words is a bit of a token's skip
// mask; noSkip is the bit of phrases without one, which only matches that
// skipped nothing carry.
const (
	maxSkipSets = 31
	noSkip      = uint32(1) << 31
	allSkips    = ^uint32(0) // the mask of a match that skipped nothing
)

// A matcher is every phrase of a set of lexicons compiled into one
// Aho-Corasick automaton over normalised word tokens. Phrases are split at
// their wildcards ("*", "...") into pieces of literal words; the automaton
// finds every piece in one pass over the tokens, whatever the number of
// phrases, and pieces are joined into phrase matches per sentence. Only
// "re:" phrases are matched one by one.
type matcher struct {
	rules     []rule
	unless    bool // some rule holds unless phrases (see cancel)
	questions bool // some entry's matches are not reported in questions (see dropQuestions)

	vocab       map[string]int32 // normalised word -> token id (from 1); spelling variants of one word share its id
	words       []string         // the canonical word of each token id
	phraseVocab int32            // ids up to this are words of phrases; later ones only function words
	// The pieces ending at each state, following dictionary links: state
	// s's are outs[outOff[s]:outOff[s+1]].
	outs   []output
	outOff []int32
	emits  []emit // what each output reports straight away

	// The hot path uses flat tables instead of the maps: an open-addressing
	// table of the vocabulary keyed by the words' keys, a dense array of the
	// root's transitions, and one open-addressing table of every other
	// transition, keyed by state and token (a state's edges are not
	// scanned: common first words have dozens). Transitions are coded as
	// next<<1, plus 1 when pieces end at next, so the hot loop needs no
	// per-state record. (Folding the failure links into the transitions
	// was tried: no faster, and six times the entries.)
	slots     []vocabSlot
	mask      uint64
	shift     uint     // 64 - log2(len(slots))
	slotWords []string // the word of each slot, to compare long words
	root      []int32  // token id -> coded transition from the root
	trans     []transition
	fail      []int32     // failure links
	masks     []stateMask // per state: which tokens may have a transition, from it and along its failure links
	tmask     uint64
	tshift    uint

	pieces  []piece
	phrases []cphrase
	regexps []rxPhrase

	// skipMasks[id] has bit i set when token id is a word of skip set i;
	// depth is each state's depth in the trie, in tokens. Both serve
	// follow, which lets skip words stand inside phrases.
	skipMasks []uint32
	depth     []int32
}

// tableSize returns the size of an open-addressing table for n entries: a
// power of two, at most half full.
func tableSize(n int) int {
	size := 16
	for size < 2*n+1 {
		size *= 2
	}
	return size
}

// tableBits returns the mask that wraps an index into a table of a power of
// two size, and the shift that takes a multiplied key's top bits as one.
func tableBits(size int) (mask uint64, shift uint) {
	return uint64(size - 1), uint(64 - bits.TrailingZeros(uint(size)))
}

// fillSlots builds the vocabulary's open-addressing table from m.vocab, in
// the order of token ids and words so that the table does not depend on
// map order; langs gives the language of the function words.
func (m *matcher) fillSlots(langs map[string]int8) {
	size := tableSize(len(m.vocab))
	m.slots = make([]vocabSlot, size)
	m.slotWords = make([]string, size)
	m.mask, m.shift = tableBits(size)
	type word struct {
		w  string
		id int32
	}
	words := make([]word, 0, len(m.vocab))
	for w, id := range m.vocab {
		words = append(words, word{w, id})
	}
	slices.SortFunc(words, func(a, b word) int {
		if c := cmp.Compare(a.id, b.id); c != 0 {
			return c
		}
		return strings.Compare(a.w, b.w)
	})
	for _, ww := range words {
		w, id := ww.w, ww.id
		k := wordKey([]byte(w))
		i := m.slotOf(k)
		for m.slots[i].id != 0 {
			i = (i + 1) & m.mask
		}
		m.slots[i] = vocabSlot{key: k, id: id, n: uint16(min(len(w), maxUint16)), lang: langs[w],
			skip: int(id) < len(m.skipMasks) && m.skipMasks[id] != 0}
		m.slotWords[i] = w
	}
}

// stateMask summarises a state's transitions in a bit per token id modulo
// 64: own for its own, chain for its own and those of the states its failure
// links lead to, short of the root. A step whose token's bit is clear in
// chain goes straight to the root's array: most steps from a state in a
// phrase end there, and each probe on the way was a likely cache miss.
type stateMask struct{ own, chain uint64 }

// fillMasks computes the states' masks from the transition table and the
// failure links. It reports false if the failure links loop (a damaged
// snapshot), which would make matching loop too.
func (m *matcher) fillMasks() bool {
	m.masks = make([]stateMask, len(m.fail))
	for _, t := range m.trans {
		if t.from != 0 {
			m.masks[t.from].own |= 1 << (t.tok & 63)
		}
	}
	// A state's chain is its own mask and its failure state's chain; failure
	// states are shallower, so each chain is made once, walking up to the
	// nearest state already done.
	done := make([]bool, len(m.fail))
	done[0] = true
	var path []int32
	for s := range m.fail {
		path = path[:0]
		for st := int32(s); !done[st]; st = m.fail[st] {
			if len(path) == len(m.fail) {
				return false
			}
			path = append(path, st)
		}
		for i := len(path) - 1; i >= 0; i-- {
			st := path[i]
			m.masks[st].chain = m.masks[st].own | m.masks[m.fail[st]].chain
			done[st] = true
		}
	}
	return true
}

// transition is an entry of the transition table: from state from (never
// the root; 0 marks an empty entry) on token tok to the coded state next.
type transition struct{ from, tok, next int32 }

// transSlot returns the first entry to probe for a transition.
func (m *matcher) transSlot(from, tok int32) uint64 {
	return ((uint64(from)<<32 | uint64(uint32(tok))) * keyPrime) >> m.tshift
}

// rule is a discouraged entry or an encouraged group, or the unless
// phrases of entries: then owners are the rule indexes of the entries
// whose matches they cancel (entries with the same unless phrases share
// one such rule, so a list reused by many entries is compiled once).
type rule struct {
	entry  *lexicon.Entry
	group  *lexicon.Group
	owners []int32
}

func (r rule) language() string {
	if r.entry != nil {
		return r.entry.Language
	}
	return r.group.Language
}

// keepLanguage drops matches of rules whose lexicon has another language
// than lang; rules of language-neutral lexicons always stay.
func (m *matcher) keepLanguage(ms []rawMatch, lang string) []rawMatch {
	out := ms[:0]
	for _, mt := range ms {
		if l := m.rules[mt.rule].language(); l == "" || l == lang {
			out = append(out, mt)
		}
	}
	return out
}

// vocabSlot is one word of the vocabulary in the open-addressing table.
type vocabSlot struct {
	key  uint64 // see wordKey
	id   int32  // 0: an empty slot
	n    uint16 // the word's length in bytes, capped at maxUint16
	lang int8   // 1 for an English, 2 for a Dutch function word
	skip bool   // a skip word of some lexicon
}

// slotOf returns the first slot to probe for a key.
func (m *matcher) slotOf(key uint64) uint64 { return (key * keyPrime) >> m.shift }

// lookup returns the slot of a normalised word with the given key, or nil.
func (m *matcher) lookup(key uint64, word []byte) *vocabSlot {
	n := min(len(word), maxUint16)
	for i := m.slotOf(key); ; i = (i + 1) & m.mask {
		sl := &m.slots[i]
		if sl.id == 0 {
			return nil
		}
		// Words of up to eight bytes are their key: no bytes to compare.
		if sl.key == key && int(sl.n) == n && (n <= 8 || m.slotWords[i] == string(word)) {
			return sl
		}
	}
}

// lookupLong returns the slot of a token that is not a short ASCII word (see
// scan), or nil. ASCII words are compared with the slot case-insensitively,
// in place.
func (m *matcher) lookupLong(t *tokenizer, tok *Token) *vocabSlot {
	if !tok.ascii() {
		return m.lookup(tok.key, t.norm(*tok))
	}
	n := min(tok.End-tok.Start, maxUint16)
	for i := m.slotOf(tok.key); ; i = (i + 1) & m.mask {
		sl := &m.slots[i]
		if sl.id == 0 {
			return nil
		}
		if sl.key == tok.key && int(sl.n) == n && lowerEqual(t.src[tok.Start:tok.End], m.slotWords[i]) {
			return sl
		}
	}
}

// lowerEqual reports whether ASCII text, lower-cased, equals word.
func lowerEqual(text []byte, word string) bool {
	if len(text) != len(word) {
		return false
	}
	for i, c := range text {
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		if c != word[i] {
			return false
		}
	}
	return true
}

// detected decides the language from the function words match counted.
func (s *scratch) detected() string {
	en, nl := s.langWords[1], s.langWords[2]
	switch {
	case en > nl:
		return "en"
	case nl > en:
		return "nl"
	}
	return ""
}

// output is a piece ending at a state, with what to do when it is found:
// report the phrases that are the piece alone (emits[emit0:emit1]) and,
// when the piece is part of longer phrases, note the occurrence for join.
type output struct {
	piece        int32
	length       int32 // in tokens
	emit0, emit1 int32
	complex      bool
}

// emit is a phrase that one piece makes on its own.
type emit struct{ rule, phrase int32 }

type piece struct {
	refs    []pieceRef
	complex bool // part of a phrase that needs joining at sentence end
}

type pieceRef struct {
	phrase int32
	index  int32 // the piece's place in the phrase
}

// cphrase is a compiled token phrase: pieces with word gaps between them.
type cphrase struct {
	rule   int32
	source string // as written in the lexicon
	pieces []int32
	gaps   [][2]int32 // gaps[i]: min and max words between pieces[i-1] and pieces[i]
	lead   int32      // words required before the first piece ("*" at the start)
	trail  int32      // words required after the last piece
	// atStart and atEnd anchor the match to a sentence or line boundary.
	atStart, atEnd bool
	simple         bool   // one piece, no lead, trail or anchor: a piece hit is a phrase hit
	skipBit        uint32 // its skip set's bit, or noSkip
	// phrase is the lexicon's phrase and elems the order of its elements
	// this cphrase compiles, for Explain; nil in a snapshot.
	phrase *lexicon.Phrase
	elems  []lexicon.Elem
	lang   string // the language whose spelling variants apply
}

type rxPhrase struct {
	rule   int32
	phrase lexicon.Phrase
}

// compile builds a matcher for the given discouraged entries and encouraged
// groups.
func compile(entries []*lexicon.Entry, groups []*lexicon.Group) (*matcher, error) {
	// Size the builder from the phrase count: the built-in lexicons make
	// about 30 states per phrase (alternatives multiply).
	phrases := 0
	for _, e := range entries {
		phrases += len(e.Phrases) + len(e.Unless)
	}
	for _, g := range groups {
		phrases += len(g.Phrases)
	}
	states := 32*phrases + 64
	m := &matcher{vocab: make(map[string]int32, 4*phrases), words: []string{""}}
	b := &builder{m: m, first: make([]int32, 1, states), sibling: make([]int32, 1, states), via: make([]int32, 1, states),
		depth: make([]int32, 1, states), own: make([][]int32, 1, states), rootKid: make([]int32, 1, 4*phrases+1),
		tok: newTokenizer(), norms: make(map[string][]string, 4*phrases), variants: map[string]variants{}}
	b.aliases(entries, groups)
	unless := map[string]int32{} // unless phrases, by language and sources -> their rule
	for _, e := range entries {
		m.rules = append(m.rules, rule{entry: e})
		m.questions = m.questions || e.NotInQuestions
		owner := int32(len(m.rules) - 1)
		for i := range e.Phrases {
			b.add(owner, &e.Phrases[i], e.Language)
		}
		if len(e.Unless) == 0 {
			continue
		}
		m.unless = true
		key := unlessKey(e)
		if idx, ok := unless[key]; ok {
			m.rules[idx].owners = append(m.rules[idx].owners, owner)
			continue
		}
		unless[key] = int32(len(m.rules))
		m.rules = append(m.rules, rule{entry: e, owners: []int32{owner}})
		for i := range e.Unless {
			b.add(int32(len(m.rules)-1), &e.Unless[i], e.Language)
		}
	}
	for _, g := range groups {
		m.rules = append(m.rules, rule{group: g})
		for i := range g.Phrases {
			b.add(int32(len(m.rules)-1), &g.Phrases[i], g.Language)
		}
	}
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	b.link()
	b.flatten()
	return m, nil
}

// unlessKey identifies an entry's unless phrases: its language and their
// sources.
func unlessKey(e *lexicon.Entry) string {
	var b strings.Builder
	b.WriteString(e.Language)
	for _, ph := range e.Unless {
		b.WriteByte(0)
		b.WriteString(ph.Source)
	}
	return b.String()
}

type builder struct {
	m *matcher
	// The trie's children as linked lists in flat arrays (no slice per
	// state): first[s] is s's first child state (0: none), sibling[c] the
	// next child of the same parent, via[c] the token id leading to c.
	first, sibling, via []int32
	rootKid             []int32 // the root's children by token id, as the root has many
	fail                []int32 // failure links, computed by link
	depth               []int32
	own                 [][]int32  // pieces ending exactly at each state
	out                 [][]output // pieces ending at each state, with the dictionary links'
	tok                 *tokenizer
	norms               map[string][]string // normalised words of each phrase word
	alias               map[string]string   // a word's canonical spelling, when it has another (see aliases)
	variants            map[string]variants // spelling variants by language
	skipSets            [][]string          // the distinct skip lists, normalised; set i is bit i
	errs                lexicon.ErrorList
}

func (b *builder) errorf(ph *lexicon.Phrase, format string, args ...any) {
	b.errs = append(b.errs, &lexicon.Error{Pos: ph.Pos, Msg: fmt.Sprintf(format, args...)})
}

// add compiles one phrase of a rule; lang is the rule's language, whose
// spelling variants apply.
func (b *builder) add(ruleIdx int32, ph *lexicon.Phrase, lang string) {
	m := b.m
	if ph.Regexp != nil {
		m.regexps = append(m.regexps, rxPhrase{rule: ruleIdx, phrase: *ph})
		return
	}
	skipBit, ok := b.skipSet(ph)
	if !ok {
		return
	}
	vars := b.variants[lang]
	if vars == nil {
		vars = newVariants(lang, b.normalize)
		b.variants[lang] = vars
	}
	for _, elems := range orders(ph.Elems) {
		if !b.addOrder(ruleIdx, ph, elems, skipBit, vars, lang) {
			return
		}
	}
}

// orders returns the element lists a phrase stands for: one, or one per
// order of the words of each {...} group.
func orders(elems []lexicon.Elem) [][]lexicon.Elem {
	out := [][]lexicon.Elem{nil}
	for _, e := range elems {
		if e.Kind != lexicon.ElemPerm {
			for i := range out {
				out[i] = append(out[i], e)
			}
			continue
		}
		var next [][]lexicon.Elem
		for _, perm := range permutations(e.Group) {
			for _, o := range out {
				next = append(next, append(slices.Clip(o), perm...))
			}
		}
		out = next
	}
	return out
}

// permutations returns every order of elems.
func permutations(elems []lexicon.Elem) [][]lexicon.Elem {
	if len(elems) <= 1 {
		return [][]lexicon.Elem{elems}
	}
	var out [][]lexicon.Elem
	for i := range elems {
		rest := append(slices.Clone(elems[:i]), elems[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]lexicon.Elem{elems[i]}, p...))
		}
	}
	return out
}

// skipSet returns the bit of the phrase's skip list, numbering new lists.
func (b *builder) skipSet(ph *lexicon.Phrase) (uint32, bool) {
	if len(ph.Skip) == 0 {
		return noSkip, true
	}
	var words []string
	for _, w := range ph.Skip {
		toks := b.normalize(w)
		if len(toks) != 1 {
			b.errorf(ph, "skip word %q is not one word as text is read (%d words): list single words under skip", w, len(toks))
			return 0, false
		}
		words = append(words, toks[0])
	}
	slices.Sort(words)
	words = slices.Compact(words)
	for i, set := range b.skipSets {
		if slices.Equal(set, words) {
			return 1 << i, true
		}
	}
	if len(b.skipSets) == maxSkipSets {
		b.errorf(ph, "more than %d different skip lists among the loaded lexicons: give related lexicons one list", maxSkipSets)
		return 0, false
	}
	b.skipSets = append(b.skipSets, words)
	return 1 << (len(b.skipSets) - 1), true
}

// addOrder compiles one element list of a phrase.
func (b *builder) addOrder(ruleIdx int32, ph *lexicon.Phrase, elems []lexicon.Elem, skipBit uint32, vars variants, lang string) bool {
	m := b.m
	cp := cphrase{rule: ruleIdx, source: ph.Source, atStart: ph.AtStart, atEnd: ph.AtEnd, skipBit: skipBit, phrase: ph, elems: elems, lang: lang}
	phraseIdx := int32(len(m.phrases))
	gap := [2]int32{0, 0}
	var words []lexicon.Elem
	flush := func() bool {
		if len(words) == 0 {
			return true
		}
		pieceIdx := int32(len(m.pieces))
		m.pieces = append(m.pieces, piece{})
		w := &walk{ph: ph, piece: pieceIdx, vars: vars}
		if !b.insertWords(w, 0, 0, "", nil, words) {
			return false
		}
		if len(cp.pieces) == 0 {
			cp.lead = gap[0]
		} else {
			cp.gaps = append(cp.gaps, gap)
		}
		m.pieces[pieceIdx].refs = append(m.pieces[pieceIdx].refs, pieceRef{phrase: phraseIdx, index: int32(len(cp.pieces))})
		cp.pieces = append(cp.pieces, pieceIdx)
		gap = [2]int32{0, 0}
		words = words[:0]
		return true
	}
	for _, e := range elems {
		switch e.Kind {
		case lexicon.ElemWord:
			words = append(words, e)
			continue
		case lexicon.ElemAny:
			if !flush() {
				return false
			}
			gap[0]++
			gap[1]++
		case lexicon.ElemGap:
			if !flush() {
				return false
			}
			gap[1] += int32(e.GapMax())
		}
	}
	if !flush() {
		return false
	}
	if len(cp.pieces) == 0 {
		return true // ParsePhrase rejects phrases without required words
	}
	cp.trail = gap[0]
	cp.simple = len(cp.pieces) == 1 && cp.lead == 0 && cp.trail == 0 && !cp.atStart && !cp.atEnd
	if !cp.simple {
		for _, p := range cp.pieces {
			m.pieces[p].complex = true
		}
	}
	m.phrases = append(m.phrases, cp)
	return true
}

// walk is the state of inserting one piece of a phrase.
type walk struct {
	ph    *lexicon.Phrase
	piece int32
	count int      // token sequences marked so far
	vars  variants // spelling variants of the phrase's language
}

// insertWords adds every token sequence that toks (the rest of the current
// word) and then the word elements allow to the trie after state, walking
// it directly instead of listing the sequences, with the spelling variants
// of each word and word pair, and marks each end state with the piece.
// prev is the state before the last word, prevWord that word ("" after a
// variant). It reports false after an error.
func (b *builder) insertWords(w *walk, state, prev int32, prevWord string, toks []string, words []lexicon.Elem) bool {
	if len(toks) > 0 {
		t := toks[0]
		if !b.insertWords(w, b.child(state, b.intern(t)), state, t, toks[1:], words) {
			return false
		}
		for _, f := range w.vars[t] {
			if !b.insertForm(w, state, f, toks[1:], words) {
				return false
			}
		}
		if prevWord != "" {
			for _, f := range w.vars[prevWord+" "+t] {
				if !b.insertForm(w, prev, f, toks[1:], words) {
					return false
				}
			}
		}
		return true
	}
	if len(words) == 0 {
		if state == 0 {
			b.errorf(w.ph, "phrase %q: optional words need a required word beside them, not only wildcards", w.ph.Source)
			return false
		}
		if w.count++; w.count > maxExpansions {
			b.errorf(w.ph, "phrase %q expands to more than %d word sequences (alternatives, classes and spellings multiply): split it into several phrases", w.ph.Source, maxExpansions)
			return false
		}
		b.mark(state, w.piece)
		return true
	}
	e := words[0]
	if e.Optional && !b.insertWords(w, state, prev, prevWord, nil, words[1:]) {
		return false
	}
	for _, alt := range e.Alts {
		toks := b.normalize(alt)
		if len(toks) == 0 {
			b.errorf(w.ph, "%q has no letters or digits, so it can never match: remove it or write a word", alt)
			return false
		}
		if !b.insertWords(w, state, prev, prevWord, toks, words[1:]) {
			return false
		}
	}
	return true
}

// insertForm inserts the words of a spelling variant after state, then the
// rest, without variants of the variant.
func (b *builder) insertForm(w *walk, state int32, form, toks []string, words []lexicon.Elem) bool {
	for _, x := range form {
		state = b.child(state, b.intern(x))
	}
	return b.insertWords(w, state, 0, "", toks, words)
}

// normalize tokenises a phrase word exactly as text is tokenised and
// returns its normalised words, each in its canonical spelling.
func (b *builder) normalize(s string) []string {
	if words, ok := b.norms[s]; ok {
		return words
	}
	words := b.tokens(s)
	for i, w := range words {
		if c, ok := b.alias[w]; ok {
			words[i] = c
		}
	}
	b.norms[s] = words
	return words
}

// tokens tokenises s and returns its normalised words.
func (b *builder) tokens(s string) []string {
	var words []string
	for _, t := range b.tok.tokenize([]byte(s)) {
		words = append(words, string(b.tok.norm(t)))
	}
	return words
}

// aliases works out the one-word spelling variants of the rules' languages
// ("cant" = "can't" = "cannot", "nie" = "niet", "u" = "you"): each such
// set of words becomes one token, with the first word of its first group as
// its canonical spelling, so variants cost the automaton nothing. Sets that
// share a word merge ("ur" is "your" and "you're"). The tokens are shared
// by every language; a variant of one language that is a word of another
// ("u") only lets that language's phrases match a word they would not meet.
func (b *builder) aliases(entries []*lexicon.Entry, groups []*lexicon.Group) {
	langs := map[string]bool{}
	for _, e := range entries {
		langs[e.Language] = true
	}
	for _, g := range groups {
		langs[g.Language] = true
	}
	parent := map[string]string{}
	find := func(w string) string {
		for parent[w] != "" {
			w = parent[w]
		}
		return w
	}
	for _, lang := range slices.Sorted(maps.Keys(langs)) {
		for _, g := range variantGroups(lang) {
			var singles []string
			for _, f := range g {
				if t := b.tokens(f); len(t) == 1 {
					singles = append(singles, t[0])
				}
			}
			for i := 1; i < len(singles); i++ {
				if a, c := find(singles[i]), find(singles[0]); a != c {
					parent[a] = c
				}
			}
		}
	}
	b.alias = map[string]string{}
	for w := range parent {
		b.alias[w] = find(w)
	}
}

// intern returns a normalised word's token id, adding it to the vocabulary.
func (b *builder) intern(w string) int32 {
	if id, ok := b.m.vocab[w]; ok {
		return id
	}
	b.rootKid = append(b.rootKid, 0)
	return b.m.newID(w)
}

// newID gives a word a token id of its own.
func (m *matcher) newID(w string) int32 {
	id := int32(len(m.words))
	m.words = append(m.words, w)
	m.vocab[w] = id
	return id
}

// lookup returns the trie state reached from state on token id, or 0.
func (b *builder) lookup(state, id int32) int32 {
	if state == 0 {
		return b.rootKid[id]
	}
	for c := b.first[state]; c != 0; c = b.sibling[c] {
		if b.via[c] == id {
			return c
		}
	}
	return 0
}

// child returns the state reached from state on token id, creating it.
func (b *builder) child(state, id int32) int32 {
	if nx := b.lookup(state, id); nx != 0 {
		return nx
	}
	nx := int32(len(b.depth))
	if state == 0 {
		b.rootKid[id] = nx
	}
	b.first = append(b.first, 0)
	b.sibling = append(b.sibling, b.first[state])
	b.via = append(b.via, id)
	b.first[state] = nx
	b.depth = append(b.depth, b.depth[state]+1)
	b.own = append(b.own, nil)
	return nx
}

// mark records that a piece ends at state.
func (b *builder) mark(state, pieceIdx int32) {
	for _, p := range b.own[state] {
		if p == pieceIdx {
			return
		}
	}
	b.own[state] = append(b.own[state], pieceIdx)
}

// link computes failure links and merged outputs breadth first.
func (b *builder) link() {
	n := len(b.depth)
	b.fail = make([]int32, n)
	b.out = make([][]output, n)
	queue := make([]int32, 1, n)
	// Output lists are windows on one growing arena: a reallocation leaves
	// earlier windows on the old array, which stays valid.
	var arena []output
	for head := 0; head < len(queue); head++ {
		u := queue[head]
		for v := b.first[u]; v != 0; v = b.sibling[v] {
			tok := b.via[v]
			queue = append(queue, v)
			if u != 0 {
				f := b.fail[u]
				for {
					if nx := b.lookup(f, tok); nx != 0 {
						b.fail[v] = nx
						break
					}
					if f == 0 {
						break
					}
					f = b.fail[f]
				}
			}
			inherited := b.out[b.fail[v]]
			if len(b.own[v]) == 0 {
				b.out[v] = inherited
				continue
			}
			start := len(arena)
			for _, p := range b.own[v] {
				arena = append(arena, output{piece: p, length: b.depth[v]})
			}
			arena = append(arena, inherited...)
			b.out[v] = arena[start:len(arena):len(arena)]
		}
	}
}

// step follows the automaton from state on token id and returns the coded
// next state: state<<1, plus 1 when pieces end there.
func (m *matcher) step(state, id int32) int32 {
	bit := uint64(1) << (id & 63)
	for state != 0 {
		mask := &m.masks[state]
		if mask.chain&bit == 0 {
			break // no state on the failure chain has a transition on id
		}
		if mask.own&bit != 0 {
			for i := m.transSlot(state, id); ; i = (i + 1) & m.tmask {
				e := &m.trans[i]
				if e.from == state && e.tok == id {
					return e.next
				}
				if e.from == 0 {
					break
				}
			}
		}
		state = m.fail[state]
	}
	return m.root[id]
}

// flatten builds the hot-path tables from the maps.
func (b *builder) flatten() {
	m := b.m
	// Function words of language detection get ids too (if no phrase uses
	// them, no transition either), so detection needs no look-up of its own.
	// They are added in sorted order so that ids do not depend on map order.
	m.phraseVocab = int32(len(m.words) - 1)
	// The other spellings of the words phrases use share their ids.
	for _, w := range slices.Sorted(maps.Keys(b.alias)) {
		if id, ok := m.vocab[b.alias[w]]; ok {
			m.vocab[w] = id
		}
	}
	langs := functionWords()
	for _, w := range slices.Sorted(maps.Keys(langs)) {
		if _, ok := m.vocab[w]; !ok {
			m.newID(w)
		}
	}
	// Skip words too, and their sets as masks by token id.
	var masks map[int32]uint32
	for i, set := range b.skipSets {
		for _, w := range set {
			id, ok := m.vocab[w]
			if !ok {
				id = m.newID(w)
			}
			if masks == nil {
				masks = map[int32]uint32{}
			}
			masks[id] |= 1 << i
		}
	}
	if masks != nil {
		m.skipMasks = make([]uint32, len(m.words))
		for id, mask := range masks {
			m.skipMasks[id] = mask
		}
	}
	m.depth = b.depth
	m.fillSlots(langs)
	// The builder's root array, extended by the function words (no
	// transitions: 0).
	m.root = append(b.rootKid, make([]int32, len(m.words)-len(b.rootKid))...)
	code := func(s int32) int32 {
		if len(b.out[s]) > 0 {
			return s<<1 | 1
		}
		return s << 1
	}
	for id, s := range m.root {
		if s != 0 {
			m.root[id] = code(s)
		}
	}
	b.fillTransitions(code)
	m.fail = b.fail
	m.fillMasks() // the builder's failure links lead to shallower states: no loop
	b.flattenOutputs()
}

// flattenOutputs lays the states' outputs end to end and works out what each
// one reports.
func (b *builder) flattenOutputs() {
	m := b.m
	emits := make([][2]int32, len(m.pieces))
	for p := range m.pieces {
		e0 := int32(len(m.emits))
		for _, ref := range m.pieces[p].refs {
			if ph := &m.phrases[ref.phrase]; ph.simple {
				m.emits = append(m.emits, emit{rule: ph.rule, phrase: ref.phrase})
			}
		}
		emits[p] = [2]int32{e0, int32(len(m.emits))}
	}
	m.outOff = make([]int32, len(b.out)+1)
	for s, list := range b.out {
		m.outOff[s] = int32(len(m.outs))
		for _, o := range list {
			o.emit0, o.emit1 = emits[o.piece][0], emits[o.piece][1]
			o.complex = m.pieces[o.piece].complex
			m.outs = append(m.outs, o)
		}
	}
	m.outOff[len(b.out)] = int32(len(m.outs))
}

// fillTransitions puts every edge of the trie but the root's in the
// transition table.
func (b *builder) fillTransitions(code func(int32) int32) {
	m := b.m
	// Up to two thirds full: the masks filter most look-ups that would
	// miss, so probes are mostly hits, and a smaller table is quicker to
	// load from the snapshot (measured: matching speed unchanged).
	size := 16
	for 2*size < 3*len(b.depth) {
		size *= 2
	}
	m.trans = make([]transition, size)
	m.tmask, m.tshift = tableBits(size)
	for from := int32(1); from < int32(len(b.depth)); from++ {
		for c := b.first[from]; c != 0; c = b.sibling[c] {
			i := m.transSlot(from, b.via[c])
			for m.trans[i].from != 0 {
				i = (i + 1) & m.tmask
			}
			m.trans[i] = transition{from: from, tok: b.via[c], next: code(c)}
		}
	}
}

// cancel drops from ms, sorted by start, the matches that an unless phrase
// of their entry cancels (one starting at or after the match's end in the
// same sentence) and the unless matches themselves.
func (m *matcher) cancel(src []byte, ms []rawMatch, s *scratch, trace func(mt rawMatch, kept bool, why string)) []rawMatch {
	unless := s.unless[:0]
	for _, mt := range ms {
		if len(m.rules[mt.rule].owners) > 0 {
			unless = append(unless, mt)
		}
	}
	s.unless = unless
	if len(unless) == 0 {
		return ms
	}
	out := ms[:0]
	for _, mt := range ms {
		if len(m.rules[mt.rule].owners) > 0 {
			if trace != nil {
				trace(mt, false, "an unless phrase: it cancels a match of its entry earlier in the sentence")
			}
			continue
		}
		if by, ok := m.cancelledBy(src, mt, unless); ok {
			if trace != nil {
				trace(mt, false, fmt.Sprintf("cancelled by %q later in the sentence (unless %q)", src[by.start:by.end], m.phraseSource(by)))
			}
			continue
		}
		out = append(out, mt)
	}
	return out
}

// dropQuestions drops from ms the matches of entries that are not
// reported in questions whose sentence ends with a question mark.
func (m *matcher) dropQuestions(src []byte, ms []rawMatch, trace func(mt rawMatch, kept bool, why string)) []rawMatch {
	out := ms[:0]
	for _, mt := range ms {
		if e := m.rules[mt.rule].entry; e != nil && e.NotInQuestions && len(m.rules[mt.rule].owners) == 0 && inQuestion(src, mt.end) {
			if trace != nil {
				trace(mt, false, "in a question (the entry says questions: false)")
			}
			continue
		}
		out = append(out, mt)
	}
	return out
}

// inQuestion reports whether the sentence going on at src[from:] ends
// with a question mark (?, ？ or ؟).
func inQuestion(src []byte, from int) bool {
	i := sentenceEnd(src[from:])
	if i < 0 {
		return false
	}
	r, _ := utf8.DecodeRune(src[from+i:])
	return r == '?' || r == '？' || r == '؟'
}

// cancelledBy returns the unless match that cancels mt, if any: unless
// is sorted by start, and only those after mt in its sentence are tried.
func (m *matcher) cancelledBy(src []byte, mt rawMatch, unless []rawMatch) (rawMatch, bool) {
	i := sort.Search(len(unless), func(i int) bool { return unless[i].start >= mt.end })
	for ; i < len(unless); i++ {
		u := unless[i]
		if sentenceBetween(src[mt.end:u.start]) {
			break
		}
		if slices.Contains(m.rules[u.rule].owners, mt.rule) {
			return u, true
		}
	}
	return rawMatch{}, false
}

// sentenceBetween reports whether a sentence ends in the text between two
// matches of one sentence-sized chunk: sentence-ending punctuation, a '.'
// that no word character follows, or a blank line. (An abbreviation's dot
// counts here; a cancel never reaches past one.)
func sentenceBetween(text []byte) bool { return sentenceEnd(text) >= 0 }

// sentenceEnd returns the offset in text of the first sentence end:
// sentence-ending punctuation, a '.' that no word character follows, or
// the line break that starts a blank line; -1 when the sentence goes on.
func sentenceEnd(text []byte) int {
	for i := 0; i < len(text); {
		cl, size := classAt(text, i)
		switch {
		case cl == clEnd:
			return i
		case cl == clDot && (i+1 == len(text) || asciiClass[text[i+1]] != clWord):
			return i
		case cl == clLine:
			rest := bytes.TrimLeft(text[i+1:], " \t\r")
			if len(rest) > 0 && rest[0] == '\n' {
				return i
			}
		}
		i += size
	}
	return -1
}

// rawMatch is a match before overlaps are resolved, in byte offsets.
type rawMatch struct {
	rule       int32
	phrase     int32 // index into phrases, or -1-i for regexps[i]
	start, end int
}

type occurrence struct {
	piece      int32
	start, end int32  // token indexes, end exclusive
	mask       uint32 // the skip sets that allow every word it skipped (allSkips: none skipped)
}

// thread is a partial match that skipped words: at trie state state, from
// token start, having taken depth tokens; run skip words since its last
// token, all of them in every skip set of mask.
type thread struct {
	state, start, depth int32
	run                 int32
	mask                uint32
}

// scratch is per-goroutine working memory for matching.
type scratch struct {
	tok       *tokenizer
	langWords [3]int // function words seen by match: [1] English, [2] Dutch
	matches   []rawMatch
	unless    []rawMatch // the unless matches among them (see cancel)
	occ       []occurrence
	lastEnd   []int
	threads   []thread // see follow
	spare     []thread
}

// begin prepares s for matching a new text.
func (m *matcher) begin(s *scratch) {
	s.matches = s.matches[:0]
	s.occ = s.occ[:0]
	s.langWords = [3]int{}
}

// scan finds the token phrases in a chunk of src's tokens that ends at a
// sentence end, appending raw matches to s.matches.
func (m *matcher) scan(src []byte, toks []Token, s *scratch) {
	state := int32(0)
	sentence := int32(-1)
	sentStart := 0
	for i := range toks {
		tok := &toks[i]
		if tok.Sentence != sentence {
			if len(s.occ) > 0 {
				m.join(src, toks, sentStart, i, s)
			}
			sentence, sentStart, state = tok.Sentence, i, 0
			s.threads = s.threads[:0]
		}
		// Look the word up. A short ASCII word, the common case, is
		// looked up here rather than in a call: its key identifies it
		// (words hold no zero bytes, so a short word's key also gives its
		// length).
		var sl *vocabSlot
		if tok.ascii() && tok.End-tok.Start <= 8 {
			for j := m.slotOf(tok.key); ; j = (j + 1) & m.mask {
				c := &m.slots[j]
				if c.key == tok.key && c.n <= 8 {
					sl = c
					break
				}
				if c.id == 0 {
					break
				}
			}
		} else {
			sl = m.lookupLong(s.tok, tok)
		}
		if sl == nil {
			state = 0
			s.threads = s.threads[:0]
			continue
		}
		s.langWords[sl.lang]++
		if sl.skip || len(s.threads) > 0 {
			m.follow(toks, i, sl.id, sl.skip, state, s)
		}
		next := m.step(state, sl.id)
		state = next >> 1
		if next&1 == 0 {
			continue
		}
		for _, o := range m.outs[m.outOff[state]:m.outOff[state+1]] {
			start := i + 1 - int(o.length)
			for _, e := range m.emits[o.emit0:o.emit1] {
				s.matches = append(s.matches, rawMatch{rule: e.rule, phrase: e.phrase, start: toks[start].Start, end: tok.End})
			}
			if o.complex {
				s.occ = append(s.occ, occurrence{piece: o.piece, start: int32(start), end: int32(i + 1), mask: allSkips})
			}
		}
	}
	if len(s.occ) > 0 {
		m.join(src, toks, sentStart, len(toks), s)
	}
}

// count counts the function words of a chunk of tokens, as scan does,
// matching nothing: the first pass over a long document whose language
// must be known before its matches are resolved.
func (m *matcher) count(toks []Token, s *scratch) {
	for i := range toks {
		if sl := m.lookupToken(s, &toks[i]); sl != nil {
			s.langWords[sl.lang]++
		}
	}
}

// lookupToken returns the vocabulary slot of a token, or nil. scan does
// the same inline, where a call per word costs.
func (m *matcher) lookupToken(s *scratch, tok *Token) *vocabSlot {
	if !tok.ascii() || tok.End-tok.Start > 8 {
		return m.lookupLong(s.tok, tok)
	}
	for j := m.slotOf(tok.key); ; j = (j + 1) & m.mask {
		c := &m.slots[j]
		if c.key == tok.key && c.n <= 8 {
			return c
		}
		if c.id == 0 {
			return nil
		}
	}
}

// follow lets skip words stand between the words of a phrase. It moves the
// threads on by token i (id), and when the token is a skip word it also
// keeps each thread where it is, and starts threads at main, the state the
// automaton is in before token i, and along its failure links, as if token
// i were not there. A thread takes transitions only, never failure links
// (each thread is one start; other starts have threads of their own), and
// reports the pieces that end exactly at its depth, for phrases whose skip
// set holds every word it skipped. Skips never begin a match (threads start
// inside one) and never end it (only a taken token reports).
func (m *matcher) follow(toks []Token, i int, id int32, skip bool, main int32, s *scratch) {
	next := s.spare[:0]
	for _, th := range s.threads {
		if nx := m.transition(th.state, id); nx != 0 {
			t := thread{state: nx >> 1, start: th.start, depth: th.depth + 1, mask: th.mask}
			if nx&1 != 0 {
				m.report(toks, i, t, s)
			}
			next = append(next, t)
		}
		if skip && th.run < lexicon.MaxSkip {
			if mask := th.mask & m.skipMasks[id]; mask != 0 {
				th.run++
				th.mask = mask
				next = append(next, th)
			}
		}
	}
	if skip {
		mask := m.skipMasks[id]
		for st := main; st != 0; st = m.fail[st] {
			next = append(next, thread{state: st, start: int32(i) - m.depth[st], depth: m.depth[st], run: 1, mask: mask})
		}
	}
	if len(next) > maxThreads {
		next = next[:maxThreads]
	}
	s.threads, s.spare = next, s.threads
}

// transition returns the coded state reached from state on token id by a
// transition of the trie, or 0.
func (m *matcher) transition(state, id int32) int32 {
	if state == 0 {
		return m.root[id]
	}
	if m.masks[state].own&(1<<(id&63)) == 0 {
		return 0
	}
	for i := m.transSlot(state, id); ; i = (i + 1) & m.tmask {
		e := &m.trans[i]
		if e.from == state && e.tok == id {
			return e.next
		}
		if e.from == 0 {
			return 0
		}
	}
}

// report records the pieces a thread completes at token i: those that end
// at its state and are as long as it is deep (a state's own pieces come
// first among its outputs).
func (m *matcher) report(toks []Token, i int, t thread, s *scratch) {
	for _, o := range m.outs[m.outOff[t.state]:m.outOff[t.state+1]] {
		if o.length != t.depth {
			break
		}
		for _, e := range m.emits[o.emit0:o.emit1] {
			if m.phrases[e.phrase].skipBit&t.mask != 0 {
				s.matches = append(s.matches, rawMatch{rule: e.rule, phrase: e.phrase, start: toks[t.start].Start, end: toks[i].End})
			}
		}
		if o.complex {
			s.occ = append(s.occ, occurrence{piece: o.piece, start: t.start, end: int32(i + 1), mask: t.mask})
		}
	}
}

// finish matches the "re:" phrases, which run over the whole of src.
func (m *matcher) finish(src []byte, s *scratch) {
	for i, rx := range m.regexps {
		ri := int32(-1 - i)
		re := rx.phrase.Regexp
		group := re.SubexpIndex("match")
		if group < 0 {
			for _, loc := range re.FindAllIndex(src, -1) {
				s.matches = append(s.matches, rawMatch{rule: rx.rule, phrase: ri, start: loc[0], end: loc[1]})
			}
			continue
		}
		for _, loc := range re.FindAllSubmatchIndex(src, -1) {
			if start, end := loc[2*group], loc[2*group+1]; start >= 0 && end > start {
				s.matches = append(s.matches, rawMatch{rule: rx.rule, phrase: ri, start: start, end: end})
			}
		}
	}
}

// join assembles the pieces found in one sentence, tokens [from, to), into
// matches of phrases with wildcards and gaps.
func (m *matcher) join(src []byte, toks []Token, from, to int, s *scratch) {
	occ := s.occ
	if len(occ) > 1 {
		slices.SortFunc(occ, func(a, b occurrence) int {
			if a.start != b.start {
				return cmp.Compare(a.start, b.start)
			}
			return cmp.Compare(a.end, b.end)
		})
	}
	for _, o := range occ {
		for _, ref := range m.pieces[o.piece].refs {
			ph := &m.phrases[ref.phrase]
			if ph.simple || ref.index != 0 || o.mask&ph.skipBit == 0 {
				continue
			}
			start := int(o.start) - int(ph.lead)
			if start < from {
				continue
			}
			end, ok := m.extend(ph, 1, o.end, occ)
			if !ok {
				continue
			}
			end += int(ph.trail)
			if end > to {
				continue
			}
			if ph.atStart && start != from && !lineBreak(src, toks[start-1].End, toks[start].Start) {
				continue
			}
			if ph.atEnd && end != to && !lineBreak(src, toks[end-1].End, toks[end].Start) {
				continue
			}
			s.matches = append(s.matches, rawMatch{rule: ph.rule, phrase: ref.phrase, start: toks[start].Start, end: toks[end-1].End})
		}
	}
	s.occ = s.occ[:0]
}

// phraseSource returns the phrase a raw match came from, as written.
func (m *matcher) phraseSource(mt rawMatch) string {
	if mt.phrase < 0 {
		return m.regexps[-1-mt.phrase].phrase.Source
	}
	return m.phrases[mt.phrase].source
}

// lineBreak reports whether src[from:to] holds a line break.
func lineBreak(src []byte, from, to int) bool { return bytes.IndexByte(src[from:to], '\n') >= 0 }

// extend matches ph.pieces[idx:] after token prevEnd, taking the nearest
// occurrence of each piece that lets the rest match. It returns the end token
// of the whole match.
func (m *matcher) extend(ph *cphrase, idx int, prevEnd int32, occ []occurrence) (int, bool) {
	if idx == len(ph.pieces) {
		return int(prevEnd), true
	}
	want, gap := ph.pieces[idx], ph.gaps[idx-1]
	lo, hi := prevEnd+gap[0], prevEnd+gap[1]
	i := sort.Search(len(occ), func(i int) bool { return occ[i].start >= lo })
	for ; i < len(occ) && occ[i].start <= hi; i++ {
		if occ[i].piece != want || occ[i].mask&ph.skipBit == 0 {
			continue
		}
		if end, ok := m.extend(ph, idx+1, occ[i].end, occ); ok {
			return end, true
		}
	}
	return 0, false
}
