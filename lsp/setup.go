package lsp

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lexlint/lexlint/config"
	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// A setup is what applies to the documents under one configuration file
// (or to those under none): check's settings from the file, the linter of
// its lexicons with its rule and category levels, and the files it was
// made from, so that a change to one of them makes it again.
type setup struct {
	cfgPath string // "" for documents under no configuration file
	cfg     *config.Config
	linter  *lint.Linter
	opts    pipeline.Options
	files   []string // the configuration and lexicon files, absolute
	// problems are the last load's errors, by file; the setup keeps its
	// last good linter meanwhile.
	problems map[string][]*lexicon.Error
}

// load makes the setup again from its configuration and lexicon files,
// reading the texts an editor holds (overlay) instead of the saved ones.
// On errors it keeps the linter it had and records the problems.
func (s *setup) load(overlay map[string][]byte) {
	s.problems = map[string][]*lexicon.Error{}
	cfg, err := s.loadConfig(overlay)
	if err != nil {
		s.record(err, s.cfgPath)
		return
	}
	s.cfg, s.files = cfg, nil
	if s.cfgPath != "" {
		s.files = append(s.files, s.cfgPath)
	}
	refs := cfg.Lexicons
	if len(refs) == 0 {
		refs = lexicon.BuiltinRefs()
		if cfg.Lang != "" && cfg.Lang != "auto" {
			refs = []string{lexicon.BuiltinPrefix + cfg.Lang}
		}
	}
	for _, r := range refs {
		if !strings.HasPrefix(r, lexicon.BuiltinPrefix) {
			s.files = append(s.files, abs(r))
		}
	}
	linter, err := s.compile(refs, overlay)
	if err != nil {
		s.record(err, s.cfgPath)
		return
	}
	s.linter = linter
	s.opts = pipelineOptions(cfg)
}

// loadConfig reads the configuration file, as the editor holds it when it
// is open; none is an empty one.
func (s *setup) loadConfig(overlay map[string][]byte) (*config.Config, error) {
	if s.cfgPath == "" {
		return &config.Config{}, nil
	}
	if data, ok := overlay[s.cfgPath]; ok {
		return config.Parse(s.cfgPath, data)
	}
	return config.Load(s.cfgPath)
}

// compile loads the lexicons and builds the linter as check does; the
// built-ins as they are come from their compiled snapshot.
func (s *setup) compile(refs []string, overlay map[string][]byte) (*lint.Linter, error) {
	cfg := s.cfg
	lang := cfg.Lang
	if lang == "" {
		lang = "auto"
	}
	if len(cfg.Lexicons) == 0 && !cfg.Overrides() && lang == "auto" {
		return lint.NewBuiltin(lint.Options{Conversation: cfg.ConversationRules()})
	}
	// Lexicon packages are read from the cache as lexlint sync left them.
	if err := cfg.VerifyPackages(); err != nil {
		return nil, err
	}
	lexs, err := lexicon.LoadWith(lexicon.Options{Overlay: overlay, PackageRoots: cfg.PackageRoots()}, refs...)
	if err != nil {
		return nil, err
	}
	for _, lex := range lexs {
		if lex.Source != "" && !strings.HasPrefix(lex.Source, lexicon.BuiltinPrefix) && !slices.Contains(s.files, abs(lex.Source)) {
			s.files = append(s.files, abs(lex.Source))
		}
	}
	if lexs, err = cfg.Apply(lexs); err != nil {
		return nil, err
	}
	return lint.New(lexs, lint.Options{Lang: lang, Conversation: cfg.ConversationRules()})
}

// record keeps a load's errors by the file they are in; an error without
// a place is the configuration's (or, without one, logged).
func (s *setup) record(err error, fallback string) {
	list := lexicon.Errors(err)
	if list == nil {
		list = lexicon.ErrorList{{Pos: lexicon.Pos{File: fallback, Line: 1, Col: 1}, Msg: err.Error()}}
	}
	for _, e := range list {
		file := e.Pos.File
		if file == "" {
			file = fallback
		}
		file = abs(file)
		s.problems[file] = append(s.problems[file], e)
		if !slices.Contains(s.files, file) {
			s.files = append(s.files, file)
		}
	}
}

// uses reports whether the setup was made from the file at path.
func (s *setup) uses(path string) bool { return slices.Contains(s.files, path) }

// pipelineOptions are check's reading options from a configuration.
func pipelineOptions(cfg *config.Config) pipeline.Options {
	opts := pipeline.Options{Roles: map[string]bool{}}
	roles := cfg.Roles
	if len(roles) == 0 {
		roles = []string{transcript.RoleAgent}
	}
	for _, r := range roles {
		opts.Roles[strings.ToLower(strings.TrimSpace(r))] = true
	}
	opts.Input = transcript.Options{Format: cfg.Input, Fields: cfg.Fields, LongText: -1}
	if cfg.IncludeInternal != nil {
		opts.Input.IncludeInternal = *cfg.IncludeInternal
	}
	return opts
}

// abs makes a path absolute and clean.
func abs(path string) string {
	if p, err := filepath.Abs(path); err == nil {
		return p
	}
	return filepath.Clean(path)
}

// errNoLinter is the answer for documents whose setup never loaded.
var errNoLinter = errors.New("the lexicons could not be loaded; see the problems in the lexicon or configuration files")
