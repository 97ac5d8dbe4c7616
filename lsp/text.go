package lsp

import (
	"sort"
	"unicode/utf8"
)

// The position encodings lexlint speaks: the protocol's default, UTF-16
// code units, and UTF-8 bytes when the client offers it.
const (
	encodingUTF16 = "utf-16"
	encodingUTF8  = "utf-8"
)

// A text is a document's bytes with the start of each line, to turn byte
// offsets into protocol positions and back. Lines end at "\n", "\r\n" or
// a lone "\r", as the protocol counts them.
type text struct {
	data  []byte
	lines []int // the byte offset of each line's start
}

func newText(data []byte) *text {
	t := &text{data: data, lines: []int{0}}
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\n':
			t.lines = append(t.lines, i+1)
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// lineEnd is the offset of line l's terminator (or the text's end).
func (t *text) lineEnd(l int) int {
	if l+1 >= len(t.lines) {
		return len(t.data)
	}
	end := t.lines[l+1] - 1
	if end > t.lines[l] && t.data[end] == '\n' && t.data[end-1] == '\r' {
		end--
	}
	return end
}

// units is how many code units of enc a character of size bytes is.
func units(r rune, enc string, size int) int {
	switch {
	case enc == encodingUTF8:
		return size
	case r > 0xFFFF:
		return 2
	}
	return 1
}

// lineOf is the line the byte at off is on.
func (t *text) lineOf(off int) int {
	return sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
}

// position turns a byte offset into a protocol position.
func (t *text) position(off int, enc string) Position {
	off = max(0, min(off, len(t.data)))
	line := t.lineOf(off)
	char := 0
	for i := t.lines[line]; i < off; {
		r, size := utf8.DecodeRune(t.data[i:])
		char += units(r, enc, size)
		i += size
	}
	return Position{Line: line, Character: char}
}

// offset turns a protocol position into a byte offset, clamped to its
// line (a character past the end is the line's end).
func (t *text) offset(p Position, enc string) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(t.lines) {
		return len(t.data)
	}
	i, end, char := t.lines[p.Line], t.lineEnd(p.Line), 0
	for i < end && char < p.Character {
		r, size := utf8.DecodeRune(t.data[i:])
		char += units(r, enc, size)
		i += size
	}
	return i
}

// rangeOf turns byte offsets into a protocol range.
func (t *text) rangeOf(start, end int, enc string) Range {
	return Range{Start: t.position(start, enc), End: t.position(end, enc)}
}

// apply returns the text after a change: a range replaced, or everything.
func (t *text) apply(ch TextDocumentContentChangeEvent, enc string) *text {
	if ch.Range == nil {
		return newText([]byte(ch.Text))
	}
	start, end := t.offset(ch.Range.Start, enc), t.offset(ch.Range.End, enc)
	if end < start {
		start, end = end, start
	}
	data := make([]byte, 0, len(t.data)-(end-start)+len(ch.Text))
	data = append(append(append(data, t.data[:start]...), ch.Text...), t.data[end:]...)
	return newText(data)
}
