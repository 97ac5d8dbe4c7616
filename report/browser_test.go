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
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if dir := os.Getenv("LEXLINT_ARTIFACTS"); dir != "" {
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err == nil {
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "report.png"), shot, 0o644)
		}
	}
}
