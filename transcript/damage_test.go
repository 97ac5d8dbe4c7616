package transcript

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// TestDamagedExports cuts every vendor export in testdata/exports at every
// byte. Read must pass on messages that are a prefix of the whole file's,
// then stop with a DamageError whose line and column agree with its byte
// offset; a cut after the last complete element keeps all of them.
func TestDamagedExports(t *testing.T) {
	for _, tt := range []struct{ file, format string }{
		{"zendesk-tickets.json", "zendesk"}, {"zendesk-comments.json", "zendesk"},
		{"freshdesk-conversations.json", "freshdesk"}, {"livechat-archives.json", "livechat"},
		{"intercom-conversation.json", "intercom"},
		{"zendesk-macros.json", "macros"}, {"freshdesk-canned.json", "macros"},
	} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "exports", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		full, err := readAll(data, tt.format)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		end := len(bytes.TrimRight(data, " \t\r\n"))
		for cut := 1; cut < end; cut++ {
			msgs, err := readAll(data[:cut], tt.format)
			var damage *DamageError
			if !errors.As(err, &damage) {
				t.Fatalf("%s cut at %d: %v, want a DamageError", tt.file, cut, err)
			}
			if damage.Offset < 0 || damage.Offset > int64(cut) {
				t.Fatalf("%s cut at %d: damage at byte %d", tt.file, cut, damage.Offset)
			}
			if line, col := lineCol(data[:damage.Offset]); damage.Line != line || damage.Column != col || damage.Path != "x.json" {
				t.Fatalf("%s cut at %d: %v, want x.json:%d:%d", tt.file, cut, damage, line, col)
			}
			if len(msgs) > len(full) {
				t.Fatalf("%s cut at %d: %d messages, the whole file has %d", tt.file, cut, len(msgs), len(full))
			}
			for i, m := range msgs {
				// A role may be lost with a users side-load cut off; then
				// the reader falls back, never to another known role.
				fellBack := m.RawRole == "" || m.RawRole == "not the requester"
				if m.ID != full[i].ID || !bytes.Equal(m.Text, full[i].Text) || m.Role != full[i].Role && !fellBack {
					t.Fatalf("%s cut at %d: message %d is %q (%s), want %q (%s)", tt.file, cut, i, m.Text, m.Role, full[i].Text, full[i].Role)
				}
			}
		}
	}
}

// TestDamageKeepsCompleteElements checks that every ticket before the damage
// is read, and that the damage is placed at the bad byte.
func TestDamageKeepsCompleteElements(t *testing.T) {
	ticket := `{"id": 1, "requester_id": 7, "comments": [{"id": 2, "author_id": 9, "plain_body": "Calm down."}]}`
	doc := `{"tickets": [` + "\n" + ticket + ",\n" + ticket + ",\n" + `{"id": 3, "comments": [{"id": 4, ?}]}]}`
	msgs, err := readAll([]byte(doc), "zendesk")
	var damage *DamageError
	if !errors.As(err, &damage) || len(msgs) != 2 {
		t.Fatalf("%d messages, %v", len(msgs), err)
	}
	if damage.Line != 4 || damage.Column != 34 || damage.Pointer != "/tickets/2" || damage.Offset != int64(bytes.IndexByte([]byte(doc), '?')) {
		t.Errorf("damage %+v", damage)
	}
	if msgs[0].Role != RoleAgent {
		t.Errorf("without the users side-load, a comment not by the requester is %s", msgs[0].Role)
	}
}

func readAll(data []byte, format string) ([]*Message, error) {
	var msgs []*Message
	err := Read(context.Background(), "x.json", bytes.NewReader(data), Options{Format: format, IncludeInternal: true}, Handler{
		Message: func(m *Message) error { msgs = append(msgs, m); return nil }, Error: func(error) {}})
	return msgs, err
}

// lineCol is the 1-based line and column, in characters, after data; a
// byte order mark is not a character of the text.
func lineCol(data []byte) (int, int) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	line := 1 + bytes.Count(data, []byte("\n"))
	return line, 1 + utf8.RuneCount(data[bytes.LastIndexByte(data, '\n')+1:])
}
