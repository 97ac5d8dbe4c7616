package transcript

import (
	"bufio"
	"bytes"
	"io"
	"os"
)

// LongText is the size from which a text file is not held whole but
// checked in windows (lint's CheckReader), its quotes found as QuoteSkips
// finds them, in passes over the file. A file that holds ignore
// directives is still read whole.
const LongText = 16 << 20

// longText returns the message of a long plain text file read in windows,
// or nil when the file is to be read whole: it holds ignore directives, or
// cannot be opened again.
func (rd *reader) longText(size int64) (*Message, error) {
	open := func() (io.ReadCloser, error) { return os.Open(rd.path) }
	skips, directives, err := streamSkips(open, size)
	if err != nil || directives {
		return nil, err
	}
	m := &Message{Conversation: conversationName(rd.path), ID: "1", Role: RoleAgent,
		Origin: Origin{Line: 1, Column: 1}, Source: open, Size: size, Skip: skips}
	return m, nil
}

// streamSkips finds in the text open reads what QuoteSkips finds in it
// held whole, reading it twice at most, and whether it mentions an ignore
// directive.
func streamSkips(open func() (io.ReadCloser, error), size int64) (skips [][2]int, directives bool, err error) {
	scan, err := scanText(open)
	if err != nil {
		return nil, false, err
	}
	if scan.colon { // only then do the words count: read again
		if scan.words, err = hasWords(open, "rote", "chreef", "---", "erzonden", "ent:", "ate:", "atum:"); err != nil {
			return nil, false, err
		}
	}
	end := size
	if scan.mayQuote() {
		r, err := open()
		if err != nil {
			return nil, false, err
		}
		loc := quoteHeader.FindReaderIndex(bufio.NewReaderSize(r, 1<<20))
		r.Close()
		if loc != nil {
			end = int64(loc[0])
		}
	}
	if scan.hasQuoteMark {
		for _, q := range scan.quoted {
			if q[0] >= int(end) {
				break
			}
			skips = append(skips, [2]int{q[0], min(q[1], int(end))})
		}
	}
	if end < size {
		skips = append(skips, [2]int{int(end), int(size)})
	}
	return skips, scan.directive, nil
}

// textScan is what one pass over a text finds for its quotes (words, of
// mayQuote, is found by a second pass when the text has a colon).
type textScan struct {
	colon, dashes, words, directive, hasQuoteMark bool
	quoted                                        [][2]int // lines starting with '>', contiguous ones joined
}

// mayQuote is mayQuote's answer for the whole text.
func (t *textScan) mayQuote() bool {
	if !t.colon {
		return t.dashes
	}
	return t.words
}

// scanText reads a text once, a chunk at a time, carrying what spans the
// chunks' edges: the last bytes (for the words mayQuote looks for) and
// where the current line stands.
func scanText(open func() (io.ReadCloser, error)) (*textScan, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	t := &textScan{}
	buf := make([]byte, 1<<20)
	tail := make([]byte, 0, 16) // the last bytes before the chunk, for words across the edge
	pos, lineStart := 0, 0
	lineOpen, lineQuoted := true, false // still in the line's leading blanks; its first mark is '>'
	endLine := func(next int) {
		if lineQuoted {
			if n := len(t.quoted); n > 0 && t.quoted[n-1][1] == lineStart {
				t.quoted[n-1][1] = next
			} else {
				t.quoted = append(t.quoted, [2]int{lineStart, next})
			}
		}
		lineStart, lineOpen, lineQuoted = next, true, false
	}
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		t.dashes = t.dashes || containsAny(tail, chunk, "--")
		t.directive = t.directive || containsAny(tail, chunk, "lexlint-")
		t.colon = t.colon || bytes.IndexByte(chunk, ':') >= 0
		t.hasQuoteMark = t.hasQuoteMark || bytes.IndexByte(chunk, '>') >= 0
		for i := 0; i < len(chunk); {
			if lineOpen { // the line's leading blanks, then its first mark
				for i < len(chunk) && (chunk[i] == ' ' || chunk[i] == '\t') {
					i++
				}
				if i == len(chunk) {
					break
				}
				if chunk[i] != '\n' {
					lineOpen, lineQuoted = false, chunk[i] == '>'
				}
			}
			nl := bytes.IndexByte(chunk[i:], '\n')
			if nl < 0 {
				break
			}
			i += nl + 1
			endLine(pos + i)
		}
		pos += n
		tail = append(tail, chunk[max(0, n-8):]...) // the stream's last 8 bytes
		tail = tail[max(0, len(tail)-8):]
		if err == io.EOF {
			if lineStart < pos {
				endLine(pos)
			}
			return t, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// hasWords reports whether the text open reads holds one of the words.
func hasWords(open func() (io.ReadCloser, error), words ...string) (bool, error) {
	r, err := open()
	if err != nil {
		return false, err
	}
	defer r.Close()
	buf := make([]byte, 1<<20)
	tail := make([]byte, 0, 16)
	for {
		n, err := r.Read(buf)
		if containsAny(tail, buf[:n], words...) {
			return true, nil
		}
		tail = append(tail, buf[max(0, n-8):n]...)
		tail = tail[max(0, len(tail)-8):]
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// containsAny reports whether tail+chunk holds one of the words.
func containsAny(tail, chunk []byte, words ...string) bool {
	edge := append(append([]byte(nil), tail...), chunk[:min(len(chunk), 8)]...)
	for _, w := range words {
		if bytes.Contains(chunk, []byte(w)) || bytes.Contains(edge, []byte(w)) {
			return true
		}
	}
	return false
}
