package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed; .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("Chromium not installed (apt-get install chromium)")
	return ""
}

// renderInBrowser opens an HTML file in headless Chromium and returns a
// context to query it, with the console errors seen so far.
func renderInBrowser(t *testing.T, file string) (context.Context, func() []string) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1100, 1400),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	var mu sync.Mutex
	var errs []string
	ctx, cancel2 := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				errs = append(errs, fmt.Sprint(e.Args))
			}
		case *runtime.EventExceptionThrown:
			errs = append(errs, e.ExceptionDetails.Text)
		}
	}))
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	abs, _ := filepath.Abs(file)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+abs), chromedp.WaitVisible("#agent-chart")); err != nil {
		t.Fatal(err)
	}
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), errs...) }
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
