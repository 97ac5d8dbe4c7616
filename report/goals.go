package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Goal metrics: what a goal measures, and which way is better.
const (
	GoalCategory   = "category_per_1000_words"   // findings of a category; lower is better
	GoalLastThird  = "last_third_per_1000_words" // findings in the last third of shifts; lower is better
	GoalReply      = "reply_median_seconds"      // median reply time; lower is better
	GoalEncouraged = "encouraged_per_1000_words" // uses of an encouraged group; higher is better
	GoalOverall    = "per_1000_words"            // all findings; lower is better
)

// Goal is a concrete target for the next period. A plan's JSON carries
// its goals; the next plan, made with --goals and that JSON, checks them.
type Goal struct {
	Metric  string  `json:"metric"`
	Subject string  `json:"subject,omitempty"` // the category or encouraged group
	From    float64 `json:"from"`
	Target  float64 `json:"target"`
	Text    string  `json:"text"`
}

// GoalCheck is an earlier goal measured again.
type GoalCheck struct {
	Goal
	Now    *float64 `json:"now"` // nil when there is nothing to measure it by
	Met    bool     `json:"met"`
	Status string   `json:"status"`
}

// goals derives three goals from a plan: the two weakest categories, the
// end of shifts when they drift, reply times slower than the team's, the
// third weakest category, an encouraged group the team uses more.
func goals(p *Plan, g *gather, a *Agent, restWords int) []*Goal {
	t := planTexts(p.Language)
	var out []*Goal
	category := func(w *Weak) {
		target := round2(math.Max(w.Per1000/2, w.TeamPer1000))
		text := t.Halve
		if target > round2(w.Per1000/2) {
			text = t.ToTeam
		}
		out = append(out, &Goal{Metric: GoalCategory, Subject: w.Category, From: w.Per1000, Target: target,
			Text: fmt.Sprintf(text, w.Category, t.num(w.Per1000), t.num(target))})
	}
	for _, w := range p.Weak[:min(2, len(p.Weak))] {
		category(w)
	}
	if d := p.Drift; d != nil && d.Ratio != nil && *d.Ratio >= 1.25 {
		out = append(out, &Goal{Metric: GoalLastThird, From: d.LastRate, Target: d.FirstRate,
			Text: fmt.Sprintf(t.Drift, t.num(d.LastRate), t.num(d.FirstRate))})
	}
	mine, team := value(p.ResponseTimes.ReplyMedian), value(p.TeamTimes.ReplyMedian)
	if mine > team*1.2 {
		out = append(out, &Goal{Metric: GoalReply, From: mine, Target: team,
			Text: fmt.Sprintf(t.Reply, seconds(&mine), seconds(&team))})
	}
	if len(p.Weak) > 2 {
		category(p.Weak[2])
	}
	if e := g.lagging(a.Name, a.Words, restWords); e != nil {
		out = append(out, &Goal{Metric: GoalEncouraged, Subject: e.Group, From: e.Per1000, Target: e.TeamPer1000,
			Text: fmt.Sprintf(t.Encouraged, e.Group, t.num(e.Per1000), t.num(e.TeamPer1000))})
	}
	// Fewer than three: a fifth fewer findings overall, then keeping a
	// strength.
	if len(out) < 3 && p.Per1000Words > 0 {
		target := round2(p.Per1000Words * 0.8)
		out = append(out, &Goal{Metric: GoalOverall, From: p.Per1000Words, Target: target,
			Text: fmt.Sprintf(t.Overall, t.num(p.Per1000Words), t.num(target))})
	}
	for _, s := range p.Strengths {
		if len(out) >= 3 {
			break
		}
		out = append(out, &Goal{Metric: GoalEncouraged, Subject: s.Group, From: s.Per1000, Target: s.Per1000,
			Text: fmt.Sprintf(t.Keep, s.Group, t.num(s.Per1000))})
	}
	if out == nil {
		return []*Goal{}
	}
	return out[:min(3, len(out))]
}

// lagging is the encouraged group the rest of the team uses most above the
// agent's own use.
func (g *gather) lagging(agent string, words, restWords int) *Strength {
	var best *Strength
	for group := range g.groups {
		n := g.hits[agent][group]
		mine, theirs := per1000(n, words), per1000(g.teamHits(group)-n, restWords)
		if theirs > mine && (best == nil || theirs-mine > best.TeamPer1000-best.Per1000 ||
			theirs-mine == best.TeamPer1000-best.Per1000 && group < best.Group) {
			best = &Strength{Group: group, Category: g.groups[group], Uses: n, Per1000: mine, TeamPer1000: theirs}
		}
	}
	return best
}

// checkGoals measures earlier goals on this plan's figures.
func checkGoals(old []*Goal, p *Plan, g *gather, a *Agent) []*GoalCheck {
	t := planTexts(p.Language)
	var out []*GoalCheck
	for _, goal := range old {
		c := &GoalCheck{Goal: *goal}
		var now float64
		ok := true
		switch goal.Metric {
		case GoalCategory:
			now = per1000(a.ByCategory[goal.Subject], a.Words)
			ok = a.Words > 0
		case GoalOverall:
			now, ok = p.Per1000Words, a.Words > 0
		case GoalLastThird:
			now, ok = p.Drift.LastRate, p.Drift.LastWords > 0
		case GoalReply:
			now = value(p.ResponseTimes.ReplyMedian)
			ok = !math.IsNaN(now)
		case GoalEncouraged:
			now, ok = per1000(g.hits[a.Name][goal.Subject], a.Words), a.Words > 0
		default:
			ok = false
		}
		switch {
		case !ok:
			c.Status = t.NoData
		case goal.Metric == GoalEncouraged:
			c.Now, c.Met = &now, now >= goal.Target
		default:
			c.Now, c.Met = &now, now <= goal.Target
		}
		if c.Now != nil {
			c.Status = t.NotYet
			if c.Met {
				c.Status = t.Met
			}
		}
		out = append(out, c)
	}
	return out
}

// ReadPlans reads earlier plans for --goals: one plan's JSON, or a list of
// them.
func ReadPlans(r io.Reader, name string) ([]*Plan, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	trimmed := strings.TrimSpace(string(data))
	var plans []*Plan
	if strings.HasPrefix(trimmed, "[") {
		err = json.Unmarshal(data, &plans)
	} else {
		var p Plan
		err = json.Unmarshal(data, &p)
		plans = []*Plan{&p}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: not the JSON of a plan (lexlint report --agent NAME -f json): %w", name, err)
	}
	for i, p := range plans {
		if p == nil || p.Agent == "" {
			return nil, fmt.Errorf("%s: plan %d has no \"agent\": not the JSON of lexlint report --agent", name, i+1)
		}
		for j, g := range p.Goals {
			switch g.Metric {
			case GoalCategory, GoalLastThird, GoalReply, GoalEncouraged, GoalOverall:
			default:
				return nil, fmt.Errorf("%s: plan of %s, goal %d: unknown metric %q (want %s, %s, %s, %s or %s)", name, p.Agent, j+1, g.Metric,
					GoalCategory, GoalOverall, GoalLastThird, GoalReply, GoalEncouraged)
			}
		}
	}
	return plans, nil
}

// texts are a plan's words in one language.
type texts struct {
	lang                                         string
	Halve, ToTeam, Drift, Reply, Encouraged      string
	Overall, Keep                                string
	Met, NotYet, NoData                          string
	Title, Intro, Weak, WeakNone, Strengths      string
	StrengthsNone, Sentences, Reason, Rewrite    string
	You, Team, Per1000, Times, First, ReplyTime  string
	Median, P90, Shift, Hour, DriftLabel, Trend  string
	Period, Goals, Previous, Goal, Now, Status   string
	Category, Group, Uses, Findings, Words, None string
	TooFew, Score, Wrote, Note, Messages         string
	Ratings, RatingMean, RatedShare, RatingNote  string
}

func planTexts(lang string) *texts {
	if lang == "nl" {
		return &texts{lang: "nl",
			Halve:      "Halveer de bevindingen in '%s': van %s naar %s per 1.000 woorden",
			ToTeam:     "Breng de bevindingen in '%s' naar het niveau van het team: van %s naar %s per 1.000 woorden",
			Drift:      "Houd het einde van je dienst even zorgvuldig als het begin: van %s naar %s bevindingen per 1.000 woorden in het laatste derde",
			Reply:      "Antwoord klanten sneller: een mediane reactietijd van %s naar %s (die van het team)",
			Encouraged: "Gebruik vaker formuleringen uit '%s': van %s naar %s keer per 1.000 woorden (het team)",
			Overall:    "Minder bevindingen in het algemeen: van %s naar %s per 1.000 woorden",
			Keep:       "Blijf formuleringen uit '%s' gebruiken: minstens %s keer per 1.000 woorden",
			Met:        "gehaald", NotYet: "nog niet gehaald", NoData: "niet te meten",
			Title: "Ontwikkelplan", Intro: "Voor een gesprek met je teamleider: waar je formulering sterk is, waar het beter kan, en drie doelen voor de volgende periode.",
			Weak: "Waar het beter kan", WeakNone: "Geen categorie waarin je meer bevindingen hebt dan het team.",
			Strengths: "Je sterke punten", StrengthsNone: "Nog geen aanbevolen formuleringen die je vaker gebruikt dan het team.",
			Sentences: "Je eigen zinnen", Reason: "Waarom", Rewrite: "Zo kan het ook", You: "Jij", Team: "Team",
			Per1000: "per 1.000 woorden", Times: "Reactietijden", First: "Eerste reactie", ReplyTime: "Reactie",
			Median: "mediaan", P90: "90e percentiel", Shift: "Door je dienst heen", Hour: "Uur in de dienst",
			DriftLabel: "Verschuiving (laatste derde t.o.v. eerste)", Trend: "Verloop per periode", Period: "Periode",
			Goals: "Doelen voor de volgende periode", Previous: "Doelen van het vorige plan", Goal: "Doel", Now: "Nu", Status: "Stand",
			Category: "Categorie", Group: "Formulering", Uses: "keer", Findings: "bevindingen", Words: "woorden", None: "-",
			TooFew: "te weinig woorden", Score: "Score", Wrote: "schreef", Messages: "berichten",
			Note:    "De cijfers van het team zijn die van de andere medewerkers in hetzelfde rapport. Het volgende plan, gemaakt met --goals en de JSON van dit plan, meet de doelen.",
			Ratings: "Beoordelingen door klanten", RatingMean: "Gemiddelde (0 tot 1)", RatedShare: "Beoordeelde gesprekken",
			RatingNote: "Het team is hier elk beoordeeld gesprek in het rapport. Een beoordeling gaat over het hele gesprek, niet alleen over de formulering: lees haar als aanleiding voor het gesprek, niet als oordeel."}
	}
	return &texts{lang: "en",
		Halve:      "Halve '%s' findings: %s to %s per 1,000 words",
		ToTeam:     "Bring '%s' findings down to the team's: %s to %s per 1,000 words",
		Drift:      "Keep the end of your shifts as careful as the start: %s to %s findings per 1,000 words in the last third",
		Reply:      "Answer customers sooner: a median reply time of %s to %s (the team's)",
		Encouraged: "Use '%s' wording more: %s to %s uses per 1,000 words (the team's)",
		Overall:    "Fewer findings overall: %s to %s per 1,000 words",
		Keep:       "Keep using '%s' wording: at least %s uses per 1,000 words",
		Met:        "met", NotYet: "not met yet", NoData: "nothing to measure",
		Title: "Development plan", Intro: "For a talk with your team lead: where your wording is strong, where it can improve, and three goals for the next period.",
		Weak: "Where to improve", WeakNone: "No category where you have more findings than the team.",
		Strengths: "Your strengths", StrengthsNone: "No encouraged wording yet that you use more than the team.",
		Sentences: "Your own sentences", Reason: "Why", Rewrite: "Try instead", You: "You", Team: "Team",
		Per1000: "per 1,000 words", Times: "Response times", First: "First response", ReplyTime: "Reply",
		Median: "median", P90: "90th percentile", Shift: "Through your shift", Hour: "Hour into the shift",
		DriftLabel: "Drift (last third over first)", Trend: "Trend over periods", Period: "Period",
		Goals: "Goals for the next period", Previous: "Goals of the previous plan", Goal: "Goal", Now: "Now", Status: "Status",
		Category: "Category", Group: "Wording", Uses: "uses", Findings: "findings", Words: "words", None: "-",
		TooFew: "too few words", Score: "Score", Wrote: "wrote", Note: PlanNote, Messages: "messages",
		Ratings: "Customers' ratings", RatingMean: "Mean (0 to 1)", RatedShare: "Rated conversations",
		RatingNote: "The team here is every rated conversation in the report. A rating is about the whole conversation, not only its wording: read it as a reason to talk, not as a verdict."}
}

// num writes a figure with two decimals, with a decimal comma in Dutch.
func (t *texts) num(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	if t.lang == "nl" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
