package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindUpwards(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".lexlint.yml"), "lang: nl\n")
	deep := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != filepath.Join(dir, ".lexlint.yml") {
		t.Errorf("Find = %q, %v", got, err)
	}
	write(t, filepath.Join(dir, "a", ".lexlint.yaml"), "lang: en\n")
	if got, _ := Find(deep); got != filepath.Join(dir, "a", ".lexlint.yaml") {
		t.Errorf("nearest file not found first: %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"lang: nl\nfail_ob: warning\n", 2, 1, `unknown key "fail_ob": did you mean "fail_on"?`},
		{"jobs: many\n", 1, 7, "jobs: cannot unmarshal !!str `many` into int"},
		{"rules:\n  en.x: loud\n", 2, 9, `"loud" is not a level`},
		{"lexicons: builtin:en\n", 1, 11, "lexicons: cannot unmarshal"},
		{"- a\n", 1, 1, "must be a mapping"},
		{"include: ['[']\n", 1, 10, "bad glob"},
		{"register: jij\n", 1, 11, `register "jij": write u (formal) or je (informal)`},
		{"name_threshold: 0\n", 1, 17, "name_threshold 0: write how many times"},
		{"lexicons:\n  - builtin:en\n  - git: https://example.com/l.git\n    path: a.yaml\n", 3, 5, "lexicons: a git: package needs ref:"},
		{"lexicons:\n  - url: https://example.com/l.yaml\n    sha: abc\n", 3, 5, `lexicons: "sha": a lexicon package has url: or git:`},
		{"lexicons:\n  - [a]\n", 2, 5, "lexicons: write a file name, builtin:xx or a package"},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), ".lexlint.yaml")
		write(t, path, tt.src)
		_, err := Load(path)
		errs := lexicon.Errors(err)
		if len(errs) == 0 || errs[0].Pos.Line != tt.line || errs[0].Pos.Col != tt.col || !strings.Contains(errs[0].Msg, tt.msg) {
			t.Errorf("%q: got %v, want %d:%d %s", tt.src, err, tt.line, tt.col, tt.msg)
		}
	}
}

func TestSelectedAndApply(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".lexlint.yaml")
	write(t, path, "lexicons: [team.yaml, builtin:en]\ninclude: ['macros/**']\nexclude: ['**/old/*']\nrules:\n  t.a: off\n  t.b: error\ncategories:\n  jargon: suggestion\n")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Lexicons[0] != filepath.Join(dir, "team.yaml") || c.Lexicons[1] != "builtin:en" {
		t.Errorf("lexicon paths %v", c.Lexicons)
	}
	for p, want := range map[string]bool{
		filepath.Join(dir, "macros/a.yaml"):     true,
		filepath.Join(dir, "macros/x/b.yaml"):   true,
		filepath.Join(dir, "macros/old/c.yaml"): false,
		filepath.Join(dir, "drafts/d.txt"):      false,
	} {
		if got := c.Selected(p); got != want {
			t.Errorf("Selected(%s) = %v", p, got)
		}
	}
	lex, err := lexicon.Parse("t.yaml", []byte(`lexicon: t
discouraged:
  - {id: t.a, category: rigid, message: m, phrases: [a]}
  - {id: t.b, category: jargon, severity: suggestion, message: m, phrases: [b]}
  - {id: t.c, category: jargon, severity: error, message: m, phrases: [c]}
encouraged:
  - {id: t.g, category: greeting, phrases: [hi], require: reply, message: m}
`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Apply([]*lexicon.Lexicon{lex})
	if err != nil {
		t.Fatal(err)
	}
	d := out[0].Discouraged
	if len(d) != 2 || d[0].ID != "t.b" || d[0].Severity != lexicon.SeverityError || d[1].Severity != lexicon.SeveritySuggestion {
		t.Errorf("overrides: %+v %+v", d[0], d[1])
	}
	if lex.Discouraged[1].Severity != lexicon.SeveritySuggestion {
		t.Error("Apply changed the loaded lexicon")
	}
	c.Rules["t.zzz"] = "off"
	c.Pos["rules.t.zzz"] = lexicon.Pos{File: path, Line: 9, Col: 3}
	if _, err := c.Apply([]*lexicon.Lexicon{lex}); err == nil || !strings.Contains(err.Error(), `.lexlint.yaml:9:3: rules: no loaded lexicon has an entry "t.zzz"`) {
		t.Errorf("unknown id: %v", err)
	}
}

// TestConversationRules reads the built-in conversation rules' settings:
// their levels by id or category, the threshold and the house register;
// Apply takes their ids and categories as known.
func TestConversationRules(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".lexlint.yaml")
	write(t, path, "register: u\nname_threshold: 5\nrules:\n  name-overuse: warning\ncategories:\n  register: off\n")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got := c.ConversationRules()
	want := lint.ConversationRules{NameOveruse: lexicon.SeverityWarning, NameThreshold: 5, RegisterMix: lexicon.SeverityNone, Register: "u"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := c.Apply(nil); err != nil {
		t.Errorf("Apply: %v", err)
	}
	var none *Config
	if none.ConversationRules() != (lint.ConversationRules{}) {
		t.Error("a nil configuration changes the defaults")
	}
}
