package server

import (
	"fmt"
	"net/http/httptest"
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
	if summary != "1 to consider, 2 ideas (en)." {
		t.Errorf("summary %q, want the counts in words: 1 to consider, 2 ideas (en).", summary)
	}
	if !strings.HasPrefix(after, "Hi Sam! Happy to help. That's company policy") {
		t.Errorf("after applying the suggestion the draft reads %q", after)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	browser.Keep(t, "serve-page.png", screenshot)
}

// TestBrowserOverlap checks that the page marks every finding where two
// overlap: the shared words are one mark that names both findings (in the
// worse one's colour), hovering either finding lights its whole match, and
// the summary counts them by severity in words.
func TestBrowserOverlap(t *testing.T) {
	srv := httptest.NewServer(New(engine(t, "testdata/overlap.yaml"), Config{}))
	defer srv.Close()
	ctx, consoleErrors := browser.Start(t, 1100, 900)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#draft"),
		chromedp.SendKeys("#draft", "That's company policy, I'm afraid."),
		chromedp.WaitVisible("#findings li.error"),
	); err != nil {
		t.Fatal(err)
	}
	type mark struct{ Text, Class, I string }
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]mark](`[...document.querySelectorAll('#backdrop mark')].map((m) => ({text: m.textContent, class: m.className, i: m.dataset.i}))`))
	if err != nil {
		t.Fatal(err)
	}
	want := []mark{{"company ", "warning", "0"}, {"policy", "error overlap", "0 1"}, {", I'm afraid", "error", "1"}}
	if fmt.Sprint(marks) != fmt.Sprint(want) {
		t.Errorf("marks %v, want %v", marks, want)
	}
	lit, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		document.querySelectorAll('#findings li')[0].dispatchEvent(new Event('mouseenter'));
		return [...document.querySelectorAll('#backdrop mark.active')].map((m) => m.textContent).join('');
	})()`))
	if err != nil || lit != "company policy" {
		t.Errorf("hovering the first finding lights %q (%v), want its whole match", lit, err)
	}
	summary, err := chromedp.Run(ctx, chromedp.Text("#summary"))
	if err != nil || summary != "1 to fix, 1 to consider (en)." {
		t.Errorf("summary %q (%v)", summary, err)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
