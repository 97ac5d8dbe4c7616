package transcript

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// sniffSize is how much of an input Detect looks at.
const sniffSize = 64 << 10

// ErrForeign says a file is none of the inputs lexlint reads (a YAML or
// JSON file that is no canned-response library or export), as opposed to
// one of them that is damaged.
var ErrForeign = errors.New("not an input lexlint reads")

// Detect decides an input's format from its file extension and, where that
// is not enough, from its first bytes:
//
//	.jsonl .ndjson   jsonl
//	.csv             csv
//	.yaml .yml       macros (a list with an item that has a body or text)
//	.md .markdown    text (a Markdown document)
//	.json            by its keys: conversation_parts -> intercom; thread and
//	                 events, or chats -> livechat; body_text or incoming ->
//	                 freshdesk; plain_body, html_body or author_id -> zendesk;
//	                 comment_value, content_html, or a list of title/body
//	                 items -> macros
//	anything else    JSON as for .json; one JSON object per line -> jsonl
//	                 (in a .json file the first object needs a "text");
//	                 at least two lines starting with a speaker label
//	                 ("Agent:", "Klant:", "[10:02] Customer:") -> chat;
//	                 other text -> text
//
// A JSON input whose keys match none of these, or binary data, is an error
// that asks for --input.
func Detect(path string, br *bufio.Reader) (string, error) {
	if err := checkText(path, br); err != nil {
		return "", err
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".jsonl", ".ndjson":
		return "jsonl", nil
	case ".csv":
		return "csv", nil
	case ".yaml", ".yml":
		return "macros", nil
	case ".md", ".markdown":
		return "text", nil
	case ".html", ".htm":
		return "html", nil
	}
	prefix, _ := br.Peek(sniffSize)
	prefix = bytes.TrimPrefix(prefix, []byte("\xEF\xBB\xBF"))
	trimmed := bytes.TrimLeft(prefix, " \t\r\n")
	if looksLikeJSON(trimmed) {
		if isJSONL(trimmed) {
			// One vendor record per line (Zendesk's full export) reads as
			// that vendor's format; other objects per line are JSONL.
			first, _, _ := bytes.Cut(trimmed, []byte("\n"))
			switch f := sniffJSON(first); f {
			case "zendesk", "intercom", "freshdesk", "livechat":
				return f, nil
			}
			// A one-line .json object without a "text" (package.json,
			// tsconfig.json written on one line) is some other JSON.
			if ext == ".json" && !hasText(first) {
				return "", fmt.Errorf("%s: %w: a JSON object without a \"text\" field: name the format with --input (%s)", path, ErrForeign, strings.Join(Formats(), ", "))
			}
			return "jsonl", nil
		}
		if f := sniffJSON(trimmed); f != "" {
			return f, nil
		}
		return "", fmt.Errorf("%s: %w: cannot tell which export this JSON is: name the format with --input (%s)", path, ErrForeign, strings.Join(Formats(), ", "))
	}
	if ext == ".json" {
		return "", fmt.Errorf("%s: not JSON although named .json: name the format with --input", path)
	}
	rd := &reader{}
	if sniffChat(prefix, rd.labelRoles()) {
		return "chat", nil
	}
	return "text", nil
}

// checkText reports an error, once for the whole input, when its start is
// binary data rather than text of any format: a NUL byte, or more than one
// character in ten a control character or invalid UTF-8 (text with a few
// invalid bytes is still text).
func checkText(path string, br *bufio.Reader) error {
	prefix, _ := br.Peek(sniffSize)
	prefix = bytes.TrimPrefix(prefix, []byte("\xEF\xBB\xBF"))
	bad, n := 0, 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRune(prefix)
		if r == 0 {
			bad = n + 1 // a NUL byte decides it
			break
		}
		if (r == utf8.RuneError && size == 1) || (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') {
			bad++
		}
		n++
		prefix = prefix[size:]
	}
	if n > 0 && bad*10 > n || bad > n {
		return fmt.Errorf("%s: binary data, not text: lexlint reads text, chat, JSON, JSONL, CSV, YAML and Markdown", path)
	}
	return nil
}

// isJSONL reports whether data starts with a complete JSON object on its
// first line, followed by another line that starts an object.
// hasText reports whether a JSON object has a "text" field.
func hasText(object []byte) bool {
	var fields map[string]json.RawMessage
	if json.Unmarshal(object, &fields) != nil {
		return false
	}
	_, ok := fields["text"]
	return ok
}

func isJSONL(data []byte) bool {
	i := bytes.IndexByte(data, '\n')
	if i < 0 || data[0] != '{' {
		return false
	}
	if !json.Valid(bytes.TrimSpace(data[:i])) {
		return false
	}
	rest := bytes.TrimLeft(data[i+1:], " \t\r\n")
	return len(rest) == 0 || rest[0] == '{'
}

// sniffJSON names the export a JSON document's first bytes look like.
func sniffJSON(data []byte) string {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if bytes.Contains(data, []byte(`"`+k+`"`)) {
				return true
			}
		}
		return false
	}
	switch {
	case has("conversation_parts") || bytes.Contains(data, []byte(`"conversation.list"`)):
		return "intercom"
	case has("thread", "threads") && has("events") || has("chats") && has("users"):
		return "livechat"
	case has("body_text", "incoming", "description_text"):
		return "freshdesk"
	case has("plain_body", "html_body", "author_id"):
		return "zendesk"
	case has("comment_value", "comment_value_html", "content_html", "macros", "canned_responses") ||
		has("title") && has("body", "text", "content"):
		return "macros"
	}
	return ""
}

// looksLikeJSON reports whether data starts a JSON object, or an array of
// objects, arrays or strings (not "[10:02] Agent: ...").
func looksLikeJSON(data []byte) bool {
	if len(data) == 0 {
		return false
	}
	if data[0] == '{' {
		return true
	}
	if data[0] != '[' {
		return false
	}
	rest := bytes.TrimLeft(data[1:], " \t\r\n")
	return len(rest) == 0 || rest[0] == '{' || rest[0] == '[' || rest[0] == '"' || rest[0] == ']'
}
