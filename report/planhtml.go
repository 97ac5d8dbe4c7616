package report

import (
	"encoding/json"
	"html/template"
	"io"
	"math"
	"strconv"
)

// WritePlanJSON writes a plan as JSON; the next plan reads its goals with
// --goals.
func WritePlanJSON(w io.Writer, p *Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

// WritePlanHTML writes a plan as one self-contained page, for reading on
// screen and printing.
func WritePlanHTML(w io.Writer, p *Plan) error {
	return planPage.Execute(w, struct {
		*Plan
		T *texts
	}{p, planTexts(p.Language)})
}

// barWidth is the width in percent of a value on a scale up to top.
func barWidth(v, top float64) float64 {
	if top <= 0 {
		return 0
	}
	return math.Round(math.Max(1, v*100/top)*10) / 10
}

var planPage = template.Must(template.New("plan").Funcs(template.FuncMap{
	"num":  func(t *texts, x float64) string { return t.num(x) },
	"secs": seconds,
	"bar":  barWidth,
	"max":  math.Max,
	"inc":  func(i int) int { return i + 1 },
	"rating": func(t *texts, m *float64) string {
		if m == nil {
			return t.None
		}
		return t.num(*m)
	},
	"pct": func(x float64) string { return strconv.FormatFloat(100*x, 'f', 0, 64) + "%" },
	"drift": func(t *texts, d *Drift) string {
		if d == nil || d.Ratio == nil {
			return t.TooFew
		}
		return t.num(*d.Ratio) + "×"
	},
	"teamHour": func(t *texts, team []*ShiftHour, h int) string {
		for _, x := range team {
			if x.Hour == h {
				return t.num(x.Per1000Words)
			}
		}
		return "-"
	},
	"peak": func(hours []*ShiftHour, team []*ShiftHour) float64 {
		top := 0.0
		for _, h := range append(append([]*ShiftHour{}, hours...), team...) {
			top = math.Max(top, h.Per1000Words)
		}
		return top
	},
}).Parse(`<!DOCTYPE html>
<html lang="{{.Language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}: {{.Agent}}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #1d232b; max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { margin-bottom: 0; } h2 { border-bottom: 2px solid #dfe5ec; padding-bottom: .2rem; margin-top: 2rem; }
.intro { color: #4a5563; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.card { border: 1px solid #dfe5ec; border-radius: 8px; padding: .6rem 1rem; min-width: 11rem; }
.card b { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eef1f5; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bars { width: 40%; } .bar { height: .6rem; border-radius: 3px; margin: .15rem 0; }
.bar.you { background: #c2410c; } .bar.team { background: #94a3b8; }
ol.goals li { margin: .4rem 0; font-weight: 600; }
.sentence { border-left: 4px solid #c2410c; background: #fff7ed; padding: .5rem .8rem; margin: .6rem 0; break-inside: avoid; }
.sentence q { font-style: italic; } mark { background: #fed7aa; }
.sentence .rewrite { border-left: 4px solid #15803d; background: #f0fdf4; padding: .3rem .6rem; margin-top: .3rem; }
.met { color: #15803d; font-weight: 600; } .notmet { color: #b91c1c; font-weight: 600; }
.legend span { display: inline-block; width: .8rem; height: .6rem; margin: 0 .3rem 0 1rem; }
.note { color: #6b7280; font-size: .85rem; margin-top: 2rem; }
@media print { body { max-width: none; padding: 0; font-size: 12px; } h2 { break-after: avoid; } .sentence, table { break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{.T.Title}}: <span id="agent">{{.Agent}}</span></h1>
<p class="intro">{{.T.Intro}}</p>
<div class="cards">
<div class="card">{{.T.Findings}} {{.T.Per1000}}<b id="rate">{{num .T .Per1000Words}}</b>{{.T.Team}}: {{num .T .TeamPer1000}}</div>
<div class="card">{{.T.Score}}<b id="score">{{num .T .Score}}</b>{{.T.Team}}: {{num .T .TeamScore}}</div>
<div class="card">{{.T.Words}}<b>{{.Words}}</b>{{.Messages}} {{.T.Messages}}</div>
</div>

<h2>{{.T.Goals}}</h2>
<ol class="goals" id="goals">{{range .Goals}}<li data-metric="{{.Metric}}" data-subject="{{.Subject}}" data-target="{{.Target}}">{{.Text}}</li>{{end}}</ol>
{{if .Checked}}<h2>{{.T.Previous}}</h2>
<table id="previous"><thead><tr><th>{{.T.Goal}}</th><th>{{.T.Now}}</th><th>{{.T.Status}}</th></tr></thead><tbody>
{{range .Checked}}<tr data-met="{{.Met}}"><td>{{.Text}}</td><td class="n">{{if .Now}}{{num $.T .Now}}{{else}}-{{end}}</td><td class="{{if .Met}}met{{else}}notmet{{end}}">{{.Status}}</td></tr>
{{end}}</tbody></table>{{end}}

<h2>{{.T.Weak}}</h2>
<p class="legend"><span class="bar you"></span>{{.T.You}}<span class="bar team"></span>{{.T.Team}}</p>
{{if not .Weak}}<p>{{.T.WeakNone}}</p>{{end}}
<div id="weak">{{range $i, $w := .Weak}}
<section class="weak" data-category="{{.Category}}" data-value="{{.Per1000}}" data-team="{{.TeamPer1000}}">
<h3>{{inc $i}}. {{.Category}}: {{num $.T .Per1000}} {{$.T.Per1000}} ({{$.T.Team}}: {{num $.T .TeamPer1000}})</h3>
<div class="bar you" style="width: {{bar .Per1000 (max .Per1000 .TeamPer1000)}}%"></div>
<div class="bar team" style="width: {{bar .TeamPer1000 (max .Per1000 .TeamPer1000)}}%"></div>
{{if .Sentences}}<h4>{{$.T.Sentences}}</h4>{{end}}
{{range .Sentences}}<div class="sentence" data-rule="{{.Rule}}"><q>{{.Before}}<mark>{{.Match}}</mark>{{.After}}</q>
<div><b>{{$.T.Reason}}:</b> {{.Reason}}</div>
<div class="rewrite"><b>{{$.T.Rewrite}}:</b> {{.Rewrite}}</div></div>
{{end}}</section>{{end}}</div>

<h2>{{.T.Strengths}}</h2>
{{if .Strengths}}<table id="strengths"><thead><tr><th>{{.T.Group}}</th><th>{{.T.Category}}</th><th>{{.T.You}}</th><th>{{.T.Team}}</th></tr></thead><tbody>
{{range .Strengths}}<tr><td>{{.Group}}</td><td>{{.Category}}</td><td class="n">{{num $.T .Per1000}}</td><td class="n">{{num $.T .TeamPer1000}}</td></tr>
{{end}}</tbody></table>{{else}}<p>{{.T.StrengthsNone}}</p>{{end}}

<h2>{{.T.Times}}</h2>
<table id="times"><thead><tr><th></th><th>{{.T.First}} ({{.T.Median}})</th><th>{{.T.First}} ({{.T.P90}})</th><th>{{.T.ReplyTime}} ({{.T.Median}})</th><th>{{.T.ReplyTime}} ({{.T.P90}})</th></tr></thead><tbody>
<tr><td>{{.T.You}}</td><td class="n">{{secs .ResponseTimes.FirstMedian}}</td><td class="n">{{secs .ResponseTimes.FirstP90}}</td><td class="n">{{secs .ResponseTimes.ReplyMedian}}</td><td class="n">{{secs .ResponseTimes.ReplyP90}}</td></tr>
<tr><td>{{.T.Team}}</td><td class="n">{{secs .TeamTimes.FirstMedian}}</td><td class="n">{{secs .TeamTimes.FirstP90}}</td><td class="n">{{secs .TeamTimes.ReplyMedian}}</td><td class="n">{{secs .TeamTimes.ReplyP90}}</td></tr>
</tbody></table>

{{if .Rating}}<h2>{{.T.Ratings}}</h2>
<table id="ratings"><thead><tr><th></th><th>{{.T.RatingMean}}</th><th>{{.T.RatedShare}}</th></tr></thead><tbody>
<tr><td>{{.T.You}}</td><td class="n">{{rating .T .Rating.Mean}}</td><td class="n">{{pct .Rating.Share}} ({{.Rating.Rated}})</td></tr>
<tr><td>{{.T.Team}}</td><td class="n">{{rating .T .TeamRating.Mean}}</td><td class="n">{{pct .TeamRating.Share}} ({{.TeamRating.Rated}})</td></tr>
</tbody></table>
<p class="note">{{.T.RatingNote}}</p>{{end}}

<h2>{{.T.Shift}}</h2>
<p>{{.T.DriftLabel}}: <b id="drift">{{drift .T .Drift}}</b></p>
{{$peak := peak .Shift .TeamShift}}
<table id="shift"><thead><tr><th>{{.T.Hour}}</th><th class="bars"></th><th>{{.T.You}}</th><th>{{.T.Team}}</th></tr></thead><tbody>
{{range .Shift}}<tr data-hour="{{.Hour}}" data-value="{{.Per1000Words}}"><td>{{.Hour}}</td><td class="bars"><div class="bar you" style="width: {{bar .Per1000Words $peak}}%"></div></td><td class="n">{{num $.T .Per1000Words}}</td><td class="n">{{teamHour $.T $.TeamShift .Hour}}</td></tr>
{{end}}</tbody></table>

<h2>{{.T.Trend}}</h2>
<table id="trend"><thead><tr><th>{{.T.Period}}</th><th>{{.T.Words}}</th><th>{{.T.Findings}}</th><th>{{.T.You}} {{.T.Per1000}}</th><th>{{.T.Team}} {{.T.Per1000}}</th><th>{{.T.Score}}</th></tr></thead><tbody>
{{range .Trend}}<tr data-period="{{.Period}}" data-value="{{.Per1000}}"><td>{{.Period}}</td><td class="n">{{.Words}}</td><td class="n">{{.Findings}}</td><td class="n">{{num $.T .Per1000}}</td><td class="n">{{num $.T .TeamPer1000}}</td><td class="n">{{num $.T .Score}}</td></tr>
{{end}}</tbody></table>
<p class="note">{{.Note}} {{.Generated}}</p>
</body>
</html>
`))
