package transcript

import (
	"bytes"
	"html"
	"strings"

	nethtml "golang.org/x/net/html"
)

// htmlToText reduces an HTML body to its text with golang.org/x/net/html's
// tokenizer: tags become nothing (block tags a line break), character
// references are decoded, script and style are dropped, and the contents of
// <blockquote> and Gmail/Outlook quote containers are marked as skipped. The
// map relates each text byte to the bytes of src it came from.
func htmlToText(src []byte) (text []byte, skip [][2]int, m *SourceMap) {
	// The text is never longer than the markup (a block tag adds at most a
	// line break), so one allocation each holds the text and its map.
	m = &SourceMap{Source: src, Start: make([]int, 0, len(src)), End: make([]int, 0, len(src))}
	text = make([]byte, 0, len(src))
	z := nethtml.NewTokenizer(bytes.NewReader(src))
	pos := 0
	hidden := 0     // depth inside script/style
	quoteDepth := 0 // depth inside quoted containers
	var quoteStart int
	var stack []bool // for each open element: whether it opened a quote
	emit := func(b []byte, start, end int) {
		text = append(text, b...)
		for range b {
			m.Start = append(m.Start, start)
			m.End = append(m.End, end)
		}
	}
	newline := func(at int) {
		if n := len(text); n > 0 && text[n-1] != '\n' {
			emit([]byte{'\n'}, at, at)
		}
	}
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		raw := z.Raw()
		start, end := pos, pos+len(raw)
		pos = end
		switch tt {
		case nethtml.TextToken:
			if hidden > 0 {
				continue
			}
			decodeText(raw, start, emit)
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken, nethtml.EndTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			quote := false
			if tt == nethtml.StartTagToken {
				quote = tag == "blockquote"
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "class" && (bytes.Contains(v, []byte("gmail_quote")) || bytes.Contains(v, []byte("moz-cite-prefix")) ||
						bytes.Contains(v, []byte("yahoo_quoted")) || bytes.Contains(v, []byte("OutlookMessageHeader"))) {
						quote = true
					}
				}
			}
			switch tag {
			case "script", "style", "head", "title":
				if tt == nethtml.StartTagToken {
					hidden++
				} else if tt == nethtml.EndTagToken && hidden > 0 {
					hidden--
				}
				continue
			}
			if isBlock(tag) {
				newline(start)
			}
			if voidElement(tag) || tt == nethtml.SelfClosingTagToken {
				continue
			}
			if tt == nethtml.StartTagToken {
				stack = append(stack, quote)
				if quote {
					if quoteDepth == 0 {
						quoteStart = len(text)
					}
					quoteDepth++
				}
				continue
			}
			// End tag: close up to the matching element.
			if n := len(stack); n > 0 {
				opened := stack[n-1]
				stack = stack[:n-1]
				if opened {
					quoteDepth--
					if quoteDepth == 0 {
						skip = append(skip, [2]int{quoteStart, len(text)})
					}
				}
			}
		}
	}
	if quoteDepth > 0 {
		skip = append(skip, [2]int{quoteStart, len(text)})
	}
	return text, skip, m
}

// decodeText appends a text token's characters, decoding character
// references, each mapped to its bytes in the source.
func decodeText(raw []byte, base int, emit func([]byte, int, int)) {
	for i := 0; i < len(raw); {
		if raw[i] == '&' {
			if j := bytes.IndexByte(raw[i:min(len(raw), i+12)], ';'); j > 1 {
				ref := string(raw[i : i+j+1])
				if dec := html.UnescapeString(ref); dec != ref {
					emit([]byte(dec), base+i, base+i+j+1)
					i += j + 1
					continue
				}
			}
		}
		emit(raw[i:i+1], base+i, base+i+1)
		i++
	}
}

func isBlock(tag string) bool {
	switch tag {
	case "p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt":
		return true
	}
	return false
}

func voidElement(tag string) bool {
	switch tag {
	case "br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr":
		return true
	}
	return false
}

// looksLikeHTML reports whether a field's text is HTML markup.
func looksLikeHTML(s string) bool {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "<") {
		return strings.Contains(t, "<p>") || strings.Contains(t, "<br") || strings.Contains(t, "<div")
	}
	return len(t) > 2 && (t[1] == '/' || t[1] == '!' || (t[1]|0x20 >= 'a' && t[1]|0x20 <= 'z'))
}
