package server

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The signed exchange lets a client that holds the pairing token (the
// browser extension) make sure it talks to lexlint before it sends a
// draft, and never send the token itself:
//
//  1. GET /v1/hello?nonce=N (N: 16 to 128 characters of the client's own
//     randomness) answers {"server": "lexlint", "challenge": C, "proof": P}
//     with P = hex(HMAC-SHA256(token, "lexlint hello\n" + N + "\n" + C)).
//     The client checks P before it goes on.
//  2. The request then carries "Authorization: Lexlint C:M" with
//     M = hex(HMAC-SHA256(token, "lexlint request\n" + C + "\n" + METHOD +
//     " " + PATH + "\n" + BODY)). C is good for one request, for a minute.
//  3. The reply carries "Lexlint-Signature: S" with
//     S = hex(HMAC-SHA256(token, "lexlint reply\n" + C + "\n" + STATUS +
//     "\n" + BODY)), which the client checks before it uses the reply.
const (
	challengeTTL   = time.Minute
	maxChallenges  = 1024
	signatureField = "Lexlint-Signature"
)

// challenges are the hello challenges not used yet, each good for one
// signed request until it expires.
type challenges struct {
	mu   sync.Mutex
	open map[string]time.Time
}

// issue makes a new challenge. When too many are open, expired ones go
// first, then the oldest.
func (c *challenges) issue(now time.Time) (string, error) {
	raw := make([]byte, 18)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("making a challenge: %w", err)
	}
	ch := base64.RawURLEncoding.EncodeToString(raw)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open == nil {
		c.open = map[string]time.Time{}
	}
	if len(c.open) >= maxChallenges {
		oldest, at := "", now
		for k, t := range c.open {
			if now.Sub(t) > challengeTTL {
				delete(c.open, k)
			} else if t.Before(at) {
				oldest, at = k, t
			}
		}
		if len(c.open) >= maxChallenges {
			delete(c.open, oldest)
		}
	}
	c.open[ch] = now
	return ch, nil
}

// use reports whether ch was issued, has not expired and was not used,
// and uses it up.
func (c *challenges) use(ch string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.open[ch]
	delete(c.open, ch)
	return ok && now.Sub(at) <= challengeTTL
}

func mac(token string, parts ...string) string {
	h := hmac.New(sha256.New, []byte(token))
	io.WriteString(h, strings.Join(parts, "\n"))
	return hex.EncodeToString(h.Sum(nil))
}

// hello answers a client's nonce with a challenge and the proof that this
// server holds the pairing token. It needs no authorisation; it tells
// nothing to whoever lacks the token.
func (s *Server) hello(w http.ResponseWriter, r *http.Request) {
	nonce := r.URL.Query().Get("nonce")
	if len(nonce) < 16 || len(nonce) > 128 || strings.Trim(nonce, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		writeError(w, http.StatusBadRequest, "nonce: send 16 to 128 characters of A-Z, a-z, 0-9, - and _")
		return
	}
	if s.cfg.Token == "" {
		writeJSON(w, http.StatusOK, map[string]string{"server": "lexlint", "challenge": "", "proof": "",
			"note": "this lexlint serve runs with --no-token: it cannot prove who it is"})
		return
	}
	ch, err := s.challenges.issue(time.Now())
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"server": "lexlint", "challenge": ch, "proof": mac(s.cfg.Token, "lexlint hello", nonce, ch)})
}

// authorized reports whether a /v1/ request may go on, and answers it when
// not: a CORS preflight from an allowed origin, the hello, and any request
// with the token (as a bearer token or a signed request) may. A browser
// page, the server's own included, needs the token as any client does.
// For a signed request it returns the writer that signs the reply.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, origin string, allowed bool) (http.ResponseWriter, bool) {
	if origin != "" && !allowed && !sameOrigin(r) {
		writeError(w, http.StatusForbidden, fmt.Sprintf("origin %s may not use this API: lexlint serve --allow-origin %s allows it", origin, origin))
		return nil, false
	}
	if r.Method == http.MethodOptions || s.cfg.Token == "" || r.URL.Path == "/v1/hello" {
		return w, true
	}
	auth := r.Header.Get("Authorization")
	if got, ok := strings.CutPrefix(auth, "Bearer "); ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) == 1 {
		return w, true
	}
	if signed, ok := strings.CutPrefix(auth, "Lexlint "); ok {
		sw, err := s.verifySigned(w, r, signed)
		if err == nil {
			return sw, true
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d bytes", s.cfg.MaxBody))
			return nil, false
		}
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="lexlint"`)
	writeError(w, http.StatusUnauthorized, "missing or wrong pairing token: send Authorization: Bearer TOKEN (lexlint serve prints the token and where it is kept)")
	return nil, false
}

// verifySigned checks a signed request (its body read, within the limit,
// and put back) and returns the writer that signs its reply.
func (s *Server) verifySigned(w http.ResponseWriter, r *http.Request, signed string) (http.ResponseWriter, error) {
	ch, got, ok := strings.Cut(signed, ":")
	if !ok {
		return nil, errors.New("a signed request's Authorization is Lexlint CHALLENGE:MAC")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		return nil, fmt.Errorf("reading the request: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	want := mac(s.cfg.Token, "lexlint request", ch, r.Method+" "+r.URL.Path, string(body))
	if !hmac.Equal([]byte(got), []byte(want)) || !s.challenges.use(ch, time.Now()) {
		return nil, errors.New("wrong signature or challenge")
	}
	return &signingWriter{ResponseWriter: w, token: s.cfg.Token, challenge: ch}, nil
}

// signingWriter holds a reply back until it is complete, then sends it
// with its signature (Lexlint-Signature).
type signingWriter struct {
	http.ResponseWriter
	token, challenge string
	status           int
	body             bytes.Buffer
}

func (sw *signingWriter) WriteHeader(code int) {
	if sw.status == 0 {
		sw.status = code
	}
}

func (sw *signingWriter) Write(b []byte) (int, error) {
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	return sw.body.Write(b)
}

// finish sends the signed reply.
func (sw *signingWriter) finish() {
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	h := sw.ResponseWriter.Header()
	h.Set(signatureField, mac(sw.token, "lexlint reply", sw.challenge, strconv.Itoa(sw.status), sw.body.String()))
	h.Del("Content-Length")
	sw.ResponseWriter.WriteHeader(sw.status)
	_, _ = sw.ResponseWriter.Write(sw.body.Bytes())
}
