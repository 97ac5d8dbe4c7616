package synth

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// RatedOptions describe a generated export of rated conversations.
type RatedOptions struct {
	Seed          int64
	Conversations int
	// Clean and Flagged are agent sentences without and with discouraged
	// wording; an agent message holds one or two clean ones and, with the
	// chance FlaggedShare, a flagged one.
	Clean, Flagged []string
	FlaggedShare   float64
	// Planted is a sentence put into a quarter of the conversations, whose
	// ratings are Drop points (of 1 to 5) lower; Drop 0 is a null control.
	Planted string
	Drop    int
	// Unrated is the share of conversations without a rating.
	Unrated float64
}

// ratingWeights is how often customers give 1 to 5 stars.
var ratingWeights = []float64{0.08, 0.10, 0.17, 0.30, 0.35}

func stars(r *rand.Rand) int {
	x := r.Float64()
	for i, w := range ratingWeights {
		if x < w {
			return i + 1
		}
		x -= w
	}
	return 5
}

// Rated returns a JSONL export of conversations between customers and
// agents: the customer's name on the customer's rows only, and a rating
// from 1 to 5 on the customer's last row (field rating).
func Rated(o RatedOptions) []byte {
	r := rand.New(rand.NewSource(o.Seed))
	agents := []string{"Sam", "Noor", "Joris", "Alex", "Priya", "Lena"}
	customers := []string{"Anna", "Bram", "Chloe", "Daan", "Emma", "Finn"}
	var b strings.Builder
	enc := func(rec map[string]any) {
		data, _ := json.Marshal(rec)
		b.Write(data)
		b.WriteByte('\n')
	}
	for c := range o.Conversations {
		id := fmt.Sprintf("r%05d", c+1)
		agent := agents[r.Intn(len(agents))]
		planted := o.Planted != "" && r.Float64() < 0.25
		at := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC).Add(time.Duration(c) * 23 * time.Minute)
		stamp := func(minutes int) string { return at.Add(time.Duration(minutes) * time.Minute).Format(time.RFC3339) }
		enc(map[string]any{"conversation_id": id, "role": "customer", "customer_name": customers[r.Intn(len(customers))], "text": "Hello, I have a question about my order.", "timestamp": stamp(0)})
		turns := 2 + r.Intn(3)
		plantAt := r.Intn(turns)
		for turn := range turns {
			parts := []string{o.Clean[r.Intn(len(o.Clean))]}
			if r.Intn(2) == 0 {
				parts = append(parts, o.Clean[r.Intn(len(o.Clean))])
			}
			if len(o.Flagged) > 0 && r.Float64() < o.FlaggedShare {
				parts = append(parts, o.Flagged[r.Intn(len(o.Flagged))])
			}
			if planted && turn == plantAt {
				parts = append(parts, o.Planted)
			}
			r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
			enc(map[string]any{"conversation_id": id, "role": "agent", "agent": agent, "text": strings.Join(parts, " "), "timestamp": stamp(2 + 3*turn + c%4)})
		}
		last := map[string]any{"conversation_id": id, "role": "customer", "text": "Thank you.", "timestamp": stamp(3 + 3*turns)}
		score := stars(r)
		if planted {
			score = max(1, score-o.Drop)
		}
		if r.Float64() >= o.Unrated {
			last["rating"] = score
		}
		enc(last)
	}
	return []byte(b.String())
}
