package lint

import (
	"context"
	"errors"
	"io"
)

// Windows of a long document read from a file: big enough that a window
// holds many sentences, and with room to read ahead so that a sentence is
// never cut by the window's end.
const (
	windowBytes = 4 << 20 // read ahead a quarter of it
	// A "sentence" longer than a window (no sentence end nor blank line in
	// megabytes, as in `yes > file`) is cut at a space: no language is that
	// long, and its tokens, all held at once, would fill the memory.
	maxWindow = windowBytes
)

// Windowed reports whether CheckReader can check documents: not with
// lexicons that have "re:" phrases, which may match across windows.
func (l *Linter) Windowed() bool { return len(l.m.regexps) == 0 }

// CheckReader checks a long document read from a file, as CheckParts
// checks it held whole, in windows that end at sentence ends, so that
// neither its text nor its findings are all held. open opens the document
// (once more when its language must be detected: it is read twice). doc
// gives its path, language, placement and skipped ranges (offsets into
// the file); its Text is not used. A window starts where the tokenizer
// stands at a sentence end, in the same state as it would be there reading
// the whole text; lexicons with "re:" phrases cannot be windowed and are
// refused.
func (l *Linter) CheckReader(ctx context.Context, doc Document, open func() (io.ReadCloser, error), perPart int, part func(res *Result, last bool) error) error {
	return l.checkWindows(ctx, doc, open, windowBytes, perPart, part)
}

// checkWindows is CheckReader with windows of size bytes.
func (l *Linter) checkWindows(ctx context.Context, doc Document, open func() (io.ReadCloser, error), size, perPart int, part func(res *Result, last bool) error) error {
	if len(l.m.regexps) > 0 {
		return errors.New(`a lexicon with "re:" phrases checks a document whole`)
	}
	s := l.getScratch()
	defer l.putScratch(s)
	cuts := &windowCuts{} // where the first pass ended its windows, for the second
	var langErr error
	lang := l.language(&doc, func() string {
		var counts [3]int
		langErr = l.windows(ctx, doc, open, size, cuts, func(view *Document) error {
			l.eachChunk(s, view, count, func([]Token) error { return nil })
			for i, n := range s.langWords {
				counts[i] += n
			}
			return nil
		})
		s.langWords, s.matches = counts, s.matches[:0]
		return s.detected()
	})
	if langErr != nil {
		return langErr
	}
	p := &parter{l: l, s: s, lang: lang, perPart: perPart, part: part, res: &Result{Lang: lang}}
	words := 0
	cuts.next = 0
	err := l.windows(ctx, doc, open, size, cuts, func(view *Document) error {
		lines := newCursor(view)
		n, err := l.eachChunk(s, view, fresh, func([]Token) error { return p.chunk(view, lines) })
		words += n
		return err
	})
	if err != nil {
		return err
	}
	return p.last(words)
}

// windowCuts are the window ends of a pass over a document, in window
// coordinates, replayed by the next pass instead of finding them again.
type windowCuts struct {
	ends []int
	next int
}

// cut returns the end of the next window: the one a pass before found, or
// found now.
func (w *windowCuts) cut(find func() int) int {
	if w.next < len(w.ends) {
		w.next++
		return w.ends[w.next-1]
	}
	end := find()
	w.ends = append(w.ends, end)
	w.next++
	return end
}

// windows reads a document in windows that end at sentence ends and calls
// fn with each as a document of its own placed in the file: its offset,
// line and column, and its share of the skipped ranges.
func (l *Linter) windows(ctx context.Context, doc Document, open func() (io.ReadCloser, error), size int, cuts *windowCuts, fn func(view *Document) error) error {
	r, err := open()
	if err != nil {
		return err
	}
	defer r.Close()
	cut := newTokenizer()
	ahead := size / 4
	buf := make([]byte, 0, size+ahead)
	view := doc
	view.Map, view.Offset = nil, 0
	if view.Line == 0 {
		view.Line, view.Column = 1, 1
	}
	eof := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		for !eof && len(buf) < cap(buf) {
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF {
				eof = true
			} else if err != nil {
				return err
			}
		}
		end := len(buf)
		if !eof {
			end = cuts.cut(func() int {
				if end := sentenceCut(cut, buf, len(buf)-ahead); end > 0 || cap(buf) < max(maxWindow, size) {
					return end
				}
				return lastSpace(buf)
			})
			if end == 0 { // one sentence fills the window: widen it
				buf = append(buf[:len(buf):len(buf)], make([]byte, cap(buf))...)[:len(buf)]
				continue
			}
		}
		view.Text = buf[:end]
		view.Skip = shiftRanges(doc.Skip, view.Offset, end)
		if err := fn(&view); err != nil {
			return err
		}
		if eof && end == len(buf) {
			return nil
		}
		c := newCursor(&view)
		line, col := view.place(c.position(end))
		view.Line, view.Column, view.Offset = line, col, view.Offset+end
		buf = buf[:copy(buf, buf[end:])]
	}
}

// sentenceCut returns the end of the last sentence of buf that ends at or
// before limit, as the tokenizer reading buf from its start finds them,
// or 0 when no sentence ends there.
func sentenceCut(t *tokenizer, buf []byte, limit int) int {
	t.start(buf)
	cut := 0
	for t.pos < limit {
		before := t.sentence
		if toks := t.next(chunkTokens); len(toks) == 0 {
			break
		}
		if t.sentence != before && t.pos <= limit && !t.open {
			cut = t.pos
		}
	}
	return cut
}

// lastSpace returns the end of the last space or line break in buf, or its
// length when it has none.
func lastSpace(buf []byte) int {
	for i := len(buf) - 1; i > 0; i-- {
		if buf[i] == ' ' || buf[i] == '\n' {
			return i + 1
		}
	}
	return len(buf)
}

// shiftRanges returns the ranges that overlap [off, off+n), in the
// window's coordinates.
func shiftRanges(rs [][2]int, off, n int) [][2]int {
	var out [][2]int
	for _, r := range rs {
		if r[1] <= off || r[0] >= off+n {
			continue
		}
		out = append(out, [2]int{max(r[0]-off, 0), min(r[1]-off, n)})
	}
	return out
}
