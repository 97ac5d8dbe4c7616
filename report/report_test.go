package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
)

func linter(t *testing.T) *lint.Linter {
	t.Helper()
	lexs, err := lexicon.Load(lexicon.BuiltinRefs()...)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lexs, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func build(t *testing.T, jobs int, opts Options) *Report {
	t.Helper()
	l := linter(t)
	b := NewBuilder(l, opts)
	err := pipeline.Run(context.Background(), l, []string{filepath.Join("..", "examples", "transcripts", "support-export.jsonl")},
		pipeline.Options{Jobs: jobs}, func(it *pipeline.Item) error { b.Add(it); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return b.Report()
}

func sampleReport(t *testing.T) *Report { return build(t, 1, Options{}) }

// TestTotals checks the report of the example export against totals
// counted by hand: 13 records, 7 agent messages (5 customer, 1 bot), 4
// conversations; Alex: 3 errors ("You should have checked", "As I already
// said", "there's nothing I can do"), 1 warning ("That's company policy")
// and 2 presence suggestions (no greeting, no closing) in 22 words; Joris's
// "Helaas kan ik daar niets aan doen." draws "helaas" and, in its inverted
// order, "kan ik daar niets aan doen": 12 findings in all.
func TestTotals(t *testing.T) {
	r := sampleReport(t)
	if r.Totals.Messages != 7 || r.Totals.Conversations != 4 || r.Totals.Findings != 12 || r.Totals.Words != 97 {
		t.Fatalf("totals %+v", r.Totals)
	}
	var alex *Agent
	for _, a := range r.Agents {
		if a.Name == "Alex" {
			alex = a
		}
	}
	if alex == nil || alex.Words != 22 || alex.BySeverity["error"] != 3 || alex.BySeverity["warning"] != 1 || alex.BySeverity["suggestion"] != 2 || alex.Score != 0 {
		t.Errorf("Alex %+v", alex)
	}
	// penalty 5*10 + 1*5 + 6*1 = 61 over 97 words: 62.89 per 100 words
	// (Joris's "U moet ... bellen" is a suggestion).
	if r.Totals.Score != 37.11 || r.Totals.Per1000Words != 123.71 {
		t.Errorf("score %v per 1000 %v", r.Totals.Score, r.Totals.Per1000Words)
	}
	if len(r.Worst) != 4 || r.Worst[0].ID != "4712" || r.Worst[0].Findings != 6 {
		t.Errorf("worst %+v", r.Worst[0])
	}
	for _, c := range r.Coverage {
		if c.Checked != 2 || c.Met != 1 || c.Share != 0.5 {
			t.Errorf("coverage %+v", c)
		}
	}
	if len(r.Periods) != 1 || r.Periods[0].Period != "2025-W10" {
		t.Errorf("periods %+v", r.Periods)
	}
	for _, p := range r.Phrases {
		if len(p.Snippets) == 0 || !strings.Contains(p.Snippets[0], "["+p.Phrase[:1]) && !strings.Contains(strings.ToLower(p.Snippets[0]), "["+p.Phrase[:1]) {
			t.Errorf("snippet of %q: %v", p.Phrase, p.Snippets)
		}
	}
}

func TestSameForAnyJobs(t *testing.T) {
	var outs []string
	for _, j := range []int{1, 2, 8} {
		var b bytes.Buffer
		WriteJSON(&b, build(t, j, Options{}))
		outs = append(outs, b.String())
	}
	if outs[0] != outs[1] || outs[0] != outs[2] {
		t.Error("the report depends on -j")
	}
}

func TestNoCustomerText(t *testing.T) {
	var b bytes.Buffer
	r := sampleReport(t)
	WriteJSON(&b, r)
	WriteHTML(&b, r)
	for _, customer := range []string{"charged twice", "ridiculous", "abonnement pauzeren", "factuur klopt niet", "hasn't arrived"} {
		if strings.Contains(b.String(), customer) {
			t.Errorf("customer text %q in the report", customer)
		}
	}
}

func TestAnonymize(t *testing.T) {
	a := build(t, 1, Options{AnonymizeKey: "k1"})
	again := build(t, 1, Options{AnonymizeKey: "k1"})
	other := build(t, 1, Options{AnonymizeKey: "k2"})
	var names []string
	for i, ag := range a.Agents {
		names = append(names, ag.Name)
		if !strings.HasPrefix(ag.Name, "agent-") || ag.Name != again.Agents[i].Name {
			t.Errorf("pseudonym %q not stable", ag.Name)
		}
	}
	var b bytes.Buffer
	WriteJSON(&b, a)
	for _, real := range []string{"Alex", "Joris", "Noor", "Sam"} {
		if strings.Contains(b.String(), `"`+real+`"`) {
			t.Errorf("name %s in an anonymised report", real)
		}
	}
	if other.Agents[0].Name == a.Agents[0].Name && other.Agents[1].Name == a.Agents[1].Name {
		t.Error("another key gives the same pseudonyms")
	}
}

func TestCSV(t *testing.T) {
	r := sampleReport(t)
	for _, by := range []string{"agent", "category", "period", "phrase"} {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write(CSVHeader(by))
		if err := WriteCSV(w, r, by); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil || len(rows) < 2 || len(rows[0]) != len(rows[1]) {
			t.Errorf("%s: %v %v", by, rows, err)
		}
	}
	var rows [][]string
	build(t, 1, Options{OnConversation: func(c *Conversation) { rows = append(rows, ConversationRow(c)) }})
	if len(rows) != 4 || rows[0][1] != "4711" {
		t.Errorf("conversation rows %v", rows)
	}
	var j map[string]any
	var b bytes.Buffer
	WriteJSON(&b, r)
	if err := json.Unmarshal(b.Bytes(), &j); err != nil || j["score_formula"] == nil {
		t.Error("JSON report")
	}
}

// TestTrendLayout checks the trend chart's layout: round ticks from 0 up,
// points left to right with heights by their rates, at most about eight
// period labels, and one period as a bar.
func TestTrendLayout(t *testing.T) {
	var periods []*Period
	for i := range 20 {
		p := &Period{Period: fmt.Sprintf("2025-W%02d", i+1)}
		p.Per1000Words = float64(10 + i%5*7)
		periods = append(periods, p)
	}
	tr := periodTrend(periods)
	if tr.Single || len(tr.Points) != 20 || len(tr.Ticks) != 5 {
		t.Fatalf("%+v", tr)
	}
	if tr.Ticks[0].Label != "0.00" || tr.Ticks[4].Label != "50.00" || tr.Ticks[4].Y != tr.Top || tr.Ticks[0].Y != tr.Bottom {
		t.Errorf("ticks %+v: want 0 to 50 (the rates reach 38) from the bottom to the top", tr.Ticks)
	}
	labels := 0
	for i, p := range tr.Points {
		if i > 0 && p.X <= tr.Points[i-1].X {
			t.Errorf("point %d at x %d, after %d", i, p.X, tr.Points[i-1].X)
		}
		if want := tr.Bottom - int(p.Value/50*float64(tr.Bottom-tr.Top)); p.Y != want {
			t.Errorf("point %d (%v) at y %d, want %d", i, p.Value, p.Y, want)
		}
		if p.ShowLabel {
			labels++
		}
	}
	if labels > 9 || !tr.Points[19].ShowLabel {
		t.Errorf("%d period labels, last shown %v", labels, tr.Points[19].ShowLabel)
	}
	if one := periodTrend(periods[:1]); !one.Single || len(one.Points) != 1 {
		t.Errorf("one period: %+v", one)
	}
	for _, c := range []struct{ in, want float64 }{{0, 1}, {0.3, 0.5}, {38, 50}, {123.71, 200}, {100, 100}, {7, 10}} {
		if got := niceCeil(c.in); got != c.want {
			t.Errorf("niceCeil(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestHTMLTrendPoints renders a report of several periods: a line with a
// point and its value per period, no single-period note.
func TestHTMLTrendPoints(t *testing.T) {
	r := sampleReport(t)
	for i := range 3 {
		p := &Period{Period: fmt.Sprintf("2025-W%02d", 11+i)}
		p.Per1000Words = float64(20 * (i + 1))
		r.Periods = append(r.Periods, p)
	}
	var b strings.Builder
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	chart := html[strings.Index(html, `id="trend-chart"`):]
	chart = chart[:strings.Index(chart, "</svg>")]
	if strings.Count(chart, `<g class="point"`) != 4 || !strings.Contains(chart, "<polyline") || strings.Contains(html, `id="trend-note"`) {
		t.Errorf("trend of four periods:\n%s", html)
	}
	for _, v := range []string{">20.00<", ">40.00<", ">60.00<"} {
		if !strings.Contains(html, v) {
			t.Errorf("no value %s on the chart", v)
		}
	}
}

// TestSketch counts sentences past the sketch's room: sentences sent in
// three conversations survive sweeps, sentences sent once are forgotten,
// and a sketch full of repeated sentences stops taking new ones.
func TestSketch(t *testing.T) {
	s := newSketch()
	text := []byte("the same sentence every time")
	for conv := range 3 {
		s.add(1, text, 0, len(text), uint64(conv))
	}
	for i := range 5 * maxSketch {
		s.add(uint64(100+i), text, 0, 4, 7)
	}
	rep := s.repetition("a")
	if len(rep.Top) == 0 || rep.Top[0].Text != "the same sentence every time" || len(s.arena) > maxSketch*5 {
		t.Errorf("the surviving sentences %+v, an arena of %d bytes", rep.Top, len(s.arena))
	}
	if rep.Sentences != 3+5*maxSketch || rep.Repeated != 3 || len(rep.Top) != 1 || rep.Top[0].Conversations != 3 || len(s.entries) > maxSketch {
		t.Errorf("after sweeps: %+v, %d entries", rep, len(s.entries))
	}
	full := newSketch()
	for i := range maxSketch {
		for conv := range 3 {
			full.add(uint64(i), text, 0, 4, uint64(conv))
		}
	}
	full.add(1<<40, text, 0, 4, 9)
	if _, took := full.entries[1<<40]; len(full.entries) != maxSketch || took || full.retry == 0 {
		t.Errorf("a sketch full of repeated sentences took a new one: %d entries, retry %d", len(full.entries), full.retry)
	}
}

// TestDurations checks waiting times exact up to maxExact values and
// within 1% beyond, merged as one list would be.
func TestDurations(t *testing.T) {
	var d durations
	for v := int64(1); v <= 1000; v++ {
		d.add(v)
	}
	// As spreadsheets compute them: the median of 1..1000 is 500.5, the
	// 90th percentile 900.1.
	if m, p := *d.quantile(0.5), *d.quantile(0.9); m != 500.5 || p != 900.1 {
		t.Errorf("exact: median %v, p90 %v", m, p)
	}
	var odd durations
	for _, v := range []int64{30, 240, 60} {
		odd.add(v)
	}
	if m, p := *odd.quantile(0.5), *odd.quantile(0.9); m != 60 || p != 204 {
		t.Errorf("30, 60, 240: median %v, p90 %v, want 60 and 204", m, p)
	}
	var a, b durations
	for v := int64(1); v <= 3000; v++ {
		if v%2 == 0 {
			a.add(v)
		} else {
			b.add(v)
		}
		d.add(v + 1000)
	}
	a.merge(&b)
	if a.N != 3000 || a.Buckets == nil {
		t.Fatalf("merged: %d values, buckets %v", a.N, a.Buckets != nil)
	}
	for _, tt := range []struct {
		p    float64
		want float64
	}{{0.5, 1500}, {0.9, 2700}} {
		if got := *a.quantile(tt.p); got < tt.want*0.99 || got > tt.want*1.01 {
			t.Errorf("p%v of 1..3000: %v, want %v within 1%%", tt.p*100, got, tt.want)
		}
	}
	var none durations
	if none.quantile(0.5) != nil {
		t.Error("a quantile of nothing")
	}
}
