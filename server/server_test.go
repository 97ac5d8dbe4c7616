package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

func engine(t testing.TB, refs ...string) *Engine {
	t.Helper()
	lexs, err := lexicon.Load(refs...)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lexs, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &Engine{Linter: l, Lexicons: lexs}
}

func do(h http.Handler, method, path, contentType, body string, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Host = "127.0.0.1:8080"
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		if k == "Host" {
			r.Host = v
			continue
		}
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestStatusCodes(t *testing.T) {
	s := New(engine(t, lexicon.BuiltinRefs()...), Config{MaxBody: 1024, MaxConcurrent: 1, AllowOrigins: []string{"https://desk.example.com"}})
	big := `{"text": "` + strings.Repeat("a", 2000) + `"}`
	tests := []struct {
		name, method, path, ctype, body string
		header                          map[string]string
		status                          int
		want                            string
	}{
		{"check", "POST", "/v1/check", "application/json", `{"text": "That's company policy.", "lang": "en"}`, nil, 200, `"en.rigid.company-policy"`},
		{"check with charset", "POST", "/v1/check", "application/json; charset=utf-8", `{"text": "Dat is ons beleid."}`, nil, 200, `"lang":"nl"`},
		{"bad JSON", "POST", "/v1/check", "application/json", `{"text": `, nil, 400, "bad JSON"},
		{"unknown field", "POST", "/v1/check", "application/json", `{"txt": "x"}`, nil, 400, "unknown field"},
		{"bad lang", "POST", "/v1/check", "application/json", `{"text": "x", "lang": "de"}`, nil, 400, `lang \"de\"`},
		{"too large", "POST", "/v1/check", "application/json", big, nil, 413, "larger than 1024 bytes"},
		{"wrong content type", "POST", "/v1/check", "text/plain", `{"text": "x"}`, nil, 415, "application/json"},
		{"method", "GET", "/v1/check", "", "", nil, 405, `"GET is not allowed on /v1/check: use POST"`},
		{"method on the page", "DELETE", "/", "", "", nil, 405, `"status":405`},
		{"no route", "GET", "/v1/nothing", "", "", nil, 404, "POST /v1/check"},
		{"no file", "GET", "/nothing.js", "", "", nil, 404, `"nothing at /nothing.js"`},
		{"lexicon", "GET", "/v1/lexicon", "", "", nil, 200, `"id":"nl.rigid.beleid"`},
		{"health", "GET", "/healthz", "", "", nil, 200, `"status":"ok"`},
		{"page", "GET", "/", "", "", nil, 200, "<textarea id=\"draft\""},
		{"script", "GET", "/app.js", "", "", nil, 200, "/v1/check"},
		{"CORS allowed", "OPTIONS", "/v1/check", "", "", map[string]string{"Origin": "https://desk.example.com"}, 204, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, tt.method, tt.path, tt.ctype, tt.body, tt.header)
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("%d %s, want %d with %s", w.Code, w.Body.String(), tt.status, tt.want)
			}
			if tt.status >= 400 && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
				t.Errorf("error is not JSON: %s", w.Header().Get("Content-Type"))
			}
		})
	}
	// CORS: only listed origins get the header.
	w := do(s, "POST", "/v1/check", "application/json", `{"text":"x"}`, map[string]string{"Origin": "https://desk.example.com"})
	if w.Header().Get("Access-Control-Allow-Origin") != "https://desk.example.com" {
		t.Error("allowed origin got no CORS header")
	}
	w = do(s, "POST", "/v1/check", "application/json", `{"text":"x"}`, map[string]string{"Origin": "https://evil.example.net"})
	if w.Header().Get("Access-Control-Allow-Origin") != "" || w.Code != 403 {
		t.Errorf("other origin: %d with CORS header %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	// 429 when every slot is taken.
	s.slots <- struct{}{}
	w = do(s, "POST", "/v1/check", "application/json", `{"text":"x"}`, nil)
	<-s.slots
	if w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Errorf("over the limit: %d", w.Code)
	}
}

func TestToken(t *testing.T) {
	s := New(engine(t, "builtin:en"), Config{Token: "s3cret"})
	for _, c := range []struct {
		auth   string
		status int
	}{{"", 401}, {"Bearer wrong", 401}, {"Basic s3cret", 401}, {"Bearer s3cret", 200}} {
		w := do(s, "POST", "/v1/check", "application/json", `{"text":"hi"}`, map[string]string{"Authorization": c.auth})
		if w.Code != c.status {
			t.Errorf("%q: %d, want %d", c.auth, w.Code, c.status)
		}
	}
	if w := do(s, "GET", "/", "", "", nil); w.Code != 200 {
		t.Errorf("the page itself needs no token: %d", w.Code)
	}
	// A request that says it comes from the page (any program can) needs
	// the token as any other (issue 32, item 4); other origins are refused,
	// and a forged Origin on a same-origin request does not pass.
	for _, c := range []struct {
		name   string
		header map[string]string
		status int
	}{
		{"the page's POST without the token", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:8080"}, 401},
		{"the page's GET without the token", map[string]string{"Sec-Fetch-Site": "same-origin"}, 401},
		{"the page's POST with the token", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:8080", "Authorization": "Bearer s3cret"}, 200},
		{"another site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example.net"}, 403},
		{"another port", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:9999"}, 403},
		{"same-origin with another origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:9999"}, 403},
		{"the extension without its token", map[string]string{"Origin": "chrome-extension://abc"}, 401},
		{"the extension with its token", map[string]string{"Origin": "chrome-extension://abc", "Authorization": "Bearer s3cret"}, 200},
	} {
		s := New(engine(t, "builtin:en"), Config{Token: "s3cret", AllowOrigins: []string{"chrome-extension://abc"}})
		w := do(s, "POST", "/v1/check", "application/json", `{"text":"hi"}`, c.header)
		if w.Code != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, w.Code, w.Body.String(), c.status)
		}
		w = do(s, "GET", "/v1/lexicon", "", "", c.header)
		if want := map[int]int{200: 200, 401: 401, 403: 403}[c.status]; w.Code != want {
			t.Errorf("%s, lexicon: %d, want %d", c.name, w.Code, want)
		}
	}
}

// TestNoFraming: no page may put the server's page or answers in a frame
// (clickjacking; issue 32, item 11).
func TestNoFraming(t *testing.T) {
	s := New(engine(t, "builtin:en"), Config{Token: "s3cret"})
	for _, path := range []string{"/", "/app.js", "/v1/check", "/healthz"} {
		w := do(s, "GET", path, "", "", nil)
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if xfo := w.Header().Get("X-Frame-Options"); xfo != "DENY" {
			t.Errorf("%s: X-Frame-Options %q", path, xfo)
		}
	}
}

// TestOneJSONBody refuses a body with data after its JSON object (issue
// 32, item 11): two objects in one request, or garbage after one.
func TestOneJSONBody(t *testing.T) {
	s := New(engine(t, "builtin:en"), Config{})
	for _, c := range []struct {
		body   string
		status int
	}{
		{`{"text":"hi"}`, 200},
		{"{\"text\":\"hi\"}\n  ", 200},
		{`{"text":"hi"}{"text":"That's company policy."}`, 400},
		{`{"text":"hi"} x`, 400},
		{`{"text":"hi"}]`, 400},
	} {
		w := do(s, "POST", "/v1/check", "application/json", c.body, nil)
		if w.Code != c.status {
			t.Errorf("%q: %d %s, want %d", c.body, w.Code, w.Body.String(), c.status)
		}
	}
}

// TestHostCheck refuses requests for names other than this server's, on
// every route, so that a page re-pointed at 127.0.0.1 by DNS rebinding
// cannot use the API.
func TestHostCheck(t *testing.T) {
	s := New(engine(t, "builtin:en"), Config{Hosts: []string{"lexlint.internal"}})
	for _, c := range []struct {
		host   string
		status int
	}{
		{"127.0.0.1:8080", 200}, {"localhost:8080", 200}, {"LOCALHOST.", 200}, {"app.localhost:1", 200},
		{"[::1]:8080", 200}, {"192.168.1.20:8080", 200}, {"lexlint.internal:8080", 200},
		{"evil.example.net:8080", 421}, {"localhost.evil.example.net", 421}, {"", 421},
	} {
		for _, path := range []string{"/", "/healthz", "/v1/lexicon", "/app.js"} {
			w := do(s, "GET", path, "", "", map[string]string{"Host": c.host})
			if w.Code != c.status {
				t.Errorf("Host %q, %s: %d, want %d", c.host, path, w.Code, c.status)
			}
			if c.status == 421 && (!strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") || !strings.Contains(w.Body.String(), "--allow-host")) {
				t.Errorf("Host %q: %s", c.host, w.Body.String())
			}
		}
	}
}

func TestCheckResponse(t *testing.T) {
	s := New(engine(t, "builtin:en"), Config{})
	w := do(s, "POST", "/v1/check", "application/json", `{"text": "Hi Sam 😀, that’s company policy. Is there anything else I can help with?"}`, nil)
	var resp CheckResponse
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Findings) != 1 {
		t.Fatalf("findings %+v", resp.Findings)
	}
	f := resp.Findings[0]
	// "Hi Sam 😀, " is 11 UTF-16 units (the emoji is two), 10 characters and 13 bytes.
	if f.CharOffset != 11 || f.CharEndOffset != 32 || f.Offset != 13 || f.Line != 1 || f.Column != 11 {
		t.Errorf("offsets: %+v", f)
	}
	if resp.Coverage["greeting"] != 1 || resp.Coverage["closing"] != 1 || len(resp.Hits) != 2 {
		t.Errorf("coverage %v hits %v", resp.Coverage, resp.Hits)
	}
	// A draft without a greeting gets the presence rule's finding.
	w = do(s, "POST", "/v1/check", "application/json", `{"text": "Your parcel ships today. Have a great day!"}`, nil)
	if !strings.Contains(w.Body.String(), `"rule":"en.greeting"`) {
		t.Errorf("no greeting finding: %s", w.Body.String())
	}
}

func TestReload(t *testing.T) {
	s := New(engine(t, "builtin:en"), Config{})
	body := `{"text": "Dat is ons beleid.", "lang": "auto"}`
	if w := do(s, "POST", "/v1/check", "application/json", body, nil); strings.Contains(w.Body.String(), "nl.rigid.beleid") {
		t.Fatal("Dutch entry before reload")
	}
	s.Reload(engine(t, "builtin:nl"))
	if w := do(s, "POST", "/v1/check", "application/json", body, nil); !strings.Contains(w.Body.String(), "nl.rigid.beleid") {
		t.Errorf("reload not used: %s", w.Body.String())
	}
	_ = context.Background()
}

// TestLanguageField checks the lang of an answer: detected from the text
// whatever lexicons are loaded, "undecided" as check's summary says it.
func TestLanguageField(t *testing.T) {
	s := New(engine(t, "builtin:en"), Config{})
	tests := []struct{ text, lang, noRule string }{
		{"Sorry, no problem.", "undecided", ""},
		{"Thanks, that's company policy. Have a great day!", "en", ""},
		{"Dat is ons beleid, en u moet het formulier invullen.", "nl", "en.greeting"},
	}
	for _, tt := range tests {
		w := do(s, "POST", "/v1/check", "application/json", `{"text": `+strconv.Quote(tt.text)+`}`, nil)
		var resp CheckResponse
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		if resp.Lang != tt.lang {
			t.Errorf("%q: lang %q, want %q", tt.text, resp.Lang, tt.lang)
		}
		if tt.noRule != "" && strings.Contains(w.Body.String(), tt.noRule) {
			t.Errorf("%q: the English lexicon applied to a Dutch text: %s", tt.text, w.Body.String())
		}
	}
}
