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

// planLexicon is a lexicon of two discouraged entries and an encouraged
// group, so the test does not move with the built-in lexicons.
const planLexicon = `lexicon: plan-test
language: en
discouraged:
  - id: t.blaming
    category: blaming
    severity: error
    phrases: ["you should have (read|checked)"]
    message: Hindsight blame helps nobody; say what you will do now.
    suggestions: ["Let's fix this now:", "Here's what I'll do:"]
  - id: t.policy
    category: rigid
    severity: warning
    phrases: ["that is our policy"]
    message: Pointing at policy ends the conversation; say what you can do.
    suggestions: ["Here's what I can do for you:"]
encouraged:
  - id: t.empathy
    category: empathy
    phrases: ["i understand"]
`

// planExport writes an export of four agents over three weeks (or the
// month after, later) in which Bram's "blaming" rate is planted: a third
// of his replies (later: none) blame the customer; everyone sends a
// policy sentence in one reply of six; Anna says "I understand" often.
func planExport(t *testing.T, dir, name string, later bool) string {
	t.Helper()
	var lines []string
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if later {
		start = start.AddDate(0, 1, 0)
	}
	agents := []string{"Anna", "Bram", "Cas", "Dirk"}
	for day := range 15 {
		for ai, agent := range agents {
			for c := range 3 {
				conv := fmt.Sprintf("%s-%d-%d", strings.ToLower(agent), day, c)
				at := start.AddDate(0, 0, day).Add(time.Duration(ai*3+c) * 20 * time.Minute)
				customer := []string{"Kees Jansen", "Sanne de Vries", "Tom Baker"}[c]
				order := 40000 + day*100 + ai*10 + c
				rec := func(role, text string, at time.Time) {
					m := map[string]string{"conversation_id": conv, "role": role, "text": text, "timestamp": at.Format(time.RFC3339), "customer_name": customer}
					if role == "agent" {
						m["agent"] = agent
					}
					b, _ := json.Marshal(m)
					lines = append(lines, string(b))
				}
				rec("customer", fmt.Sprintf("Where is my order %d? Mail me at %s@example.com", order, strings.Fields(customer)[0]), at)
				reply := fmt.Sprintf("Hello %s, I looked at order %d and it leaves our warehouse on Monday morning.", strings.Fields(customer)[0], order)
				n := day*3 + c
				if agent == "Bram" && !later && n%3 == 0 {
					reply += fmt.Sprintf(" You should have checked the delivery date of order %d before you paid.", order)
				}
				if n%6 == ai {
					reply += " That is our policy for parcels that go abroad."
				}
				if agent == "Anna" {
					reply = "I understand the wait is long. " + reply
				}
				rec("agent", reply, at.Add(time.Duration(2+ai)*time.Minute))
			}
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type planJSON struct {
	Agent    string `json:"agent"`
	Language string `json:"language"`
	Weak     []struct {
		Category    string  `json:"category"`
		Per1000     float64 `json:"findings_per_1000_words"`
		TeamPer1000 float64 `json:"team_findings_per_1000_words"`
		Sentences   []struct {
			Rule, Before, Match, After, Reason, Rewrite string
		} `json:"sentences"`
	} `json:"weakest_categories"`
	Strengths []struct {
		Group string `json:"group"`
	} `json:"strengths"`
	Goals []struct {
		Metric, Subject, Text string
		From, Target          float64
	} `json:"goals"`
	Checked []struct {
		Subject string   `json:"subject"`
		Now     *float64 `json:"now"`
		Met     bool     `json:"met"`
	} `json:"previous_goals"`
	Trend []struct {
		Period string `json:"period"`
	} `json:"trend"`
}

// TestReportAgentPlan: the plan of the agent with the planted weak
// category names it first, against the team, with her own sentences, the
// entry's reason and a rewrite, and a goal for it; the next month's plan,
// made with --goals, finds the goal met; --anonymize keeps names and
// customer details out; --per-agent writes every agent's plan.
func TestReportAgentPlan(t *testing.T) {
	dir := t.TempDir()
	export := planExport(t, dir, "march.jsonl", false)
	lex := filepath.Join(dir, "plan.yaml")
	os.WriteFile(lex, []byte(planLexicon), 0o644)
	base := []string{"report", "--no-config", "-q", "-l", lex, "--lang", "en"}
	code, out, errOut := lexlint(t, "", append(base, "--agent", "Bram", "-f", "json", export)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var p planJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Weak) == 0 || p.Weak[0].Category != "blaming" || p.Weak[0].TeamPer1000 != 0 || p.Weak[0].Per1000 <= 0 {
		t.Fatalf("weakest %+v", p.Weak)
	}
	if len(p.Weak[0].Sentences) == 0 {
		t.Fatal("no sentences of Bram's for blaming")
	}
	for _, s := range p.Weak[0].Sentences {
		if s.Rule != "t.blaming" || !strings.HasPrefix(s.Match, "You should have checked") || !strings.Contains(s.After, "before you paid") ||
			s.Reason == "" || strings.Contains(s.Rewrite, "should have") || !strings.Contains(s.Rewrite, "before you paid") {
			t.Errorf("sentence %+v", s)
		}
	}
	if len(p.Goals) != 3 || p.Goals[0].Subject != "blaming" || !strings.Contains(p.Goals[0].Text, "'blaming'") || p.Goals[0].Target >= p.Goals[0].From {
		t.Errorf("goals %+v", p.Goals)
	}
	if len(p.Trend) < 2 {
		t.Errorf("trend %+v", p.Trend)
	}
	// Anna's strength is her empathy.
	_, out, _ = lexlint(t, "", append(base, "--agent", "Anna", "-f", "json", export)...)
	var anna planJSON
	json.Unmarshal([]byte(out), &anna)
	if len(anna.Strengths) == 0 || anna.Strengths[0].Group != "t.empathy" {
		t.Errorf("Anna's strengths %+v", anna.Strengths)
	}

	// The month after, without blaming: the goal is checked and met.
	prev := filepath.Join(dir, "bram.json")
	os.WriteFile(prev, []byte(out0(t, base, export)), 0o644)
	april := planExport(t, dir, "april.jsonl", true)
	code, out, errOut = lexlint(t, "", append(base, "--agent", "Bram", "-f", "json", "--goals", prev, april)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var next planJSON
	json.Unmarshal([]byte(out), &next)
	if len(next.Checked) != 3 || next.Checked[0].Subject != "blaming" || !next.Checked[0].Met || next.Checked[0].Now == nil || *next.Checked[0].Now != 0 {
		t.Errorf("previous goals %+v", next.Checked)
	}

	// --anonymize: neither the agent's nor the customers' names, nor their
	// e-mail addresses or order numbers.
	code, out, errOut = lexlint(t, "", append(base, "--anonymize", "--anonymize-key", "k", "--agent", "Bram", "-f", "html", export)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, leak := range []string{"Bram", "Kees", "Jansen", "Sanne", "Tom", "example.com", "400"} {
		if strings.Contains(out, leak) {
			t.Errorf("the anonymized plan holds %q", leak)
		}
	}
	if !strings.Contains(out, "[number]") || !strings.Contains(out, "agent-") {
		t.Errorf("the anonymized plan has no masked number or pseudonym")
	}

	// --per-agent writes the HTML and JSON of all four.
	plans := filepath.Join(dir, "plans")
	if code, _, errOut := lexlint(t, "", append(base, "--per-agent", plans, export)...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, a := range []string{"Anna", "Bram", "Cas", "Dirk"} {
		for _, ext := range []string{".html", ".json"} {
			if _, err := os.Stat(filepath.Join(plans, a+ext)); err != nil {
				t.Error(err)
			}
		}
	}
	// A Dutch agent's plan is in Dutch.
	if code, out, errOut := lexlint(t, "", "report", "--no-config", "-q", "--agent", "Joris", "examples/transcripts/support-export.jsonl"); code != 0 ||
		!strings.Contains(out, `<html lang="nl">`) || !strings.Contains(out, "Doelen voor de volgende periode") || !strings.Contains(out, "Je eigen zinnen") {
		t.Errorf("Joris's plan: exit %d %s\n%s", code, errOut, out)
	}
	// Bad input: an unknown agent, a file that is not a plan.
	if code, _, errOut := lexlint(t, "", append(base, "--agent", "Nobody", export)...); code != 2 || !strings.Contains(errOut, `"Nobody"`) || !strings.Contains(errOut, "Anna") {
		t.Errorf("unknown agent: exit %d, %s", code, errOut)
	}
	if code, _, errOut := lexlint(t, "", append(base, "--agent", "Bram", "--goals", export, export)...); code != 2 || !strings.Contains(errOut, "march.jsonl") {
		t.Errorf("--goals on an export: exit %d, %s", code, errOut)
	}
}

// out0 is Bram's plan of the export as JSON.
func out0(t *testing.T, base []string, export string) string {
	t.Helper()
	code, out, errOut := lexlint(t, "", append(base, "--agent", "Bram", "-f", "json", export)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	return out
}

// TestPlanInBrowser opens Bram's plan in Chromium: the planted category
// comes first with his sentences, three goals show, no console errors; with
// LEXLINT_ARTIFACTS set it saves the screenshot the documentation shows.
func TestPlanInBrowser(t *testing.T) {
	dir := t.TempDir()
	export := planExport(t, dir, "march.jsonl", false)
	lex := filepath.Join(dir, "plan.yaml")
	os.WriteFile(lex, []byte(planLexicon), 0o644)
	code, out, errOut := lexlint(t, "", "report", "--no-config", "-q", "-l", lex, "--lang", "en", "--agent", "Bram", export)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	page := filepath.Join(dir, "bram.html")
	os.WriteFile(page, []byte(out), 0o644)
	ctx, consoleErrors := browser.Start(t, 1000, 1400)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible("#goals")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
		const first = document.querySelector("#weak section.weak");
		return {first: first.dataset.category, sentences: first.querySelectorAll(".sentence").length,
			mark: first.querySelector(".sentence mark").textContent, rewrite: first.querySelector(".rewrite").textContent,
			goals: [...document.querySelectorAll("#goals li")].map((li) => li.textContent),
			agent: document.getElementById("agent").textContent,
			youBar: first.querySelector(".bar.you").getBoundingClientRect().width};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	goals, _ := got["goals"].([]any)
	if got["first"] != "blaming" || got["sentences"].(float64) < 1 || !strings.HasPrefix(got["mark"].(string), "You should have checked") ||
		!strings.Contains(got["rewrite"].(string), "before you paid") || len(goals) != 3 || !strings.Contains(goals[0].(string), "blaming") ||
		got["agent"] != "Bram" || got["youBar"].(float64) < 100 {
		t.Errorf("page %v", got)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if browser.Artifacts() != "" {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		browser.Keep(t, "plan.png", shot)
	}
}

// TestReportAgentPlanRatings: where the export has customers' ratings,
// the plan shows the agent's mean rating and rated share beside the
// team's, in JSON and HTML; without ratings it shows none.
func TestReportAgentPlanRatings(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := range 8 {
		agent, stars := "Anna", "5"
		if i%2 == 1 {
			agent, stars = "Bram", "1"
		}
		conv := fmt.Sprintf("c%d", i)
		for _, m := range []map[string]string{
			{"conversation_id": conv, "role": "customer", "text": "Where is my parcel?"},
			{"conversation_id": conv, "role": "agent", "agent": agent, "text": "Hello, your parcel arrives tomorrow. Kind regards, " + agent},
			{"conversation_id": conv, "role": "customer", "text": "Thanks.", "rating": stars},
		} {
			b, _ := json.Marshal(m)
			lines = append(lines, string(b))
		}
	}
	export := filepath.Join(dir, "rated.jsonl")
	os.WriteFile(export, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	base := []string{"report", "--no-config", "-q", "--lang", "en", "--agent", "Bram"}
	code, out, errOut := lexlint(t, "", append(base, "-f", "json", "--field", "rating=rating", "--rating-scale", "1-5", export)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	type rating struct {
		Rated int      `json:"rated_conversations"`
		Share float64  `json:"rated_share"`
		Mean  *float64 `json:"mean"`
	}
	var p struct {
		Rating     *rating `json:"rating"`
		TeamRating *rating `json:"team_rating"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if p.Rating == nil || p.Rating.Rated != 4 || p.Rating.Share != 1 || p.Rating.Mean == nil || *p.Rating.Mean != 0 ||
		p.TeamRating == nil || p.TeamRating.Rated != 8 || p.TeamRating.Mean == nil || *p.TeamRating.Mean != 0.5 {
		t.Errorf("ratings in the plan: %+v %+v (%s)", p.Rating, p.TeamRating, out)
	}
	_, html, _ := lexlint(t, "", append(base, "--field", "rating=rating", "--rating-scale", "1-5", export)...)
	if !strings.Contains(html, `<table id="ratings">`) || !strings.Contains(html, "Customers&#39; ratings") {
		t.Errorf("the HTML plan has no ratings table")
	}
	unrated := filepath.Join(dir, "unrated.jsonl")
	os.WriteFile(unrated, []byte(strings.ReplaceAll(strings.Join(lines, "\n")+"\n", `"rating"`, `"stars"`)), 0o644)
	_, out, _ = lexlint(t, "", append(base, "-f", "json", unrated)...)
	if strings.Contains(out, `"rating"`) || strings.Contains(out, `"team_rating"`) {
		t.Errorf("a plan without ratings shows some: %s", out)
	}
}
