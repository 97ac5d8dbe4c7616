package transcript

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/internal/synth"
)

// BenchmarkReaders measures each reader on 4 MB of generated messages,
// decoding every message (Resolve) as the pipeline does.
func BenchmarkReaders(b *testing.B) {
	msgs := synth.Messages(3, 4<<20, nil)
	var jsonl, chat, csvb bytes.Buffer
	cw := csv.NewWriter(&csvb)
	cw.Write([]string{"conversation_id", "role", "text"})
	var comments []map[string]any
	for i, m := range msgs {
		json.NewEncoder(&jsonl).Encode(map[string]string{"conversation_id": fmt.Sprint(i / 6), "role": "agent", "text": m})
		fmt.Fprintf(&chat, "Agent: %s\n", m)
		cw.Write([]string{fmt.Sprint(i / 6), "agent", m})
		comments = append(comments, map[string]any{"id": i, "author_id": 1, "plain_body": m, "public": true})
	}
	cw.Flush()
	zd, _ := json.Marshal(map[string]any{"comments": comments, "users": []map[string]any{{"id": 1, "role": "agent"}}})
	// Intercom conversations, Freshdesk conversation items, LiveChat chats
	// of six messages each, and macros, in the fields the vendors use.
	var ic, lc []map[string]any
	var fd, macros []map[string]any
	for c := 0; c*6 < len(msgs); c++ {
		var parts, events []map[string]any
		for i := c * 6; i < min(c*6+6, len(msgs)); i++ {
			parts = append(parts, map[string]any{"type": "conversation_part", "id": fmt.Sprint(i), "part_type": "comment",
				"body": "<p>" + msgs[i] + "</p>", "author": map[string]any{"type": "admin", "id": "7", "name": "Sanne"}})
			events = append(events, map[string]any{"id": fmt.Sprint(i), "type": "message", "text": msgs[i], "author_id": "a@example.com", "visibility": "all"})
			fd = append(fd, map[string]any{"id": i, "ticket_id": c, "user_id": 7, "body": "<div>" + msgs[i] + "</div>", "body_text": msgs[i],
				"incoming": false, "private": false})
			macros = append(macros, map[string]any{"id": fmt.Sprint("m", i), "title": "Macro", "body": msgs[i]})
		}
		ic = append(ic, map[string]any{"type": "conversation", "id": fmt.Sprint(c), "conversation_parts": map[string]any{"conversation_parts": parts}})
		lc = append(lc, map[string]any{"id": fmt.Sprint(c), "users": []map[string]any{{"id": "a@example.com", "type": "agent", "name": "Sanne"}},
			"thread": map[string]any{"id": fmt.Sprint("t", c), "events": events}})
	}
	icb, _ := json.Marshal(map[string]any{"conversations": ic})
	fdb, _ := json.Marshal(fd)
	lcb, _ := json.Marshal(map[string]any{"chats": lc})
	macb, _ := json.Marshal(map[string]any{"responses": macros}) // JSON is YAML
	text := []byte(strings.Join(msgs, "\n\n"))
	for _, c := range []struct {
		format string
		data   []byte
		want   int // messages, or 0 for as many as generated
	}{{"jsonl", jsonl.Bytes(), 0}, {"csv", csvb.Bytes(), 0}, {"chat", chat.Bytes(), 0}, {"zendesk", zd, 0},
		{"intercom", icb, 0}, {"freshdesk", fdb, 0}, {"livechat", lcb, 0}, {"macros", macb, 0}, {"text", text, 1}} {
		b.Run(c.format, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				err := Read(context.Background(), "x", bytes.NewReader(c.data), Options{Format: c.format}, Handler{
					Message: func(m *Message) error { n++; return m.Resolve() },
					Error:   func(err error) { b.Fatal(err) },
				})
				if want := cmp.Or(c.want, len(msgs)); err != nil || n != want {
					b.Fatalf("%d messages, %v", n, err)
				}
			}
		})
	}
}
