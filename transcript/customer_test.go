package transcript

import (
	"testing"
)

// TestCustomerName reads the customer's name from each export that has
// one; every message of the conversation carries it.
func TestCustomerName(t *testing.T) {
	tests := []struct {
		name, format, data string
	}{
		{"zendesk users side-load", "zendesk", `{"tickets":[{"id":1,"requester_id":7,"comments":[
			{"id":1,"author_id":7,"plain_body":"Hi"},{"id":2,"author_id":9,"plain_body":"Hello Sanne"}]}],
			"users":[{"id":7,"name":"Sanne de Vries","role":"end-user"},{"id":9,"name":"Piet","role":"agent"}]}`},
		{"intercom contact", "intercom", `{"conversations":[{"id":"c1","created_at":1,"source":{"body":"Hi","author":{"type":"user","id":"u1","name":"Sanne de Vries"}},
			"conversation_parts":{"conversation_parts":[{"id":"p1","part_type":"comment","body":"Hello","author":{"type":"admin","id":"a1","name":"Piet"}}]}}]}`},
		{"freshdesk requester", "freshdesk", `[{"id":5,"description_text":"Hi","requester":{"name":"Sanne de Vries"},
			"conversations":[{"id":1,"incoming":false,"user_id":3,"body_text":"Hello"}]}]`},
		{"livechat customer user", "livechat", `{"chats":[{"id":"x","users":[{"id":"c","type":"customer","name":"Sanne de Vries"},{"id":"a","type":"agent","name":"Piet"}],
			"thread":{"id":"t","events":[{"id":"1","type":"message","text":"Hi","author_id":"c"},{"id":"2","type":"message","text":"Hello","author_id":"a"}]}}]}`},
		{"jsonl customer_name", "jsonl", `{"conversation_id":"1","role":"customer","text":"Hi","customer_name":"Sanne de Vries"}
{"conversation_id":"1","role":"agent","text":"Hello","customer_name":"Sanne de Vries"}`},
		{"chat label, after the agent's greeting", "chat", "Agent (Piet): Goedemorgen Sanne de Vries!\nKlant (Sanne de Vries): Mijn pakket is zoek.\nAgent (Piet): Ik kijk het na.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := readAll([]byte(tt.data), tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) < 2 {
				t.Fatalf("%d messages", len(msgs))
			}
			for _, m := range msgs {
				if err := m.Resolve(); err != nil {
					t.Fatal(err)
				}
				if m.Customer != "Sanne de Vries" {
					t.Errorf("message %s (%s): customer %q", m.ID, m.Role, m.Customer)
				}
			}
		})
	}
}
