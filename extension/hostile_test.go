package extension

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/server"
)

// seen records the requests a server got.
type seen struct {
	mu   sync.Mutex
	reqs []string // "METHOD PATH?QUERY Authorization BODY"
	next http.Handler
}

func (s *seen) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	s.reqs = append(s.reqs, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization")+" "+string(body))
	s.mu.Unlock()
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	s.next.ServeHTTP(w, r)
}

func (s *seen) checks() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reqs {
		if strings.HasPrefix(r, "POST /v1/check") {
			n++
		}
	}
	return n
}

func (s *seen) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// TestExtensionHostilePage opens a page that focuses a pre-filled reply
// box, edits it by script and looks for what the extension tells it: the
// DOM, shadow roots, events (issue 32, item 5). Without the user, nothing
// is checked and the page learns nothing; after the user types, the box
// is checked and marked, and the page still sees no finding, no shadow
// root and no event, only that an element was added.
func TestExtensionHostilePage(t *testing.T) {
	linter, lexs := testLinter(t)
	api := &seen{next: server.New(&server.Engine{Linter: linter, Lexicons: lexs}, server.Config{Token: "pair-me", AllowOrigins: []string{Origin}})}
	r := newRigWith(t, linter, api, "ok")
	before := api.checks()
	do(t, r.page, "open the hostile page", chromedp.Navigate(r.pages+"/hostile.html"))
	time.Sleep(1500 * time.Millisecond)
	if n := api.checks() - before; n != 0 {
		t.Errorf("the box was checked %d times without the user", n)
	}
	if learned := eval[[]string](t, r.page, "look()"); len(learned) != 0 {
		t.Errorf("without the user, the page learned %q", learned)
	}
	do(t, r.page, "the user types", chromedp.KeyEvent(" "))
	waitMark(t, r.page, "en.rigid.company-policy")
	eval[bool](t, r.page, `delete window.__lexlintTestRoot`)
	learned := eval[[]string](t, r.page, "look()")
	if !slices.Equal(learned, []string{"node LEXLINT-OVERLAY", "element LEXLINT-OVERLAY"}) {
		t.Errorf("after the user typed, the page learned %q; want only that an overlay element is there", learned)
	}
}

// scriptFields is a reply whose every field carries markup that would run
// script if it were put in as HTML.
func scriptFields(text string) map[string]any {
	bad := `<img src=x onerror="window.pwned=1">`
	at := strings.Index(text, "company policy")
	if at < 0 { // the options page's ping
		return map[string]any{"lang": "en", "words": 1, "hits": []any{}, "coverage": map[string]int{}, "findings": []any{}}
	}
	return map[string]any{"lang": "en", "words": 9, "hits": []any{}, "coverage": map[string]int{},
		"findings": []map[string]any{{
			"rule": bad, "severity": `error" onmouseover="window.pwned=1`, "category": bad, "message": bad + `<script>window.pwned=1</script>`,
			"match": text[at : at+14], "suggestions": []string{bad}, "replacements": []string{bad},
			"char_offset": at, "char_end_offset": at + 14,
		}}}
}

// fakeServer answers at the configured address in place of lexlint. With
// the token it signs as lexlint does (a lexlint with a hostile lexicon, or
// a proxy that holds the token); without it it makes up its proofs.
func fakeServer(token string, knows bool) http.Handler {
	sign := func(parts ...string) string {
		h := hmac.New(sha256.New, []byte(token))
		io.WriteString(h, strings.Join(parts, "\n"))
		return hex.EncodeToString(h.Sum(nil))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/hello" {
			proof := `<img src=x onerror="window.pwned=1">`
			if knows {
				proof = sign("lexlint hello", r.URL.Query().Get("nonce"), "c1")
			}
			json.NewEncoder(w).Encode(map[string]string{"server": "lexlint", "challenge": "c1", "proof": proof})
			return
		}
		var req struct{ Text string }
		json.NewDecoder(r.Body).Decode(&req)
		body, _ := json.Marshal(scriptFields(req.Text))
		w.Header().Set("Lexlint-Signature", sign("lexlint reply", "c1", "200", string(body)))
		w.Write(body)
	})
}

// TestExtensionImpostor puts a server that is not lexlint at the
// configured address, answering with script in every field (issue 32,
// item 6): it gets neither the token nor a draft, nothing runs, and the
// options page and the box say what is wrong.
func TestExtensionImpostor(t *testing.T) {
	linter, _ := testLinter(t)
	fake := &seen{next: fakeServer("not-the-token", false)}
	r := newRigWith(t, linter, fake, "bad")
	r.open(t, "textarea.html")
	do(t, r.page, "type a reply", chromedp.KeyEvent(draft))
	wait(t, r.page, "the note", overlay+`?.querySelector('.pill')?.textContent.includes('is not lexlint serve')`)
	for _, req := range fake.all() {
		if strings.Contains(req, "pair-me") || strings.Contains(req, "company policy") || !strings.HasPrefix(req, "GET /v1/hello?nonce=") {
			t.Errorf("the impostor got %q", req)
		}
	}
	if eval[bool](t, r.page, `'pwned' in window`) {
		t.Error("the impostor's script ran")
	}
}

// TestExtensionScriptInReply: even a server that holds the token and
// signs its replies cannot run script through the card: every field is
// shown as text, and an unknown severity is a suggestion.
func TestExtensionScriptInReply(t *testing.T) {
	linter, _ := testLinter(t)
	r := newRigWith(t, linter, fakeServer("pair-me", true), "ok")
	r.open(t, "textarea.html")
	do(t, r.page, "type a reply", chromedp.KeyEvent(draft))
	m := waitMark(t, r.page, `<img src=x onerror="window.pwned=1">`)
	if m.Cls != "mark suggestion" {
		t.Errorf("the mark's classes: %q", m.Cls)
	}
	do(t, r.page, "hover", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, m.Left+m.Width/2, m.Top+m.Height/2))
	wait(t, r.page, "the card", overlay+`?.querySelector('.card')?.textContent.includes('<script>window.pwned=1</script>')`)
	if n := eval[int](t, r.page, overlay+`.querySelectorAll('img, script, [onerror], [onmouseover]').length`); n != 0 {
		t.Errorf("%d elements made from the reply's markup", n)
	}
	if eval[bool](t, r.page, `'pwned' in window`) {
		t.Error("the reply's script ran")
	}
}
