package lsp

import (
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/lexlint/lexlint/config"
)

// The kinds of documents lexlint checks.
const (
	kindText    = iota // a draft, Markdown, a transcript or a canned-response library: checked as check would
	kindLexicon        // a lexicon: its problems, warnings and failing examples
	kindConfig         // .lexlint.yaml: its problems
)

// A document is a file the client has open.
type document struct {
	uri, path  string // path is "" for a document that is no file (untitled)
	languageID string
	version    int
	text       *text
	kind       int
	findings   []located // the last check's findings, for code actions and hover
}

// isLexicon tells a lexicon from other YAML: a top-level "lexicon:" key
// and entries.
var isLexicon = regexp.MustCompile(`(?m)^lexicon:[ \t]*\S[^\n]*\n(?:.*\n)*?(?:discouraged|encouraged|extends):`)

// kindOf decides how a document is checked.
func kindOf(path string, data []byte) int {
	base := filepath.Base(path)
	if slices.Contains(config.FileNames(), base) {
		return kindConfig
	}
	if ext := strings.ToLower(filepath.Ext(path)); (ext == ".yaml" || ext == ".yml") && isLexicon.Match(data) {
		return kindLexicon
	}
	return kindText
}

// pathOf returns the file path of a file: URI, or "".
func pathOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

// uriOf returns the file: URI of a path.
func uriOf(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

func (s *Server) didOpen(p DidOpenTextDocumentParams) {
	d := p.TextDocument
	path := pathOf(d.URI)
	doc := &document{uri: d.URI, path: path, languageID: d.LanguageID, version: d.Version, text: newText([]byte(d.Text))}
	doc.kind = kindOf(path, doc.text.data)
	s.mu.Lock()
	s.docs[d.URI] = doc
	s.mu.Unlock()
	s.schedule(d.URI, 0)
}

func (s *Server) didChange(p DidChangeTextDocumentParams) {
	s.mu.Lock()
	doc := s.docs[p.TextDocument.URI]
	if doc == nil {
		s.mu.Unlock()
		return
	}
	t := doc.text
	for _, ch := range p.ContentChanges {
		t = t.apply(ch, s.enc)
	}
	// A document is copied, never changed, so that a check under way reads
	// the text it started with.
	next := *doc
	next.text, next.version, next.kind = t, p.TextDocument.Version, kindOf(doc.path, t.data)
	s.docs[doc.uri] = &next
	s.mu.Unlock()
	s.schedule(doc.uri, s.opts.Delay)
	if next.kind != kindText && next.path != "" {
		s.reloadUsing(abs(next.path), s.opts.Delay)
	}
}

func (s *Server) didClose(p DidCloseTextDocumentParams) {
	s.mu.Lock()
	doc := s.docs[p.TextDocument.URI]
	delete(s.docs, p.TextDocument.URI)
	if t := s.timers[p.TextDocument.URI]; t != nil {
		t.Stop()
		delete(s.timers, p.TextDocument.URI)
	}
	s.mu.Unlock()
	s.setDiagnostics(p.TextDocument.URI, "doc", nil)
	if doc != nil && doc.kind != kindText && doc.path != "" {
		s.reloadUsing(abs(doc.path), 0) // the saved text counts again
	}
}

func (s *Server) didSave(p DidSaveTextDocumentParams) {
	s.mu.Lock()
	doc := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	if doc != nil && doc.path != "" {
		s.fileChanged(abs(doc.path))
	}
}

func (s *Server) didChangeWatchedFiles(p DidChangeWatchedFilesParams) {
	for _, ch := range p.Changes {
		if path := pathOf(ch.URI); path != "" {
			s.fileChanged(abs(path))
		}
	}
}

// fileChanged makes again the setups made from the file at path and
// checks their documents. A configuration file that appears or goes away
// changes which setup documents belong to, so then all are checked again.
func (s *Server) fileChanged(path string) {
	if !s.reloadUsing(path, 0) && slices.Contains(config.FileNames(), filepath.Base(path)) {
		s.afterDelay("setup:"+path, 0, s.checkAll)
	}
}

// reloadUsing makes again, after delay, the setups made from path, and
// checks the documents again. It reports whether any setup used path.
func (s *Server) reloadUsing(path string, delay time.Duration) bool {
	s.mu.Lock()
	var stale []string
	for key, st := range s.setups {
		if st.uses(path) {
			stale = append(stale, key)
		}
	}
	s.mu.Unlock()
	if len(stale) == 0 {
		return false
	}
	s.afterDelay("setup:"+path, delay, func() {
		for _, key := range stale {
			s.loadSetup(key)
		}
		s.checkAll()
	})
	return true
}

// checkAll checks every open document again.
func (s *Server) checkAll() {
	s.mu.Lock()
	uris := make([]string, 0, len(s.docs))
	for uri := range s.docs {
		uris = append(uris, uri)
	}
	s.mu.Unlock()
	for _, uri := range uris {
		s.schedule(uri, 0)
	}
}

// schedule checks a document once it has been left unchanged for delay;
// a newer change restarts the wait.
func (s *Server) schedule(uri string, delay time.Duration) {
	s.afterDelay(uri, delay, func() { s.check(uri) })
}

// afterDelay runs f after delay, unless asked again for key before then.
func (s *Server) afterDelay(key string, delay time.Duration, f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return
	}
	if t := s.timers[key]; t != nil && t.Stop() {
		s.work.Done()
	}
	var t *time.Timer
	s.work.Add(1)
	t = time.AfterFunc(delay, func() {
		defer s.work.Done()
		s.mu.Lock()
		current := s.timers[key] == t
		if current {
			delete(s.timers, key)
		}
		s.mu.Unlock()
		if current {
			f()
		}
	})
	s.timers[key] = t
}

// overlay is the text of every open configuration and lexicon file, by
// absolute path, for loading lexicons as the user sees them.
func (s *Server) overlay() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for _, d := range s.docs {
		if d.kind != kindText && d.path != "" {
			out[abs(d.path)] = d.text.data
		}
	}
	return out
}
