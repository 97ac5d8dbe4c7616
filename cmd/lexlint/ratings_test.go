package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/internal/browser"
	"github.com/lexlint/lexlint/internal/synth"
	"github.com/lexlint/lexlint/report"
)

// planted is the sentence of the generated exports whose conversations
// are rated lower; the built-in English lexicon flags it as
// en.passive-aggressive.as-i-said.
const planted = "As I already explained, the parcel left our warehouse."

// qualityLines reads the sentences of testdata/quality files.
func qualityLines(t *testing.T, names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, sentences(t, n)...)
	}
	return out
}

// writeRated writes a generated export of rated conversations: with drop
// > 0 those holding the planted sentence are rated drop stars lower.
func writeRated(t *testing.T, dir, name string, seed int64, drop int) string {
	t.Helper()
	data := synth.Rated(synth.RatedOptions{Seed: seed, Conversations: 1200, Clean: qualityLines(t, "en-pass.txt"),
		Flagged: qualityLines(t, "en-flag.txt"), FlaggedShare: 0.25, Planted: planted, Drop: drop, Unrated: 0.2})
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// reportJSON runs report -f json and decodes it.
func reportJSON(t *testing.T, args ...string) *report.Report {
	t.Helper()
	code, out, errOut := lexlint(t, "", append([]string{"report", "--no-config", "-q", "-f", "json", "--lang", "en"}, args...)...)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// TestRatingsPlanted: in an export where conversations with one phrase are
// rated clearly lower, that phrase's entry has an interval below 0, and
// nothing else is significant but its category (whose findings include
// the entry's); in a null control, nothing is.
func TestRatingsPlanted(t *testing.T) {
	dir := t.TempDir()
	if d := os.Getenv("LEXLINT_KEEP_RATED"); d != "" {
		dir = d // keep the exports, to look at them
	}
	r := reportJSON(t, writeRated(t, dir, "planted.jsonl", 1, 2))
	rt := r.Ratings
	if rt == nil || rt.Rated < 900 || rt.Rated > 1000 || rt.Conversations != 1200 {
		t.Fatalf("ratings %+v", rt)
	}
	found := false
	for _, e := range rt.Effects {
		switch {
		case e.Kind == "entry" && e.Name == "en.passive-aggressive.as-i-said":
			found = true
			if e.TooFew || !e.Significant || *e.High >= 0 || *e.Difference > -0.2 {
				t.Errorf("the planted entry: %+v", e)
			}
		case e.Significant && !(e.Kind == "category" && e.Name == "passive-aggressive"):
			t.Errorf("%s %s is significant (difference %v, q %v): only the planted entry should be", e.Kind, e.Name, *e.Difference, *e.Q)
		}
	}
	if !found {
		t.Errorf("no effect for the planted entry: %+v", rt.Effects)
	}
	for _, a := range r.Agents {
		if a.Rating == nil || a.Rating.Rated == 0 || a.Rating.Mean == nil || a.Rating.Share < 0.6 || a.Rating.Share > 0.95 {
			t.Errorf("agent %s: rating %+v", a.Name, a.Rating)
		}
	}
	null := reportJSON(t, writeRated(t, dir, "null.jsonl", 2, 0))
	compared := 0
	for _, e := range null.Ratings.Effects {
		if !e.TooFew {
			compared++
		}
		if e.Significant {
			t.Errorf("null control: %s %s is significant (difference %v, q %v)", e.Kind, e.Name, *e.Difference, *e.Q)
		}
	}
	if compared < 5 {
		t.Errorf("null control: only %d effects compared", compared)
	}
}

// TestRatingsAbsent: without ratings, a report has no ratings section.
func TestRatingsAbsent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.jsonl")
	os.WriteFile(path, []byte(`{"conversation_id":"1","role":"agent","text":"Calm down."}`+"\n"), 0o644)
	code, out, _ := lexlint(t, "", "report", "--no-config", "-q", "-f", "json", path)
	if code != 0 || strings.Contains(out, `"ratings"`) {
		t.Errorf("exit %d, ratings in a report without them:\n%s", code, out)
	}
}

// TestReportMergeRatings splits a rated export four ways between
// conversations: the merged report of the shards is the single run's, its
// ratings figures included, in JSON, text and CSV.
func TestReportMergeRatings(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(writeRated(t, dir, "all.jsonl", 3, 2))
	if err != nil {
		t.Fatal(err)
	}
	// The rows of each conversation, in order: a conversation starts at
	// its customer's first row, which carries the customer's name.
	var convs []string
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.Contains(line, `"customer_name"`) || len(convs) == 0 {
			convs = append(convs, "")
		}
		convs[len(convs)-1] += line
	}
	var shards, parts []string
	per := (len(convs) + 3) / 4
	for i := 0; i < 4; i++ {
		var b strings.Builder
		for _, c := range convs[i*per : min(len(convs), (i+1)*per)] {
			b.WriteString(c)
		}
		shard := filepath.Join(dir, "shard-"+string(rune('1'+i))+".jsonl")
		os.WriteFile(shard, []byte(b.String()), 0o644)
		shards = append(shards, shard)
		code, out, errOut := lexlint(t, "", "report", "--no-config", "-q", "-f", "json", "--lang", "en", shard)
		if code != 0 {
			t.Fatalf("shard %d: %s", i+1, errOut)
		}
		part := shard + ".report.json"
		os.WriteFile(part, []byte(out), 0o644)
		parts = append(parts, part)
	}
	for _, format := range [][]string{{"-f", "json"}, {"-f", "text"}, {"-f", "csv", "--by", "rating"}, {"-f", "csv", "--by", "agent"}} {
		_, single, _ := lexlint(t, "", append(append([]string{"report", "--no-config", "-q", "--lang", "en"}, format...), shards...)...)
		code, merged, errOut := lexlint(t, "", append(append([]string{"report", "merge"}, format...), parts...)...)
		if code != 0 {
			t.Fatalf("merge: %s", errOut)
		}
		if merged != single {
			t.Errorf("%v: the merged report differs from the single run's, first at:\n%s", format, firstDifference(merged, single))
		}
		if format[1] == "json" && !strings.Contains(single, `"rated_conversations": 9`) {
			t.Errorf("no ratings in the single run:\n%.2000s", single)
		}
	}
}

// TestCustomerNameFromRows: a JSONL export that gives the customer's name
// on the customer's row only still lets name-overuse see it in the
// agent's messages, those before that row included.
func TestCustomerNameFromRows(t *testing.T) {
	code, out, errOut := lexlint(t, "", "check", "--no-config", "-f", "jsonl", "--fail-on", "none", filepath.Join("transcript", "testdata", "ratings", "customer-name-rows.jsonl"))
	if code != 0 || !strings.Contains(out, `"rule":"name-overuse"`) {
		t.Errorf("exit %d, no name-overuse finding:\n%s%s", code, out, errOut)
	}
}

// TestRatingsHTML renders the ratings of the planted export in Chromium:
// one row per category and entry compared, sorted by effect, each with
// its interval; the planted entry first, marked significant; too few
// ratings said in words, never drawn.
func TestRatingsHTML(t *testing.T) {
	dir := t.TempDir()
	export := writeRated(t, dir, "planted.jsonl", 1, 2)
	want := reportJSON(t, export)
	code, out, errOut := lexlint(t, "", "report", "--no-config", "-q", "-f", "html", "--lang", "en", export)
	if code != 0 {
		t.Fatal(errOut)
	}
	file := filepath.Join(dir, "report.html")
	os.WriteFile(file, []byte(out), 0o644)
	ctx, consoleErrors := browser.Start(t, 1100, 1400)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitVisible("#rating-chart")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
		const rows = [...document.querySelectorAll("#rating-chart g.effect")];
		const box = (el) => el.getBoundingClientRect();
		const first = rows[0], dot = first.querySelector("circle"), zero = document.querySelector("#rating-chart line.axis");
		return {
			rows: rows.map((g) => g.dataset.name + "=" + g.dataset.value).join(" "),
			significant: [...document.querySelectorAll("#rating-chart g.significant")].map((g) => g.dataset.name).join(" "),
			firstLeftOfZero: box(dot).right < box(zero).left,
			intervalLeftOfZero: box(first.querySelector("line")).right < box(zero).left,
			tooFew: document.querySelectorAll("#too-few .too-few").length,
			tooFewText: document.getElementById("too-few").textContent.startsWith("Too few ratings to compare"),
			agents: document.querySelectorAll("#agent-ratings tbody tr").length,
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	tooFew := 0
	for _, e := range want.Ratings.Effects {
		if e.TooFew {
			tooFew++
			continue
		}
		rows = append(rows, fmt.Sprintf("%s=%+.3f", e.Name, *e.Difference))
	}
	if got["rows"] != strings.Join(rows, " ") {
		t.Errorf("chart rows\n%v\nwant\n%v", got["rows"], strings.Join(rows, " "))
	}
	if got["significant"] != "en.passive-aggressive.as-i-said passive-aggressive" || got["firstLeftOfZero"] != true || got["intervalLeftOfZero"] != true {
		t.Errorf("the planted entry on the chart: %v", got)
	}
	if got["tooFew"] != float64(tooFew) || got["tooFewText"] != true || got["agents"] != float64(len(want.Agents)) {
		t.Errorf("too few %v (want %d), agents %v: %v", got["tooFew"], tooFew, got["agents"], got)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if browser.Artifacts() != "" {
		shot, err := chromedp.Run(ctx, chromedp.Screenshot("#ratings"))
		if err != nil {
			t.Fatal(err)
		}
		browser.Keep(t, "report-ratings.png", shot)
	}
}

// minePlanted is the sentence of the mining tests' export whose
// conversations are rated lower; no built-in entry matches it.
const minePlanted = "We have logged your feedback internally."

// writeMined writes a rated export with minePlanted planted.
func writeMined(t *testing.T, dir string, seed int64, drop int) string {
	t.Helper()
	data := synth.Rated(synth.RatedOptions{Seed: seed, Conversations: 1200, Clean: qualityLines(t, "en-pass.txt"),
		Flagged: qualityLines(t, "en-flag.txt"), FlaggedShare: 0.25, Planted: minePlanted, Drop: drop, Unrated: 0.2})
	path := filepath.Join(dir, "mined.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLexiconMine: on an export where conversations with an unknown
// phrase are rated lower, mine proposes it among its first three, in a
// draft that lexicon validate and lexicon test accept; phrases the
// lexicons know are left out; without ratings it says they are needed.
func TestLexiconMine(t *testing.T) {
	dir := t.TempDir()
	draft := filepath.Join(dir, "mined.yaml")
	code, _, errOut := lexlint(t, "", "lexicon", "mine", "--no-config", "--lang", "en", "-o", draft, writeMined(t, dir, 4, 2))
	if code != 0 {
		t.Fatalf("mine: exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(draft)
	var phrases []string
	for _, line := range strings.Split(string(data), "\n") {
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "phrases: ["); ok {
			phrases = append(phrases, strings.Trim(strings.TrimSuffix(p, "]"), `"`))
		}
	}
	found := false
	for _, p := range phrases[:min(3, len(phrases))] {
		if len(strings.Fields(p)) >= 3 && strings.Contains("we have logged your feedback internally", p) {
			found = true
		}
	}
	if !found {
		t.Errorf("the planted phrase is not among the first three: %q\n%s", phrases, data)
	}
	for _, sub := range [][]string{{"validate", "--strict"}, {"test"}} {
		if code, out, errOut := lexlint(t, "", append(append([]string{"lexicon"}, sub...), draft)...); code != 0 {
			t.Errorf("lexicon %s: exit %d: %s%s", sub[0], code, out, errOut)
		}
	}
	if !strings.Contains(string(data), "category: mined") || !strings.Contains(string(data), "# In ") || !strings.Contains(string(data), "flag: [") {
		t.Errorf("the draft lacks the category, evidence or examples:\n%s", data)
	}
	// The lexicon already knows "as I already explained": it is left out.
	code, out, _ := lexlint(t, "", "lexicon", "mine", "--no-config", "--lang", "en", writeRated(t, dir, "known.jsonl", 1, 2))
	if code != 0 || strings.Contains(out, `"as i already explained`) || strings.Contains(out, `"as i already`) {
		t.Errorf("exit %d; a phrase the lexicon matches was proposed:\n%s", code, out)
	}
	noRatings := filepath.Join(dir, "plain.jsonl")
	os.WriteFile(noRatings, []byte(`{"conversation_id":"1","role":"agent","text":"Calm down."}`+"\n"), 0o644)
	code, _, errOut = lexlint(t, "", "lexicon", "mine", "--no-config", noRatings)
	if code != 2 || !strings.Contains(errOut, "needs rated conversations") {
		t.Errorf("without ratings: exit %d: %s", code, errOut)
	}
}

// TestReportFreshdeskRatings joins a file of Freshdesk satisfaction
// ratings to the tickets by ticket_id; its bad rating is reported with the
// file and the item, the rest is read and the report written.
func TestReportFreshdeskRatings(t *testing.T) {
	dir := filepath.Join("transcript", "testdata", "ratings")
	code, out, errOut := lexlint(t, "", "report", "--no-config", "-q", "-f", "json", "--ratings", filepath.Join(dir, "freshdesk-ratings.json"), filepath.Join(dir, "freshdesk-tickets.json"))
	if code != 2 || !strings.Contains(errOut, "freshdesk-ratings.json: /2/ratings/default_question: ratings.default_question 104") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Ratings == nil || r.Ratings.Rated != 3 || r.Ratings.Conversations != 4 || r.Ratings.Scales["freshdesk"] != 3 {
		t.Errorf("ratings %+v", r.Ratings)
	}
	code, _, errOut = lexlint(t, "", "report", "--no-config", "-q", "--rating-scale", "5-1", filepath.Join(dir, "flat.jsonl"))
	if code != 2 || !strings.Contains(errOut, "--rating-scale") {
		t.Errorf("a bad scale: exit %d, %s", code, errOut)
	}
}
