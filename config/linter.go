package config

import (
	"runtime/debug"
	"slices"
	"strings"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

// Lexicons says which lexicons a check uses: Refs are lexicon files or
// builtin:LANG references (none: the built-ins of Lang, or all of them
// for auto); Lang is nl, en or auto; AnyPath lets lexicons extend files
// outside their repository (--extends-anywhere).
type Lexicons struct {
	Refs    []string
	Lang    string
	AnyPath bool
	// Packages: the refs come from the configuration, whose lexicon
	// packages are read from the cache as lexlint sync left them.
	Packages bool
}

// Linter returns the engine lexlint check uses for these lexicons and the
// configuration c (nil for none), and the lexicon files it loaded (for
// fingerprints): the built-in lexicons as they are come from their stored
// snapshot, anything else is compiled (Compile).
func (c *Config) Linter(l Lexicons) (*lint.Linter, []string, error) {
	if lang, ok := builtinOnly(l.Refs, l.Lang); ok && !c.Overrides() {
		// The snapshot decodes into about 12 MB that is all kept: the
		// collector is paused meanwhile, as for Compile.
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		linter, err := lint.NewBuiltin(lint.Options{Lang: lang, Conversation: c.ConversationRules()})
		return linter, nil, err
	}
	linter, _, files, err := c.Compile(l)
	return linter, files, err
}

// builtinOnly reports whether lexicons and lang ask for built-in lexicons
// only, and the language to force on the snapshot of all of them: the
// built-in of a language with that language forced checks as the snapshot
// does with it forced. (The built-in of one language alone, with the
// language detected, is compiled: a text of another language gets none of
// its findings.)
func builtinOnly(refs []string, lang string) (string, bool) {
	langs := lexicon.BuiltinLanguages()
	if lang != "auto" && !slices.Contains(langs, lang) {
		return "", false // let Compile report the unknown language
	}
	switch {
	case len(refs) == 0:
		return lang, true
	case len(refs) == 1:
		only, ok := strings.CutPrefix(refs[0], lexicon.BuiltinPrefix)
		if !ok || !slices.Contains(langs, only) || lang != only {
			return "", false
		}
		return only, true
	}
	all := slices.Clone(refs)
	slices.Sort(all)
	return lang, slices.Equal(slices.Compact(all), lexicon.BuiltinRefs())
}

// Compile loads the lexicons, applies c's overrides and conversation
// rules (c may be nil) and compiles them; it also returns the lexicons and
// the lexicon files it loaded (extends included; none for the built-ins).
// The garbage collector is paused while the lexicons are parsed and
// compiled (about 20 MB, all of it kept): collecting then only slows the
// start.
func (c *Config) Compile(l Lexicons) (*lint.Linter, []*lexicon.Lexicon, []string, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	refs := l.Refs
	if len(refs) == 0 {
		if l.Lang == "auto" {
			refs = lexicon.BuiltinRefs()
		} else {
			refs = []string{lexicon.BuiltinPrefix + l.Lang}
		}
	}
	opts := lexicon.Options{AnyPath: l.AnyPath}
	if l.Packages {
		if err := c.VerifyPackages(); err != nil {
			return nil, nil, nil, err
		}
		opts.PackageRoots = c.PackageRoots()
	}
	lexs, err := lexicon.LoadWith(opts, refs...)
	if err != nil {
		return nil, nil, nil, err
	}
	var files []string
	for _, lex := range lexs {
		if lex.Source != "" && !strings.HasPrefix(lex.Source, lexicon.BuiltinPrefix) {
			files = append(files, lex.Source)
		}
	}
	if lexs, err = c.Apply(lexs); err != nil {
		return nil, nil, nil, err
	}
	linter, err := lint.New(lexs, lint.Options{Lang: l.Lang, Conversation: c.ConversationRules()})
	return linter, lexs, files, err
}
