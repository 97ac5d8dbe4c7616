package transcript

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		path, content, want string
	}{
		{"a.jsonl", "", "jsonl"},
		{"a.ndjson", "", "jsonl"},
		{"a.csv", "", "csv"},
		{"a.yaml", "", "macros"},
		{"a.md", "## x\n", "text"},
		{"draft.txt", "Hi Sam,\nThanks!\n", "text"},
		{"chat.txt", "[10:02] Agent (Sanne): Hoi\nKlant: hallo\n", "chat"},
		{"chat.log", "Customer: hi\nAgent: hello\n", "chat"},
		{"-", "{\"role\":\"agent\",\"text\":\"x\"}\n{\"role\":\"customer\",\"text\":\"y\"}\n", "jsonl"},
		{"x.json", `{"tickets":[{"id":1,"comments":[{"author_id":2,"plain_body":"x"}]}]}`, "zendesk"},
		{"x.json", `{"comments":[{"id":1,"author_id":2,"body":"x"}],"users":[]}`, "zendesk"},
		{"x.json", `{"type":"conversation","conversation_parts":{}}`, "intercom"},
		{"x.json", `[{"body_text":"x","incoming":true}]`, "freshdesk"},
		{"x.json", `{"chats":[{"users":[],"thread":{"events":[]}}]}`, "livechat"},
		{"x.json", `{"macros":[{"actions":[{"field":"comment_value","value":"x"}]}]}`, "macros"},
		{"x.json", `[{"title":"a","content_html":"<p>x</p>"}]`, "macros"},
		{"x.json", `[{"id":"a","body":"x","title":"t"}]`, "macros"},
	}
	for _, tt := range tests {
		got, err := Detect(tt.path, bufio.NewReader(strings.NewReader(tt.content)))
		if err != nil || got != tt.want {
			t.Errorf("Detect(%s, %q) = %q, %v; want %q", tt.path, tt.content, got, err, tt.want)
		}
	}
	for _, bad := range []struct{ path, content, msg string }{
		{"x.json", `{"foo": 1}`, "cannot tell which export"},
		{"x.json", `not json`, "not JSON although named .json"},
		{"x.bin", "ab\x00cd", "binary data"},
	} {
		_, err := Detect(bad.path, bufio.NewReader(strings.NewReader(bad.content)))
		if err == nil || !strings.Contains(err.Error(), bad.msg) || !strings.Contains(err.Error(), bad.path) {
			t.Errorf("Detect(%s): %v, want an error naming the file and %q", bad.path, err, bad.msg)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	src := `<div><p>That&#39;s <b>company</b> policy.</p><blockquote>you must</blockquote><script>x()</script><p>Bye&nbsp;now</p></div>`
	text, skip, m := htmlToText([]byte(src))
	want := "That's company policy.\nyou must\nBye\u00a0now\n"
	if string(text) != want {
		t.Fatalf("text %q, want %q", text, want)
	}
	// Every text byte maps back to the bytes it came from.
	i := strings.Index(string(text), "'")
	if got := src[m.Start[i]:m.End[i]]; got != "&#39;" {
		t.Errorf("apostrophe maps to %q", got)
	}
	j := strings.Index(string(text), "company")
	if got := src[m.Start[j]:m.End[j+len("company")-1]]; got != "company" {
		t.Errorf("word maps to %q", got)
	}
	if len(skip) != 1 || string(text[skip[0][0]:skip[0][1]]) != "you must\n" && string(text[skip[0][0]:skip[0][1]]) != "you must" {
		t.Errorf("quote skip %v over %q", skip, text)
	}
}

func TestQuoteSkips(t *testing.T) {
	tests := []struct {
		text, kept string
	}{
		{"Hi,\n> you must\nThanks", "Hi,\nThanks"},
		{"Sure.\n\nOn Tue, 4 Mar 2025 at 09:12, Jo <jo@x.nl> wrote:\nyou must\n", "Sure.\n\n"},
		{"Graag gedaan.\nOp di 4 mrt 2025 om 09:12 schreef Jo <jo@x.nl>:\nu moet\n", "Graag gedaan.\n"},
		{"Ok\n-----Original Message-----\nFrom: x\n", "Ok\n"},
		{"Ok\n----- Doorgestuurd bericht -----\nu moet\n", "Ok\n"}, // no colon anywhere
		{"Ok\nVan: Jo\nVerzonden: dinsdag\nu moet", "Ok\n"},
		{"On Monday we open at nine: see you then.", "On Monday we open at nine: see you then."},
	}
	for _, tt := range tests {
		var kept strings.Builder
		last := 0
		for _, s := range QuoteSkips([]byte(tt.text)) {
			kept.WriteString(tt.text[last:s[0]])
			last = s[1]
		}
		kept.WriteString(tt.text[last:])
		if kept.String() != tt.kept {
			t.Errorf("%q: kept %q, want %q", tt.text, kept.String(), tt.kept)
		}
	}
}

func TestReadRecordsAndErrors(t *testing.T) {
	read := func(format, path, content string) (msgs []*Message, errs []string) {
		ids := &IDs{}
		err := Read(context.Background(), path, strings.NewReader(content), Options{Format: format}, Handler{
			Message: func(m *Message) error {
				if err := m.Resolve(); err != nil {
					errs = append(errs, err.Error())
					return nil
				}
				ids.Assign(m)
				msgs = append(msgs, m)
				return nil
			},
			Error: func(err error) { errs = append(errs, err.Error()) },
		})
		if err != nil {
			errs = append(errs, "file: "+err.Error())
		}
		return msgs, errs
	}
	msgs, errs := read("jsonl", "x.jsonl", "\xEF\xBB\xBF{\"role\":\"agent\",\"text\":\"a\"}\r\n{bad\r\n\r\n{\"role\":\"operator\",\"text\":\"b\",\"conversation_id\":7}\n{\"text\":1}")
	if len(msgs) != 3 || msgs[1].Role != RoleAgent || msgs[1].Conversation != "7" || msgs[2].Origin.Record != 5 || string(msgs[2].Text) != "1" {
		t.Errorf("messages %+v", msgs)
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "x.jsonl:2: invalid JSON") {
		t.Errorf("errors %v", errs)
	}
	msgs, errs = read("csv", "x.csv", "text,role\n\"a,\nb\",agent\nc\n\"d\",customer\n")
	if len(msgs) != 2 || string(msgs[0].Text) != "a,\nb" || msgs[1].Origin.Record != 5 || len(errs) != 1 || !strings.HasPrefix(errs[0], "x.csv:4:") {
		t.Errorf("csv: %v %v", msgs, errs)
	}
	_, errs = read("csv", "x.csv", "body,role\nx,agent\n")
	if len(errs) != 1 || !strings.Contains(errs[0], `no "text" column`) {
		t.Errorf("csv without text column: %v", errs)
	}
	for _, f := range []string{"jsonl", "csv", "chat", "text", "macros"} {
		msgs, errs := read(f, "empty", "")
		if len(errs) != 0 || (f != "text" && len(msgs) != 0) {
			t.Errorf("empty %s: %v %v", f, msgs, errs)
		}
	}
	_, errs = read("zendesk", "z.json", `{"tickets": [{"id": 1, "comments": [`)
	if len(errs) != 1 || !strings.Contains(errs[0], "z.json") {
		t.Errorf("truncated zendesk: %v", errs)
	}
	msgs, _ = read("chat", "c.txt", "Header line\nAgent: one\n  two\n\nCustomer: three\nNote: four\n")
	if len(msgs) != 2 || string(msgs[0].Text) != "one\n  two" || string(msgs[1].Text) != "three\nNote: four" || msgs[1].Origin.Line != 5 || msgs[1].Origin.Column != 11 {
		t.Errorf("chat: %+v", msgs)
	}
}

// TestReadLongLines reads JSONL lines longer than the reader's buffer
// between short ones, decoding them only after the whole file is read, as
// the pipeline's checkers do.
func TestReadLongLines(t *testing.T) {
	var content strings.Builder
	var want []string
	for i, n := range []int{5, 300 << 10, 7, 600 << 10, 1, 256<<10 - 20, 3} {
		text := strings.Repeat(string(rune('a'+i)), n)
		want = append(want, text)
		fmt.Fprintf(&content, "{\"text\":%q}\r\n", text)
	}
	var msgs []*Message
	err := Read(context.Background(), "x.jsonl", strings.NewReader(content.String()), Options{Format: "jsonl"}, Handler{
		Message: func(m *Message) error { msgs = append(msgs, m); return nil },
		Error:   func(err error) { t.Error(err) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != len(want) {
		t.Fatalf("%d messages, want %d", len(msgs), len(want))
	}
	for i, m := range msgs {
		if err := m.Resolve(); err != nil {
			t.Fatal(err)
		}
		if string(m.Text) != want[i] {
			t.Errorf("message %d: %d bytes of %q..., want %d", i, len(m.Text), m.Text[:min(len(m.Text), 5)], len(want[i]))
		}
	}
}

// TestBinaryOnce checks that binary data is one error for the whole file,
// whatever its name or --input says, and that text with a few invalid bytes
// is still read.
func TestBinaryOnce(t *testing.T) {
	binary := make([]byte, 4096)
	for i := range binary {
		binary[i] = byte(i*7 + 3) // control bytes and invalid UTF-8, one NUL
	}
	for _, tt := range []struct{ path, format string }{{"x.jsonl", "auto"}, {"x.csv", "auto"}, {"x.txt", "jsonl"}, {"x.md", "text"}} {
		var errs []error
		err := Read(context.Background(), tt.path, bytes.NewReader(binary), Options{Format: tt.format}, Handler{
			Message: func(*Message) error { return nil }, Error: func(err error) { errs = append(errs, err) }})
		if err == nil || !strings.Contains(err.Error(), tt.path+": binary data") || len(errs) != 0 {
			t.Errorf("%s as %s: %v, record errors %v", tt.path, tt.format, err, errs)
		}
	}
	text := []byte("That's company policy.\xff\xfe Thanks!\n")
	n := 0
	err := Read(context.Background(), "x.txt", bytes.NewReader(text), Options{}, Handler{Message: func(*Message) error { n++; return nil }})
	if err != nil || n != 1 {
		t.Errorf("text with invalid bytes: %v, %d messages", err, n)
	}
}

// TestVendorLines checks vendor exports with one record per line (Zendesk's
// full export, jq -c '.tickets[]'): recognised by auto, read under an
// explicit --input too, each message with its line; a bad line is reported
// and the lines after it are still read. An explicit format that finds no
// messages says what it looked for.
func TestVendorLines(t *testing.T) {
	ticket := func(id int, text string) string {
		return fmt.Sprintf(`{"id": %d, "requester_id": 7, "comments": [{"id": 1, "author_id": 7, "plain_body": "help"}, {"id": 2, "author_id": 9, "plain_body": %q, "public": true}]}`, id, text)
	}
	data := ticket(1, "That's company policy.") + "\n" + `{"id": 2, "comments": [` + "\n" + ticket(3, "Calm down.") + "\n"
	for _, format := range []string{"auto", "zendesk"} {
		if format == "auto" {
			if got, err := Detect("t.json", bufio.NewReader(strings.NewReader(data))); got != "zendesk" || err != nil {
				t.Errorf("Detect: %q %v", got, err)
			}
		}
		var msgs []*Message
		var errs []error
		err := Read(context.Background(), "t.json", strings.NewReader(data), Options{Format: format}, Handler{
			Message: func(m *Message) error { msgs = append(msgs, m); return nil }, Error: func(err error) { errs = append(errs, err) }})
		if err != nil || len(msgs) != 4 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "t.json:2:") {
			t.Fatalf("%s: %v, %d messages, errors %v", format, err, len(msgs), errs)
		}
		if m := msgs[3]; m.Origin.Record != 3 || m.Role != RoleAgent || m.Conversation != "3" || string(m.Text) != "Calm down." {
			t.Errorf("%s: last message %+v", format, m)
		}
		if m := msgs[0]; m.Role != RoleCustomer {
			t.Errorf("%s: the requester's comment is %q", format, m.Role)
		}
	}
	err := Read(context.Background(), "e.json", strings.NewReader(`{"results": []}`), Options{Format: "zendesk"}, Handler{
		Message: func(*Message) error { return nil }, Error: func(error) {}})
	if err == nil || !strings.Contains(err.Error(), "no zendesk messages found") {
		t.Errorf("explicit format without messages: %v", err)
	}
}
