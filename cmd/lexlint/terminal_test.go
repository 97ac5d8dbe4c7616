package main

import (
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/internal/browser"
)

// TestTerminal runs the built command on an example draft in a
// pseudo-terminal (util-linux's script) and checks that a terminal gets
// colour: bold paths, cyan suggestions, yellow warnings, red errors and
// green suggested wording, and the same words as without colour. It then
// renders that output as a terminal would and stores the screenshot
// (examples/terminal.png, the README's) in $LEXLINT_ARTIFACTS (default: a
// temporary directory); without Chromium only the colour is checked.
func TestTerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script (util-linux) is not installed")
	}
	bin := buildCommand(t, t.TempDir())
	cmd := exec.Command(script, "-qec", bin+" check --no-config examples/drafts/refund-en.txt", "/dev/null")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "NO_COLOR=", "COLUMNS=120")
	raw, _ := cmd.Output() // exit status 1: the drafts have errors
	out := strings.ReplaceAll(string(raw), "\r\n", "\n")
	for _, want := range []string{
		"\x1b[1mexamples/drafts/refund-en.txt",
		"\x1b[36msuggestion\x1b[0m",
		"\x1b[33;1mwarning\x1b[",
		"\x1b[31;1merror\x1b[",
		"\x1b[32m\"What I can do is ...\"\x1b[0m",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("on a terminal the output lacks %q:\n%s", want, out)
		}
	}
	_, plain, _ := lexlint(t, "", "check", "--no-config", "examples/drafts/refund-en.txt")
	if got := sgr.ReplaceAllString(out, ""); got != plain {
		t.Errorf("without its colours the terminal's output is\n%s\nnot\n%s", got, plain)
	}

	page := filepath.Join(t.TempDir(), "terminal.html")
	if err := os.WriteFile(page, []byte(terminalPage("$ lexlint check examples/drafts/refund-en.txt\n"+out)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, consoleErrors := browser.Start(t, 1000, 600)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible("#term")); err != nil {
		t.Fatalf("browser: %v", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot("#term"))
	if err != nil {
		t.Fatalf("browser: screenshot: %v", err)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	browser.Keep(t, "terminal.png", shot)
}

// sgr matches an ANSI select-graphic-rendition sequence.
var sgr = regexp.MustCompile("\x1b\\[([0-9;]*)m")

// terminalPage renders text with ANSI colours as a page that looks like a
// dark terminal window.
func terminalPage(text string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#fff}` +
		`pre{display:inline-block;margin:0;padding:14px 18px;background:#1e1e1e;color:#d4d4d4;` +
		`font:13px/1.45 "DejaVu Sans Mono",monospace;white-space:pre}` +
		`.b{font-weight:bold}.f{color:#8a8a8a}.c31{color:#f14c4c}.c32{color:#23d18b}` +
		`.c33{color:#f5f543}.c36{color:#29b8db}</style><pre id="term">`)
	var classes []string
	open := false
	last := 0
	for _, m := range sgr.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(html.EscapeString(text[last:m[0]]))
		last = m[1]
		for _, code := range strings.Split(text[m[2]:m[3]], ";") {
			switch code {
			case "", "0":
				classes = nil
			case "1":
				classes = append(classes, "b")
			case "2":
				classes = append(classes, "f")
			case "22":
				classes = without(classes, "b", "f")
			case "31", "32", "33", "36":
				classes = append(classes, "c"+code)
			case "39":
				classes = without(classes, "c31", "c32", "c33", "c36")
			}
		}
		if open {
			b.WriteString("</span>")
		}
		open = len(classes) > 0
		if open {
			b.WriteString(`<span class="` + strings.Join(classes, " ") + `">`)
		}
	}
	b.WriteString(html.EscapeString(text[last:]))
	if open {
		b.WriteString("</span>")
	}
	b.WriteString("</pre>")
	return b.String()
}

// without returns list without the given items.
func without(list []string, drop ...string) []string {
	var out []string
	for _, c := range list {
		keep := true
		for _, d := range drop {
			keep = keep && c != d
		}
		if keep {
			out = append(out, c)
		}
	}
	return out
}
