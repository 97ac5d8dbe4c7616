package transcript

import (
	"bufio"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// recoded is an input decoded from UTF-16 to UTF-8: text, and for each of
// its bytes the bytes of the file it came from, src[start[i]:end[i]].
type recoded struct {
	src, text  []byte
	start, end []int
}

// isUTF16BOM reports whether an input starts with a UTF-16 byte order mark
// (FF FE little endian, FE FF big endian), as Excel's and Windows' "Unicode
// text" does.
func isUTF16BOM(b []byte) bool {
	return len(b) == 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
}

// decodeUTF16 reads all of an input that starts with a UTF-16 byte order
// mark and decodes it, keeping where each byte came from. A lone surrogate
// or an odd last byte becomes U+FFFD, as invalid UTF-8 does elsewhere.
func decodeUTF16(path string, r *bufio.Reader) (*recoded, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	unit := func(i int) uint16 {
		if src[0] == 0xFF { // little endian
			return uint16(src[i]) | uint16(src[i+1])<<8
		}
		return uint16(src[i])<<8 | uint16(src[i+1])
	}
	rc := &recoded{src: src, text: make([]byte, 0, len(src)), start: make([]int, 0, len(src)), end: make([]int, 0, len(src))}
	var buf [utf8.UTFMax]byte
	for i := 2; i < len(src); {
		r, size := utf8.RuneError, len(src)-i
		if size >= 2 {
			u, n := rune(unit(i)), 2
			switch {
			case utf16.IsSurrogate(u) && i+4 <= len(src):
				if pair := utf16.DecodeRune(u, rune(unit(i+2))); pair != utf8.RuneError {
					u, n = pair, 4
				} else {
					u = utf8.RuneError
				}
			case utf16.IsSurrogate(u):
				u = utf8.RuneError
			}
			r, size = u, n
		}
		n := utf8.EncodeRune(buf[:], r)
		for range n {
			rc.start = append(rc.start, i)
			rc.end = append(rc.end, i+size)
		}
		rc.text = append(rc.text, buf[:n]...)
		i += size
	}
	return rc, nil
}

// place gives a message whose text is a slice of the decoded input its
// place in the file as it is: offsets of findings then refer to the UTF-16
// bytes, lines and columns to its characters. Such a message is no longer
// the file's bytes, so --fix leaves it alone.
func (rc *recoded) place(m *Message) {
	if !m.InFile || m.Map != nil || m.FileOffset+len(m.Text) > len(rc.text) {
		return
	}
	off := m.FileOffset
	m.Map = &SourceMap{Source: rc.src, Start: rc.start[off : off+len(m.Text)], End: rc.end[off : off+len(m.Text)], Decoded: true}
	m.InFile = false
}

// srcOffset maps a byte offset into the decoded text to one into the file.
func (rc *recoded) srcOffset(off int64) int64 {
	if off >= int64(len(rc.start)) {
		return int64(len(rc.src))
	}
	return int64(rc.start[max(off, 0)])
}
