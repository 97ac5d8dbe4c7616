package lint

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/lexlint/lexlint/lexicon"
)

// Options tune a Linter.
type Options struct {
	// Lang forces the language of every document ("en", "nl", ...). Empty or
	// "auto" detects it per document.
	Lang string
	// Conversation sets the built-in conversation rules (name overuse,
	// Dutch register), which NewPresence's tracker applies.
	Conversation ConversationRules
}

// Linter checks documents against compiled lexicons. It is safe for
// concurrent use.
type Linter struct {
	lang  string          // forced language, or "" to detect per document
	langs map[string]bool // languages of the loaded lexicons
	m     *matcher        // every phrase of every lexicon
	// free holds scratch space for reuse. A sync.Pool costs a fraction of
	// a channel per check (which was 8% of checking short messages); now
	// that token buffers are a chunk, not a document, refilling it after a
	// collection is cheap.
	free sync.Pool
	// presence lists the encouraged groups with a presence rule.
	presence []*lexicon.Group
	conv     ConversationRules
	talkKeys *talkKeys
	snapshot bool // loaded by NewBuiltin from the snapshot: no phrases or examples
}

// New compiles lexicons into a Linter. Lexicons with a language apply to
// documents of that language; lexicons without one apply to all documents.
// All phrases compile into one automaton; a rule of another language than
// the document's is filtered out when matches are resolved.
func New(lexicons []*lexicon.Lexicon, opts Options) (*Linter, error) {
	langs := map[string]bool{}
	var entries []*lexicon.Entry
	var groups []*lexicon.Group
	for _, lex := range lexicons {
		if lex.Language != "" {
			langs[lex.Language] = true
		}
		entries = append(entries, lex.Discouraged...)
		groups = append(groups, lex.Encouraged...)
	}
	if err := checkLang(opts.Lang, langs); err != nil {
		return nil, err
	}
	m, err := compile(entries, groups)
	if err != nil {
		return nil, err
	}
	return newLinter(m, langs, opts), nil
}

// checkLang reports an error when a forced language has no lexicon.
func checkLang(lang string, langs map[string]bool) error {
	if lang != "" && lang != "auto" && len(langs) > 0 && !langs[lang] {
		return fmt.Errorf("no lexicon for language %q is loaded (loaded: %s)", lang, strings.Join(slices.Sorted(maps.Keys(langs)), ", "))
	}
	return nil
}

// newLinter makes a Linter of a compiled matcher and the languages of its
// lexicons.
func newLinter(m *matcher, langs map[string]bool, opts Options) *Linter {
	l := &Linter{lang: opts.Lang, langs: langs, m: m, conv: opts.Conversation.withDefaults(), talkKeys: newTalkKeys()}
	if l.lang == "auto" {
		l.lang = ""
	}
	for _, r := range m.rules {
		if r.group != nil && r.group.Require != "" {
			l.presence = append(l.presence, r.group)
		}
	}
	l.free.New = func() any { return &scratch{tok: newTokenizer(), lastEnd: make([]int, len(m.rules))} }
	return l
}

func (l *Linter) getScratch() *scratch { return l.free.Get().(*scratch) }

func (l *Linter) putScratch(s *scratch) { l.free.Put(s) }

// Document is one text to check.
type Document struct {
	Path string // reported in findings
	Text []byte
	Lang string // overrides language detection when set
	// Skip lists byte ranges [start, end) that are not prose (code blocks,
	// quoted text, markup), sorted by start. Words inside them are not
	// checked and each range ends a sentence.
	Skip [][2]int
	// Line and Column place Text[0] in a larger file (a chat message in a
	// transcript); findings then report file positions. Zero means 1:1.
	Line, Column int
	// Customer is the customer's name, for the name-overuse rule.
	Customer string
	// Sentences asks Check for the document's sentences (Result.Sentences),
	// for reports of repeated sentences.
	Sentences bool
	// Map relates Text to the original it was extracted from (an HTML body):
	// offsets, lines and columns of findings then refer to Map.Source.
	Map *SourceMap
	// Offset places Text[0] at this byte offset of its file (a window of a
	// long document, see CheckReader); findings' offsets add it.
	Offset int
}

// SourceMap relates extracted text to its source: text byte i came from
// Source[Start[i]:End[i]].
type SourceMap struct {
	Source     []byte
	Start, End []int
	// Decoded is set when Text is Source decoded from another encoding
	// (UTF-16): offsets refer to Source, but lines and columns are counted
	// in Text, whose characters are the same.
	Decoded bool
}

// Finding is one discouraged phrase found in a document. Lines and columns
// are 1-based and count characters (a byte order mark is not counted);
// EndLine and EndColumn point just after the match. Offsets are byte offsets
// into the document, end exclusive.
type Finding struct {
	Path        string           `json:"path"`
	Line        int              `json:"line"`
	Column      int              `json:"column"`
	EndLine     int              `json:"end_line"`
	EndColumn   int              `json:"end_column"`
	Offset      int              `json:"offset"`
	EndOffset   int              `json:"end_offset"`
	Rule        string           `json:"rule"`
	Category    string           `json:"category"`
	Severity    lexicon.Severity `json:"severity"`
	Match       string           `json:"match"`
	Message     string           `json:"message"`
	Suggestions []string         `json:"suggestions"`
	Fix         string           `json:"fix,omitempty"`  // the replacement --fix writes, when the entry has one
	Link        string           `json:"link,omitempty"` // the entry's page, when it has one
	Lexicon     string           `json:"lexicon"`
}

// Hit is one encouraged phrase found in a document.
type Hit struct {
	Rule      string `json:"rule"`
	Category  string `json:"category"`
	Offset    int    `json:"offset"`
	EndOffset int    `json:"end_offset"`
	Match     string `json:"match"`
}

// Result is what checking one document found.
type Result struct {
	Findings []Finding
	Hits     []Hit
	Lang     string // the language the document was checked as; "" if undecided
	// Detected is the language the document's function words point to,
	// whatever Lang is ("" when they do not tell): where a language is
	// forced, a text that reads as another is worth a notice. Set by
	// Check, not by CheckParts or CheckReader.
	Detected string
	Words    int
	// What the conversation rules and reports need of the words, gathered
	// while checking: Dutch address words (for a Dutch document), the
	// mentions of the customer's name, and, when the document asks, its
	// sentences of six words or more.
	Address   []Address
	Names     [][2]int
	Sentences []Sentence
}

// chunkTokens is how many tokens prepare tokenises and matches at a time
// (at least; chunks end at sentence ends): few enough to stay in the cache
// between the two.
const chunkTokens = 1024

// prepare tokenises a document, drops its skipped words and matches its
// phrases, a chunk of tokens at a time, then decides its language: the
// document's own, the linter's, or the one detected from the function
// words the match counted ("" when undecided: every lexicon applies). It returns the number of words checked. visit, when not
// nil, sees every chunk of tokens.
func (l *Linter) prepare(s *scratch, doc *Document, visit func([]Token)) (int, string) {
	words, _ := l.eachChunk(s, doc, gather, func(toks []Token) error {
		if visit != nil {
			visit(toks)
		}
		return nil
	})
	l.m.finish(doc.Text, s)
	return words, l.language(doc, s.detected)
}

// Modes of eachChunk.
const (
	gather = iota // match, the raw matches gathering in s.matches
	fresh         // match, s.matches holding only the chunk's
	count         // count function words only
)

// eachChunk tokenises a document a chunk of tokens at a time, drops its
// skipped words and matches its phrases (or, in mode count, only counts
// its function words), then calls fn with the chunk's tokens. It returns
// the number of words and fn's first error.
func (l *Linter) eachChunk(s *scratch, doc *Document, mode int, fn func([]Token) error) (int, error) {
	s.tok.start(doc.Text)
	l.m.begin(s)
	skip := skipper{skip: doc.Skip}
	words := 0
	for {
		toks := s.tok.next(chunkTokens)
		if len(toks) == 0 {
			return words, nil
		}
		if len(doc.Skip) > 0 {
			toks = skip.filter(toks)
		}
		words += len(toks)
		switch mode {
		case count:
			l.m.count(toks, s)
		case fresh:
			s.matches = s.matches[:0]
			fallthrough
		default:
			l.m.scan(doc.Text, toks, s)
		}
		if err := fn(toks); err != nil {
			return words, err
		}
	}
}

// language decides a document's language: its own, the linter's, or the
// one detected from the text alone (detected is asked only then), whatever
// lexicons are loaded: a Dutch draft checked with an English lexicon is
// Dutch, and the English lexicon does not apply to it. "" is undecided:
// every lexicon applies.
func (l *Linter) language(doc *Document, detected func() string) string {
	lang := doc.Lang
	if lang == "" || lang == "auto" {
		lang = l.lang
	}
	if lang == "" {
		lang = detected()
	}
	return lang
}

// filters reports whether a document of lang must have the matches of
// other languages' lexicons dropped: it is decided, and some loaded lexicon
// is of another language.
func (l *Linter) filters(lang string) bool {
	return lang != "" && len(l.langs) > 0 && !(len(l.langs) == 1 && l.langs[lang])
}

// Check checks one document.
func (l *Linter) Check(ctx context.Context, doc Document) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := l.getScratch()
	defer l.putScratch(s)
	res := &Result{}
	var visit func([]Token)
	talk := l.newTalk(&doc, res, s)
	if talk != nil {
		visit = talk.chunk
	}
	words, lang := l.prepare(s, &doc, visit)
	if talk != nil {
		talk.finish()
	}
	res.Words, res.Lang, res.Detected = words, lang, s.detected()
	if lang != "nl" {
		res.Address = nil
	}
	if len(doc.Skip) > 0 {
		s.matches = dropSkipped(s.matches, doc.Skip)
	}
	if l.filters(lang) {
		s.matches = l.m.keepLanguage(s.matches, lang)
	}
	l.resolve(l.m, &doc, s, res, newCursor(&doc), nil)
	return res, nil
}

// CheckParts checks a document as Check does (without Result's words for
// the conversation rules), but hands its findings and hits to part as
// they are resolved, in order, about perPart at a time,
// so that a long document's findings are never all held: concatenated,
// the parts' findings and hits are Check's. The last part (last true)
// carries the document's words. A document whose language must be detected
// is read twice, first to count its function words. Lexicons with "re:"
// phrases, which may match across parts, are checked whole.
func (l *Linter) CheckParts(ctx context.Context, doc Document, perPart int, part func(res *Result, last bool) error) error {
	if len(l.m.regexps) > 0 {
		res, err := l.Check(ctx, doc)
		if err != nil {
			return err
		}
		return part(res, true)
	}
	s := l.getScratch()
	defer l.putScratch(s)
	lang := l.language(&doc, func() string { return l.countLanguage(s, &doc) })
	p := &parter{l: l, s: s, lang: lang, perPart: perPart, part: part, res: &Result{Lang: lang}}
	lines := newCursor(&doc)
	words, err := l.eachChunk(s, &doc, fresh, func([]Token) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return p.chunk(&doc, lines)
	})
	if err != nil {
		return err
	}
	return p.last(words)
}

// A parter resolves the raw matches of a document's chunks into parts of
// its result and hands each on once it holds perPart findings and hits.
type parter struct {
	l       *Linter
	s       *scratch
	lang    string
	perPart int
	part    func(res *Result, last bool) error
	res     *Result // the part being filled
}

// chunk resolves the raw matches of the chunk just matched, in doc.
func (p *parter) chunk(doc *Document, lines *cursor) error {
	l, s := p.l, p.s
	if len(doc.Skip) > 0 {
		s.matches = dropSkipped(s.matches, doc.Skip)
	}
	if l.filters(p.lang) {
		s.matches = l.m.keepLanguage(s.matches, p.lang)
	}
	l.resolve(l.m, doc, s, p.res, lines, nil)
	if len(p.res.Findings)+len(p.res.Hits) < p.perPart {
		return nil
	}
	err := p.part(p.res, false)
	p.res = &Result{Lang: p.lang}
	return err
}

// last hands on the last part, with the document's words.
func (p *parter) last(words int) error {
	p.res.Words = words
	return p.part(p.res, true)
}

// countLanguage reads a document's words for the function words that tell
// its language, matching nothing else, and returns the language detected.
func (l *Linter) countLanguage(s *scratch, doc *Document) string {
	l.eachChunk(s, doc, count, func([]Token) error { return nil })
	return s.detected()
}

// resolve turns raw matches into findings and hits: one match per rule and
// place (the longest where a rule's matches overlap), and a discouraged match
// inside a longer match of another discouraged entry is dropped, so the most
// specific entry speaks.
//
// trace, when not nil, is told what became of every raw match.
func (l *Linter) resolve(m *matcher, doc *Document, s *scratch, res *Result, lines *cursor, trace func(mt rawMatch, kept bool, why string)) {
	ms := s.matches
	if len(ms) == 0 {
		return
	}
	slices.SortFunc(ms, func(a, b rawMatch) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		if a.end != b.end {
			return cmp.Compare(b.end, a.end)
		}
		return cmp.Compare(a.rule, b.rule)
	})
	if m.unless {
		ms = m.cancel(doc.Text, ms, s, trace)
	}
	if m.questions {
		ms = m.dropQuestions(doc.Text, ms, trace)
	}
	for _, mt := range ms {
		s.lastEnd[mt.rule] = -1
	}
	decoded := doc.Map != nil && doc.Map.Decoded
	maxStart, maxEnd := -1, -1 // the kept discouraged match reaching furthest
	for _, mt := range ms {
		if s.lastEnd[mt.rule] > mt.start {
			if trace != nil {
				trace(mt, false, "overlaps a longer or earlier match of the same entry")
			}
			continue
		}
		r := m.rules[mt.rule]
		if r.group != nil {
			if trace != nil {
				trace(mt, true, "")
			}
			s.lastEnd[mt.rule] = mt.end
			res.Hits = append(res.Hits, Hit{Rule: r.group.ID, Category: r.group.Category, Offset: doc.Offset + mt.start, EndOffset: doc.Offset + mt.end, Match: string(doc.Text[mt.start:mt.end])})
			continue
		}
		if maxEnd > mt.end || (maxEnd == mt.end && maxStart < mt.start) {
			if trace != nil {
				trace(mt, false, "inside a longer match of another entry")
			}
			continue
		}
		if trace != nil {
			trace(mt, true, "")
		}
		s.lastEnd[mt.rule] = mt.end
		if mt.end > maxEnd {
			maxStart, maxEnd = mt.start, mt.end
		}
		start, end := mt.start, mt.end
		if doc.Map != nil {
			start, end = doc.Map.Start[mt.start], doc.Map.End[mt.end-1]
		}
		posStart, posEnd := start, end
		if decoded {
			posStart, posEnd = mt.start, mt.end
		}
		// Starts only grow (matches are sorted), ends are found from
		// their start.
		line, col := doc.place(lines.position(posStart))
		ends := *lines
		endLine, endCol := doc.place(ends.position(posEnd))
		e := r.entry
		if res.Findings == nil {
			res.Findings = make([]Finding, 0, len(ms)) // at most one per raw match
		}
		text := doc.Text[mt.start:mt.end]
		match := string(text)
		if !utf8.Valid(text) {
			match = strings.ToValidUTF8(match, "\uFFFD")
		}
		res.Findings = append(res.Findings, Finding{
			Path: doc.Path, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
			Offset: doc.Offset + start, EndOffset: doc.Offset + end,
			Rule: e.ID, Category: e.Category, Severity: e.Severity,
			Match: match, Message: e.Message,
			Suggestions: e.Suggestions, Fix: e.Fix, Link: e.Link, Lexicon: e.Lexicon,
		})
	}
}

// Position returns the line and column (in the document's file) of byte
// offset off of its text.
func (doc *Document) Position(off int) (line, col int) {
	c := cursor{src: doc.Text}
	return doc.place(c.position(off))
}

// PresenceRule reports whether id is an encouraged group with a presence
// rule or a conversation rule: one whose findings come from NewPresence's
// tracker.
func (l *Linter) PresenceRule(id string) bool {
	if _, ok := ConversationRuleIDs()[id]; ok {
		return true
	}
	for _, r := range l.m.rules {
		if r.group != nil && r.group.ID == id {
			return r.group.Require != ""
		}
	}
	return false
}

// place turns a position in the document's text into one in its file.
func (doc *Document) place(line, col int) (int, int) {
	if doc.Line == 0 {
		return line, col
	}
	if line == 1 {
		col += doc.Column - 1
	}
	return line + doc.Line - 1, col
}

// cursor turns byte offsets of a text into lines and columns, moving
// forward: counting line breaks and characters from the last offset asked
// for is cheaper than indexing every line of a long text for a few
// findings, or counting each column from the start of its line.
type cursor struct {
	src       []byte
	off       int // the offset last asked for
	line, col int // its 1-based line and column
}

// newCursor returns a cursor over the text a document's positions count
// in: the extracted text's source when there is one.
func newCursor(doc *Document) *cursor {
	if doc.Map != nil && !doc.Map.Decoded {
		return &cursor{src: doc.Map.Source}
	}
	return &cursor{src: doc.Text}
}

// position returns the 1-based line and character column of byte offset
// off. Invalid UTF-8 bytes count as one character each; a leading byte order
// mark counts as none. Offsets before the last one start over from the top.
func (c *cursor) position(off int) (line, col int) {
	if off < c.off || c.line == 0 {
		c.off, c.line, c.col = 0, 1, 1
		if off >= 3 && len(c.src) >= 3 && c.src[0] == 0xEF && c.src[1] == 0xBB && c.src[2] == 0xBF {
			c.off = 3
		}
	}
	seg := c.src[c.off:off]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		c.line += n
		c.col = runeCount(seg[bytes.LastIndexByte(seg, '\n')+1:]) + 1
	} else {
		c.col += runeCount(seg)
	}
	c.off = off
	return c.line, c.col
}

// runeCount is utf8.RuneCount (an invalid byte is one character), without
// the copy Go 1.26's makes of a text from its first non-ASCII byte: the
// cursor counts long stretches of text.
func runeCount(p []byte) int {
	n := 0
	for i := 0; i < len(p); n++ {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRune(p[i:])
		i += size
	}
	return n
}

// skipper drops tokens that overlap skipped ranges, a chunk at a time, and
// starts a new sentence after each range.
type skipper struct {
	skip [][2]int
	r    int   // the first range not yet passed
	bump int32 // ranges passed: added to sentence numbers
}

// filter filters a chunk of tokens in place.
func (k *skipper) filter(toks []Token) []Token {
	out := toks[:0]
	for _, t := range toks {
		for k.r < len(k.skip) && k.skip[k.r][1] <= t.Start {
			k.r++
			k.bump++
		}
		if k.r < len(k.skip) && k.skip[k.r][0] < t.End {
			continue
		}
		t.Sentence += k.bump
		out = append(out, t)
	}
	return out
}

// dropSkipped removes matches (of "re:" phrases) that overlap a skipped range.
func dropSkipped(ms []rawMatch, skip [][2]int) []rawMatch {
	out := ms[:0]
	for _, m := range ms {
		i := sort.Search(len(skip), func(i int) bool { return skip[i][1] > m.start })
		if i < len(skip) && skip[i][0] < m.end {
			continue
		}
		out = append(out, m)
	}
	return out
}
