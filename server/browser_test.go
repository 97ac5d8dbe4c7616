package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/lexicon"
)

// chromium finds Debian's Chromium. Without it the browser test is skipped,
// except in CI (CI=true), whose .ci/run installs it.
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

// TestBrowser types a draft into the page in a real headless Chromium, waits
// for the highlight, applies a suggestion with a click and checks that the
// text was replaced. The screenshot is stored as a test artifact in
// $LEXLINT_ARTIFACTS (default: a temporary directory).
func TestBrowser(t *testing.T) {
	path := chromium(t)
	srv := httptest.NewServer(New(engine(t, lexicon.BuiltinRefs()...), Config{}))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	var mu sync.Mutex
	var consoleErrors []string
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				msg = fmt.Sprintf("console.error: %v", e.Args)
			}
		case *runtime.EventExceptionThrown:
			msg = "exception: " + e.ExceptionDetails.Text
		}
		if msg != "" {
			mu.Lock()
			consoleErrors = append(consoleErrors, msg)
			mu.Unlock()
		}
	}))
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

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
	mu.Lock()
	defer mu.Unlock()
	if len(consoleErrors) > 0 {
		t.Errorf("console errors: %v", consoleErrors)
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
