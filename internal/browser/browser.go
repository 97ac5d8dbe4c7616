// Package browser starts Debian's headless Chromium for lexlint's browser
// tests (the serve page and the HTML report), with the flags this
// workplace's closed network needs, and collects console errors.
package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Path finds Chromium. Without it the test is skipped, except in CI
// (CI=true), whose .ci/run installs it.
func Path(t testing.TB) string {
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

// WithExtension loads the unpacked extension in dir (and no other).
func WithExtension(dir string) chromedp.ExecAllocatorOption {
	return func(a *chromedp.ExecAllocator) {
		chromedp.Flag("disable-extensions", false)(a)
		chromedp.Flag("headless", "new")(a)
		chromedp.Flag("load-extension", dir)(a)
		chromedp.Flag("disable-extensions-except", dir)(a)
	}
}

// Start starts a headless Chromium with a window of width x height and
// returns a context for chromedp actions (ended with the test, or after a
// minute) and a func that returns the console errors and uncaught
// exceptions seen so far. extra options come after the defaults
// (WithExtension loads one).
func Start(t testing.TB, width, height int, extra ...chromedp.ExecAllocatorOption) (context.Context, func() []string) {
	return StartFor(t, time.Minute, width, height, extra...)
}

// StartFor is Start for tests that share one browser for longer than a
// minute: its context ends after d.
func StartFor(t testing.TB, d time.Duration, width, height int, extra ...chromedp.ExecAllocatorOption) (context.Context, func() []string) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	opts = append(opts, extra...)
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
				errs = append(errs, fmt.Sprint("console.error: ", e.Args))
			}
		case *runtime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if ex := e.ExceptionDetails.Exception; ex != nil && ex.Description != "" {
				msg += " " + ex.Description
			}
			errs = append(errs, "exception: "+msg)
		}
	}))
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, d)
	t.Cleanup(cancel3)
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

// Artifacts is the folder the environment variable LEXLINT_ARTIFACTS
// names, where tests keep the screenshots the documentation shows; ""
// when it is not set, and then nothing is kept.
func Artifacts() string { return os.Getenv("LEXLINT_ARTIFACTS") }

// Keep writes data as name in Artifacts (nothing when it is not set) and
// logs where; a failure to write fails the test.
func Keep(t testing.TB, name string, data []byte) {
	t.Helper()
	dir := Artifacts()
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
