package practice

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Sentence returns the text of the sentence around text[start:end]
// before and after it: from the previous sentence end to the next one,
// at most 200 bytes either side, never into a skipped range (quoted
// customer text).
func Sentence(text []byte, skip [][2]int, start, end int) (string, string) {
	from, to := max(0, start-200), min(len(text), end+200)
	for _, s := range skip {
		if s[1] <= start && s[1] > from {
			from = s[1]
		}
		if s[0] >= end && s[0] < to {
			to = s[0]
		}
	}
	for i := start - 1; i >= from; i-- {
		if c := text[i]; c == '\n' || ((c == '.' || c == '!' || c == '?') && i+1 < start && (text[i+1] == ' ' || text[i+1] == '\n')) {
			from = i + 1
			break
		}
	}
	for i := end; i < to; i++ {
		if c := text[i]; c == '\n' {
			to = i
			break
		} else if c == '.' || c == '!' || c == '?' {
			if i+1 >= len(text) || text[i+1] == ' ' || text[i+1] == '\n' {
				to = i + 1
				break
			}
		}
	}
	for from < start && !utf8.RuneStart(text[from]) {
		from++
	}
	for to > end && to < len(text) && !utf8.RuneStart(text[to]) {
		to--
	}
	clean := func(b []byte) string { return strings.ToValidUTF8(string(b), "\uFFFD") }
	return strings.TrimLeft(clean(text[from:start]), " \t\r\n"), strings.TrimRight(clean(bytes.TrimRight(text[end:to], "\r")), " \t\n")
}
