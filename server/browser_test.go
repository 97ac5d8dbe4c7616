package server

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/internal/browser"
	"github.com/lexlint/lexlint/lexicon"
)

// TestBrowser types a draft into the page in a real headless Chromium, waits
// for the highlight, applies a suggestion with a click and checks that the
// text was replaced. The screenshot is stored as a test artifact in
// $LEXLINT_ARTIFACTS (default: a temporary directory).
func TestBrowser(t *testing.T) {
	srv := httptest.NewServer(New(engine(t, lexicon.BuiltinRefs()...), Config{}))
	defer srv.Close()
	ctx, consoleErrors := browser.Start(t, 1100, 900)
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("browser: %s: %v", what, err)
		}
	}
	step("open the page", chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#draft"),
		chromedp.Click("#draft"),
		chromedp.SendKeys("#draft", "Hi Sam! No problem. That's company policy, I'm afraid."),
		// The debounced check highlights the discouraged wording.
		chromedp.WaitVisible("#findings li.warning"),
	))
	marked, err := chromedp.Run(ctx, chromedp.Text("#backdrop mark.warning"))
	step("read the highlight", err)
	summary, err := chromedp.Run(ctx, chromedp.Text("#summary"))
	step("read the summary", err)
	screenshot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	step("screenshot", err)
	// Keyboard focus on the finding, then apply the fix of "no problem".
	step("apply a suggestion", chromedp.Do(ctx,
		chromedp.Focus("#findings li.suggestion"),
		chromedp.Click("#findings li.suggestion button.apply"),
		chromedp.Sleep(600*time.Millisecond),
	))
	after, err := chromedp.Run(ctx, chromedp.Value("#draft"))
	step("read the draft", err)
	if !strings.Contains(marked, "company policy") {
		t.Errorf("highlighted %q", marked)
	}
	if !strings.Contains(summary, "suggestion") {
		t.Errorf("summary %q", summary)
	}
	if !strings.HasPrefix(after, "Hi Sam! Happy to help. That's company policy") {
		t.Errorf("after applying the suggestion the draft reads %q", after)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	dir := os.Getenv("LEXLINT_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "serve-page.png")
	if err := os.WriteFile(shot, screenshot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
}
