package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestCheck edits the report of the example export in ways that keep it
// valid JSON: each edit is found, by the figures' consistency or by the
// checksum, and named; the report as written passes both.
func TestCheck(t *testing.T) {
	var out bytes.Buffer
	if err := WriteJSON(&out, sampleReport(t)); err != nil {
		t.Fatal(err)
	}
	read := func(t *testing.T, data []byte) *Report {
		t.Helper()
		r, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if err := read(t, out.Bytes()).verify(); err != nil {
		t.Fatalf("the report as written: %v", err)
	}
	for _, c := range []struct {
		name string
		edit func(r *Report)
		want string
	}{
		{"negative files", func(r *Report) { r.Files = -4 }, "files is -4"},
		{"negative findings", func(r *Report) { r.Totals.Findings = -12 }, "totals.findings is -12"},
		{"severities", func(r *Report) { r.Totals.BySeverity["error"]++ }, "totals.findings is 12 but its findings by severity add up to"},
		{"categories", func(r *Report) {
			for k := range r.Totals.ByCategory {
				r.Totals.ByCategory[k]--
				break
			}
		}, "its findings by category add up to 11"},
		{"penalty", func(r *Report) { r.Totals.Penalty = 1 }, "totals.penalty is 1"},
		{"agents", func(r *Report) { r.Agents[0].Messages += 2 }, "totals.messages is 7 but the agents' messages add up to 9"},
		{"periods", func(r *Report) { r.Periods[0].Findings += 100 }, "more than the totals'"},
		{"conversations", func(r *Report) { r.Totals.Conversations = 5 }, "totals.conversations is 5 but the conversations of merge.conversations add up to 4"},
		{"phrases", func(r *Report) { r.Merge.Phrases[0].Count = -1 }, "counted -1 times"},
		{"coverage", func(r *Report) { r.Coverage[0].Met = r.Coverage[0].Checked + 1 }, "is met"},
		{"worst order", func(r *Report) { r.Merge.WorstOrder = r.Merge.WorstOrder[1:] }, "merge.worst_order has"},
		{"worst place", func(r *Report) { r.Merge.WorstOrder[0] = 99 }, "outside the 4 conversations"},
		{"consistent edit", func(r *Report) { r.Agents[0].Name += "x" }, "edited or damaged"},
		{"no checksum", func(r *Report) { r.Merge.Checksum = "" }, "no checksum"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := read(t, out.Bytes())
			c.edit(r)
			err := r.verify()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// TestMergeRefuses checks that Merge names the report it refuses.
func TestMergeRefuses(t *testing.T) {
	r := sampleReport(t)
	var out bytes.Buffer
	if err := WriteJSON(&out, r); err != nil {
		t.Fatal(err)
	}
	good, err := ReadJSON(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	bad, err := ReadJSON(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	bad.Totals.Words = -1
	_, err = Merge([]Part{{Name: "a.json", Report: good}, {Name: "b.json", Report: bad}})
	if err == nil || !strings.HasPrefix(err.Error(), "b.json: inconsistent figures: totals.words is -1") {
		t.Errorf("got %v", err)
	}
}

// TestAppendFolded checks the phrase key's folding against the strings
// functions it stands for.
func TestAppendFolded(t *testing.T) {
	for _, s := range []string{"", " ", "You MUST", "  as\tI \r\n said  ", "Helaas", "ÉÉN keer", "a\u00a0b", "x\vy\fz", "Straße  NÚMERO", "\xffA B"} {
		want := strings.ToLower(strings.Join(strings.Fields(s), " "))
		if got := string(appendFolded([]byte("r\x00"), s)); got != "r\x00"+want {
			t.Errorf("%q: got %q, want %q", s, got, "r\x00"+want)
		}
	}
}
