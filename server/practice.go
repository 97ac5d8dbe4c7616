package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/lexlint/lexlint/practice"
)

// The practice API, for the page /practice.html:
//
//	GET  /v1/practice/quiz[?lang=en|nl] the quiz of serve --quiz, else one made from the lexicons
//	POST /v1/practice/open              a quiz file's content: checked, and returned
//	POST /v1/practice/judge             {"lang", "text", "answer"}: the engine's verdict on a rewrite
//	POST /v1/practice/certify           {"quiz", "agent", "answers"}: the graded, signed result

// quizzes keeps the quizzes made from the lexicons, per engine and
// language.
type quizzes struct {
	mu     sync.Mutex
	engine *Engine
	made   map[string]*practice.Quiz
}

func (s *Server) practiceRoutes() {
	s.mux.HandleFunc("GET /v1/practice/quiz", s.practiceQuiz)
	s.mux.HandleFunc("POST /v1/practice/open", s.practiceOpen)
	s.mux.HandleFunc("POST /v1/practice/judge", s.practiceJudge)
	s.mux.HandleFunc("POST /v1/practice/certify", s.practiceCertify)
}

func (s *Server) practiceQuiz(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Quiz != nil {
		writeJSON(w, http.StatusOK, s.cfg.Quiz)
		return
	}
	eng := s.engine.Load()
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = "en"
		for _, l := range eng.Lexicons {
			if l.Language == "nl" || l.Language == "en" {
				lang = l.Language
				break
			}
		}
	}
	if _, err := practice.Language(lang); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.quizzes.mu.Lock()
	defer s.quizzes.mu.Unlock()
	if s.quizzes.engine != eng {
		s.quizzes.engine, s.quizzes.made = eng, map[string]*practice.Quiz{}
	}
	q := s.quizzes.made[lang]
	if q == nil {
		var err error
		q, err = practice.Make(r.Context(), eng.Linter, eng.Lexicons, practice.MakeOptions{Language: lang, Items: 60, Source: "lexicons", Now: time.Now()})
		if err != nil {
			writeError(w, http.StatusNotFound, "no quiz: "+err.Error())
			return
		}
		s.quizzes.made[lang] = q
	}
	writeJSON(w, http.StatusOK, q)
}

// practiceBody reads a practice request's body, up to the larger of the
// server's limit and a quiz's.
func (s *Server) practiceBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max(s.cfg.MaxBody, practice.MaxQuizSize)))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "the request is too large for a quiz")
		} else {
			writeError(w, http.StatusBadRequest, "reading the request: "+err.Error())
		}
		return nil, false
	}
	return body, true
}

func (s *Server) practiceOpen(w http.ResponseWriter, r *http.Request) {
	body, ok := s.practiceBody(w, r)
	if !ok {
		return
	}
	q, err := practice.ReadQuiz(bytes.NewReader(body), "the quiz file")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, q)
}

// JudgeRequest is the body of POST /v1/practice/judge.
type JudgeRequest struct {
	Lang   string `json:"lang"`
	Text   string `json:"text"`
	Answer string `json:"answer"`
}

func (s *Server) practiceJudge(w http.ResponseWriter, r *http.Request) {
	body, ok := s.practiceBody(w, r)
	if !ok {
		return
	}
	var req JudgeRequest
	if err := decodeOne(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "bad JSON: "+err.Error()+`; send {"lang": "en", "text": "...", "answer": "..."}`)
		return
	}
	if _, err := practice.Language(req.Lang); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if len(req.Text) > 4000 || len(req.Answer) > 4000 {
		writeError(w, http.StatusBadRequest, "the sentence and the answer are at most 4,000 bytes each")
		return
	}
	if !s.slot(w) {
		return
	}
	defer func() { <-s.slots }()
	v, err := practice.Judge(r.Context(), s.engine.Load().Linter, req.Lang, req.Text, req.Answer)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// slot takes a check slot, or answers 429.
func (s *Server) slot(w http.ResponseWriter) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	default:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "too many checks at once; try again in a moment")
		return false
	}
}

// CertifyRequest is the body of POST /v1/practice/certify.
type CertifyRequest struct {
	Quiz    json.RawMessage   `json:"quiz"`
	Agent   string            `json:"agent"`
	Answers []practice.Answer `json:"answers"`
}

func (s *Server) practiceCertify(w http.ResponseWriter, r *http.Request) {
	body, ok := s.practiceBody(w, r)
	if !ok {
		return
	}
	var req CertifyRequest
	if err := decodeOne(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "bad JSON: "+err.Error()+`; send {"quiz": {...}, "agent": "...", "answers": [...]}`)
		return
	}
	q, err := practice.ReadQuiz(bytes.NewReader(req.Quiz), "the quiz")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if q.Mode != practice.ModeCertification {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the quiz %q is for practice: certification needs a quiz made with lexlint practice make --certification", q.Title))
		return
	}
	if official := s.cfg.Quiz; official != nil && official.Mode == practice.ModeCertification && q.Digest != official.Digest {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("this server certifies with the quiz %q only (lexlint serve --quiz), not with %q", official.Title, q.Title))
		return
	}
	if !s.slot(w) {
		return
	}
	defer func() { <-s.slots }()
	res, err := practice.Grade(r.Context(), s.engine.Load().Linter, q, req.Agent, req.Answers, s.cfg.PracticeKey, time.Now())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, res)
}
