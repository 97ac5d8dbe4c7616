package transcript

import (
	"bytes"
	"regexp"
)

// quoteHeader matches the line that introduces a quoted earlier message in
// an e-mail reply, in English and Dutch: "On Mon, 3 Mar 2025 at 10:02, Sam
// <sam@example.com> wrote:", "Op ma 3 mrt 2025 om 10:02 schreef Sam ...:",
// and Outlook's "-----Original Message-----" / "Van: ... Verzonden: ...".
var quoteHeader = regexp.MustCompile(`(?im)^[ \t]*(?:(?:on|op)\b.{0,200}\b(?:wrote|schreef)\b[^\n]{0,100}:[ \t]*\r?$|-{2,}\s*(?:original message|oorspronkelijk bericht|origineel bericht|forwarded message|doorgestuurd bericht)\s*-{2,}|(?:from|van):[^\n]*\r?\n[ \t]*(?:sent|verzonden|date|datum):)`)

// QuoteSkips returns the byte ranges of a message that quote earlier
// messages: every line starting with '>', and everything from a reply header
// ("On ... wrote:", "Op ... schreef ...:", "-----Original Message-----") to
// the end.
func QuoteSkips(text []byte) [][2]int {
	var skips [][2]int
	end := len(text)
	if mayQuote(text) {
		if loc := quoteHeader.FindIndex(text); loc != nil {
			end = loc[0]
		}
	}
	if bytes.IndexByte(text, '>') < 0 {
		if end < len(text) {
			skips = append(skips, [2]int{end, len(text)})
		}
		return skips
	}
	for pos := 0; pos < end; {
		line, next := lineAt(text, pos)
		if t := bytes.TrimLeft(line, " \t"); len(t) > 0 && t[0] == '>' {
			if n := len(skips); n > 0 && skips[n-1][1] == pos {
				skips[n-1][1] = min(next, end)
			} else {
				skips = append(skips, [2]int{pos, min(next, end)})
			}
		}
		pos = next
	}
	if end < len(text) {
		skips = append(skips, [2]int{end, len(text)})
	}
	return skips
}

// mayQuote is a cheap test that rules out most texts before the reply
// header expression runs.
func mayQuote(text []byte) bool {
	// Every header form but the dashed one ends in or holds a colon, and
	// most messages have none: one fast scan settles those.
	if bytes.IndexByte(text, ':') < 0 {
		return bytes.Contains(text, []byte("--"))
	}
	for _, s := range [][]byte{[]byte("rote"), []byte("chreef"), []byte("---"), []byte("erzonden"), []byte("ent:"), []byte("ate:"), []byte("atum:")} {
		if bytes.Contains(text, s) {
			return true
		}
	}
	return false
}

// mergeSkips merges two sorted lists of ranges into one sorted list without
// overlaps.
func mergeSkips(a, b [][2]int) [][2]int {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	all := append(append([][2]int(nil), a...), b...)
	sortRanges(all)
	out := all[:0]
	for _, r := range all {
		if n := len(out); n > 0 && r[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}
