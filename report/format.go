package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lexlint/lexlint/output"
)

// WriteJSON writes the whole report, with the checksum of its merge
// state.
func WriteJSON(w io.Writer, r *Report) error {
	if r.Merge != nil {
		sum, err := checksum(r)
		if err != nil {
			return err
		}
		m := *r.Merge
		m.Checksum = sum
		c := *r
		c.Merge = &m
		r = &c
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

func pct(x float64) string { return strconv.FormatFloat(x*100, 'f', 0, 64) + "%" }

func num(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// WriteText writes aligned tables for a terminal; bold and colour are
// added by the caller's styles when wanted.
func WriteText(w io.Writer, r *Report, bold func(string) string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	section := func(title string) { fmt.Fprintf(tw, "\n%s\n", bold(title)) }
	t := r.Totals
	fmt.Fprintf(tw, "%s\n", bold("Service-language report"))
	fmt.Fprintf(tw, "%s, %s, %s, %s, %s (%.2f per 1,000 words), score %s\n",
		output.Plural(r.Files, "file", "files"), output.Plural(t.Conversations, "conversation", "conversations"),
		output.Plural(t.Messages, "agent message", "agent messages"), output.Plural(t.Words, "word", "words"),
		output.Plural(t.Findings, "finding", "findings"), t.Per1000Words, num(t.Score))
	section("Agents")
	fmt.Fprintln(tw, "agent\tconversations\tmessages\twords\terrors\twarnings\tsuggestions\tper 1,000 words\tscore\t")
	for _, a := range r.Agents {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t\n", output.Visible(a.Name), a.Conversations, a.Messages, a.Words,
			a.BySeverity["error"], a.BySeverity["warning"], a.BySeverity["suggestion"], num(a.Per1000Words), num(a.Score))
	}
	section("Categories")
	fmt.Fprintln(tw, "category\tfindings\tper 1,000 words\t")
	for _, c := range r.Categories {
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", c.Category, c.Findings, num(c.Per1000Words))
	}
	if len(r.Coverage) > 0 {
		section("Good habits (presence rules)")
		fmt.Fprintln(tw, "rule\tscope\tchecked\tmet\tshare\t")
		for _, c := range r.Coverage {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t\n", c.Rule, c.Scope, c.Checked, c.Met, pct(c.Share))
		}
	}
	section("Most frequent discouraged phrases")
	fmt.Fprintln(tw, "count\tphrase\trule\ttry instead\t")
	for _, p := range r.Phrases {
		try := ""
		if len(p.Suggestions) > 0 {
			try = p.Suggestions[0]
		}
		fmt.Fprintf(tw, "%d\t%q\t%s\t%s\t\n", p.Count, p.Phrase, p.Rule, try)
	}
	if len(r.Periods) > 0 {
		section("By " + r.PeriodKind)
		fmt.Fprintln(tw, "period\tmessages\tfindings\tper 1,000 words\tscore\t")
		for _, p := range r.Periods {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t\n", p.Period, p.Messages, p.Findings, num(p.Per1000Words), num(p.Score))
		}
	}
	section("Conversations to coach first")
	fmt.Fprintln(tw, "conversation\tfile\tagents\tfindings\tscore\t")
	for _, c := range r.Worst {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t\n", output.Visible(c.ID), output.Visible(c.File), output.Visible(strings.Join(c.Agents, ", ")), c.Findings, num(c.Score))
	}
	writeInsightsText(tw, r, section)
	writeRatingsText(tw, r, section)
	fmt.Fprintf(tw, "\n%s\n", r.ScoreFormula)
	return tw.Flush()
}

// writeInsightsText writes the end-of-shift curve, the drift, repetition,
// name overuse, register and response times.
func writeInsightsText(tw io.Writer, r *Report, section func(string)) {
	if len(r.Shift) > 0 {
		section("Findings by hour into the shift (a shift ends at a pause over " + r.ShiftPause + ")")
		fmt.Fprintln(tw, "hour\tmessages\twords\tfindings\tper 1,000 words\t")
		for _, h := range r.Shift {
			fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%s\t\n", h.Hour, h.Messages, h.Words, h.Findings, num(h.Per1000Words))
		}
	}
	section("Agents through their shifts, and their conversations")
	fmt.Fprintln(tw, "agent\tfirst third per 1,000\tlast third per 1,000\tdrift\trepeated sentences\tname overuse\tregister mix\t")
	reps := repeatsByAgent(r)
	for _, a := range r.Agents {
		share := "-"
		if rep := reps[a.Name]; rep != nil && rep.Sentences > 0 {
			share = pct(rep.Share)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t\n", output.Visible(a.Name), rate(a.ShiftDrift.FirstRate, a.ShiftDrift.FirstWords),
			rate(a.ShiftDrift.LastRate, a.ShiftDrift.LastWords), drift(a.ShiftDrift), share, a.NameOveruse, a.RegisterMix)
	}
	for _, rep := range r.Repetition {
		for _, top := range rep.Top {
			fmt.Fprintf(tw, "%s sends in %d conversations:\t%q\t\n", output.Visible(rep.Agent), top.Conversations, top.Text)
		}
	}
	rt := r.ResponseTimes
	section("Response times")
	fmt.Fprintln(tw, rt.Note+".")
	fmt.Fprintln(tw, "agent\tfirst responses\tmedian\t90th percentile\treplies\tmedian\t90th percentile\t")
	row := func(name string, t *ResponseTimes) {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t%s\t%s\t\n", name, t.FirstResponses, seconds(t.FirstMedian), seconds(t.FirstP90),
			t.Replies, seconds(t.ReplyMedian), seconds(t.ReplyP90))
	}
	row("(team)", rt)
	for _, a := range r.Agents {
		row(output.Visible(a.Name), a.ResponseTimes)
	}
}

// rate is a rate with the words behind it, or "-" without words.
func rate(v float64, words int) string {
	if words == 0 {
		return "-"
	}
	return num(v) + " (" + strconv.Itoa(words) + " words)"
}

// drift is a drift ratio, or why there is none.
func drift(d *Drift) string {
	if d.Ratio == nil {
		return "too few words"
	}
	return num(*d.Ratio) + "x"
}

// seconds writes a waiting time to the second as 1h2m3s, 4m5s or 6s; "-"
// for none.
func seconds(s *float64) string {
	if s == nil {
		return "-"
	}
	return short(time.Duration(math.Round(*s)) * time.Second)
}

// short writes a duration without its zero tails: 3h, 2m, 1h2m3s.
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// CSVDimensions lists what --by can group CSV rows by.
func CSVDimensions() []string {
	return []string{"agent", "category", "conversation", "period", "phrase", "shift", "rating"}
}

// CSVHeader returns the header row for a dimension.
func CSVHeader(by string) []string {
	stats := []string{"messages", "words", "findings", "errors", "warnings", "suggestions", "findings_per_1000_words", "score"}
	switch by {
	case "agent":
		return append(append([]string{"agent", "conversations"}, stats...), agentInsightColumns()...)
	case "shift":
		return []string{"agent", "hour", "messages", "words", "findings", "findings_per_1000_words"}
	case "period":
		return append([]string{"period"}, stats...)
	case "conversation":
		return append([]string{"file", "conversation", "agents"}, stats...)
	case "category":
		return []string{"category", "findings", "findings_per_1000_words"}
	case "rating":
		return ratingHeader()
	}
	return []string{"rule", "phrase", "category", "severity", "count", "suggestion"}
}

// agentInsightColumns are the agent CSV's columns of the insights.
func agentInsightColumns() []string {
	return []string{"shift_drift", "first_third_findings_per_1000_words", "last_third_findings_per_1000_words",
		"repeated_share", "name_overuse", "register_mix", "first_response_median_seconds", "first_response_p90_seconds",
		"reply_median_seconds", "reply_p90_seconds", "replies"}
}

func agentInsightRow(a *Agent, rep *Repetition) []string {
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	d, share := "", ""
	if a.ShiftDrift.Ratio != nil {
		d = num(*a.ShiftDrift.Ratio)
	}
	if rep != nil {
		share = num(rep.Share)
	}
	t := a.ResponseTimes
	return []string{d, num(a.ShiftDrift.FirstRate), num(a.ShiftDrift.LastRate), share, strconv.Itoa(a.NameOveruse),
		strconv.Itoa(a.RegisterMix), opt(t.FirstMedian), opt(t.FirstP90), opt(t.ReplyMedian), opt(t.ReplyP90), strconv.Itoa(t.Replies)}
}

func statsRow(s *Stats) []string {
	return []string{strconv.Itoa(s.Messages), strconv.Itoa(s.Words), strconv.Itoa(s.Findings),
		strconv.Itoa(s.BySeverity["error"]), strconv.Itoa(s.BySeverity["warning"]), strconv.Itoa(s.BySeverity["suggestion"]),
		num(s.Per1000Words), num(s.Score)}
}

// ConversationRow is the CSV row of a conversation.
func ConversationRow(c *Conversation) []string {
	return append([]string{c.File, c.ID, strings.Join(c.Agents, " ")}, statsRow(&c.Stats)...)
}

// WriteCSV writes one table of the report (not by conversation, which is
// streamed with ConversationRow as conversations end).
func WriteCSV(w *csv.Writer, r *Report, by string) error {
	switch by {
	case "agent":
		reps := repeatsByAgent(r)
		for _, a := range r.Agents {
			row := append([]string{a.Name, strconv.Itoa(a.Conversations)}, statsRow(&a.Stats)...)
			w.Write(append(row, agentInsightRow(a, reps[a.Name])...))
		}
	case "shift":
		hours := func(agent string, hs []*ShiftHour) {
			for _, h := range hs {
				w.Write([]string{agent, strconv.Itoa(h.Hour), strconv.Itoa(h.Messages), strconv.Itoa(h.Words), strconv.Itoa(h.Findings), num(h.Per1000Words)})
			}
		}
		hours("(team)", r.Shift)
		for _, a := range r.Agents {
			hours(a.Name, a.Shift)
		}
	case "period":
		for _, p := range r.Periods {
			w.Write(append([]string{p.Period}, statsRow(&p.Stats)...))
		}
	case "category":
		for _, c := range r.Categories {
			w.Write([]string{c.Category, strconv.Itoa(c.Findings), num(c.Per1000Words)})
		}
	case "phrase":
		for _, p := range r.Phrases {
			s := ""
			if len(p.Suggestions) > 0 {
				s = p.Suggestions[0]
			}
			w.Write([]string{p.Rule, p.Phrase, p.Category, p.Severity, strconv.Itoa(p.Count), s})
		}
	case "rating":
		writeRatingCSV(w, r)
	}
	w.Flush()
	return w.Error()
}

// bar is one bar of an SVG chart.
type bar struct {
	Label string
	Value float64
	Y     int
	Width int
}

func bars(labels []string, values []float64) []bar {
	maxV := 0.0
	for _, v := range values {
		maxV = max(maxV, v)
	}
	out := make([]bar, len(labels))
	for i := range labels {
		wd := 0
		if maxV > 0 {
			wd = int(values[i] / maxV * 400)
		}
		// A zero still gets a sliver, so the row reads as a bar at zero
		// rather than a missing one.
		out[i] = bar{Label: labels[i], Value: values[i], Y: i * 26, Width: max(wd, 2)}
	}
	return out
}

// A trend is the chart of findings per 1,000 words by period: points on
// axes with ticks and values, or for a single period one bar.
type trend struct {
	Points                   []point
	Poly                     string
	Ticks                    []tick // on the y axis
	Left, Right, Top, Bottom int
	Single                   bool
}

// point is one period of the trend, with its place on the chart.
type point struct {
	Label     string
	Value     float64
	X, Y      int
	ShowLabel bool // the x axis labels at most about eight periods
}

// tick is a value on the y axis and its height.
type tick struct {
	Label string
	Y     int
}

// repeatsByAgent indexes the report's repetition by agent.
func repeatsByAgent(r *Report) map[string]*Repetition {
	m := map[string]*Repetition{}
	for _, rep := range r.Repetition {
		m[rep.Agent] = rep
	}
	return m
}

// chart is a trend with its element id, its accessible label and the
// title of its x axis.
type chart struct {
	ID, Label, XTitle string
	T                 trend
}

// periodTrend is the trend of the periods' rates.
func periodTrend(periods []*Period) trend {
	labels, values := make([]string, len(periods)), make([]float64, len(periods))
	for i, p := range periods {
		labels[i], values[i] = p.Period, p.Per1000Words
	}
	return newTrend(labels, values)
}

// shiftTrend is the trend of the rates by hour into the shift.
func shiftTrend(hours []*ShiftHour) trend {
	labels, values := make([]string, len(hours)), make([]float64, len(hours))
	for i, h := range hours {
		labels[i], values[i] = strconv.Itoa(h.Hour)+"h", h.Per1000Words
	}
	return newTrend(labels, values)
}

// newTrend lays out rates on a 640 x 240 chart.
func newTrend(labels []string, values []float64) trend {
	t := trend{Left: 56, Right: 620, Top: 30, Bottom: 200, Single: len(values) == 1}
	top := 0.0
	for _, v := range values {
		top = max(top, v)
	}
	top = niceCeil(top)
	height := float64(t.Bottom - t.Top)
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		t.Ticks = append(t.Ticks, tick{Label: num(v), Y: t.Bottom - int(v/top*height)})
	}
	every := (len(values) + 7) / 8
	var poly []string
	for i, v := range values {
		x := (t.Left + t.Right) / 2
		if len(values) > 1 {
			x = t.Left + 20 + i*(t.Right-t.Left-40)/(len(values)-1)
		}
		y := t.Bottom - int(v/top*height)
		t.Points = append(t.Points, point{Label: labels[i], Value: v, X: x, Y: y, ShowLabel: i%every == 0 || i == len(values)-1})
		poly = append(poly, fmt.Sprintf("%d,%d", x, y))
	}
	t.Poly = strings.Join(poly, " ")
	return t
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (1 for 0), so
// the axis has round ticks.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// WriteHTML writes one self-contained HTML file: summary cards, a bar
// chart per agent, the category breakdown, the trend over time (inline
// SVG), a sortable agent table and snippets of each frequent phrase. It
// makes no external requests. Every chart element carries its number in a
// data-value attribute.
func WriteHTML(w io.Writer, r *Report) error {
	if r.ResponseTimes == nil { // a report without insights (an older merge state)
		r.ResponseTimes = (&waits{}).times(ResponseTimesNote)
	}
	var names []string
	var scores []float64
	for _, a := range r.Agents {
		names = append(names, a.Name)
		scores = append(scores, a.Score)
	}
	var cats []string
	var catCounts []float64
	for _, c := range r.Categories {
		cats = append(cats, c.Category)
		catCounts = append(catCounts, float64(c.Findings))
	}
	agents := append([]*Agent(nil), r.Agents...)
	sort.SliceStable(agents, func(i, j int) bool { return agents[i].Score < agents[j].Score })
	ratings, err := ratingsHTML(r)
	if err != nil {
		return err
	}
	data := map[string]any{"Ratings": ratings,
		"R": r, "AgentBars": bars(names, scores), "CategoryBars": bars(cats, catCounts),
		"Trend":         chart{ID: "trend-chart", Label: "Findings per 1,000 words by " + r.PeriodKind, T: periodTrend(r.Periods)},
		"Shift":         chart{ID: "shift-chart", Label: "Findings per 1,000 words by hour into the shift", XTitle: "hours into the shift", T: shiftTrend(r.Shift)},
		"AgentsByScore": agents, "Repeats": repeatsByAgent(r),
		"AgentHeight": len(names)*26 + 10, "CategoryHeight": len(cats)*26 + 10,
	}
	return page.Execute(w, data)
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"num": num, "pct": pct, "join": strings.Join, "minus": func(a, b int) int { return a - b },
	"secs": seconds, "drift": drift, "rate": rate,
}).Parse(`{{define "chart"}}<svg id="{{.ID}}" role="img" aria-label="{{.Label}}" width="640" height="240">
{{range .T.Ticks}}<line class="grid" x1="{{$.T.Left}}" y1="{{.Y}}" x2="{{$.T.Right}}" y2="{{.Y}}"></line><text x="{{$.T.Left}}" dx="-6" y="{{.Y}}" dy="4" text-anchor="end">{{.Label}}</text>
{{end}}<line class="axis" x1="{{.T.Left}}" y1="{{.T.Top}}" x2="{{.T.Left}}" y2="{{.T.Bottom}}"></line><line class="axis" x1="{{.T.Left}}" y1="{{.T.Bottom}}" x2="{{.T.Right}}" y2="{{.T.Bottom}}"></line>
{{if .T.Single}}{{range .T.Points}}<g class="point" data-label="{{.Label}}" data-value="{{num .Value}}"><rect x="{{.X}}" y="{{.Y}}" width="60" height="{{minus $.T.Bottom .Y}}" transform="translate(-30 0)" fill="#a4161a"></rect><text x="{{.X}}" y="{{.Y}}" dy="-6" text-anchor="middle">{{num .Value}}</text><text x="{{.X}}" y="{{$.T.Bottom}}" dy="18" text-anchor="middle">{{.Label}}</text></g>{{end}}
{{else}}<polyline points="{{.T.Poly}}" fill="none" stroke="#a4161a" stroke-width="2"></polyline>
{{range .T.Points}}<g class="point" data-label="{{.Label}}" data-value="{{num .Value}}"><circle cx="{{.X}}" cy="{{.Y}}" r="4" fill="#a4161a"></circle><text x="{{.X}}" y="{{.Y}}" dy="-8" text-anchor="middle">{{num .Value}}</text>{{if .ShowLabel}}<text x="{{.X}}" y="{{$.T.Bottom}}" dy="18" text-anchor="middle">{{.Label}}</text>{{end}}</g>
{{end}}{{end}}<text x="{{.T.Left}}" y="12" text-anchor="middle">per 1,000 words</text>{{if .XTitle}}<text x="{{.T.Right}}" y="236" text-anchor="end">{{.XTitle}}</text>{{end}}</svg>{{end}}
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="generator" content="lexlint report"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>lexlint service-language report</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0;background:#fff}
main{max-width:64rem;margin:0 auto;padding:1.5rem}h1{margin:0 0 .5rem}h2{margin:2rem 0 .5rem;font-size:1.2rem}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{background:#f4f6f8;border-radius:.5rem;padding:.75rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;width:100%}th,td{padding:.35rem .5rem;border-bottom:1px solid #d8dde3;text-align:right}
th:first-child,td:first-child{text-align:left}th{cursor:pointer;background:#f4f6f8;white-space:nowrap;vertical-align:bottom}
th[aria-sort]::after{content:"↕";color:#4a5360;margin-left:.25rem}th[aria-sort=ascending]::after{content:"↑"}th[aria-sort=descending]::after{content:"↓"}
td{font-variant-numeric:tabular-nums}.axis{stroke:#4a5360;stroke-width:1}.grid{stroke:#d8dde3;stroke-width:1}
svg text{font:12px system-ui,sans-serif;fill:#1b1f24}.snip{color:#4a5360;font-size:.9rem;margin:.1rem 0 .1rem 1rem}.note{color:#4a5360}
</style></head><body><main>
<h1>Service-language report</h1>
<p class="note">{{.R.ScoreFormula}}. Customer text is not included.</p>
<section class="cards" aria-label="Summary">
<div class="card"><span>Score</span><b id="total-score" data-value="{{num .R.Totals.Score}}">{{num .R.Totals.Score}}</b></div>
<div class="card"><span>Conversations</span><b data-value="{{.R.Totals.Conversations}}">{{.R.Totals.Conversations}}</b></div>
<div class="card"><span>Agent messages</span><b id="total-messages" data-value="{{.R.Totals.Messages}}">{{.R.Totals.Messages}}</b></div>
<div class="card"><span>Findings per 1,000 words</span><b data-value="{{num .R.Totals.Per1000Words}}">{{num .R.Totals.Per1000Words}}</b></div>
<div class="card"><span>Findings</span><b id="total-findings" data-value="{{.R.Totals.Findings}}">{{.R.Totals.Findings}}</b></div>
</section>
<h2>Score per agent</h2>
<svg id="agent-chart" role="img" aria-label="Score per agent" width="640" height="{{.AgentHeight}}">
{{range .AgentBars}}<g class="bar" data-label="{{.Label}}" data-value="{{num .Value}}"><text x="0" y="{{.Y}}" dy="16">{{.Label}}</text><rect x="160" y="{{.Y}}" width="{{.Width}}" height="20" fill="#1d4ed8"></rect><text x="{{.Width}}" dx="166" y="{{.Y}}" dy="15">{{num .Value}}</text></g>
{{end}}<line class="axis" x1="160" y1="0" x2="160" y2="{{.AgentHeight}}"></line></svg>
<h2>Findings by category</h2>
<svg id="category-chart" role="img" aria-label="Findings by category" width="640" height="{{.CategoryHeight}}">
{{range .CategoryBars}}<g class="bar" data-label="{{.Label}}" data-value="{{.Value}}"><text x="0" y="{{.Y}}" dy="16">{{.Label}}</text><rect x="160" y="{{.Y}}" width="{{.Width}}" height="20" fill="#8a5a00"></rect><text x="{{.Width}}" dx="166" y="{{.Y}}" dy="15">{{.Value}}</text></g>
{{end}}<line class="axis" x1="160" y1="0" x2="160" y2="{{.CategoryHeight}}"></line></svg>
{{with .Trend}}{{if .T.Points}}<h2>Findings per 1,000 words by {{$.R.PeriodKind}}</h2>
{{if .T.Single}}<p class="note" id="trend-note">The report covers one {{$.R.PeriodKind}}, {{(index .T.Points 0).Label}}: {{num (index .T.Points 0).Value}} findings per 1,000 words. A trend needs two or more.</p>{{end}}
{{template "chart" .}}{{end}}{{end}}
<h2>Agents</h2>
<table id="agents"><thead><tr><th aria-sort="none">Agent</th><th aria-sort="none">Conversations</th><th aria-sort="none">Messages</th><th aria-sort="none">Words</th><th aria-sort="none">Errors</th><th aria-sort="none">Warnings</th><th aria-sort="none">Suggestions</th><th aria-sort="none">Per 1,000 words</th><th aria-sort="none">Score</th></tr></thead><tbody>
{{range .AgentsByScore}}<tr><td>{{.Name}}</td><td>{{.Conversations}}</td><td>{{.Messages}}</td><td>{{.Words}}</td><td>{{index .BySeverity "error"}}</td><td>{{index .BySeverity "warning"}}</td><td>{{index .BySeverity "suggestion"}}</td><td>{{num .Per1000Words}}</td><td>{{num .Score}}</td></tr>
{{end}}</tbody></table>
<section id="insights">
{{with .Shift}}{{if .T.Points}}<h2>Findings per 1,000 words by hour into the shift</h2>
<p class="note">A shift is an agent's run of messages with no gap longer than {{$.R.ShiftPause}}; hour 0 is its first hour. A rising line means wording slips as shifts wear on.</p>
{{template "chart" .}}{{end}}{{end}}
<h2>Agents through their shifts and conversations</h2>
<table id="agent-insights"><thead><tr><th>Agent</th><th>First third</th><th>Last third</th><th>Shift drift</th><th>Repeated sentences</th><th>Name overuse</th><th>Register mix</th></tr></thead><tbody>
{{range .R.Agents}}<tr data-agent="{{.Name}}"><td>{{.Name}}</td><td>{{rate .ShiftDrift.FirstRate .ShiftDrift.FirstWords}}</td><td>{{rate .ShiftDrift.LastRate .ShiftDrift.LastWords}}</td><td class="drift">{{drift .ShiftDrift}}</td><td class="repeated">{{with index $.Repeats .Name}}{{pct .Share}}{{else}}-{{end}}</td><td class="names">{{.NameOveruse}}</td><td class="register">{{.RegisterMix}}</td></tr>
{{end}}</tbody></table>
<p class="note">First and last third: findings per 1,000 words (and the words behind them) in the first and last third of the agent's shifts; shift drift is the last over the first, given 500 words or more in each. Repeated sentences: the share of the agent's sentences of six words or more sent word for word in three or more conversations. Name overuse: conversations where the agent said the customer's name more than the threshold. Register mix: Dutch replies that address the customer as "u" and as "je".</p>
<h2>Response times</h2>
<p class="note">{{.R.ResponseTimes.Note}}.</p>
<table id="response-times"><thead><tr><th></th><th>First responses</th><th>First response median</th><th>90th percentile</th><th>Replies</th><th>Reply median</th><th>90th percentile</th></tr></thead><tbody>
<tr data-agent="(team)"><td>Team</td><td>{{.R.ResponseTimes.FirstResponses}}</td><td>{{secs .R.ResponseTimes.FirstMedian}}</td><td>{{secs .R.ResponseTimes.FirstP90}}</td><td>{{.R.ResponseTimes.Replies}}</td><td>{{secs .R.ResponseTimes.ReplyMedian}}</td><td>{{secs .R.ResponseTimes.ReplyP90}}</td></tr>
{{range .R.Agents}}<tr data-agent="{{.Name}}"><td>{{.Name}}</td><td>{{.ResponseTimes.FirstResponses}}</td><td>{{secs .ResponseTimes.FirstMedian}}</td><td>{{secs .ResponseTimes.FirstP90}}</td><td>{{.ResponseTimes.Replies}}</td><td>{{secs .ResponseTimes.ReplyMedian}}</td><td>{{secs .ResponseTimes.ReplyP90}}</td></tr>
{{end}}</tbody></table>
{{if .R.Repetition}}<h2>Sentences sent to everyone</h2>
{{range .R.Repetition}}{{if .Top}}<p><b>{{.Agent}}</b>: {{.Repeated}} of {{.Sentences}} sentences ({{pct .Share}}) were sent in three or more conversations.</p>
{{range .Top}}<p class="snip repeated-sentence">“{{.Text}}” in {{.Conversations}} conversations</p>{{end}}{{end}}{{end}}{{end}}
</section>{{.Ratings}}
{{if .R.Coverage}}<h2>Good habits</h2><table><thead><tr><th>Rule</th><th>Scope</th><th>Checked</th><th>Met</th><th>Share</th></tr></thead><tbody>
{{range .R.Coverage}}<tr><td>{{.Rule}}</td><td>{{.Scope}}</td><td>{{.Checked}}</td><td>{{.Met}}</td><td>{{pct .Share}}</td></tr>{{end}}</tbody></table>{{end}}
<h2>Most frequent discouraged phrases</h2>
{{range .R.Phrases}}<p><b>“{{.Phrase}}”</b> × {{.Count}} ({{.Rule}}){{if .Suggestions}}: try “{{index .Suggestions 0}}”{{end}}</p>
{{range .Snippets}}<p class="snip">{{.}}</p>{{end}}{{end}}
<h2>Conversations to coach first</h2>
<table><thead><tr><th>Conversation</th><th>File</th><th>Agents</th><th>Findings</th><th>Score</th></tr></thead><tbody>
{{range .R.Worst}}<tr><td>{{.ID}}</td><td>{{.File}}</td><td>{{join .Agents ", "}}</td><td>{{.Findings}}</td><td>{{num .Score}}</td></tr>{{end}}</tbody></table>
</main>
<script>
document.querySelectorAll("#agents th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0];
    var asc = th.getAttribute("aria-sort") !== "ascending";
    document.querySelectorAll("#agents th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].textContent, y = b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y) : nx - ny;
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>
</body></html>
`))
