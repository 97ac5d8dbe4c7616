package transcript

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/lexlint/lexlint/internal/synth"
)

// BenchmarkReaders measures each line-based and nested reader on 4 MB of
// generated messages, decoding every message (Resolve) as the pipeline does.
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
	for _, c := range []struct {
		format string
		data   []byte
	}{{"jsonl", jsonl.Bytes()}, {"csv", csvb.Bytes()}, {"chat", chat.Bytes()}, {"zendesk", zd}} {
		b.Run(c.format, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				err := Read(context.Background(), "x", bytes.NewReader(c.data), Options{Format: c.format}, Handler{
					Message: func(m *Message) error { n++; return m.Resolve() },
					Error:   func(err error) { b.Fatal(err) },
				})
				if err != nil || n != len(msgs) {
					b.Fatalf("%d messages, %v", n, err)
				}
			}
		})
	}
}
