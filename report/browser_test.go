package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/internal/browser"
)

// renderInBrowser opens an HTML file in headless Chromium and returns a
// context to query it, with the console errors seen so far.
func renderInBrowser(t *testing.T, file string) (context.Context, func() []string) {
	ctx, consoleErrors := browser.Start(t, 1100, 1400)
	abs, _ := filepath.Abs(file)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+abs), chromedp.WaitVisible("#agent-chart")); err != nil {
		t.Fatal(err)
	}
	return ctx, consoleErrors
}

// TestHTMLInBrowser renders the HTML report in a real browser, checks that
// it has no console errors, that the charts hold the numbers of the report,
// and that the agent table sorts when a header is clicked.
func TestHTMLInBrowser(t *testing.T) {
	r := sampleReport(t)
	file := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(f, r); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, consoleErrors := renderInBrowser(t, file)
	for _, a := range r.Agents {
		got, err := chromedp.Run(ctx, chromedp.AttributeValue(fmt.Sprintf(`#agent-chart g[data-label="%s"]`, a.Name), "data-value"))
		if err != nil {
			t.Fatalf("agent %s: %v", a.Name, err)
		}
		if v, _ := strconv.ParseFloat(got.Value, 64); v != a.Score {
			t.Errorf("agent %s: chart %s, report %v", a.Name, got.Value, a.Score)
		}
	}
	for _, c := range r.Categories {
		got, err := chromedp.Run(ctx, chromedp.AttributeValue(fmt.Sprintf(`#category-chart g[data-label="%s"]`, c.Category), "data-value"))
		if err != nil || got.Value != strconv.Itoa(c.Findings) {
			t.Errorf("category %s: chart %q (%v), report %d", c.Category, got.Value, err, c.Findings)
		}
	}
	total, err := chromedp.Run(ctx, chromedp.Text("#total-findings"))
	if err != nil || total != strconv.Itoa(r.Totals.Findings) {
		t.Errorf("total findings %q, report %d", total, r.Totals.Findings)
	}
	// Sorting: click "Agent" twice; the first row becomes the last name.
	// (The click is dispatched by script: the table sits below the fold.)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const th = document.querySelector("#agents th"); th.click(); th.click(); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Text("#agents tbody tr td"))
	if err != nil || first != r.Agents[len(r.Agents)-1].Name {
		t.Errorf("after sorting, first agent %q (%v), want %s", first, err, r.Agents[len(r.Agents)-1].Name)
	}
	// What people look at: a zero score is still a bar, the sort arrows
	// stay on the header line, one period is a bar with its value and a
	// sentence, not a lone dot.
	look, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`(() => {
		const heights = [...document.querySelectorAll("#agents th")].map((th) => th.getBoundingClientRect().height);
		const zero = [...document.querySelectorAll("#agent-chart g")].find((g) => g.dataset.value === "0.00");
		return {thMax: Math.max(...heights), thMin: Math.min(...heights),
			zeroBar: zero ? zero.querySelector("rect").getBoundingClientRect().width : -1,
			trendBars: document.querySelectorAll("#trend-chart g.point rect").length,
			ticks: document.querySelectorAll("#trend-chart line.grid").length,
			note: document.getElementById("trend-note") ? 1 : 0};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if look["thMax"] > look["thMin"]+1 || look["thMax"] > 40 {
		t.Errorf("header cells of %v to %v px: the sort arrows wrapped", look["thMin"], look["thMax"])
	}
	if look["zeroBar"] < 2 {
		t.Errorf("an agent at score 0 has a bar %v px wide", look["zeroBar"])
	}
	if len(r.Periods) == 1 && (look["trendBars"] != 1 || look["note"] != 1 || look["ticks"] != 5) {
		t.Errorf("one period: %v bars, %v notes, %v ticks; want a bar, a sentence and an axis", look["trendBars"], look["note"], look["ticks"])
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if browser.Artifacts() != "" {
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		browser.Keep(t, "report.png", shot)
	}
}
