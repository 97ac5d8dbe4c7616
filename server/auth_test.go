package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// hello does the signed exchange's first step and returns the challenge,
// checking the server's proof.
func hello(t *testing.T, s http.Handler, token, nonce string) string {
	t.Helper()
	w := do(s, "GET", "/v1/hello?nonce="+nonce, "", "", nil)
	var h struct{ Server, Challenge, Proof string }
	if err := json.Unmarshal(w.Body.Bytes(), &h); err != nil || w.Code != 200 {
		t.Fatalf("hello: %d %s", w.Code, w.Body.String())
	}
	if h.Server != "lexlint" || h.Proof != mac(token, "lexlint hello", nonce, h.Challenge) {
		t.Fatalf("hello: the proof does not check out: %+v", h)
	}
	return h.Challenge
}

// TestSignedRequests: a client with the token checks the server's proof,
// signs its request without sending the token, and checks the signed
// reply; a challenge serves once, and a wrong signature, a changed body or
// a made-up challenge get 401 (issue 32, item 6).
func TestSignedRequests(t *testing.T) {
	const token, nonce = "s3cret-pairing-token", "client-nonce-0123456789"
	s := New(engine(t, "builtin:en"), Config{Token: token})
	body := `{"text":"That's company policy."}`
	ch := hello(t, s, token, nonce)
	sign := func(ch, body string) string {
		return "Lexlint " + ch + ":" + mac(token, "lexlint request", ch, "POST /v1/check", body)
	}
	w := do(s, "POST", "/v1/check", "application/json", body, map[string]string{"Authorization": sign(ch, body)})
	if w.Code != 200 || !strings.Contains(w.Body.String(), "en.rigid.company-policy") {
		t.Fatalf("signed check: %d %s", w.Code, w.Body.String())
	}
	if got, want := w.Header().Get("Lexlint-Signature"), mac(token, "lexlint reply", ch, "200", w.Body.String()); got != want {
		t.Errorf("reply signature %q, want %q", got, want)
	}
	for _, c := range []struct {
		name, auth, body string
	}{
		{"the challenge again", sign(ch, body), body},
		{"a made-up challenge", sign("made-up", body), body},
		{"another body", sign(hello(t, s, token, nonce), body), `{"text":"hi"}`},
		{"a signature with another token", "Lexlint " + hello(t, s, token, nonce) + ":" + mac("guess", "lexlint request", ch, "POST /v1/check", body), body},
		{"no signature", "Lexlint " + hello(t, s, token, nonce), body},
	} {
		w := do(s, "POST", "/v1/check", "application/json", c.body, map[string]string{"Authorization": c.auth})
		if w.Code != 401 {
			t.Errorf("%s: %d %s, want 401", c.name, w.Code, w.Body.String())
		}
	}
	// hello proves nothing to a client that lacks the token, and refuses
	// a bad nonce.
	for _, n := range []string{"", "short", strings.Repeat("a", 129), "has spaces and more than sixteen"} {
		if w := do(s, "GET", "/v1/hello?nonce="+strings.ReplaceAll(n, " ", "%20"), "", "", nil); w.Code != 400 {
			t.Errorf("nonce %q: %d", n, w.Code)
		}
	}
}

// TestChallengesBounded: a flood of hellos keeps at most maxChallenges
// open, and expired challenges serve no request.
func TestChallengesBounded(t *testing.T) {
	var c challenges
	now := time.Now()
	first, _ := c.issue(now)
	for i := 0; i < maxChallenges+10; i++ {
		if _, err := c.issue(now.Add(time.Duration(i) * time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.open) > maxChallenges {
		t.Errorf("%d challenges open", len(c.open))
	}
	if c.use(first, now) {
		t.Error("the oldest challenge survived the flood")
	}
	late, _ := c.issue(now)
	if c.use(late, now.Add(2*challengeTTL)) {
		t.Error("an expired challenge served")
	}
}

// TestSlowBodiesHoldNoSlot: authorised clients that send their bodies
// slowly do not take the check slots (issue 32, item 11): with one slot
// and six slow senders, a quick check still gets its answer.
func TestSlowBodiesHoldNoSlot(t *testing.T) {
	s := New(engine(t, "builtin:en"), Config{Token: "s3cret", MaxConcurrent: 1})
	srv := httptest.NewServer(s)
	defer srv.Close()
	for i := 0; i < 6; i++ {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer s3cret\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"text\": \"")
	}
	time.Sleep(100 * time.Millisecond)
	req, _ := http.NewRequest("POST", srv.URL+"/v1/check", strings.NewReader(`{"text":"hi"}`))
	req.Header.Set("Authorization", "Bearer s3cret")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a quick check among slow senders: %d %s", resp.StatusCode, b)
	}
}
