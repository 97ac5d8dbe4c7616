package transcript

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// readRated reads a fixture of testdata/ratings and returns each
// conversation's rating as "score raw scale" ("-" for none), the
// customer's name of each conversation's messages, and the errors.
func readRated(t *testing.T, name string, opts Options) (ratings map[string]string, customers map[string][]string, errs []string) {
	t.Helper()
	path := filepath.Join("testdata", "ratings", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ratings, customers = map[string]string{}, map[string][]string{}
	opts.ReadRatings = true
	err = Read(context.Background(), path, f, opts, Handler{
		Message: func(m *Message) error {
			if err := m.Resolve(); err != nil {
				errs = append(errs, err.Error())
				return nil
			}
			got := "-"
			if r := m.Rating; r != nil {
				got = strings.TrimRight(strings.TrimRight(formatScore(r.Score), "0"), ".") + " " + r.Raw + " " + r.Scale
			}
			if prev, ok := ratings[m.Conversation]; ok && prev != got {
				t.Errorf("conversation %s: messages rated %q and %q", m.Conversation, prev, got)
			}
			ratings[m.Conversation] = got
			customers[m.Conversation] = append(customers[m.Conversation], m.Customer)
			return nil
		},
		Error: func(err error) {
			var re *RecordError
			if !errors.As(err, &re) || re.Path != path || re.Record == 0 && re.Pointer == "" {
				t.Errorf("error %v does not name the file and the record", err)
			}
			errs = append(errs, err.Error())
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(errs)
	return ratings, customers, errs
}

func formatScore(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }

// TestRatings reads the satisfaction rating of each export shape that
// carries one: unrated conversations stay unrated, and a rating that is
// not one is reported with its file and record and left out while the
// messages are read.
func TestRatings(t *testing.T) {
	fdRatings := func() map[string]*Rating {
		path := filepath.Join("testdata", "ratings", "freshdesk-ratings.json")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var bad []string
		rs, err := ReadFreshdeskRatings(path, f, func(err error) { bad = append(bad, err.Error()) })
		if err != nil {
			t.Fatal(err)
		}
		want := path + ": /2/ratings/default_question: ratings.default_question 104 is not a Freshdesk survey answer (103, 102, 101, 100, -101, -102 or -103): the rating is left out"
		if len(bad) != 1 || bad[0] != want {
			t.Errorf("ratings file errors %q, want %q", bad, want)
		}
		return rs
	}
	tests := []struct {
		file   string
		opts   Options
		want   map[string]string
		errors []string // substrings, in sorted order of the errors
	}{
		{"zendesk.json", Options{}, map[string]string{"101": "1 good good-bad", "102": "0 bad good-bad", "103": "-", "104": "-", "105": "-"},
			[]string{`/tickets/4/satisfaction_rating/score: satisfaction_rating score "great" is not good, bad, offered or unoffered`}},
		{"intercom.json", Options{}, map[string]string{"c1": "0.75 4 1-5", "c2": "-", "c3": "-"},
			[]string{"/conversations/2/conversation_rating/rating: conversation_rating: rating 7 is not a whole number from 1 to 5"}},
		{"freshdesk-tickets.json", Options{Ratings: fdRatings()}, map[string]string{"20": "1 103 freshdesk", "21": "0 -103 freshdesk", "22": "-", "23": "0.667 101 freshdesk"}, nil},
		{"livechat.json", Options{}, map[string]string{"PJ0MRSHTDG": "1 rated_good good-bad", "PJ0MRSHTDH": "0 rated_bad good-bad", "PJ0MRSHTDI": "0 0 good-bad", "PJ0MRSHTDJ": "-"}, nil},
		{"flat.jsonl", Options{}, map[string]string{"a": "1 5 1-5", "b": "0.25 2 1-5", "c": "-", "d": "-", "e": "-", "f": "-"},
			[]string{`flat.jsonl:10: rating 9 is outside the scale 1-5`, `flat.jsonl:12: conversation "e" has two different ratings, 4 and 1`, `flat.jsonl:8: rating "very good" is not a number on the scale 1-5`}},
		{"flat.csv", Options{RatingScale: "good-bad", Fields: map[string]string{"rating": "score"}}, map[string]string{"a": "1 good good-bad", "b": "0 bad good-bad", "c": "-", "d": "-"},
			[]string{`flat.csv:8: rating "7" is not good or bad`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, _, errs := readRated(t, tt.file, tt.opts)
			for conv, want := range tt.want {
				if got[conv] != want {
					t.Errorf("conversation %s: rating %q, want %q", conv, got[conv], want)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("conversations %v, want %v", got, tt.want)
			}
			if len(errs) != len(tt.errors) {
				t.Fatalf("errors %q, want %d", errs, len(tt.errors))
			}
			for i, e := range tt.errors {
				if !strings.Contains(errs[i], e) {
					t.Errorf("error %q, want it to say %q", errs[i], e)
				}
			}
		})
	}
}

// TestConversationFields gives every message of a flat export's
// conversation the customer's name that only the customer's rows carry.
func TestConversationFields(t *testing.T) {
	for _, file := range []string{"flat.jsonl", "flat.csv"} {
		_, customers, _ := readRated(t, file, Options{RatingScale: "good-bad", Fields: map[string]string{"rating": "score"}})
		for _, c := range customers["a"] {
			if c != "Sanne" {
				t.Errorf("%s: conversation a: customer %q, want Sanne on every message", file, c)
			}
		}
		for _, c := range customers["b"] {
			if c != "" {
				t.Errorf("%s: conversation b: customer %q, want none", file, c)
			}
		}
	}
}

func TestRatingScale(t *testing.T) {
	tests := []struct {
		scale, raw string
		want       float64
		err        bool
	}{
		{"1-5", "1", 0, false}, {"1-5", "5", 1, false}, {"1-5", "3", 0.5, false}, {"0-10", "7", 0.7, false},
		{"good-bad", "Good", 1, false}, {"good-bad", "bad", 0, false}, {"1-5", "0", 0, true}, {"1-5", "five", 0, true},
		{"0-10", "NaN", 0, true}, {"good-bad", "meh", 0, true},
	}
	for _, tt := range tests {
		sc, err := ParseRatingScale(tt.scale)
		if err != nil {
			t.Fatal(err)
		}
		r, err := sc.Rate(tt.raw)
		if (err != nil) != tt.err || err == nil && (r == nil || r.Score < tt.want-1e-9 || r.Score > tt.want+1e-9) {
			t.Errorf("%s %q: %v, %v; want %v (error %v)", tt.scale, tt.raw, r, err, tt.want, tt.err)
		}
	}
	if r, err := (RatingScale{Name: "1-5", Min: 1, Max: 5}).Rate(" "); r != nil || err != nil {
		t.Errorf("an empty rating is %v, %v; want none", r, err)
	}
	for _, bad := range []string{"5-1", "x-y", "3", "1-1"} {
		if _, err := ParseRatingScale(bad); err == nil {
			t.Errorf("scale %q accepted", bad)
		}
	}
}

// TestRatingsUnread: check does not read ratings, so a bad one is no
// error there.
func TestRatingsUnread(t *testing.T) {
	for _, file := range []string{"flat.jsonl", "zendesk.json", "intercom.json"} {
		var errs []error
		rated := 0
		f, err := os.Open(filepath.Join("testdata", "ratings", file))
		if err != nil {
			t.Fatal(err)
		}
		err = Read(context.Background(), file, f, Options{}, Handler{
			Message: func(m *Message) error {
				if m.Resolve() == nil && m.Rating != nil {
					rated++
				}
				return nil
			},
			Error: func(err error) { errs = append(errs, err) },
		})
		f.Close()
		if err != nil || len(errs) > 0 || rated > 0 {
			t.Errorf("%s: %v, errors %v, %d messages rated; want none", file, err, errs, rated)
		}
	}
}
