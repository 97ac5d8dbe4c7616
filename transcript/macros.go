package transcript

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// macros reads a canned-response library: a YAML or JSON list of
// {id|title, body|text} items, Zendesk macros (the comment_value and
// comment_value_html actions), Freshdesk canned responses (content,
// content_html), or Markdown with one response per "##" section. Every
// response is an agent message of its own.
func (rd *reader) macros(br *bufio.Reader) error {
	data, err := io.ReadAll(br)
	if err != nil {
		return fmt.Errorf("reading %s: %w", rd.path, err)
	}
	switch strings.ToLower(filepath.Ext(rd.path)) {
	case ".md", ".markdown":
		return rd.markdownMacros(data)
	case ".yaml", ".yml":
		return rd.yamlMacros(data)
	}
	if t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return rd.jsonMacros(data)
	}
	return rd.yamlMacros(data)
}

func (rd *reader) macro(conv, id string) *Message {
	return &Message{Conversation: conv, ID: id, Role: RoleAgent, RawRole: "macro"}
}

// markdownMacros reads one response per "## heading" section; the heading
// is the response's id. Positions are positions in the file.
func (rd *reader) markdownMacros(data []byte) error {
	conv := conversationName(rd.path)
	skips := MarkdownSkips(data)
	type section struct {
		title       string
		start, line int
	}
	var secs []section
	lineNo := 1
	for pos := 0; pos < len(data); {
		line, next := lineAt(data, pos)
		if bytes.HasPrefix(line, []byte("## ")) && !inSkips(skips, pos) {
			secs = append(secs, section{strings.TrimSpace(string(line[3:])), next, lineNo + 1})
		}
		lineNo++
		pos = next
	}
	for i, s := range secs {
		end := len(data)
		if i+1 < len(secs) {
			// The next section starts after its heading line; end before it.
			end = bytes.LastIndex(data[:secs[i+1].start-1], []byte("\n")) + 1
		}
		if s.start > end {
			continue
		}
		m := rd.macro(conv, s.title)
		m.Text = data[s.start:end]
		m.InFile, m.FileOffset = true, s.start
		m.Origin.Line, m.Origin.Column = s.line, 1
		for _, sk := range skips {
			if sk[1] > s.start && sk[0] < end {
				m.Skip = append(m.Skip, [2]int{max(sk[0], s.start) - s.start, min(sk[1], end) - s.start})
			}
		}
		if err := rd.emit(m); err != nil {
			return err
		}
	}
	return nil
}

func inSkips(skips [][2]int, pos int) bool {
	for _, s := range skips {
		if pos >= s[0] && pos < s[1] {
			return true
		}
	}
	return false
}

// yamlMacros reads a YAML list of responses, or a mapping whose one list
// value holds them.
func (rd *reader) yamlMacros(data []byte) error {
	var doc yaml.Node
	lines := lineStarts(data)
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: invalid YAML: %v", rd.path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil
	}
	list := doc.Content[0]
	if list.Kind == yaml.MappingNode {
		for i := 1; i < len(list.Content); i += 2 {
			if v := list.Content[i]; v.Kind == yaml.SequenceNode && holdsResponse(v) {
				list = v
				break
			}
		}
	}
	// A list none of whose items has a body or a text is some other YAML
	// (a CI workflow, dependabot.yml, mkdocs.yml): not a library.
	if list.Kind != yaml.SequenceNode || !holdsResponse(list) {
		return fmt.Errorf("%s:%d:%d: %w: a macros library is a list of responses (- id: ..., body: ...)", rd.path, list.Line, list.Column, ErrForeign)
	}
	conv := conversationName(rd.path)
	for i, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			rd.recordError(item.Line, "", fmt.Errorf("response %d is not a mapping with id/title and body/text", i+1))
			continue
		}
		fields := map[string]*yaml.Node{}
		for j := 0; j+1 < len(item.Content); j += 2 {
			fields[item.Content[j].Value] = item.Content[j+1]
		}
		textNode := fields["body"]
		if textNode == nil {
			textNode = fields["text"]
		}
		if textNode == nil || textNode.Kind != yaml.ScalarNode {
			rd.recordError(item.Line, "", fmt.Errorf("response %d has no body or text", i+1))
			continue
		}
		m := rd.macro(conv, macroID(fields, i))
		if rules, err := itemIgnores(fields["lexlint"]); err != nil {
			rd.recordError(fields["lexlint"].Line, "", err)
		} else if rules != nil {
			m.Ignores = append(m.Ignores, &Ignore{Start: 0, End: 1 << 62, Rules: rules, Offset: -1, Directive: "lexlint: {ignore: [" + strings.Join(rules, ", ") + "]}"})
		}
		m.Origin.Record = textNode.Line
		if textNode.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			m.Origin.Record++ // a block scalar starts on the next line
		}
		rd.setText(m, textNode.Value)
		if m.Map == nil {
			locateScalar(m, data, lines, textNode)
		}
		if err := rd.emit(m); err != nil {
			return err
		}
	}
	return nil
}

// holdsResponse reports whether a YAML list has an item that is a mapping
// with a body or a text: a canned response.
func holdsResponse(list *yaml.Node) bool {
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			if k := item.Content[j].Value; k == "body" || k == "text" {
				return true
			}
		}
	}
	return false
}

// lineStarts returns the byte offset of each line of data.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// locateScalar finds a YAML scalar's text in the file, when the file holds
// it literally: a plain or quoted scalar without escapes on one line (Text
// is then a slice of the file), or a literal block scalar (|), whose lines
// are file lines less their indentation (Text then maps to the file, so
// findings get file positions). Other styles stay unlocated.
func locateScalar(m *Message, data []byte, lines []int, n *yaml.Node) {
	if n.Line < 1 || n.Line > len(lines) {
		return
	}
	lineStart := lines[n.Line-1]
	off := lineStart
	for col := 1; col < n.Column && off < len(data); col++ {
		_, size := utf8.DecodeRune(data[off:])
		off += size
	}
	value := n.Value
	switch {
	case n.Style == 0 || n.Style == yaml.TaggedStyle:
		if strings.Contains(value, "\n") || !bytes.HasPrefix(data[off:], []byte(value)) {
			return
		}
	case n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle:
		off++
		quote := byte('"')
		if n.Style == yaml.SingleQuotedStyle {
			quote = '\''
		}
		if strings.ContainsAny(value, "\n\\") || !bytes.HasPrefix(data[off:], []byte(value)) || off+len(value) >= len(data) || data[off+len(value)] != quote {
			return
		}
	case n.Style == yaml.LiteralStyle:
		locateBlock(m, data, lines, n)
		return
	default:
		return
	}
	m.InFile, m.FileOffset = true, off
	sm := &SourceMap{Source: data, InFile: true, Start: make([]int, len(value)), End: make([]int, len(value))}
	for i := range value {
		sm.Start[i], sm.End[i] = off+i, off+i+1
	}
	m.Map = sm
	m.Origin.Record = 0 // findings carry file positions now
}

// locateBlock maps a literal block scalar's text to its file lines.
func locateBlock(m *Message, data []byte, lines []int, n *yaml.Node) {
	text := m.Text
	sm := &SourceMap{Source: data, InFile: true}
	textLines := strings.SplitAfter(string(text), "\n")
	fileLine := n.Line // 0-based index of the line after the indicator
	indent := -1
	for _, tl := range textLines {
		if tl == "" {
			continue
		}
		if fileLine >= len(lines) {
			return
		}
		start := lines[fileLine]
		end := len(data)
		if fileLine+1 < len(lines) {
			end = lines[fileLine+1]
		}
		raw := data[start:end]
		content := strings.TrimSuffix(tl, "\n")
		if content == "" {
			// An empty line may hold only indentation.
			if len(bytes.TrimSpace(raw)) != 0 {
				return
			}
			nl := bytes.IndexByte(raw, '\n')
			if nl < 0 || !strings.HasSuffix(tl, "\n") {
				return
			}
			sm.Start, sm.End = append(sm.Start, start+nl), append(sm.End, start+nl+1)
			fileLine++
			continue
		}
		if indent < 0 {
			indent = len(raw) - len(bytes.TrimLeft(raw, " "))
		}
		if len(raw) < indent || !bytes.HasPrefix(raw[indent:], []byte(content)) {
			return
		}
		for i := range content {
			sm.Start = append(sm.Start, start+indent+i)
			sm.End = append(sm.End, start+indent+i+1)
		}
		if strings.HasSuffix(tl, "\n") {
			p := start + indent + len(content)
			if p >= len(data) || (data[p] != '\n' && data[p] != '\r') {
				return
			}
			sm.Start, sm.End = append(sm.Start, p), append(sm.End, end)
		}
		fileLine++
	}
	if len(sm.Start) != len(text) {
		return
	}
	m.Map = sm
	m.Origin.Record = 0 // findings carry file positions now
}

// itemIgnores reads a macro item's "lexlint: {ignore: [rule-id, ...]}". An
// empty list ignores every rule.
func itemIgnores(n *yaml.Node) ([]string, error) {
	if n == nil {
		return nil, nil
	}
	var v struct {
		Ignore []string `yaml:"ignore"`
	}
	if err := n.Decode(&v); err != nil || n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("lexlint: write {ignore: [rule-id, ...]}")
	}
	if v.Ignore == nil {
		v.Ignore = []string{}
	}
	return v.Ignore, nil
}

func macroID(fields map[string]*yaml.Node, i int) string {
	for _, k := range []string{"id", "title", "name"} {
		if n := fields[k]; n != nil && n.Value != "" {
			return n.Value
		}
	}
	return strconv.Itoa(i + 1)
}

// jsonMacros reads Zendesk macros, Freshdesk canned responses and plain
// JSON lists of responses, one at a time: a damaged file's responses before
// the damage are read, and the damage is reported where it is.
func (rd *reader) jsonMacros(data []byte) error {
	s := newJSONStream(bytes.NewReader(data))
	conv := conversationName(rd.path)
	each := func(i int) error {
		var v any
		if err := s.decode(&v); err != nil {
			return err
		}
		return rd.jsonMacro(v, conv, s.pointer(), i)
	}
	kind, err := s.peekKind()
	if err == nil && kind == '[' {
		err = s.elements(each)
	} else if err == nil {
		listed := false
		err = s.object(func(key string) error {
			switch key {
			case "macro":
				listed = true
				return each(0)
			case "macros", "canned_responses", "responses", "items":
				if !listed {
					listed = true
					return s.array(each)
				}
			}
			return s.skip()
		})
		if err == nil && !listed {
			return fmt.Errorf("%s: %w: no list of responses found (expected a JSON array, or \"macros\" / \"canned_responses\")", rd.path, ErrForeign)
		}
	}
	return rd.damaged(err, bytes.NewReader(data))
}

// jsonMacro reads one response of a JSON list, at the JSON pointer base.
func (rd *reader) jsonMacro(it any, conv, base string, i int) error {
	obj, ok := it.(map[string]any)
	if !ok {
		rd.recordError(0, base, fmt.Errorf("not an object"))
		return nil
	}
	idv := firstOf(scalar(obj["id"]), scalar(obj["title"]), strconv.Itoa(i+1))
	var ignore *Ignore
	if lx, ok := obj["lexlint"].(map[string]any); ok {
		rules := []string{}
		list, _ := lx["ignore"].([]any)
		for _, r := range list {
			rules = append(rules, scalar(r))
		}
		ignore = &Ignore{Start: 0, End: 1 << 62, Rules: rules, Offset: -1, Directive: `"lexlint": {"ignore": [...]}`}
	}
	emitText := func(text, ptr string, html bool) error {
		m := rd.macro(conv, idv)
		if ignore != nil {
			cp := *ignore
			m.Ignores = append(m.Ignores, &cp)
		}
		m.Origin.Pointer = ptr
		if html {
			m.Text, m.Skip, m.Map = htmlToText([]byte(text))
		} else {
			m.Text = []byte(text)
		}
		return rd.emit(m)
	}
	if actions, ok := obj["actions"].([]any); ok { // Zendesk macro
		for j, a := range actions {
			act, _ := a.(map[string]any)
			field := scalar(act["field"])
			if field != "comment_value" && field != "comment_value_html" {
				continue
			}
			text, ptr := "", fmt.Sprintf("%s/actions/%d/value", base, j)
			switch val := act["value"].(type) {
			case string:
				text = val
			case []any: // ["channel:all", "text"]
				if len(val) > 0 {
					text = scalar(val[len(val)-1])
					ptr += "/" + strconv.Itoa(len(val)-1)
				}
			}
			if text == "" {
				continue
			}
			if err := emitText(text, ptr, field == "comment_value_html" || looksLikeHTML(text)); err != nil {
				return err
			}
		}
		return nil
	}
	found := false
	for _, f := range []struct {
		name string
		html bool
	}{{"content", false}, {"content_html", true}, {"body", false}, {"text", false}} {
		if text, ok := obj[f.name].(string); ok && text != "" {
			found = true
			if err := emitText(text, base+"/"+f.name, f.html || looksLikeHTML(text)); err != nil {
				return err
			}
			break
		}
	}
	if !found {
		rd.recordError(0, base, fmt.Errorf("no body, text, content or content_html"))
	}
	return nil
}
