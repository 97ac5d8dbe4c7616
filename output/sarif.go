package output

import (
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/lexlint/lexlint/pipeline"
)

// SARIF writes a SARIF 2.1.0 log: one run whose results stream as
// findings come, then the files they are in, the unreadable inputs
// (invocations' toolExecutionNotifications) and the tool with the rules
// that produced findings (id, name, message, help with the suggestions,
// default level). JSON object keys may come in any order, so the results
// go first and nothing waits: memory grows with the rules and files, never
// with the findings. It is written by hand rather than with a SARIF
// library (github.com/owenrumney/go-sarif, used before) because those
// build the whole log in memory and pad every object with empty arrays
// and -1 defaults, which made results four times the bytes of a JSON Lines
// finding. GitHub code scanning accepts it; the tests validate it against
// the SARIF 2.1.0 schema.
//
// Locations: artifactLocation.uri is a URI reference, percent-encoded,
// relative to %SRCROOT% (the working directory) for relative paths and a
// file: URI for absolute ones; regions are in code points (columnKind
// unicodeCodePoints) and bytes. partialFingerprints["lexlintFinding/v2"]
// is the rule, the normalised match and its occurrence in the file, so it
// stays the same when lines move.
type SARIF struct {
	w         io.Writer
	version   string
	rules     []*Finding     // the first finding of each rule, in order
	tails     []string       // each rule's message and suggestions, escaped for a JSON string
	ruleIndex map[string]int // rule id: its index in rules
	artifacts []string       // URIs, in order of their first finding
	artIndex  map[string]int
	seen      map[string]*seen // rule and match: findings so far in the current file
	seenFile  string
	errs      []string // unreadable inputs
	count     int      // results written
	buf       []byte
	key       []byte // the key in seen being looked up

	lastPath, lastURI string // the URI of the path before

	// SourceRoot, when set, is the absolute directory that relative URIs
	// are relative to (%SRCROOT%): with check --path-prefix, the
	// repository root rather than the directory lexlint ran in.
	SourceRoot string
}

// seen counts the findings of a rule and match in a file.
type seen struct {
	key string // "rule:match", the match lower-cased
	n   int
}

// resultIndent is the indentation of a result in the log:
// {"runs": [{"results": [ ... ]}]}.
const resultIndent = "        "

// NewSARIF returns a SARIF formatter.
func NewSARIF(w io.Writer, version string) *SARIF {
	return &SARIF{w: w, version: version, ruleIndex: map[string]int{}, artIndex: map[string]int{}, seen: map[string]*seen{}}
}

// Item writes the item's results and notes an unreadable input.
func (s *SARIF) Item(it *pipeline.Item, findings []Finding) error {
	if it.Err != nil {
		s.errs = append(s.errs, it.Err.Error())
	}
	s.buf = s.buf[:0]
	if s.count == 0 && len(findings) > 0 {
		s.buf = append(s.buf, s.head()...)
	}
	for i := range findings {
		f := &findings[i]
		index, ok := s.ruleIndex[f.Rule]
		if !ok {
			index = len(s.rules)
			s.ruleIndex[f.Rule] = index
			kept := *f
			s.rules = append(s.rules, &kept)
			s.tails = append(s.tails, string(appendEscaped(nil, messageTail(f), true)))
		}
		if f.Path != s.lastPath {
			s.lastPath, s.lastURI = f.Path, sarifURI(f.Path)
		}
		uri := s.lastURI
		art, ok := s.artIndex[uri]
		if !ok {
			art = len(s.artifacts)
			s.artIndex[uri] = art
			s.artifacts = append(s.artifacts, uri)
		}
		if f.Path != s.seenFile {
			clear(s.seen)
			s.seenFile = f.Path
		}
		match := oneLine(f.Match)
		occurrence := s.occurrence(f.Rule, match)
		if s.count > 0 {
			s.buf = append(s.buf, ',')
		}
		s.count++
		s.buf = append(s.buf, "\n"+resultIndent...)
		tail := s.tails[index]
		if r := s.rules[index]; f.Message != r.Message || !slices.Equal(f.Suggestions, r.Suggestions) {
			tail = string(appendEscaped(nil, messageTail(f), true)) // not the rule's first words
		}
		s.buf = appendResult(s.buf, f, match, uri, index, art, tail, occurrence)
	}
	_, err := s.w.Write(s.buf)
	return err
}

// occurrence counts a finding of the rule and match in the current file
// and returns its entry: the key and the count, this one included.
func (s *SARIF) occurrence(rule, match string) *seen {
	s.key = append(append(s.key[:0], rule...), ':')
	ascii := true
	for i := 0; i < len(match); i++ {
		c := match[i]
		ascii = ascii && c < 0x80
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		s.key = append(s.key, c)
	}
	if !ascii {
		s.key = append(s.key[:len(rule)+1], strings.ToLower(match)...)
	}
	if n, ok := s.seen[string(s.key)]; ok {
		n.n++
		return n
	}
	n := &seen{key: string(s.key), n: 1}
	s.seen[n.key] = n
	return n
}

// head opens the log, its run and its results.
func (s *SARIF) head() string {
	return "{\n" +
		`  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",` + "\n" +
		`  "version": "2.1.0",` + "\n" +
		`  "runs": [` + "\n" +
		"    {\n" +
		`      "results": [`
}

// sarifURI is a path as a URI reference: relative ones percent-encoded
// segment by segment (resolved against %SRCROOT%), absolute ones and
// drive-letter ones as file: URIs, standard input as "stdin".
func sarifURI(path string) string {
	if path == "-" {
		return "stdin"
	}
	p := filepath.ToSlash(path)
	drive := len(p) >= 3 && p[1] == ':' && p[2] == '/' && (p[0] >= 'a' && p[0] <= 'z' || p[0] >= 'A' && p[0] <= 'Z')
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if !(drive && i == 0) {
			// A colon in a relative reference's first segment would read
			// as a scheme ("c:x").
			segs[i] = escapeSegment(seg, i == 0 && !drive)
		}
	}
	u := strings.Join(segs, "/")
	switch {
	case drive:
		return "file:///" + u
	case strings.HasPrefix(p, "/"):
		return "file://" + u
	}
	return u
}

// rootURI is an absolute directory as a file: URI ending in a slash, as
// SARIF requires of an originalUriBaseIds uri.
func rootURI(dir string) string {
	u := sarifURI(dir)
	if !strings.HasPrefix(u, "file:") { // not absolute: as it is, resolved by the reader
		u = "file:" + u
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// escapeSegment percent-encodes what a URI path segment cannot hold as it
// is (RFC 3986 pchar: unreserved, sub-delims, ":" and "@"), and colons too
// when colon is set.
func escapeSegment(seg string, colon bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!$&'()*+,;=@", c) >= 0, c == ':' && !colon:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// relative reports whether a URI is resolved against %SRCROOT%.
func relative(uri string) bool { return uri != "stdin" && !strings.HasPrefix(uri, "file:") }

// appendResult appends a finding as the SARIF result of the rule at index,
// in the file at artifact index art, on one line: a result is read by
// programs, and its indentation was most of its bytes.
func appendResult(b []byte, f *Finding, match, uri string, index, art int, tail string, occurrence *seen) []byte {
	b = appendString(append(b, `{"ruleId":`...), f.Rule, true)
	b = strconv.AppendInt(append(b, `,"ruleIndex":`...), int64(index), 10)
	b = appendString(append(b, `,"level":`...), level(f.Severity, "note"), true)
	b = appendAnnotation(append(b, `,"message":{"text":`...), f, match, tail)
	b = appendString(append(b, `},"locations":[{"physicalLocation":{"artifactLocation":{"uri":`...), uri, true)
	if relative(uri) {
		b = append(b, `,"uriBaseId":"%SRCROOT%"`...)
	}
	b = strconv.AppendInt(append(b, `,"index":`...), int64(art), 10)
	w := &jsonw{b: append(b, `},"region":`...), compact: true}
	line, col, endLine, endCol := fileRegion(f)
	writeRegion(w, f, line, col, endLine, endCol)
	b = append(w.b, `}}],"partialFingerprints":{"lexlintFinding/v2":`...)
	b = strconv.AppendInt(append(appendEscaped(append(b, '"'), occurrence.key, true), ':'), int64(occurrence.n-1), 10)
	b = append(b, '"', '}')
	if f.Conversation != "" {
		w = &jsonw{b: append(b, `,"properties":`...), compact: true}
		w.object()
		writePropertiesBody(w, f)
		w.endObject()
		b = w.b
	}
	return append(b, '}')
}

// appendAnnotation appends annotation(f) as a JSON string, given the match
// on one line and its rule's part (tail, see messageTail) escaped once for
// all the rule's findings.
func appendAnnotation(b []byte, f *Finding, match, tail string) []byte {
	b = append(b, '"')
	if f.Match != "" {
		b = append(appendEscaped(b, strconv.Quote(match), true), ": "...)
	}
	b = append(b, tail...)
	if f.Conversation != "" {
		b = appendEscaped(b, " (conversation "+f.Conversation+", message "+f.MessageID+")", true)
	}
	return append(b, '"')
}

// writeRegion writes a result's region object: the line, and for a finding with
// columns the columns, and for a match its bytes and text.
func writeRegion(w *jsonw, f *Finding, line, col, endLine, endCol int) {
	w.object()
	defer w.endObject()
	w.key("startLine").int(line)
	if col == 0 {
		return
	}
	w.key("startColumn").int(col)
	w.key("endLine").int(endLine)
	w.key("endColumn").int(endCol)
	if f.Match != "" {
		w.key("byteOffset").int(f.Offset)
		w.key("byteLength").int(f.EndOffset - f.Offset)
		w.key("snippet").object()
		w.key("text").str(f.Match)
		w.endObject()
	}
}

// writePropertiesBody writes where in an export a finding is, inside an
// open object.
func writePropertiesBody(w *jsonw, f *Finding) {
	w.key("conversation").str(f.Conversation)
	w.key("message_id").str(f.MessageID)
	w.key("role").str(f.Role)
	if f.Agent != "" {
		w.key("agent").str(f.Agent)
	}
	if f.Pointer != "" {
		w.key("pointer").str(f.Pointer)
	}
	w.key("line_in_message").int(f.Line)
	w.key("column_in_message").int(f.Column)
}

// ruleName turns an id like en.rigid.company-policy into CompanyPolicy-like
// names SARIF viewers show next to the id.
func ruleName(id string) string {
	last := id[strings.LastIndex(id, ".")+1:]
	var b strings.Builder
	for _, part := range strings.FieldsFunc(last, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// Finish closes the results and writes the rest of the run: the files,
// the invocation with its notifications and the tool with its rules.
func (s *SARIF) Finish(*Summary) error {
	w := &jsonw{prefix: "      "}
	if s.count == 0 {
		w.raw(s.head())
		w.raw("]")
	} else {
		w.raw("\n      ]")
	}
	w.raw(",\n")
	w.raw(`      "columnKind": "unicodeCodePoints",` + "\n")
	w.raw(`      "originalUriBaseIds": {"%SRCROOT%": `)
	if s.SourceRoot == "" {
		w.raw(`{"description": {"text": "the directory lexlint ran in"}}},` + "\n")
	} else {
		w.raw(`{"uri": `)
		w.b = appendString(w.b, rootURI(s.SourceRoot), true)
		w.raw(`, "description": {"text": "the root the paths are relative to (check --path-prefix)"}}},` + "\n")
	}
	w.raw(`      "artifacts": `)
	w.array()
	for _, uri := range s.artifacts {
		w.elem().object()
		w.key("location").object()
		w.key("uri").str(uri)
		if relative(uri) {
			w.key("uriBaseId").str("%SRCROOT%")
		}
		w.endObject()
		w.endObject()
	}
	w.endArray()
	w.raw(",\n      \"invocations\": ")
	s.writeInvocation(w)
	w.raw(",\n      \"tool\": ")
	s.writeTool(w)
	w.raw("\n    }\n  ]\n}\n")
	_, err := s.w.Write(w.b)
	return err
}

// writeInvocation writes the run's invocation: whether every input was
// read, and a notification for each that was not.
func (s *SARIF) writeInvocation(w *jsonw) {
	w.array()
	w.elem().object()
	w.key("executionSuccessful").raw(strconv.FormatBool(len(s.errs) == 0))
	if len(s.errs) > 0 {
		w.key("toolExecutionNotifications").array()
		for _, e := range s.errs {
			w.elem().object()
			w.key("level").str("error")
			w.key("message").object()
			w.key("text").str(e)
			w.endObject()
			w.endObject()
		}
		w.endArray()
	}
	w.endObject()
	w.endArray()
}

// writeTool writes the tool and the rules of the findings.
func (s *SARIF) writeTool(w *jsonw) {
	w.object()
	w.key("driver").object()
	w.key("name").str("lexlint")
	w.key("informationUri").str("https://github.com/lexlint/lexlint")
	if s.version != "" {
		w.key("version").str(s.version)
	}
	w.key("rules").array()
	for _, f := range s.rules {
		help, md := f.Message, f.Message
		if len(f.Suggestions) > 0 {
			help += "\nTry instead: " + strings.Join(f.Suggestions, " | ")
			md += "\n\nTry instead:\n\n- " + strings.Join(f.Suggestions, "\n- ")
		}
		w.elem().object()
		w.key("id").str(f.Rule)
		w.key("name").str(ruleName(f.Rule))
		w.key("shortDescription").object()
		w.key("text").str(f.Message)
		w.endObject()
		w.key("fullDescription").object()
		w.key("text").str(f.Message)
		w.endObject()
		w.key("help").object()
		w.key("text").str(help)
		w.key("markdown").str(md)
		w.endObject()
		if f.Link != "" {
			w.key("helpUri").str(f.Link)
		}
		w.key("defaultConfiguration").object()
		w.key("level").str(level(f.Severity, "note"))
		w.endObject()
		w.key("properties").object()
		w.key("category").str(f.Category)
		w.key("lexicon").str(f.Lexicon)
		w.key("tags").array()
		w.elem().str("service-language")
		w.elem().str(f.Category)
		w.endArray()
		w.endObject()
		w.endObject()
	}
	w.endArray()
	w.endObject()
	w.endObject()
}
