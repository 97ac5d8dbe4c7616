package lsp

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lexlint/lexlint/config"
	"github.com/lexlint/lexlint/fix"
	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// A located finding is a finding with its bytes in the document.
type located struct {
	f          lint.Finding
	start, end int
	editable   bool // start..end is the match as written: a suggestion can replace it
	directive  bool // a lexlint-disable-next-line line can go above it
	markdown   bool // the directive is written as an HTML comment
	diag       Diagnostic
}

// check checks an open document and publishes its diagnostics, unless it
// changed meanwhile (its next check is then on its way).
func (s *Server) check(uri string) {
	s.mu.Lock()
	doc, enc := s.docs[uri], s.enc
	s.mu.Unlock()
	if doc == nil {
		return
	}
	var locs []located
	var diags []Diagnostic
	switch doc.kind {
	case kindText:
		locs, diags = s.checkText(doc, enc)
	case kindLexicon:
		diags = s.checkLexicon(doc, enc)
	case kindConfig:
		diags = s.checkConfig(doc)
	}
	s.mu.Lock()
	current := s.docs[uri] == doc
	if current {
		doc.findings = locs
	}
	s.mu.Unlock()
	if current {
		s.setDiagnostics(uri, "doc", diags)
	}
}

// checkText checks a draft, Markdown file, transcript or canned-response
// library as check would, with the setup of its folder.
func (s *Server) checkText(doc *document, enc string) ([]located, []Diagnostic) {
	path := doc.path
	if path == "" {
		path = "untitled" + extension(doc.languageID)
	}
	st := s.setupFor(path)
	if st.linter == nil {
		return nil, nil
	}
	if doc.path != "" && !st.cfg.Selected(path) {
		return nil, nil // excluded by the configuration
	}
	items, err := pipeline.CheckDocument(s.ctx, st.linter, path, doc.text.data, st.opts)
	var locs []located
	for _, it := range items {
		if it.Result != nil {
			for _, f := range it.Result.Findings {
				locs = append(locs, locate(doc, it.Message, f, false, enc))
			}
		}
		for _, f := range it.Presence {
			// A conversation rule's finding has a match; a missing phrase's
			// is the whole reply.
			locs = append(locs, locate(doc, it.Message, f, f.Match == "", enc))
		}
	}
	diags := make([]Diagnostic, 0, len(locs))
	for _, l := range locs {
		diags = append(diags, l.diag)
	}
	diags = append(diags, otherLanguage(doc, st.cfg, items, enc)...)
	switch {
	case err == nil || errors.Is(err, s.ctx.Err()):
	case errors.Is(err, transcript.ErrForeign):
		// Some other YAML or JSON file (an editor sends all of them): not
		// lexlint's to judge.
	default:
		diags = append(diags, inputError(doc, err, enc))
	}
	return locs, diags
}

// langNames names the languages lexlint knows.
var langNames = map[string]string{"en": "English", "nl": "Dutch"}

// otherLanguage returns, where the configuration forces a language, an
// information diagnostic on each message that reads as another: its
// wording in that language is not checked, which the writer must know.
func otherLanguage(doc *document, cfg *config.Config, items []*pipeline.Item, enc string) []Diagnostic {
	if cfg == nil || cfg.Lang == "" || cfg.Lang == "auto" {
		return nil
	}
	var diags []Diagnostic
	for _, it := range items {
		if it.Result == nil || it.Message == nil || it.Result.Detected == "" || it.Result.Detected == cfg.Lang {
			continue
		}
		start, end := recordLine(doc, it.Message)
		if m := it.Message; m.InFile && m.Map == nil {
			start, end = m.FileOffset, m.FileOffset
		}
		diags = append(diags, Diagnostic{Range: doc.text.rangeOf(start, min(end, start), enc), Severity: SeverityInformation,
			Code: "lexlint.language", Source: "lexlint",
			Message: fmt.Sprintf("This text reads as %s, but %s sets lang: %s, so only %s wording is checked; set lang: auto to detect each text's language.",
				langNames[it.Result.Detected], filepath.Base(cfg.Path), cfg.Lang, langNames[cfg.Lang])})
	}
	return diags
}

// extension gives an untitled document of a language the name's ending
// check would read it by.
func extension(languageID string) string {
	switch languageID {
	case "markdown":
		return ".md"
	case "html":
		return ".html"
	case "yaml":
		return ".yaml"
	case "json":
		return ".json"
	}
	return ".txt"
}

// locate places a finding of message m in the document and makes its
// diagnostic: the match where the text lies in the file as it is, else
// the record's line; a presence finding covers the whole reply.
func locate(doc *document, m *transcript.Message, f lint.Finding, presence bool, enc string) located {
	l := located{f: f}
	start, end, ok := pipeline.FileSpan(m, f)
	switch {
	case presence && m.InFile && m.Map == nil:
		start, end = m.FileOffset, m.FileOffset+len(m.Text)
	case presence || !ok:
		start, end = recordLine(doc, m)
	default:
		l.editable = true
		format := m.Origin.Format
		l.directive = format == "text" || format == "html" || format == "chat"
		l.markdown = format == "html" || transcript.IsMarkdown(doc.path) || doc.languageID == "markdown"
	}
	l.start, l.end = start, end
	sev := map[lexicon.Severity]int{lexicon.SeverityError: SeverityError, lexicon.SeverityWarning: SeverityWarning}[f.Severity]
	if sev == 0 {
		sev = SeverityInformation
	}
	msg := f.Message
	if presence {
		sev, msg = SeverityHint, "This reply: "+f.Message
	}
	if len(f.Suggestions) > 0 {
		msg += " Try: " + strings.Join(quoted(f.Suggestions), " or ")
	}
	data, _ := json.Marshal(map[string]string{"rule": f.Rule, "fix": f.Fix})
	l.diag = Diagnostic{Range: doc.text.rangeOf(start, end, enc), Severity: sev, Code: f.Rule, Source: "lexlint", Message: msg, Data: data}
	return l
}

// recordLine is the bytes of the line a message's record starts on, or of
// the whole document when it has none.
func recordLine(doc *document, m *transcript.Message) (int, int) {
	if r := m.Origin.Record; r > 0 && r <= len(doc.text.lines) {
		return doc.text.lines[r-1], doc.text.lineEnd(r - 1)
	}
	return 0, len(doc.text.data)
}

func quoted(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = "“" + s + "”"
	}
	return out
}

// inputError is the diagnostic of a part of the document that could not
// be read: at its record's line, or at the damage.
func inputError(doc *document, err error, enc string) Diagnostic {
	start, end := 0, 0
	var rec *transcript.RecordError
	var dmg *transcript.DamageError
	switch {
	case errors.As(err, &dmg):
		start = min(int(dmg.Offset), len(doc.text.data))
		end = start
	case errors.As(err, &rec) && rec.Record > 0 && rec.Record <= len(doc.text.lines):
		start, end = doc.text.lines[rec.Record-1], doc.text.lineEnd(rec.Record-1)
	}
	return Diagnostic{Range: doc.text.rangeOf(start, end, enc), Severity: SeverityError, Code: "input-error", Source: "lexlint", Message: err.Error()}
}

// setupFor returns the setup of the configuration file that applies to
// path (found upwards from its folder), making it on first use.
func (s *Server) setupFor(path string) *setup {
	cfgPath, err := config.Find(filepath.Dir(abs(path)))
	if err != nil {
		s.logf("looking for .lexlint.yaml: %v", err)
	}
	s.mu.Lock()
	st := s.setups[cfgPath]
	s.mu.Unlock()
	if st != nil {
		return st
	}
	return s.loadSetup(cfgPath)
}

// loadSetup makes the setup of a configuration file (again), keeping the
// last good linter when the lexicons now have errors, and publishes the
// problems on the files they are in.
func (s *Server) loadSetup(cfgPath string) *setup {
	st := &setup{cfgPath: cfgPath}
	st.load(s.overlay())
	s.mu.Lock()
	prev := s.setups[cfgPath]
	if st.linter == nil && prev != nil {
		st.linter, st.opts, st.cfg = prev.linter, prev.opts, prev.cfg
	}
	if st.cfg == nil {
		st.cfg = &config.Config{}
	}
	s.setups[cfgPath] = st
	s.mu.Unlock()
	files := slices.Clone(st.files)
	if prev != nil {
		files = append(files, prev.files...)
	}
	slices.Sort(files)
	for _, file := range slices.Compact(files) {
		s.setDiagnostics(uriOf(file), "setup:"+cfgPath, s.errorDiagnostics(file, st.problems[file], SeverityError))
	}
	if st.linter == nil {
		s.logf("%v", errNoLinter)
	}
	return st
}

// errorDiagnostics turns lexicon or configuration problems in file into
// diagnostics.
func (s *Server) errorDiagnostics(file string, errs []*lexicon.Error, sev int) []Diagnostic {
	if len(errs) == 0 {
		return nil
	}
	t, enc := s.textOf(file)
	out := make([]Diagnostic, 0, len(errs))
	for _, e := range errs {
		off := t.lineColumn(e.Pos.Line, e.Pos.Col)
		out = append(out, Diagnostic{Range: t.rangeOf(off, t.wordEnd(off), enc), Severity: sev, Source: "lexlint", Message: e.Msg})
	}
	return out
}

// textOf returns a file's text as the editor holds it, or as saved.
func (s *Server) textOf(path string) (*text, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		if d.path != "" && abs(d.path) == path {
			return d.text, s.enc
		}
	}
	data, _ := os.ReadFile(path)
	return newText(data), s.enc
}

// lineColumn is the byte offset of a 1-based line and column in
// characters, as lexlint's errors give them.
func (t *text) lineColumn(line, col int) int {
	if line < 1 || line > len(t.lines) {
		return 0
	}
	i, end := t.lines[line-1], t.lineEnd(line-1)
	for c := 1; c < col && i < end; c++ {
		_, size := utf8.DecodeRune(t.data[i:])
		i += size
	}
	return i
}

// wordEnd is the end of the word or scalar at off, for a problem's
// range: a quoted scalar to its closing quote, else up to a space or
// YAML's punctuation.
func (t *text) wordEnd(off int) int {
	end := t.lineEnd(t.lineOf(off))
	if off < end && (t.data[off] == '"' || t.data[off] == '\'') {
		q := t.data[off]
		for i := off + 1; i < end; i++ {
			switch {
			case q == '"' && t.data[i] == '\\':
				i++
			case t.data[i] == q && q == '\'' && i+1 < end && t.data[i+1] == '\'':
				i++ // '' is a quote inside single quotes
			case t.data[i] == q:
				return i + 1
			}
		}
		return end
	}
	i := off
	for i < end && !strings.ContainsRune(" \t,]}", rune(t.data[i])) {
		i++
	}
	return i
}

// checkLexicon reports a lexicon file's problems as validate does, its
// likely mistakes, and the examples that fail as lexicon test runs them.
func (s *Server) checkLexicon(doc *document, enc string) []Diagnostic {
	path := abs(doc.path)
	lexs, err := lexicon.LoadOverlay(s.overlay(), path)
	if err == nil {
		_, err = lint.New(lexs, lint.Options{})
	}
	if err != nil {
		return s.lexiconProblems(doc, path, err, enc)
	}
	var diags []Diagnostic
	warnings, err := lint.Analyze(s.ctx, lexs)
	if err != nil {
		return nil
	}
	for _, w := range warnings {
		if abs(w.Pos.File) == path {
			diags = append(diags, s.errorDiagnostics(path, []*lexicon.Error{{Pos: w.Pos, Msg: w.Msg}}, SeverityWarning)...)
		}
	}
	return append(diags, s.failingExamples(path, lexs)...)
}

// lexiconProblems reports a lexicon's load errors in this file, and says
// which other files have some.
func (s *Server) lexiconProblems(doc *document, path string, err error, enc string) []Diagnostic {
	list := lexicon.Errors(err)
	if list == nil {
		list = lexicon.ErrorList{{Pos: lexicon.Pos{File: path, Line: 1, Col: 1}, Msg: err.Error()}}
	}
	var mine []*lexicon.Error
	var elsewhere []string
	for _, e := range list {
		if e.Pos.File == "" || abs(e.Pos.File) == path {
			mine = append(mine, e)
		} else if !slices.Contains(elsewhere, e.Pos.File) {
			elsewhere = append(elsewhere, e.Pos.File)
		}
	}
	diags := s.errorDiagnostics(path, mine, SeverityError)
	if len(elsewhere) > 0 {
		diags = append(diags, Diagnostic{Range: doc.text.rangeOf(0, 0, enc), Severity: SeverityError, Source: "lexlint",
			Message: "a lexicon this one extends has problems: " + strings.Join(elsewhere, ", ")})
	}
	return diags
}

// failingExamples runs the lexicon's examples and reports those of this
// file that fail, as lexicon test does.
func (s *Server) failingExamples(path string, lexs []*lexicon.Lexicon) []Diagnostic {
	l, err := lint.New(lexs, lint.Options{})
	if err != nil {
		return nil
	}
	results, err := l.RunExamples(s.ctx)
	if err != nil {
		return nil
	}
	var out []Diagnostic
	for _, r := range results {
		if r.Passed || abs(r.Example.Pos.File) != path {
			continue
		}
		kind, why := "flag", "draws no finding of it"
		if !r.Flag {
			kind, why = "pass", "draws a finding of it"
		}
		drew := "nothing"
		if len(r.Rules) > 0 {
			drew = strings.Join(r.Rules, ", ")
		}
		msg := fmt.Sprintf("%s example of %s %s (drew: %s)", kind, r.Entry.ID, why, drew)
		out = append(out, s.errorDiagnostics(path, []*lexicon.Error{{Pos: r.Example.Pos, Msg: msg}}, SeverityError)...)
	}
	return out
}

// checkConfig reports a configuration file's problems.
func (s *Server) checkConfig(doc *document) []Diagnostic {
	if doc.path == "" {
		return nil
	}
	_, err := config.Parse(abs(doc.path), doc.text.data)
	if err == nil {
		return nil
	}
	list := lexicon.Errors(err)
	if list == nil {
		list = lexicon.ErrorList{{Pos: lexicon.Pos{File: doc.path, Line: 1, Col: 1}, Msg: err.Error()}}
	}
	return s.errorDiagnostics(abs(doc.path), list, SeverityError)
}

// setDiagnostics sets what one source says of a document and publishes
// what all sources say, each problem once.
func (s *Server) setDiagnostics(uri, source string, diags []Diagnostic) {
	s.mu.Lock()
	bySource := s.diags[uri]
	if bySource == nil {
		bySource = map[string][]Diagnostic{}
		s.diags[uri] = bySource
	}
	if len(diags) == 0 {
		delete(bySource, source)
	} else {
		bySource[source] = diags
	}
	sources := make([]string, 0, len(bySource))
	for k := range bySource {
		sources = append(sources, k)
	}
	slices.Sort(sources)
	all := []Diagnostic{}
	for _, k := range sources {
		for _, d := range bySource[k] {
			if !slices.ContainsFunc(all, func(x Diagnostic) bool { return x.Range == d.Range && x.Message == d.Message }) {
				all = append(all, d)
			}
		}
	}
	conn := s.conn
	var version *int
	if doc := s.docs[uri]; doc != nil {
		v := doc.version
		version = &v
	}
	s.mu.Unlock()
	if conn != nil {
		if err := conn.Notify(s.ctx, "textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Version: version, Diagnostics: all}); err != nil && s.ctx.Err() == nil {
			s.logf("publishing diagnostics: %v", err)
		}
	}
}

// fixed is the replacement for a match: the suggestion with the match's
// capitalisation, as --fix writes it.
func fixed(f lint.Finding, suggestion string) string { return fix.Case(f.Match, suggestion) }
