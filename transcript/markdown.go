package transcript

import (
	"bytes"
	"sort"
)

// MarkdownSkips returns the byte ranges of a Markdown document that are not
// prose, sorted and non-overlapping: YAML front matter, fenced code blocks,
// inline code spans, HTML comments and tags, and link destinations.
func MarkdownSkips(src []byte) [][2]int {
	var skips [][2]int
	add := func(start, end int) {
		if end <= start {
			return
		}
		if n := len(skips); n > 0 && start <= skips[n-1][1] {
			skips[n-1][1] = max(skips[n-1][1], end)
			return
		}
		skips = append(skips, [2]int{start, end})
	}
	pos := 0
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		pos = 3
	}
	// Front matter.
	if line, next := lineAt(src, pos); string(bytes.TrimRight(line, "\r")) == "---" {
		for p := next; p < len(src); {
			l, n := lineAt(src, p)
			if t := string(bytes.TrimRight(l, " \t\r")); t == "---" || t == "..." {
				add(pos, n)
				pos = n
				break
			}
			p = n
		}
	}
	var fence []byte // the open fence, nil outside code blocks
	fenceStart := 0
	var ind indented
	for pos < len(src) {
		line, next := lineAt(src, pos)
		trimmed := bytes.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		if fence == nil && ind.code(line) {
			add(pos, next)
			pos = next
			continue
		}
		if fence != nil {
			if indent < 4 && bytes.HasPrefix(trimmed, fence) && len(bytes.Trim(bytes.TrimRight(trimmed, " \t\r"), string(fence[:1]))) == 0 {
				add(fenceStart, next)
				fence = nil
			}
			pos = next
			continue
		}
		if f := fenceOf(trimmed); f != nil && indent < 4 {
			fence, fenceStart = f, pos
			pos = next
			continue
		}
		inlineSkips(src, pos, pos+len(line), add)
		pos = next
	}
	if fence != nil {
		add(fenceStart, len(src))
	}
	return mergeComments(src, skips)
}

// indented follows CommonMark's indented code blocks line by line: a line
// indented by four spaces or a tab after a blank line (or the start) opens
// one, which cannot interrupt a paragraph; inside a list such a line
// continues the item instead.
type indented struct {
	started  bool // a line was seen
	prevText bool // the line before holds text (a paragraph goes on)
	inCode   bool
	inList   bool
}

// code reports whether line belongs to an indented code block.
func (ind *indented) code(line []byte) bool {
	blank := len(bytes.TrimSpace(line)) == 0
	deep := bytes.HasPrefix(line, []byte("    ")) || bytes.HasPrefix(bytes.TrimLeft(line, " "), []byte("\t"))
	defer func() { ind.started = true }()
	switch {
	case blank:
		ind.prevText = false
		return false // part of a code block or not, it holds no prose
	case deep && !ind.inList && (ind.inCode || !ind.prevText):
		ind.inCode = true
		return true
	}
	ind.inCode, ind.prevText = false, true
	t := bytes.TrimLeft(line, " ")
	if listItem(t) && len(line)-len(t) < 4 {
		ind.inList = true
	} else if len(line) == len(t) && !bytes.HasPrefix(t, []byte("\t")) {
		ind.inList = false
	}
	return false
}

// listItem reports whether a line (its indentation trimmed) starts a list
// item: "- ", "* ", "+ ", "1. " or "1) ".
func listItem(t []byte) bool {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t') {
		return true
	}
	i := 0
	for i < len(t) && i < 9 && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && (t[i+1] == ' ' || t[i+1] == '\t')
}

// lineAt returns the line starting at pos (without its '\n') and the offset
// of the next line.
func lineAt(src []byte, pos int) ([]byte, int) {
	if i := bytes.IndexByte(src[pos:], '\n'); i >= 0 {
		return src[pos : pos+i], pos + i + 1
	}
	return src[pos:], len(src)
}

func fenceOf(line []byte) []byte {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(line) && line[n] == c {
			n++
		}
		if n >= 3 {
			return line[:n]
		}
	}
	return nil
}

// inlineSkips marks code spans, HTML tags and link destinations in the line
// src[start:end].
func inlineSkips(src []byte, start, end int, add func(int, int)) {
	for i := start; i < end; i++ {
		switch src[i] {
		case '`':
			n := 1
			for i+n < end && src[i+n] == '`' {
				n++
			}
			closing := bytes.Index(src[i+n:end], bytes.Repeat([]byte("`"), n))
			if closing < 0 {
				i += n - 1
				continue
			}
			add(i, i+n+closing+n)
			i += n + closing + n - 1
		case '<':
			if i+1 < end && (isASCIILetter(src[i+1]) || src[i+1] == '/') {
				if j := bytes.IndexByte(src[i:end], '>'); j > 0 {
					add(i, i+j+1)
					i += j
				}
			}
		case ']':
			if i+1 < end && src[i+1] == '(' {
				if j := bytes.IndexByte(src[i+2:end], ')'); j >= 0 {
					add(i+1, i+2+j+1)
					i += j + 2
				}
			}
		}
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// mergeComments adds HTML comments, which may span lines, to skips.
func mergeComments(src []byte, skips [][2]int) [][2]int {
	var comments [][2]int
	for pos := 0; ; {
		i := bytes.Index(src[pos:], []byte("<!--"))
		if i < 0 {
			break
		}
		start := pos + i
		j := bytes.Index(src[start+4:], []byte("-->"))
		end := len(src)
		if j >= 0 {
			end = start + 4 + j + 3
		}
		comments = append(comments, [2]int{start, end})
		pos = end
	}
	return mergeSkips(skips, comments)
}

func sortRanges(r [][2]int) {
	sort.Slice(r, func(i, j int) bool { return r[i][0] < r[j][0] })
}
