// Package server is lexlint's local HTTP service: a JSON API that checks a
// draft as an agent types and describes the lexicon, and an embedded web
// page that highlights discouraged wording in a draft box. It is built for
// loopback use next to a helpdesk: bounded bodies and concurrency,
// timeouts, an optional pairing token (sent as a bearer token, or proved
// by signed requests and replies: see auth.go) and opt-in CORS.
package server

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/lexlint/lexlint/fix"
	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/practice"
)

//go:embed static
var static embed.FS

// Engine is what the server checks with; Reload swaps it.
type Engine struct {
	Linter   *lint.Linter
	Lexicons []*lexicon.Lexicon
}

// Config tunes a Server.
type Config struct {
	MaxBody       int64    // bytes of a request body; 0 means 256 KiB
	MaxConcurrent int      // checks at once; over it, requests get 429; 0 means 8
	Token         string   // when set, /v1/ requests need "Authorization: Bearer TOKEN" or a signed request
	AllowOrigins  []string // origins allowed by CORS ("*" for any)
	Hosts         []string // host names accepted besides loopback names and IP addresses
	Logger        *slog.Logger
	// Quiz is the quiz of the practice page; nil makes one from the
	// lexicons. PracticeKey signs certification results (HMAC-SHA256);
	// without it they carry a plain SHA-256.
	Quiz        *practice.Quiz
	PracticeKey []byte
}

// Server serves the API and the page.
type Server struct {
	cfg        Config
	engine     atomic.Pointer[Engine]
	slots      chan struct{}
	mux        *http.ServeMux
	challenges challenges
	quizzes    quizzes
}

// New returns a server checking with engine.
func New(engine *Engine, cfg Config) *Server {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 256 << 10
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 8
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, slots: make(chan struct{}, cfg.MaxConcurrent), mux: http.NewServeMux()}
	s.engine.Store(engine)
	page, _ := fs.Sub(static, "static")
	files := http.FileServerFS(page)
	s.mux.Handle("GET /{$}", files)
	s.mux.Handle("GET /{file}", files) // the page's own files; /v1/... routes stay apart
	s.mux.HandleFunc("POST /v1/check", s.check)
	s.mux.HandleFunc("GET /v1/lexicon", s.lexicon)
	s.mux.HandleFunc("GET /v1/hello", s.hello)
	s.practiceRoutes()
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	return s
}

// Reload swaps the engine; requests under way finish with the old one.
func (s *Server) Reload(engine *Engine) { s.engine.Store(engine) }

// ServeHTTP applies logging, the Host check, CORS and authentication, then
// routes. No response may be framed by another page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	rec.Header().Set("Content-Security-Policy", "frame-ancestors 'none'")
	rec.Header().Set("X-Frame-Options", "DENY")
	rec.Header().Set("X-Content-Type-Options", "nosniff")
	defer func() {
		s.cfg.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"bytes", rec.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
	}()
	if !s.hostAllowed(r.Host) {
		writeError(rec, http.StatusMisdirectedRequest, fmt.Sprintf("Host %q is not this server's address: use a loopback name or IP address, "+
			"or start lexlint serve with --allow-host NAME (requests for other names are refused against DNS rebinding)", r.Host))
		return
	}
	origin := r.Header.Get("Origin")
	allowed := origin != "" && s.originAllowed(origin)
	if allowed {
		h := rec.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Expose-Headers", signatureField)
		h.Set("Access-Control-Max-Age", "600")
	}
	rec.Header().Set("Vary", "Origin")
	var out http.ResponseWriter = rec
	if strings.HasPrefix(r.URL.Path, "/v1/") {
		var ok bool
		if out, ok = s.authorized(rec, r, origin, allowed); !ok {
			return
		}
		if r.Method == http.MethodOptions { // a CORS preflight
			rec.WriteHeader(http.StatusNoContent)
			return
		}
	}
	if sw, ok := out.(*signingWriter); ok {
		defer sw.finish()
		out = &statusRecorder{ResponseWriter: sw, status: http.StatusOK}
	}
	s.mux.ServeHTTP(&jsonErrors{statusRecorder: out.(*statusRecorder), method: r.Method, path: r.URL.Path}, r)
}

// sameOrigin reports whether a browser says it sent the request from the
// server's own page. Any other client can say so too: it only spares the
// page a CORS error, and proves nothing (the page sends the token).
func sameOrigin(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") != "same-origin" {
		return false
	}
	origin := r.Header.Get("Origin")
	return origin == "" || strings.EqualFold(strings.TrimPrefix(origin, "http://"), r.Host) && strings.HasPrefix(origin, "http://")
}

// originAllowed reports whether CORS lets origin use the API.
func (s *Server) originAllowed(origin string) bool {
	for _, o := range s.cfg.AllowOrigins {
		if o == "*" || strings.EqualFold(o, origin) {
			return true
		}
	}
	return false
}

// hostAllowed reports whether a Host header names this server: a loopback
// name, an IP address (which DNS cannot re-point) or a configured name.
func (s *Server) hostAllowed(host string) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.ToLower(strings.Trim(name, "[]")), ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") || net.ParseIP(name) != nil {
		return true
	}
	for _, h := range s.cfg.Hosts {
		if strings.EqualFold(strings.TrimSuffix(h, "."), name) {
			return true
		}
	}
	return false
}

// CheckRequest is the body of POST /v1/check.
type CheckRequest struct {
	Text string `json:"text"`
	Lang string `json:"lang"` // nl, en or auto (default)
}

// Finding is a finding with offsets for the browser: CharOffset and
// CharEndOffset count UTF-16 code units, as JavaScript string indexes do.
// Replacements are the suggestions with the match's capitalisation, as
// --fix writes them.
type Finding struct {
	lint.Finding
	CharOffset    int      `json:"char_offset"`
	CharEndOffset int      `json:"char_end_offset"`
	Replacements  []string `json:"replacements"`
}

// Hit is an encouraged phrase found in the draft, with browser offsets.
type Hit struct {
	lint.Hit
	Category      string `json:"category"`
	CharOffset    int    `json:"char_offset"`
	CharEndOffset int    `json:"char_end_offset"`
}

// CheckResponse is the answer of POST /v1/check.
type CheckResponse struct {
	Lang     string         `json:"lang"`
	Findings []Finding      `json:"findings"`
	Hits     []Hit          `json:"hits"`
	Coverage map[string]int `json:"coverage"` // encouraged phrases per category
	Words    int            `json:"words"`
}

func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "send the draft as application/json: {\"text\": \"...\", \"lang\": \"auto\"}")
		return
	}
	// The body first, within its limit and the server's read timeout, and
	// only then a check slot: slow senders do not hold slots.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d bytes", s.cfg.MaxBody))
			return
		}
		writeError(w, http.StatusBadRequest, "reading the request: "+err.Error())
		return
	}
	var req CheckRequest
	if err := decodeOne(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "bad JSON: "+err.Error()+`; send {"text": "...", "lang": "auto"}`)
		return
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "too many checks at once; try again in a moment")
		return
	}
	switch req.Lang {
	case "", "auto", "nl", "en":
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("lang %q: use nl, en or auto", req.Lang))
		return
	}
	eng := s.engine.Load()
	doc := lint.Document{Path: "draft", Text: []byte(req.Text), Lang: req.Lang}
	res, err := eng.Linter.Check(r.Context(), doc)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	findings := res.Findings
	if p := eng.Linter.NewPresence(); p != nil {
		for _, pf := range append(p.Message("draft", nil, doc, res), p.Flush()...) {
			findings = append(findings, pf.Finding)
		}
	}
	units := utf16Index(req.Text)
	out := CheckResponse{Lang: res.Lang, Findings: []Finding{}, Hits: []Hit{}, Coverage: map[string]int{}, Words: res.Words}
	if out.Lang == "" {
		out.Lang = "undecided" // as check's summary.languages says it
	}
	for _, f := range findings {
		if f.Suggestions == nil {
			f.Suggestions = []string{}
		}
		replacements := make([]string, len(f.Suggestions))
		for i, sug := range f.Suggestions {
			replacements[i] = fix.Case(f.Match, sug)
		}
		out.Findings = append(out.Findings, Finding{Finding: f, CharOffset: units(f.Offset), CharEndOffset: units(f.EndOffset), Replacements: replacements})
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{Hit: h, Category: h.Category, CharOffset: units(h.Offset), CharEndOffset: units(h.EndOffset)})
		out.Coverage[h.Category]++
	}
	writeJSON(w, http.StatusOK, out)
}

// decodeOne decodes exactly one JSON value with known fields from body:
// anything after it but white space is an error.
func decodeOne(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("more data after the JSON object: send one object")
	}
	return nil
}

// utf16Index returns a function from byte offsets of s to UTF-16 offsets.
// It walks on from the last offset asked, so ascending offsets (findings
// are in text order) cost one pass over the text.
func utf16Index(s string) func(int) int {
	pos, units := 0, 0
	return func(off int) int {
		off = min(off, len(s))
		if off < pos {
			pos, units = 0, 0
		}
		for pos < off {
			r, size := utf8.DecodeRuneInString(s[pos:])
			if n := utf16.RuneLen(r); n > 0 {
				units += n
			} else {
				units++ // an invalid byte becomes U+FFFD, one unit
			}
			pos += size
		}
		return units
	}
}

func (s *Server) lexicon(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"entries": lexicon.Describe(s.engine.Load().Lexicons)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": msg, "status": status})
}

// jsonErrors turns the plain-text errors of the router and the file server
// (404, 405) into JSON errors like the API's own.
type jsonErrors struct {
	*statusRecorder
	method, path string
	swallow      bool
}

func (j *jsonErrors) WriteHeader(code int) {
	h := j.Header()
	if code < 400 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		j.statusRecorder.WriteHeader(code)
		return
	}
	j.swallow = true
	h.Del("Content-Length")
	msg := http.StatusText(code)
	switch code {
	case http.StatusNotFound:
		msg = fmt.Sprintf("nothing at %s", j.path)
		if strings.HasPrefix(j.path, "/v1/") {
			msg = fmt.Sprintf("no API route %s: the API has POST /v1/check, GET /v1/lexicon and /v1/practice/...", j.path)
		}
	case http.StatusMethodNotAllowed:
		msg = fmt.Sprintf("%s is not allowed on %s: use %s", j.method, j.path, h.Get("Allow"))
	}
	writeError(j.statusRecorder, code, msg)
}

func (j *jsonErrors) Write(b []byte) (int, error) {
	if j.swallow {
		return len(b), nil
	}
	return j.statusRecorder.Write(b)
}

type statusRecorder struct {
	http.ResponseWriter
	status, bytes int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// HTTPServer wraps a handler in an http.Server with the timeouts a local
// service needs.
func HTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
}

// Shutdown stops a server gracefully: no new connections, requests under
// way finish, for at most the given time.
func Shutdown(srv *http.Server, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return srv.Shutdown(ctx)
}
