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

// checkWindows is CheckReader with windows of size bytes. The text is
// tokenised once per pass, each window's end found by the pass reading it.
// A pass of its own counts the language's words first only when the
// language decides which matches count (some loaded lexicon has one);
// otherwise the checking pass counts them and the last part has the
// language (the parts before it have none).
func (l *Linter) checkWindows(ctx context.Context, doc Document, open func() (io.ReadCloser, error), size, perPart int, part func(res *Result, last bool) error) error {
	if len(l.m.regexps) > 0 {
		return errors.New(`a lexicon with "re:" phrases checks a document whole`)
	}
	s := l.getScratch()
	defer l.putScratch(s)
	cuts := &windowCuts{} // where the first pass ended its windows, for the second
	var langErr error
	later := false // the language is counted by the checking pass
	lang := l.language(&doc, func() string {
		if len(l.langs) == 0 {
			later = true
			return ""
		}
		var counts [3]int
		langErr = l.windows(ctx, doc, open, size, cuts, func(view *Document, limit int) (int, error) {
			end, _, err := l.windowChunks(s, view, count, limit, func([]Token) error { return nil })
			for i, n := range s.langWords {
				counts[i] += n
			}
			return end, err
		})
		s.langWords, s.matches = counts, s.matches[:0]
		return s.detected()
	})
	if langErr != nil {
		return langErr
	}
	p := &parter{l: l, s: s, lang: lang, perPart: perPart, part: part, res: &Result{Lang: lang}}
	words := 0
	var counts [3]int
	cuts.next = 0
	err := l.windows(ctx, doc, open, size, cuts, func(view *Document, limit int) (int, error) {
		lines := newCursor(view)
		end, n, err := l.windowChunks(s, view, fresh, limit, func([]Token) error { return p.chunk(view, lines) })
		words += n
		for i, n := range s.langWords {
			counts[i] += n
		}
		return end, err
	})
	if err != nil {
		return err
	}
	if later {
		s.langWords = counts
		p.res.Lang = s.detected()
	}
	return p.last(words)
}

// windowChunks is eachChunk over a window of a long document. With limit
// below zero it reads all of doc.Text; otherwise it reads chunks until one
// ends at or after limit, and never one that reaches the end of doc.Text
// (the text goes on: its last word may be cut). It returns where it
// stopped, a sentence end, or 0 when no sentence ends before the end of
// doc.Text (then it read nothing). A window that starts there finds the
// tokenizer in the state it has there reading the whole text.
func (l *Linter) windowChunks(s *scratch, doc *Document, mode, limit int, fn func([]Token) error) (end, words int, err error) {
	if limit < 0 {
		words, err = l.eachChunk(s, doc, mode, fn)
		return len(doc.Text), words, err
	}
	t := s.tok
	t.start(doc.Text)
	l.m.begin(s)
	skip := skipper{skip: doc.Skip}
	for end < limit {
		toks := t.next(chunkTokens)
		if t.pos >= len(doc.Text) {
			break
		}
		end = t.pos
		if len(doc.Skip) > 0 {
			toks = skip.filter(toks)
		}
		words += len(toks)
		if mode == count {
			l.m.count(toks, s)
		} else {
			s.matches = s.matches[:0]
			l.m.scan(doc.Text, toks, s)
		}
		if err := fn(toks); err != nil {
			return end, words, err
		}
	}
	return end, words, nil
}

// windowCuts are the window ends of a pass over a document, in window
// coordinates, replayed by the next pass instead of finding them again.
type windowCuts struct {
	ends []int
	next int
}

// windows reads a document in windows that end at sentence ends and calls
// fn with each as a document of its own placed in the file: its offset,
// line and column, and its share of the skipped ranges. fn reads the
// window up to its end, as windowChunks does with limit: a window end that
// a pass before found is given as the view's end, with limit -1; otherwise
// the view holds all that is read ahead and fn reads on to the first
// sentence end at or after limit. When no sentence ends in the view, the
// window is widened, up to maxWindow, and then cut at its last space.
func (l *Linter) windows(ctx context.Context, doc Document, open func() (io.ReadCloser, error), size int, cuts *windowCuts, fn func(view *Document, limit int) (int, error)) error {
	r, err := open()
	if err != nil {
		return err
	}
	defer r.Close()
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
		wide := cap(buf) >= max(maxWindow, size) // too wide to widen again
		end, err := l.window(&view, doc.Skip, buf, len(buf)-ahead, eof, wide, cuts, fn)
		if err != nil {
			return err
		}
		if end == 0 { // no sentence ends in the view: widen it
			buf = append(buf[:len(buf):len(buf)], make([]byte, cap(buf))...)[:len(buf)]
			continue
		}
		if eof && end == len(buf) {
			return nil
		}
		view.Text = buf[:end]
		c := newCursor(&view)
		line, col := view.place(c.position(end))
		view.Line, view.Column, view.Offset = line, col, view.Offset+end
		buf = buf[:copy(buf, buf[end:])]
	}
}

// window has fn read the next window of buf, reading on to limit, and
// returns its end, or 0 when buf must be widened first (then fn read
// nothing; a buffer already wide is cut at its last space instead). Ends are recorded in cuts, and replayed from it, widenings
// included, so that every pass has the same windows.
func (l *Linter) window(view *Document, skips [][2]int, buf []byte, limit int, eof, wide bool, cuts *windowCuts, fn func(view *Document, limit int) (int, error)) (int, error) {
	whole := func(end int) (int, error) {
		view.Text = buf[:end]
		view.Skip = shiftRanges(skips, view.Offset, end)
		_, err := fn(view, -1)
		return end, err
	}
	switch {
	case eof:
		return whole(len(buf))
	case cuts.next < len(cuts.ends):
		cuts.next++
		if end := cuts.ends[cuts.next-1]; end > 0 {
			return whole(end)
		}
		return 0, nil
	}
	view.Text = buf
	view.Skip = shiftRanges(skips, view.Offset, len(buf))
	end, err := fn(view, limit)
	if end == 0 && err == nil && wide {
		end, err = whole(lastSpace(buf))
	}
	cuts.ends = append(cuts.ends, end)
	cuts.next++
	return end, err
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
