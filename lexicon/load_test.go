package lexicon

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		msg       string // a part of the message
	}{
		{"unknown top-level key", "lexicon: x\nlanguge: en\n", 2, 1, `unknown key "languge" in lexicon: did you mean "language"?`},
		{"tab in the indentation, on its own line", "lexicon: t\ndiscouraged:\n  - id: a\n\tcategory: rigid\n", 4, 1, "tab character"},
		{"unknown entry key", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: [x]\n    sugestions: [y]\n", 7, 5, `did you mean "suggestions"?`},
		{"duplicate id", "lexicon: x\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [x]}\n  - {id: a, category: rigid, message: m, phrases: [y]}\n", 4, 5, `duplicate id "a", first defined at line 3`},
		{"duplicate id across kinds", "lexicon: x\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [x]}\nencouraged:\n  - {id: a, category: empathy, phrases: [y]}\n", 5, 5, `duplicate id "a"`},
		{"empty phrase", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases:\n      - \"  \"\n", 7, 9, "empty item in phrases"},
		{"empty phrase list", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: []\n", 6, 14, "phrases is empty"},
		{"unknown severity", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    severity: fatal\n    message: m\n    phrases: [x]\n", 5, 15, `unknown severity "fatal": write error, warning or suggestion`},
		{"bad regexp", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases:\n      - \"re:(you\"\n", 7, 9, "bad regular expression"},
		{"regexp matching empty text", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: [\"re:x*\"]\n", 6, 15, "matches empty text"},
		{"unclosed alternatives", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: [\"(a|b policy\"]\n", 6, 15, `unclosed "("`},
		{"gap at the end", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: [\"as i ...\"]\n", 6, 15, `starts or ends with a gap`},
		{"only wildcards", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: [\"* *\"]\n", 6, 15, "has no required words"},
		{"regexp syntax in words", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: [\"apologi[sz]e\"]\n", 6, 15, "looks like a regular expression"},
		{"word glued to alternatives", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: [\"you('re| are)\"]\n", 6, 15, "glued"},
		{"nested alternatives", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: [\"(a (b|c))\"]\n", 6, 15, "nested"},
		{"missing message", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    phrases: [x]\n", 3, 5, `discouraged entry is missing "message"`},
		{"missing name", "language: en\n", 1, 1, `missing "lexicon"`},
		{"bad id", "lexicon: x\ndiscouraged:\n  - {id: \"a b\", category: rigid, message: m, phrases: [x]}\n", 3, 10, `id "a b"`},
		{"entry is not a mapping", "lexicon: x\ndiscouraged:\n  - just text\n", 3, 5, "discouraged entry must be a mapping"},
		{"phrases is a mapping", "lexicon: x\ndiscouraged:\n  - id: a\n    category: rigid\n    message: m\n    phrases: {a: b}\n", 6, 14, "phrases must be a list"},
		{"bad language", "lexicon: x\nlanguage: English\n", 2, 11, "not a language code"},
		{"relative link", "lexicon: x\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [x], link: style.html#a}\n", 3, 62, `link "style.html#a" is not an absolute http or https URL`},
		// The YAML parser names the line where the broken block starts; the
		// column is that line's first character.
		{"invalid YAML", "lexicon: x\ndiscouraged:\n  - id: a\n   category: [\n", 2, 1, "invalid YAML: did not find expected '-' indicator"},
		{"bad indentation", "lexicon: x\n  language: en\n", 2, 3, "invalid YAML: mapping values are not allowed"},
		{"empty file", "", 1, 1, "empty lexicon"},
		{"unknown require", "lexicon: x\nencouraged:\n  - {id: g, category: greeting, phrases: [hi], require: always, message: m}\n", 3, 57, `require "always": write reply`},
		{"unknown position", "lexicon: x\nencouraged:\n  - {id: g, category: greeting, phrases: [hi], require: reply, position: middle, message: m}\n", 3, 74, `position "middle"`},
		{"position without require", "lexicon: x\nencouraged:\n  - {id: g, category: greeting, phrases: [hi], position: first}\n", 3, 5, "sets position but no require"},
		{"require without message", "lexicon: x\nencouraged:\n  - {id: g, category: greeting, phrases: [hi], require: reply}\n", 3, 5, "has require but no message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.src))
			errs := Errors(err)
			if len(errs) == 0 {
				t.Fatalf("no error; want %q", tt.msg)
			}
			e := errs[0]
			if e.Pos.File != "bad.yaml" || e.Pos.Line != tt.line || e.Pos.Col != tt.col || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("got %v\nwant bad.yaml:%d:%d: ...%s...", e, tt.line, tt.col, tt.msg)
			}
		})
	}
}

// TestAliasErrorOnce checks that a problem in a node that YAML aliases
// reuse is reported once, at the node, and so is the duplicate id the
// aliases make.
func TestAliasErrorOnce(t *testing.T) {
	src := "lexicon: t\ndiscouraged:\n  - &e {id: a, category: rigid, message: m, phrases: [x], bogus: 1}\n  - *e\n  - *e\n"
	_, err := Parse("t.yaml", []byte(src))
	// Sorted by place: the duplicate id's column comes before the key's.
	if errs := Errors(err); len(errs) != 2 || !strings.Contains(errs[1].Msg, `unknown key "bogus"`) || !strings.Contains(errs[0].Msg, `duplicate id "a"`) {
		t.Errorf("got %v", err)
	}
}

func TestParseCollectsEveryProblem(t *testing.T) {
	src := "lexicon: x\nfoo: 1\ndiscouraged:\n  - id: a\n    category: rigid\n    severity: loud\n    message: m\n    phrases: [\"re:(\"]\n"
	errs := Errors(func() error { _, err := Parse("f.yaml", []byte(src)); return err }())
	if len(errs) != 3 {
		t.Fatalf("got %d problems, want 3: %v", len(errs), errs)
	}
}

func TestParsePhraseForms(t *testing.T) {
	src := `lexicon: full
language: nl
description: everything the format has
discouraged:
  - id: nl.rigid.beleid
    category: rigid
    severity: error
    phrases:
      - "dat is (ons|het) beleid"
      - "u moet * betalen"
      - "zoals ik ... zei"
      - 're:\bnee\b'
    message: Beleid klinkt als een muur.
    suggestions: ["Wat ik wel kan doen is ..."]
    examples:
      flag: ["Dat is ons beleid."]
      pass: ["Ons privacybeleid staat online."]
encouraged:
  - id: nl.empathy
    category: empathy
    phrases: ik begrijp
`
	lex, err := Parse("full.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e := lex.Discouraged[0]
	if lex.Name != "full" || lex.Language != "nl" || e.Severity != SeverityError || len(e.Phrases) != 4 ||
		e.Phrases[3].Regexp == nil || len(e.Examples.Flag) != 1 || e.Examples.Pass[0].Pos.Line != 17 {
		t.Errorf("unexpected lexicon: %+v / %+v", lex, e)
	}
	if got := e.Phrases[1].Elems; len(got) != 4 || got[2].Kind != ElemAny {
		t.Errorf("u moet * betalen: %+v", got)
	}
	if got := e.Phrases[0].Elems[2].Alts; len(got) != 2 || got[1] != "het" {
		t.Errorf("alternatives: %v", got)
	}
	if g := lex.Encouraged[0]; len(g.Phrases) != 1 || g.Phrases[0].Source != "ik begrijp" {
		t.Errorf("encouraged: %+v", g)
	}
}

func TestLoadExtends(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string { return writeFile(t, dir, name, src) }
	write("base.yaml", "lexicon: base\ndiscouraged:\n  - {id: base.a, category: rigid, message: m, phrases: [x]}\n")
	top := write("top.yaml", "lexicon: top\nextends: [base.yaml, builtin:en]\ndiscouraged:\n  - {id: top.a, category: rigid, message: m, phrases: [y]}\n")
	lexs, err := Load(top, top)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range lexs {
		names = append(names, l.Name)
	}
	if strings.Join(names, ",") != "base,builtin-en,top" {
		t.Errorf("load order %v", names)
	}

	write("a.yaml", "lexicon: a\nextends: b.yaml\n")
	write("b.yaml", "lexicon: b\nextends:\n  - a.yaml\n")
	_, err = Load(filepath.Join(dir, "a.yaml"))
	errs := Errors(err)
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "extends cycle") || errs[0].Pos.Line != 3 || errs[0].Pos.Col != 5 {
		t.Errorf("cycle: %v", err)
	}

	sibling := write("sibling.yaml", "lexicon: sibling\ndiscouraged:\n  - {id: base.a, category: rigid, message: m, phrases: [z]}\n")
	errs = Errors(func() error { _, err := Load(filepath.Join(dir, "base.yaml"), sibling); return err }())
	if len(errs) != 1 || errs[0].Pos.Line != 3 || !strings.Contains(errs[0].Msg, `duplicate id "base.a", first defined at `+filepath.Join(dir, "base.yaml")+":3:5") {
		t.Errorf("duplicate across files: %v", errs)
	}

	missing := write("missing.yaml", "lexicon: m\nextends: [nope.yaml]\n")
	errs = Errors(func() error { _, err := Load(missing); return err }())
	if len(errs) != 1 || errs[0].Pos.Line != 2 || errs[0].Pos.Col != 11 || !strings.Contains(errs[0].Msg, filepath.Join(dir, "nope.yaml")+": lexicon file not found") {
		t.Errorf("missing parent (its path named): %v", errs)
	}

	errs = Errors(func() error { _, err := Load("builtin:fr"); return err }())
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "builtin:en, builtin:nl") {
		t.Errorf("unknown builtin: %v", errs)
	}
}

func TestOverrides(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string { return writeFile(t, dir, name, src) }
	write("base.yaml", `lexicon: base
discouraged:
  - {id: b.one, category: rigid, severity: warning, message: m, phrases: [one], suggestions: [uno]}
  - {id: b.two, category: rigid, message: m, phrases: [two]}
encouraged:
  - {id: b.g, category: greeting, phrases: [hi]}
`)
	write("mid.yaml", "lexicon: mid\nextends: [base.yaml]\n")
	top := write("top.yaml", `lexicon: top
extends: [mid.yaml]
discouraged:
  - id: b.one
    severity: error
    phrases: [eins]
  - {id: b.two, disabled: true}
encouraged:
  - {id: b.g, phrases: [hello], require: conversation, position: first, message: greet}
`)
	lexs, err := Load(top)
	if err != nil {
		t.Fatal(err)
	}
	base := lexs[0]
	if len(base.Discouraged) != 1 {
		t.Fatalf("disabled entry kept: %+v", base.Discouraged)
	}
	one := base.Discouraged[0]
	if one.Severity != SeverityError || len(one.Phrases) != 2 || one.Phrases[1].Source != "eins" || one.Message != "m" || one.Suggestions[0] != "uno" {
		t.Errorf("override of b.one: %+v", one)
	}
	g := base.Encouraged[0]
	if len(g.Phrases) != 2 || g.Require != RequireConversation || g.Position != PositionFirst {
		t.Errorf("override of b.g: %+v", g)
	}
	if len(lexs[2].Discouraged) != 0 {
		t.Errorf("overrides are not entries of their own: %+v", lexs[2].Discouraged)
	}
	// A new entry must be complete.
	bad := write("bad.yaml", "lexicon: bad\nextends: [base.yaml]\ndiscouraged:\n  - {id: b.three, severity: error}\n")
	errs := Errors(func() error { _, err := Load(bad); return err }())
	if len(errs) != 3 || !strings.Contains(errs[0].Msg, `discouraged entry is missing "category"`) {
		t.Errorf("incomplete new entry: %v", errs)
	}
}

// writeFile writes a test file into dir and returns its path.
func writeFile(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEveryProblemAtOnce checks that an entry without phrases is reported
// beside another entry's empty phrase list, not only once that is fixed.
func TestEveryProblemAtOnce(t *testing.T) {
	src := "lexicon: t\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: []}\n  - {id: b, category: rigid, message: m}\n"
	_, err := Parse("t.yaml", []byte(src))
	errs := Errors(err)
	if len(errs) != 2 || !strings.Contains(errs[0].Msg, "phrases is empty") || errs[1].Pos.Line != 4 || !strings.Contains(errs[1].Msg, `missing "phrases"`) {
		t.Errorf("got %v", err)
	}
}

// TestFixIsASuggestion checks that a fix is found among the suggestions as
// phrases are compared (case, apostrophes, spacing folded), and reported
// where it is not.
func TestFixIsASuggestion(t *testing.T) {
	for _, tt := range []struct {
		fix, suggestion string
		ok              bool
	}{
		{"Happy to help", "happy to help", true},
		{"That’s fine", "that's  fine", true},
		{"Graag gedaan", "Graag gedaan!", false},
		{"Happy to help", "Glad to help", false},
	} {
		src := fmt.Sprintf("lexicon: t\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [x], suggestions: [%q], fix: %q}\n", tt.suggestion, tt.fix)
		_, err := Parse("t.yaml", []byte(src))
		if got := err == nil; got != tt.ok {
			t.Errorf("fix %q, suggestion %q: %v", tt.fix, tt.suggestion, err)
		}
		if err != nil && !strings.Contains(err.Error(), "t.yaml:3:") {
			t.Errorf("fix %q: not placed: %v", tt.fix, err)
		}
	}
}
