package report

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/lexlint/lexlint/output"
)

// opt4 writes an optional figure, "" for none.
func opt4(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 4, 64)
}

// signed writes a difference with its sign.
func signed(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%+.3f", *v)
}

// interval writes a confidence interval.
func interval(e *Effect) string {
	if e.Low == nil {
		return "-"
	}
	return fmt.Sprintf("[%+.3f, %+.3f]", *e.Low, *e.High)
}

// scales lists the scales of the ratings read with their counts.
func scales(r *Ratings) string {
	var parts []string
	for s, n := range r.Scales {
		parts = append(parts, fmt.Sprintf("%s x%d", s, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// verdict says in words what an effect shows.
func verdict(e *Effect) string {
	switch {
	case e.TooFew:
		return fmt.Sprintf("too few ratings (%d with, %d without; %d each needed)", e.With, e.Without, MinRated)
	case e.Significant && *e.Difference < 0:
		return "rated lower"
	case e.Significant:
		return "rated higher"
	}
	return "no clear difference"
}

// writeRatingsText writes the ratings section of the text report.
func writeRatingsText(tw io.Writer, r *Report, section func(string)) {
	rt := r.Ratings
	if rt == nil {
		return
	}
	section("Customer ratings and wording")
	fmt.Fprintf(tw, "%d of %d conversations rated (%s), mean rating %.3f on 0 (worst) to 1 (best).\n", rt.Rated, rt.Conversations, scales(rt), rt.Mean)
	fmt.Fprintln(tw, "kind\tcategory or entry\trated with\twithout\tmean with\tmean without\tdifference\t95% interval\tq\t\t")
	for _, e := range rt.Effects {
		mw, mwo, q := "-", "-", "-"
		if e.MeanWith != nil {
			mw, mwo, q = fmt.Sprintf("%.3f", *e.MeanWith), fmt.Sprintf("%.3f", *e.MeanWithout), fmt.Sprintf("%.4f", *e.Q)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", e.Kind, e.Name, e.With, e.Without, mw, mwo, signed(e.Difference), interval(e), q, verdict(e))
	}
	fmt.Fprintln(tw, rt.Note+".")
	section("Agents' ratings")
	fmt.Fprintln(tw, "agent\tconversations\trated\trated share\tmean rating\tper 1,000 words\tfirst response median\t")
	for _, a := range r.Agents {
		ar := a.Rating
		if ar == nil {
			continue
		}
		mean := "-"
		if ar.Mean != nil {
			mean = fmt.Sprintf("%.3f", *ar.Mean)
		}
		first := "-"
		if a.ResponseTimes != nil {
			first = seconds(a.ResponseTimes.FirstMedian)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t\n", output.Visible(a.Name), a.Conversations, ar.Rated, pct(ar.Share), mean, num(a.Per1000Words), first)
	}
}

// ratingHeader is the header of report -f csv --by rating.
func ratingHeader() []string {
	return []string{"kind", "name", "category", "rated_with", "rated_without", "mean_with", "mean_without", "difference",
		"ci_low", "ci_high", "p", "q", "significant", "too_few", "rated_share"}
}

// writeRatingCSV writes a row per category and entry compared, then one
// per agent (kind agent: rated_with is the agent's rated conversations,
// mean_with their mean rating).
func writeRatingCSV(w *csv.Writer, r *Report) {
	rt := r.Ratings
	if rt == nil {
		return
	}
	for _, e := range rt.Effects {
		w.Write([]string{e.Kind, e.Name, e.Category, strconv.FormatInt(e.With, 10), strconv.FormatInt(e.Without, 10),
			opt4(e.MeanWith), opt4(e.MeanWithout), opt4(e.Difference), opt4(e.Low), opt4(e.High), opt4(e.P), opt4(e.Q),
			strconv.FormatBool(e.Significant), strconv.FormatBool(e.TooFew), ""})
	}
	for _, a := range r.Agents {
		if ar := a.Rating; ar != nil {
			w.Write([]string{"agent", a.Name, "", strconv.FormatInt(ar.Rated, 10), "", opt4(ar.Mean), "", "", "", "", "", "", "", "",
				strconv.FormatFloat(ar.Share, 'f', 4, 64)})
		}
	}
}

// ratingRow is one compared effect on the chart: a dot at the difference
// and a line across its interval.
type ratingRow struct {
	E                 *Effect
	Y, X, Low, High   int
	Color, Label, Alt string
}

// ratingChart lays out the compared effects on a 640-wide chart whose x
// axis is the difference in mean rating, zero at Zero.
type ratingChart struct {
	Rows         []ratingRow
	Height, Zero int
	Ticks        []tick // Y holds the x position
	TooFew       []*Effect
}

const (
	chartLeft  = 250
	chartRight = 620
)

func newRatingChart(rt *Ratings) ratingChart {
	c := ratingChart{}
	span := 0.0
	for _, e := range rt.Effects {
		if e.TooFew {
			c.TooFew = append(c.TooFew, e)
			continue
		}
		span = max(span, -*e.Low, *e.High)
	}
	span = niceCeil(span)
	x := func(v float64) int {
		return chartLeft + int((v+span)/(2*span)*float64(chartRight-chartLeft))
	}
	c.Zero = x(0)
	for _, v := range []float64{-span, -span / 2, 0, span / 2, span} {
		c.Ticks = append(c.Ticks, tick{Label: fmt.Sprintf("%+.2f", v), Y: x(v)})
	}
	for _, e := range rt.Effects {
		if e.TooFew {
			continue
		}
		color := "#6b7280"
		if e.Significant {
			color = "#a4161a"
			if *e.Difference > 0 {
				color = "#1d6b3a"
			}
		}
		y := 24 + len(c.Rows)*24
		c.Rows = append(c.Rows, ratingRow{E: e, Y: y, X: x(*e.Difference), Low: x(*e.Low), High: x(*e.High), Color: color,
			Label: e.Kind + " " + e.Name, Alt: fmt.Sprintf("%s %s: %s %s, %s", e.Kind, e.Name, signed(e.Difference), interval(e), verdict(e))})
	}
	c.Height = 24 + len(c.Rows)*24 + 30
	return c
}

var ratingsPage = template.Must(template.New("ratings").Funcs(template.FuncMap{
	"minus": func(a, b int) int { return a - b }, "signed": signed, "interval": interval, "verdict": verdict, "scales": scales, "num": num, "pct": pct, "secs": seconds,
	"f3": func(v *float64) string {
		if v == nil {
			return "-"
		}
		return fmt.Sprintf("%.3f", *v)
	},
	"q": func(v *float64) string {
		if v == nil {
			return "-"
		}
		return fmt.Sprintf("%.4f", *v)
	},
}).Parse(`{{with .R.Ratings}}<section id="ratings">
<h2>Customer ratings and wording</h2>
<p>{{.Rated}} of {{.Conversations}} conversations rated ({{scales .}}); mean rating {{printf "%.3f" .Mean}} on 0 (worst) to 1 (best).</p>
{{if $.Chart.Rows}}<svg id="rating-chart" role="img" aria-label="Difference in mean rating with and without each category's and entry's findings, with 95% intervals" width="640" height="{{$.Chart.Height}}">
{{range $.Chart.Ticks}}<line class="grid" x1="{{.Y}}" y1="14" x2="{{.Y}}" y2="{{minus $.Chart.Height 24}}"></line><text x="{{.Y}}" y="{{$.Chart.Height}}" dy="-8" text-anchor="middle">{{.Label}}</text>
{{end}}<line class="axis" x1="{{$.Chart.Zero}}" y1="10" x2="{{$.Chart.Zero}}" y2="{{minus $.Chart.Height 24}}"></line>
{{range $.Chart.Rows}}<g class="effect{{if .E.Significant}} significant{{end}}" data-kind="{{.E.Kind}}" data-name="{{.E.Name}}" data-value="{{signed .E.Difference}}" data-low="{{signed .E.Low}}" data-high="{{signed .E.High}}"><title>{{.Alt}}</title><text x="0" y="{{.Y}}" dy="4">{{.Label}}</text><line x1="{{.Low}}" y1="{{.Y}}" x2="{{.High}}" y2="{{.Y}}" stroke="{{.Color}}" stroke-width="2"></line><line x1="{{.Low}}" y1="{{minus .Y 5}}" x2="{{.Low}}" y2="{{minus .Y -5}}" stroke="{{.Color}}"></line><line x1="{{.High}}" y1="{{minus .Y 5}}" x2="{{.High}}" y2="{{minus .Y -5}}" stroke="{{.Color}}"></line><circle cx="{{.X}}" cy="{{.Y}}" r="5" fill="{{.Color}}"></circle></g>
{{end}}<text x="{{$.Chart.Zero}}" y="10" text-anchor="middle">rated lower ← 0 → rated higher</text></svg>
{{else}}<p class="note">No category or entry has {{.MinRated}} rated conversations with its findings and {{.MinRated}} without, so none is compared.</p>{{end}}
{{if $.Chart.TooFew}}<details id="too-few"><summary>Too few ratings to compare {{len $.Chart.TooFew}} categories and entries: fewer than {{.MinRated}} rated conversations with their findings, or without.</summary><p>{{range $i, $e := $.Chart.TooFew}}{{if $i}}, {{end}}<span class="too-few" data-name="{{.Name}}">{{.Kind}} {{.Name}} ({{.With}} with, {{.Without}} without)</span>{{end}}.</p></details>{{end}}
<table id="rating-effects"><thead><tr><th>Category or entry</th><th>Rated with</th><th>Without</th><th>Mean with</th><th>Mean without</th><th>Difference</th><th>95% interval</th><th>q</th><th>Reading</th></tr></thead><tbody>
{{range .Effects}}{{if not .TooFew}}<tr data-name="{{.Name}}"><td>{{.Kind}} {{.Name}}</td><td>{{.With}}</td><td>{{.Without}}</td><td>{{f3 .MeanWith}}</td><td>{{f3 .MeanWithout}}</td><td>{{signed .Difference}}</td><td style="white-space:nowrap">{{interval .}}</td><td>{{q .Q}}</td><td>{{verdict .}}</td></tr>
{{end}}{{end}}</tbody></table>
<p class="note">{{.Note}}.</p>
<h2>Agents' ratings</h2>
<table id="agent-ratings"><thead><tr><th>Agent</th><th>Conversations</th><th>Rated</th><th>Rated share</th><th>Mean rating</th><th>Per 1,000 words</th><th>First response median</th></tr></thead><tbody>
{{range $a := $.R.Agents}}{{with $a.Rating}}<tr data-agent="{{$a.Name}}"><td>{{$a.Name}}</td><td>{{$a.Conversations}}</td><td>{{.Rated}}</td><td>{{pct .Share}}</td><td>{{f3 .Mean}}</td><td>{{num $a.Per1000Words}}</td><td>{{if $a.ResponseTimes}}{{secs $a.ResponseTimes.FirstMedian}}{{else}}-{{end}}</td></tr>
{{end}}{{end}}</tbody></table>
</section>{{end}}`))

// ratingsHTML is the ratings section of the HTML report.
func ratingsHTML(r *Report) (template.HTML, error) {
	if r.Ratings == nil {
		return "", nil
	}
	var b strings.Builder
	err := ratingsPage.Execute(&b, map[string]any{"R": r, "Chart": newRatingChart(r.Ratings)})
	return template.HTML(b.String()), err
}
