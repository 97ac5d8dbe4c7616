package extension

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lexlint/lexlint/server"
)

// editorPackages are the editors the real-editor tests load, at the
// versions they were tested with (docs/editors.md). esbuild bundles
// the two that npm ships as ES modules only (ProseMirror and Lexical).
var editorPackages = map[string]string{
	"prosemirror-view": "1.44.0", "prosemirror-state": "1.4.4", "prosemirror-model": "1.25.13",
	"prosemirror-schema-basic": "1.2.5", "prosemirror-history": "1.5.2", "prosemirror-keymap": "1.2.3",
	"prosemirror-commands": "1.7.2",
	"quill":                "2.0.3",
	"ckeditor5":            "48.5.2",
	"tinymce":              "8.9.2",
	"lexical":              "0.52.0", "@lexical/rich-text": "0.52.0", "@lexical/history": "0.52.0",
	"froala-editor": "5.4.0",
	"draft-js":      "0.11.7", "react": "18.3.1", "react-dom": "18.3.1",
	"esbuild": "0.28.2",
}

// realEditors are the test pages under testdata/editors, one per editor.
var realEditors = []struct{ name, page string }{
	{"ProseMirror", "prosemirror"},
	{"Quill", "quill"},
	{"CKEditor5", "ckeditor5"},
	{"TinyMCE", "tinymce"},
	{"Lexical", "lexical"},
	{"Froala", "froala"},
	{"DraftJS", "draftjs"},
}

// editorModules installs editorPackages with npm into a cache outside the
// repository ($LEXLINT_EDITORS, or lexlint/editors-HASH in the user's cache
// directory, HASH naming the package list) once, and returns its
// node_modules. Without npm the test is skipped, except in CI.
func editorModules(t *testing.T) string {
	t.Helper()
	manifest, err := json.Marshal(map[string]any{"private": true, "dependencies": editorPackages})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(manifest)
	dir := os.Getenv("LEXLINT_EDITORS")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			t.Skipf("no cache directory for the editors: %v", err)
		}
		dir = filepath.Join(cache, "lexlint", "editors-"+hex.EncodeToString(sum[:6]))
	}
	modules := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(filepath.Join(dir, "installed")); err == nil {
		return modules
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("npm is not installed; .ci/run installs it (apt-get install npm)")
		}
		t.Skip("npm not installed (apt-get install npm)")
	}
	// npm installs into a directory of its own, renamed into place when
	// done: a test run beside this one never sees half an install.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "package.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm install in %s: %v\n%s", tmp, err, out)
	}
	if err := os.WriteFile(filepath.Join(tmp, "installed"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, done := os.Stat(filepath.Join(dir, "installed")); done != nil {
			t.Fatalf("putting the editors in place: %v", err)
		}
	}
	return modules
}

// editorBundles bundles the ES-module editors' pages with esbuild into a
// temporary directory.
func editorBundles(t *testing.T, modules string) string {
	t.Helper()
	out := t.TempDir()
	for _, name := range []string{"prosemirror", "lexical"} {
		cmd := exec.Command(filepath.Join(modules, ".bin", "esbuild"), filepath.Join("testdata", "editors", name+".js"),
			"--bundle", "--format=iife", "--log-level=warning", `--define:process.env.NODE_ENV="development"`,
			"--outfile="+filepath.Join(out, name+".js"))
		cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("esbuild %s: %v\n%s", name, err, b)
		}
	}
	return out
}

// TestRealEditors types a reply into each real editor, loaded from npm, in
// one browser: the marks lie over the matched words (measured in the
// editor's own text nodes), hovering a mark opens its card, Alt+Enter at
// the caret opens it from the keyboard, Enter applies a suggestion, which
// the editor's own model holds (read back through its API), the editor's
// own undo (Ctrl+Z) takes it back in one step, and the marks follow
// further typing.
func TestRealEditors(t *testing.T) {
	if testing.Short() {
		t.Skip("the real editors come from npm")
	}
	modules := editorModules(t)
	bundles := editorBundles(t, modules)
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir("testdata")))
	mux.Handle("/node_modules/", http.StripPrefix("/node_modules/", http.FileServer(http.Dir(modules))))
	mux.Handle("/bundles/", http.StripPrefix("/bundles/", http.FileServer(http.Dir(bundles))))
	linter, lexs := testLinter(t)
	api := server.New(&server.Engine{Linter: linter, Lexicons: lexs}, server.Config{Token: "pair-me", AllowOrigins: []string{Origin}})
	r := newRigOn(t, linter, api, "ok", mux, 8*time.Minute)
	for _, e := range realEditors {
		t.Run(e.name, func(t *testing.T) { r.realEditor(t, e.page) })
	}
}

// modelText is the editor's text from its own model.
const modelText = `norm(editor.text())`

func (r *rig) realEditor(t *testing.T, page string) {
	do(t, r.page, "open "+page, chromedp.Navigate(r.pages+"/editors/"+page+".html"))
	wait(t, r.page, "the editor", `window.editor && editor.root()`)
	e := eval[box](t, r.page, `(() => { const el = editor.root(), r = el.getBoundingClientRect(), o = frameOffset(el.ownerDocument);
		return {left: r.left + o.left, top: r.top + o.top, width: r.width, height: r.height} })()`)
	do(t, r.page, "click in the editor and type", chromedp.MouseClickXY(e.Left+e.Width/2, e.Top+10), chromedp.KeyEvent(draft))
	wait(t, r.page, "the draft in the editor's model", modelText+` === `+jsString(draft))
	for _, rule := range []string{"en.rigid.company-policy", "en.dismissive.no-problem"} {
		r.markOverWord(t, draft, rule)
	}

	// The card by hover.
	m := waitMark(t, r.page, "en.rigid.company-policy")
	do(t, r.page, "hover", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, m.Left+m.Width/2, m.Top+m.Height/2))
	wait(t, r.page, "the card", overlay+`?.querySelector('.card')?.textContent.includes('[rigid]')`)
	shot(t, r.page, "editor-"+page+".png")
	do(t, r.page, "move away", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5))
	wait(t, r.page, "no card", `!`+overlay+`.querySelector('.card')`)

	// The card by Alt+Enter with the caret in "No problem", a suggestion
	// applied with Enter: the editor sees neither key. The agent reads the
	// card for longer than the editors group typing into one undo step
	// (Quill: 1 s), so the editor's undo can take back the suggestion
	// alone.
	time.Sleep(1100 * time.Millisecond)
	w := eval[box](t, r.page, `wordBox('No problem')`)
	do(t, r.page, "click in the words", chromedp.MouseClickXY(w.Left+w.Width/2, w.Top+w.Height/2),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	wait(t, r.page, "the card's first suggestion focused", overlay+`?.activeElement?.tagName === 'BUTTON'`)
	offered := eval[string](t, r.page, overlay+`.activeElement.textContent`)
	do(t, r.page, "apply", chromedp.KeyEvent("\r"))
	want := strings.Replace(draft, "No problem", offered, 1)
	if !waitFor(t, r.page, modelText+` === `+jsString(want), 5*time.Second) {
		t.Fatalf("after applying %q the editor's model holds %q, want %q", offered, eval[string](t, r.page, modelText), want)
	}

	t.Logf("%s took the beforeinput replacement: %v", page, eval[[]bool](t, r.page, `offers`))

	// The editor's own undo takes the suggestion back in one step.
	do(t, r.page, "undo", chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if !waitFor(t, r.page, modelText+` === `+jsString(draft), 3*time.Second) {
		t.Errorf("after one undo the editor's model holds %q, want %q", eval[string](t, r.page, modelText), draft)
	}

	// The marks follow further typing at the start.
	w = eval[box](t, r.page, `wordBox('Hi Sam')`)
	more := "Hello. " + draft
	do(t, r.page, "type at the start", chromedp.MouseClickXY(w.Left+1, w.Top+w.Height/2), chromedp.KeyEvent("Hello. "))
	wait(t, r.page, "the new text in the model", modelText+` === `+jsString(more))
	r.markOverWord(t, more, "en.rigid.company-policy")

	// A suggestion clicked with the mouse while the caret is in a new,
	// empty paragraph goes in once, in place of the words.
	w = eval[box](t, r.page, `wordBox('afraid.')`)
	// (A person's keys come later after a click than the test's: Lexical
	// takes in the new selection in a task of its own.)
	do(t, r.page, "click after the text", chromedp.MouseClickXY(w.Left+w.Width+3, w.Top+w.Height/2))
	time.Sleep(100 * time.Millisecond)
	do(t, r.page, "a new paragraph", chromedp.KeyEvent(kb.End), chromedp.KeyEvent("\r"))
	wait(t, r.page, "the new paragraph", modelText+` === `+jsString(more)+` && /afraid\.\s*\n/.test(editor.root().innerText)`)
	f := r.finding(t, more, "en.rigid.company-policy")
	m = waitMark(t, r.page, f.Rule)
	do(t, r.page, "hover", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, m.Left+m.Width/2, m.Top+m.Height/2))
	wait(t, r.page, "the card", overlay+`?.querySelector('.card')?.textContent.includes('[rigid]')`)
	b := eval[box](t, r.page, overlayBox(".card button"))
	offered = eval[string](t, r.page, overlay+`.querySelector('.card button').textContent`)
	do(t, r.page, "click the suggestion", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, b.Left+5, b.Top+b.Height/2),
		chromedp.MouseClickXY(b.Left+5, b.Top+b.Height/2))
	want = strings.Replace(more, f.Match, offered, 1)
	if !waitFor(t, r.page, modelText+` === `+jsString(want), 5*time.Second) {
		t.Fatalf("after clicking %q the editor's model holds %q, want %q", offered, eval[string](t, r.page, modelText), want)
	}
}

// markOverWord waits until the mark of rule lies over the words lexlint
// matches in text, as the editor shows them.
func (r *rig) markOverWord(t *testing.T, text, rule string) {
	t.Helper()
	f := r.finding(t, text, rule)
	want := eval[box](t, r.page, `wordBox(`+jsString(f.Match)+`)`)
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := waitMark(t, r.page, rule)
		if over(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the mark of %s is at %+v, the words %q at %+v", rule, got, f.Match, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
