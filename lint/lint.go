package lint

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lexlint/lexlint/lexicon"
)

// Options tune a Linter.
type Options struct {
	// Lang forces the language of every document ("en", "nl", ...). Empty or
	// "auto" detects it per document.
	Lang string
}

// Linter checks documents against compiled lexicons. It is safe for
// concurrent use.
type Linter struct {
	lang  string          // forced language, or "" to detect per document
	langs map[string]bool // languages of the loaded lexicons
	m     *matcher        // every phrase of every lexicon
	// free holds scratch space for reuse. Unlike a sync.Pool it is not
	// emptied by the garbage collector, so the token buffers of large
	// documents are not allocated again on every check.
	free chan *scratch
	// presence lists the encouraged groups with a presence rule.
	presence []*lexicon.Group
}

// New compiles lexicons into a Linter. Lexicons with a language apply to
// documents of that language; lexicons without one apply to all documents.
// All phrases compile into one automaton; a rule of another language than
// the document's is filtered out when matches are resolved.
func New(lexicons []*lexicon.Lexicon, opts Options) (*Linter, error) {
	l := &Linter{lang: opts.Lang, langs: map[string]bool{}}
	if l.lang == "auto" {
		l.lang = ""
	}
	var entries []*lexicon.Entry
	var groups []*lexicon.Group
	for _, lex := range lexicons {
		if lex.Language != "" {
			l.langs[lex.Language] = true
		}
		entries = append(entries, lex.Discouraged...)
		groups = append(groups, lex.Encouraged...)
	}
	if l.lang != "" && len(l.langs) > 0 && !l.langs[l.lang] {
		return nil, fmt.Errorf("no lexicon for language %q is loaded (loaded: %s)", l.lang, strings.Join(slices.Sorted(maps.Keys(l.langs)), ", "))
	}
	m, err := compile(entries, groups)
	if err != nil {
		return nil, err
	}
	l.m = m
	for _, r := range m.rules {
		if r.group != nil && r.group.Require != "" {
			l.presence = append(l.presence, r.group)
		}
	}
	l.free = make(chan *scratch, 2*runtime.GOMAXPROCS(0))
	return l, nil
}

func (l *Linter) getScratch() *scratch {
	select {
	case s := <-l.free:
		return s
	default:
		return &scratch{tok: newTokenizer(), lastEnd: make([]int, len(l.m.rules))}
	}
}

func (l *Linter) putScratch(s *scratch) {
	select {
	case l.free <- s:
	default: // enough kept; let this one go
	}
}

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
	// Map relates Text to the original it was extracted from (an HTML body):
	// offsets, lines and columns of findings then refer to Map.Source.
	Map *SourceMap
}

// SourceMap relates extracted text to its source: text byte i came from
// Source[Start[i]:End[i]].
type SourceMap struct {
	Source     []byte
	Start, End []int
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
	Fix         string           `json:"fix,omitempty"` // the replacement --fix writes, when the entry has one
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
	Words    int
}

// prepare tokenises a document, drops its skipped words and matches its
// phrases, then decides its language: the document's own, the linter's, the
// only one loaded, or the one detected from the function words the match
// counted ("" when undecided: every lexicon applies).
func (l *Linter) prepare(s *scratch, doc *Document) ([]Token, string) {
	toks := s.tok.tokenize(doc.Text)
	if len(doc.Skip) > 0 {
		toks = skipRanges(toks, doc.Skip)
	}
	l.m.match(doc.Text, toks, s)
	lang := doc.Lang
	if lang == "" || lang == "auto" {
		lang = l.lang
	}
	switch {
	case len(l.langs) == 1 && lang == "":
		for only := range l.langs {
			lang = only
		}
	case len(l.langs) > 1:
		if lang == "" {
			lang = s.detected()
		}
		if !l.langs[lang] {
			lang = ""
		}
	}
	return toks, lang
}

// Check checks one document.
func (l *Linter) Check(ctx context.Context, doc Document) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := l.getScratch()
	defer l.putScratch(s)
	toks, lang := l.prepare(s, &doc)
	res := &Result{Words: len(toks), Lang: lang}
	if len(doc.Skip) > 0 {
		s.matches = dropSkipped(s.matches, doc.Skip)
	}
	if len(l.langs) > 1 && lang != "" {
		s.matches = l.m.keepLanguage(s.matches, lang)
	}
	l.resolve(l.m, &doc, s, res, nil)
	return res, nil
}

// resolve turns raw matches into findings and hits: one match per rule and
// place (the longest where a rule's matches overlap), and a discouraged match
// inside a longer match of another discouraged entry is dropped, so the most
// specific entry speaks.
//
// trace, when not nil, is told what became of every raw match.
func (l *Linter) resolve(m *matcher, doc *Document, s *scratch, res *Result, trace func(mt rawMatch, kept bool, why string)) {
	ms := s.matches
	if len(ms) == 0 {
		return
	}
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.start != b.start {
			return a.start < b.start
		}
		if a.end != b.end {
			return a.end > b.end
		}
		return a.rule < b.rule
	})
	for _, mt := range ms {
		s.lastEnd[mt.rule] = -1
	}
	var lines lineIndex
	maxStart, maxEnd := -1, -1 // the kept discouraged match reaching furthest
	for _, mt := range ms {
		if s.lastEnd[mt.rule] > mt.start {
			if trace != nil {
				trace(mt, false, "overlaps a longer or earlier match of the same entry")
			}
			continue
		}
		r := m.rules[mt.rule]
		text := string(doc.Text[mt.start:mt.end])
		if r.group != nil {
			if trace != nil {
				trace(mt, true, "")
			}
			s.lastEnd[mt.rule] = mt.end
			res.Hits = append(res.Hits, Hit{Rule: r.group.ID, Category: r.group.Category, Offset: mt.start, EndOffset: mt.end, Match: text})
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
		start, end, src := mt.start, mt.end, doc.Text
		if doc.Map != nil {
			start, end, src = doc.Map.Start[mt.start], doc.Map.End[mt.end-1], doc.Map.Source
		}
		if lines == nil {
			lines = newLineIndex(src)
		}
		line, col := doc.place(lines.position(src, start))
		endLine, endCol := doc.place(lines.position(src, end))
		e := r.entry
		res.Findings = append(res.Findings, Finding{
			Path: doc.Path, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
			Offset: start, EndOffset: end,
			Rule: e.ID, Category: e.Category, Severity: e.Severity,
			Match: strings.ToValidUTF8(text, "\uFFFD"), Message: e.Message,
			Suggestions: e.Suggestions, Fix: e.Fix, Lexicon: e.Lexicon,
		})
	}
}

// Position returns the line and column (in the document's file) of byte
// offset off of its text.
func (doc *Document) Position(off int) (line, col int) {
	return doc.place(newLineIndex(doc.Text).position(doc.Text, off))
}

// PresenceRule reports whether id is an encouraged group with a presence
// rule.
func (l *Linter) PresenceRule(id string) bool {
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

// lineIndex holds the byte offset at which each line starts.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for pos := 0; ; {
		i := bytes.IndexByte(src[pos:], '\n')
		if i < 0 {
			return idx
		}
		pos += i + 1
		idx = append(idx, pos)
	}
}

// position returns the 1-based line and character column of byte offset off.
// Invalid UTF-8 bytes count as one character each; a leading byte order mark
// counts as none.
func (idx lineIndex) position(src []byte, off int) (line, col int) {
	i := sort.Search(len(idx), func(i int) bool { return idx[i] > off }) - 1
	start := idx[i]
	if start == 0 && len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF && off >= 3 {
		start = 3
	}
	return i + 1, utf8.RuneCount(src[start:off]) + 1
}

// skipRanges drops tokens that overlap a skipped range and starts a new
// sentence after each range. It filters in place.
func skipRanges(toks []Token, skip [][2]int) []Token {
	out := toks[:0]
	r := 0
	var bump int32
	for _, t := range toks {
		for r < len(skip) && skip[r][1] <= t.Start {
			r++
			bump++
		}
		if r < len(skip) && skip[r][0] < t.End {
			continue
		}
		t.Sentence += bump
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
