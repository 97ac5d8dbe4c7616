package extension

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/internal/browser"
)

// rectOf is the script that gives the box of the element js names, in the
// top page's coordinates.
func rectOf(js string) string {
	return `(() => { const el = ` + js + `, r = el.getBoundingClientRect(), o = frameOffset(el.ownerDocument);
		return {left: r.left + o.left, top: r.top + o.top, width: r.width, height: r.height} })()`
}

// overlayBox is the script that gives the box of the overlay's element
// that selector names, in the top page's coordinates.
func overlayBox(selector string) string {
	return `(() => { const el = ` + overlay + `.querySelector(` + jsString(selector) + `), r = el.getBoundingClientRect(), o = frameOffset(el.ownerDocument);
		return {left: r.left + o.left, top: r.top + o.top, width: r.width, height: r.height} })()`
}

func inside(in, out box) bool {
	return in.Left >= out.Left-1 && in.Top >= out.Top-1 && in.Left+in.Width <= out.Left+out.Width+1 && in.Top+in.Height <= out.Top+out.Height+1
}

func overlaps(a, b box) bool {
	return a.Left < b.Left+b.Width && b.Left < a.Left+a.Width && a.Top < b.Top+b.Height && b.Top < a.Top+a.Height
}

// TestExtensionFrames types into reply boxes in frames (issue 29): a
// textarea in a srcdoc frame too short for the card above or below the
// mark, whose card stays inside the frame and applies its suggestion; the
// editable body of an about:blank frame, as iframe editors have, whose
// marks lie over the words as the top page shows them and go when the
// extension is switched off for the top page's site; and a textarea in a
// frame that goes on below the window's edge, whose card stays in the
// part one sees.
func TestExtensionFrames(t *testing.T) {
	r := newRig(t)
	do(t, r.page, "open frames.html", chromedp.Navigate(r.pages+"/frames.html"))
	wait(t, r.page, "the frames", `window.editor && document.getElementById('short').contentDocument?.getElementById('reply')`)

	frame := eval[box](t, r.page, rectOf(`document.getElementById('short')`))
	do(t, r.page, "type in the short frame", chromedp.MouseClickXY(frame.Left+40, frame.Top+20), chromedp.KeyEvent(draft))
	r.cardInside(t, frame, `document.getElementById('short').contentDocument.getElementById('reply').value`)

	blank := eval[box](t, r.page, rectOf(`editor.root()`))
	do(t, r.page, "type in the about:blank frame", chromedp.MouseClickXY(blank.Left+40, blank.Top+12), chromedp.KeyEvent(draft))
	wait(t, r.page, "the draft in the frame", `norm(editor.text()) === `+jsString(draft))
	r.markOverWord(t, draft, "en.rigid.company-policy")
	do(t, r.ext, "switch the site off", chromedp.Evaluate[chromedp.Void](`chrome.storage.local.set({disabledSites: ['127.0.0.1']})`))
	wait(t, r.page, "no marks in the frame", marks+`.length === 0`)
	do(t, r.ext, "switch the site on", chromedp.Evaluate[chromedp.Void](`chrome.storage.local.set({disabledSites: []})`))
	do(t, r.page, "type", chromedp.KeyEvent(" "))
	waitMark(t, r.page, "en.rigid.company-policy")

	// A frame that goes on below the window's edge: the card is in the
	// part of the frame one sees.
	// (A click would scroll the frame to the middle of the window.)
	do(t, r.page, "type in the low frame",
		chromedp.Evaluate[chromedp.Void](`document.getElementById('low').contentDocument.getElementById('reply').focus({preventScroll: true})`),
		chromedp.KeyEvent(draft))
	wait(t, r.page, "the low frame's marks", `document.getElementById('low').contentDocument.querySelector('lexlint-overlay')`)
	low := eval[box](t, r.page, rectOf(`document.getElementById('low')`))
	if h := eval[float64](t, r.page, `innerHeight`); low.Top+low.Height > h {
		low.Height = h - low.Top
	}
	r.cardInside(t, low, `document.getElementById('low').contentDocument.getElementById('reply').value`)
}

// cardInside hovers the mark of "No problem", checks that its card lies
// inside area, and clicks its first suggestion, which the text that the
// script text gives must then hold.
func (r *rig) cardInside(t *testing.T, area box, text string) {
	t.Helper()
	m := waitMark(t, r.page, "en.dismissive.no-problem")
	do(t, r.page, "hover", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, m.Left+m.Width/2, m.Top+m.Height/2))
	wait(t, r.page, "the card", overlay+`?.querySelector('.card')?.textContent.includes('Happy to help')`)
	card := eval[box](t, r.page, overlayBox(".card"))
	if !inside(card, area) {
		t.Fatalf("the card at %+v is not inside %+v", card, area)
	}
	b := eval[box](t, r.page, overlayBox(".card button"))
	if !inside(b, area) {
		t.Fatalf("the card's first suggestion at %+v is not inside %+v", b, area)
	}
	do(t, r.page, "click the suggestion", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, b.Left+5, b.Top+b.Height/2),
		chromedp.MouseClickXY(b.Left+5, b.Top+b.Height/2))
	wait(t, r.page, "the suggestion in the text", text+`.includes('Happy to help. That')`)
}

// TestExtensionShadowNote types into a one-line editor in a shadow root:
// the habits note shows (the document's active element is the shadow
// host) and hides none of the box.
func TestExtensionShadowNote(t *testing.T) {
	r := newRig(t)
	do(t, r.page, "open shadow.html", chromedp.Navigate(r.pages+"/shadow.html"))
	wait(t, r.page, "the editor", `window.editor && editor.root()`)
	ed := eval[box](t, r.page, rectOf(`editor.root()`))
	do(t, r.page, "type", chromedp.MouseClickXY(ed.Left+20, ed.Top+ed.Height/2), chromedp.KeyEvent(draft))
	r.markOverWord(t, draft, "en.rigid.company-policy")
	wait(t, r.page, "the habits note", overlay+`?.querySelector('.pill')?.textContent === 'lexlint: missing closing'`)
	if note := eval[box](t, r.page, overlayBox(".pill")); overlaps(note, ed) {
		t.Errorf("the note at %+v lies over the editor at %+v", note, ed)
	}
}

// TestExtensionKeyWhileChecking presses Alt+Enter right after typing,
// before the check answers: the key is kept, not lost, and opens the card
// when the answer is in; the box never sees it.
func TestExtensionKeyWhileChecking(t *testing.T) {
	r := newRig(t)
	r.open(t, "textarea.html")
	start := time.Now()
	do(t, r.page, "type and press Alt+Enter", chromedp.KeyEvent(draft), chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	if eval[bool](t, r.page, `!!`+overlay+`?.querySelector('.mark')`) {
		t.Skipf("the check answered within %v, before Alt+Enter: nothing to queue", time.Since(start))
	}
	wait(t, r.page, "the card's first suggestion focused", overlay+`?.activeElement?.tagName === 'BUTTON'`)
	if got := eval[string](t, r.page, `document.getElementById('reply').value`); got != draft {
		t.Errorf("the box holds %q, want %q", got, draft)
	}
}

// TestAskWorkerWaits runs the options page's askWorker in Chromium against
// a stand-in for chrome.runtime whose worker has not started for its
// first three messages (as right after the extension is unpacked): the
// answer is the worker's, not the error; an error of another kind is
// passed on at once.
func TestAskWorkerWaits(t *testing.T) {
	src, err := files.ReadFile("worker.js")
	if err != nil {
		t.Fatal(err)
	}
	page := `<!doctype html><title>askWorker</title><script>
		let calls = 0;
		window.chrome = {runtime: {sendMessage: async (msg) => {
			calls++;
			if (msg.type === 'broken') throw new Error('Extension context invalidated.');
			if (calls <= 3) throw new Error('Could not establish connection. Receiving end does not exist.');
			return {ok: true, calls};
		}}};
	</script><script>` + string(src) + `</script>`
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	defer site.Close()
	ctx, _ := browser.Start(t, 400, 300)
	do(t, ctx, "open", chromedp.Navigate(site.URL))
	if got := eval[string](t, ctx, `askWorker({type: 'ping'}).then((a) => JSON.stringify(a))`); got != `{"ok":true,"calls":4}` {
		t.Errorf("askWorker answered %s, want the fourth call's answer", got)
	}
	if got := eval[string](t, ctx, `askWorker({type: 'broken'}).then(() => 'answered', (e) => e.message + ' after ' + calls)`); got != "Extension context invalidated. after 5" {
		t.Errorf("askWorker with another error: %s", got)
	}
}
