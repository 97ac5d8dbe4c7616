package synth

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// replies are agent sentences that the built-in lexicons find something in,
// mixed into generated exports so that every month has findings.
var replies = []string{
	"That's company policy, refunds take 30 days.",
	"You should have checked your invoice.",
	"Unfortunately there is nothing I can do.",
	"Dat is ons beleid, helaas kan ik niets voor u doen.",
	"Hi %s, thanks for waiting. I have sent a replacement.",
	"Is there anything else I can help you with?",
}

// Export returns a JSONL helpdesk export of n conversations, one record a
// line: each a customer's question and a few agent replies (generated text
// with built-in lexicon phrases mixed in) by one of seven agents,
// timestamped over several months from January 2025. Every bad-th line
// (none when bad is 0) is not JSON, for dead-letter tests.
func Export(seed int64, n, bad int) []byte {
	r := rand.New(rand.NewSource(seed))
	msgs := Messages(seed+1, n*400, nil)
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	line, next := 0, 0
	for c := 0; c < n; c++ {
		at := start.Add(time.Duration(c) * 433 * time.Minute)
		conv := fmt.Sprintf("t%05d", c)
		agent := fmt.Sprintf("agent-%d", r.Intn(7))
		customer := []string{"Priya", "Sanne", "Tom", "Ahmed"}[r.Intn(4)]
		rec := func(role, who, text string) {
			line++
			if bad > 0 && line%bad == 0 {
				fmt.Fprintf(&b, "{\"conversation_id\": \"%s\", \"text\": \"cut off\n", conv)
				line++
			}
			m := map[string]string{"conversation_id": conv, "role": role, "timestamp": at.Format(time.RFC3339), "text": text, "customer_name": customer}
			if who != "" {
				m["agent"] = who
			}
			enc.Encode(m)
			at = at.Add(time.Duration(30+r.Intn(600)) * time.Second)
		}
		rec("customer", "", "Hello, my order has not arrived yet, can you help?")
		for k := 0; k < 1+r.Intn(4); k++ {
			text := msgs[next%len(msgs)]
			next++
			if r.Intn(2) == 0 {
				text += " " + strings.ReplaceAll(replies[r.Intn(len(replies))], "%s", customer)
			}
			rec("agent", agent, text)
		}
	}
	return []byte(b.String())
}
