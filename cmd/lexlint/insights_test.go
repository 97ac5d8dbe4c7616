package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/internal/browser"
)

// insightsExport writes a JSONL export whose insights are counted by hand
// (see TestReportInsights) and a lexicon of one phrase, "helaas".
func insightsExport(t *testing.T, dir string) (export, lexicon string) {
	t.Helper()
	var lines []string
	at := func(day, h, m, s int) string {
		return time.Date(2026, 3, day, h, m, s, 0, time.UTC).Format(time.RFC3339)
	}
	msg := func(conv, role, agent, customer, ts, text string) {
		rec := map[string]string{"conversation_id": conv, "role": role, "timestamp": ts, "text": text, "customer_name": customer}
		if agent != "" {
			rec["agent"] = agent
		}
		b, _ := json.Marshal(rec)
		lines = append(lines, string(b))
	}
	// Anna: eight conversations an hour apart on 2 March, each answered
	// after two minutes with 20 sentences of 10 words; of those, 1
	// "helaas" sentence in hours 0-2 of her shift, 2 in hours 3-4, 4 in
	// hours 5-7. Every sentence carries a number of its own.
	for c := range 8 {
		conv := fmt.Sprintf("anna-%d", c)
		msg(conv, "customer", "", "Kees Jansen", at(2, 8+c, 0, 0), "Waar blijft mijn pakket?")
		bad := map[bool]int{true: 1}[c <= 2] + map[bool]int{true: 2}[c == 3 || c == 4] + map[bool]int{true: 4}[c >= 5]
		var sentences []string
		for i := range 20 {
			n := (c+1)*100 + i
			if i < bad {
				sentences = append(sentences, fmt.Sprintf("Helaas is uw bestelling %d nog niet bij ons binnen.", n))
			} else {
				sentences = append(sentences, fmt.Sprintf("Ik heb uw bestelling %d bekeken en alles staat klaar.", n))
			}
		}
		msg(conv, "agent", "Anna", "Kees Jansen", at(2, 8+c, 2, 0), strings.Join(sentences, " "))
	}
	// Bram: four conversations on 3 March; two customer messages a minute
	// apart, his answer ten minutes after the first; one sentence the same
	// in all four.
	for c := range 4 {
		conv := fmt.Sprintf("bram-%d", c)
		msg(conv, "customer", "", "", at(3, 9, 20*c, 0), "Hallo?")
		msg(conv, "customer", "", "", at(3, 9, 20*c+1, 0), "Is daar iemand?")
		msg(conv, "agent", "Bram", "", at(3, 9, 20*c+10, 0),
			fmt.Sprintf("Bedankt voor uw geduld wij lossen dit zo snel mogelijk op. Ik heb uw bestelling %d bekeken en alles staat klaar.", 900+c))
	}
	// Cas: the customer's name five times in one conversation on 4 March.
	msg("cas-0", "customer", "", "Sanne de Vries", at(4, 9, 0, 0), "Mijn pakket is zoek.")
	msg("cas-0", "agent", "Cas", "Sanne de Vries", at(4, 9, 0, 30), "Goedemorgen Sanne, ik kijk het voor u na.")
	msg("cas-0", "customer", "", "Sanne de Vries", at(4, 9, 1, 0), "Dank je.")
	msg("cas-0", "agent", "Cas", "Sanne de Vries", at(4, 9, 5, 0), "Sanne, ik heb het gevonden. Dank u, Sanne.")
	msg("cas-0", "customer", "", "Sanne de Vries", at(4, 9, 6, 40), "Top!")
	msg("cas-0", "agent", "Cas", "Sanne de Vries", at(4, 9, 7, 40), "Fijne dag, Sanne, en tot ziens, Sanne!")
	// Dirk: "u" and "je" in one reply, an hour after the customer wrote.
	msg("dirk-0", "customer", "", "", at(5, 9, 0, 0), "Waar is mijn bestelling?")
	msg("dirk-0", "agent", "Dirk", "", at(5, 10, 0, 0), "Kunt u het nummer sturen? Dan kijk ik of je pakket onderweg is.")

	export = filepath.Join(dir, "export.jsonl")
	lexicon = filepath.Join(dir, "helaas.yaml")
	for path, text := range map[string]string{
		export:  strings.Join(lines, "\n") + "\n",
		lexicon: "lexicon: helaas\nlanguage: nl\ndiscouraged:\n  - id: t.helaas\n    category: negative\n    message: Begin met wat wel kan.\n    phrases: [helaas]\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return export, lexicon
}

// TestReportInsights reports the export insightsExport writes and checks
// every insight against the figures counted by hand:
//
//   - Anna's shift runs 08:02-15:02 (hours 0-7), 200 words an hour; her
//     first third (before 10:22) has 600 words and 3 findings (5.00 per
//     1,000), her last third (from 12:42) 600 words and 12 findings
//     (20.00): a drift of 4.00. Bram's one-hour shift has too few words.
//   - The team by hour: hour 0 is Anna's 200 words and 1 finding, Bram's
//     3 messages of 21 words, Cas's 3 messages of 23 words with the name
//     finding, Dirk's 13 words with the register finding: 8 messages, 299
//     words, 3 findings, 10.03 per 1,000. Hour 1: Anna's 200 words and 1
//     finding, Bram's 21 words: 4.52. Then 5.00, 10.00, 10.00, 20.00 x3.
//   - Bram sends 8 sentences of six words or more, 4 of them the same
//     one, in 4 conversations: a share of 0.5.
//   - Cas says "Sanne" five times: one name-overuse conversation.
//   - Dirk mixes "u" and "je": one register-mix finding.
//   - Waiting times, with medians and percentiles as spreadsheets compute
//     them (linear between the nearest ranks). First responses: Anna 8 x
//     120 s, Bram 4 x 600 s, Cas 30 s, Dirk 3600 s; team median (ranks 7
//     and 8 of 14: 120, 120) 120 s, p90 (rank 12.7: 600, 600) 600 s.
//     Replies: Anna 8 x 120, Bram 4 x 600 and 4 x 540, Cas 30, 240, 60,
//     Dirk 3600; team median (ranks 10 and 11 of 20: 120, 240) 180 s,
//     p90 (rank 18.1: 600, 600) 600 s; Bram's median (540, 600) 570 s;
//     Cas's median 60 s, p90 60 + 0.8 x 180 = 204 s.
func TestReportInsights(t *testing.T) {
	dir := t.TempDir()
	export, lex := insightsExport(t, dir)
	code, out, errOut := lexlint(t, "", "report", "--no-config", "-q", "--lang", "nl", "-l", lex, "-f", "json", export)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Shift         []map[string]float64 `json:"shift"`
		ResponseTimes map[string]any       `json:"response_times"`
		Repetition    []struct {
			Agent     string  `json:"agent"`
			Sentences int     `json:"sentences"`
			Repeated  int     `json:"repeated_sentences"`
			Share     float64 `json:"repeated_share"`
			Top       []struct {
				Text          string `json:"text"`
				Conversations int    `json:"conversations"`
			} `json:"top"`
		} `json:"repetition"`
		NameOveruse struct {
			Conversations int            `json:"conversations"`
			ByAgent       map[string]int `json:"by_agent"`
		} `json:"name_overuse"`
		Agents []struct {
			Agent         string               `json:"agent"`
			Shift         []map[string]float64 `json:"shift"`
			Drift         map[string]any       `json:"shift_drift"`
			ResponseTimes map[string]any       `json:"response_times"`
			NameOveruse   int                  `json:"name_overuse"`
			RegisterMix   int                  `json:"register_mix"`
		} `json:"agents"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, jobs := range []string{"1", "4"} {
		if _, other, _ := lexlint(t, "", "report", "--no-config", "-q", "--lang", "nl", "-l", lex, "-f", "json", "-j", jobs, export); other != out {
			t.Errorf("-j %s gives another report: %s", jobs, firstDifference(other, out))
		}
	}
	wantShift := [][5]float64{{0, 8, 299, 3, 10.03}, {1, 2, 221, 1, 4.52}, {2, 1, 200, 1, 5}, {3, 1, 200, 2, 10}, {4, 1, 200, 2, 10},
		{5, 1, 200, 4, 20}, {6, 1, 200, 4, 20}, {7, 1, 200, 4, 20}}
	if len(r.Shift) != len(wantShift) {
		t.Fatalf("shift: %v", r.Shift)
	}
	for i, w := range wantShift {
		h := r.Shift[i]
		if got := [5]float64{h["hour"], h["messages"], h["words"], h["findings"], h["findings_per_1000_words"]}; got != w {
			t.Errorf("shift hour %d: %v, want %v", i, got, w)
		}
	}
	agents := map[string]int{}
	for i, a := range r.Agents {
		agents[a.Agent] = i
	}
	anna, bram, cas, dirk := r.Agents[agents["Anna"]], r.Agents[agents["Bram"]], r.Agents[agents["Cas"]], r.Agents[agents["Dirk"]]
	if d := anna.Drift; d["first_third_words"] != 600.0 || d["first_third_findings"] != 3.0 || d["first_third_findings_per_1000_words"] != 5.0 ||
		d["last_third_words"] != 600.0 || d["last_third_findings"] != 12.0 || d["last_third_findings_per_1000_words"] != 20.0 || d["drift"] != 4.0 {
		t.Errorf("Anna's drift: %v", d)
	}
	if len(anna.Shift) != 8 || anna.Shift[7]["findings"] != 4 {
		t.Errorf("Anna's shift: %v", anna.Shift)
	}
	if d := bram.Drift; d["drift"] != nil || d["first_third_words"] != 21.0 || d["last_third_words"] != 42.0 {
		t.Errorf("Bram's drift: %v", d)
	}
	for _, rep := range r.Repetition {
		switch rep.Agent {
		case "Bram":
			if rep.Sentences != 8 || rep.Repeated != 4 || rep.Share != 0.5 || len(rep.Top) != 1 ||
				rep.Top[0].Text != "Bedankt voor uw geduld wij lossen dit zo snel mogelijk op" || rep.Top[0].Conversations != 4 {
				t.Errorf("Bram's repetition: %+v", rep)
			}
		case "Anna":
			if rep.Sentences != 160 || rep.Repeated != 0 || len(rep.Top) != 0 {
				t.Errorf("Anna's repetition: %+v", rep)
			}
		}
	}
	if r.NameOveruse.Conversations != 1 || r.NameOveruse.ByAgent["Cas"] != 1 || cas.NameOveruse != 1 || anna.NameOveruse != 0 {
		t.Errorf("name overuse: %+v, Cas %d", r.NameOveruse, cas.NameOveruse)
	}
	if dirk.RegisterMix != 1 || anna.RegisterMix+bram.RegisterMix+cas.RegisterMix != 0 {
		t.Errorf("register mix: Dirk %d, others %d %d %d", dirk.RegisterMix, anna.RegisterMix, bram.RegisterMix, cas.RegisterMix)
	}
	times := func(name string, got map[string]any, want [6]float64) {
		t.Helper()
		keys := []string{"first_response_median_seconds", "first_response_p90_seconds", "first_responses", "reply_median_seconds", "reply_p90_seconds", "replies"}
		for i, k := range keys {
			if got[k] != want[i] {
				t.Errorf("%s: %s = %v, want %v", name, k, got[k], want[i])
			}
		}
	}
	times("team", r.ResponseTimes, [6]float64{120, 600, 14, 180, 600, 20})
	times("Anna", anna.ResponseTimes, [6]float64{120, 120, 8, 120, 120, 8})
	times("Bram", bram.ResponseTimes, [6]float64{600, 600, 4, 570, 600, 8})
	times("Cas", cas.ResponseTimes, [6]float64{30, 30, 1, 60, 204, 3})
	times("Dirk", dirk.ResponseTimes, [6]float64{3600, 3600, 1, 3600, 3600, 1})
	if note, _ := r.ResponseTimes["note"].(string); !strings.Contains(note, "working hours are not modelled") {
		t.Errorf("response times note: %q", note)
	}
	checkInsightsHTML(t, dir, export, lex)
}

// checkInsightsHTML writes the HTML report of the same export and reads
// the insights off the page in Chromium.
func checkInsightsHTML(t *testing.T, dir, export, lex string) {
	code, out, errOut := lexlint(t, "", "report", "--no-config", "-q", "--lang", "nl", "-l", lex, "-f", "html", export)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, consoleErrors := browser.Start(t, 1100, 1400)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitVisible("#shift-chart")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
		const cell = (agent, cls) => document.querySelector('#agent-insights tr[data-agent="' + agent + '"] td.' + cls).textContent;
		const times = (agent) => [...document.querySelectorAll('#response-times tr[data-agent="' + agent + '"] td')].map((td) => td.textContent).join(" ");
		const points = [...document.querySelectorAll("#shift-chart g.point")];
		return {
			shift: points.map((g) => g.dataset.label + "=" + g.dataset.value).join(" "),
			ticks: document.querySelectorAll("#shift-chart line.grid").length,
			axes: document.querySelectorAll("#shift-chart line.axis").length,
			drift: cell("Anna", "drift") + " / " + cell("Bram", "drift"),
			repeated: cell("Bram", "repeated") + " / " + cell("Anna", "repeated"),
			names: cell("Cas", "names"), register: cell("Dirk", "register"),
			team: times("(team)"), bram: times("Bram"),
			sentence: document.querySelector(".repeated-sentence").textContent,
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"shift": "0h=10.03 1h=4.52 2h=5.00 3h=10.00 4h=10.00 5h=20.00 6h=20.00 7h=20.00", "ticks": 5.0, "axes": 2.0,
		"drift": "4.00x / too few words", "repeated": "50% / 0%", "names": "1", "register": "1",
		"team": "Team 14 2m 10m 20 3m 10m", "bram": "Bram 4 10m 10m 8 9m30s 10m",
		"sentence": "“Bedankt voor uw geduld wij lossen dit zo snel mogelijk op” in 4 conversations",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("HTML %s: %v, want %v", k, got[k], w)
		}
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if browser.Artifacts() != "" {
		shot, err := chromedp.Run(ctx, chromedp.Screenshot("#insights"))
		if err != nil {
			t.Fatal(err)
		}
		browser.Keep(t, "report-insights.png", shot)
	}
}
