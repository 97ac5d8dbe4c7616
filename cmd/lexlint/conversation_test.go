package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConversationRules checks a chat transcript with the built-in
// conversation rules: the customer's name (from the label) said a fifth
// time, the Dutch register mixed, both at their place in the file; the
// configuration's house register and levels; a directive that silences one.
func TestConversationRules(t *testing.T) {
	chat := "Agent (Piet): Goedemorgen Sanne, dank voor uw bericht.\n" +
		"Klant (Sanne): Mijn pakket is zoek.\n" +
		"Agent (Piet): Sanne, ik kijk het na. Heb je het trackingnummer?\n" +
		"Klant (Sanne): Ja, 12345.\n" +
		"Agent (Piet): Dank u Sanne! Het komt morgen, Sanne. Fijne dag!\n"
	tests := []struct {
		name, config string
		want, not    []string
	}{
		{"defaults", "", []string{
			"3:42    suggestion [register] \"je\" (nl.register-mix)",
			"5:46    suggestion [scripted] \"Sanne\" (name-overuse)",
		}, nil},
		{"levels and threshold", "rules:\n  name-overuse: warning\nname_threshold: 4\ncategories:\n  register: off\n", nil,
			[]string{"name-overuse", "nl.register-mix"}},
		{"house register je", "register: je\nname_threshold: 3\nrules:\n  name-overuse: error\n", []string{
			"1:44    suggestion [register] \"uw\" (nl.register-mix)",
			"5:20    suggestion [register] \"u\" (nl.register-mix)",
			"5:46    error [scripted] \"Sanne\" (name-overuse)",
		}, []string{"3:42"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "chat.txt")
			if err := os.WriteFile(path, []byte(chat), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"check", "--no-color", "--input", "chat", "--fail-on", "none", path}
			if tt.config != "" {
				cfg := filepath.Join(dir, ".lexlint.yaml")
				if err := os.WriteFile(cfg, []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append([]string{"--config", cfg}, args...)
			}
			code, out, errOut := lexlint(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			hasAll(t, out, tt.want, tt.not)
		})
	}
}

// TestConversationRuleDirective silences nl.register-mix in a draft with
// the directive above the line, as the README says.
func TestConversationRuleDirective(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"flagged.md":  "Kunt u het nummer sturen?\nDan kijk ik of je pakket onderweg is.\n",
		"silenced.md": "Kunt u het nummer sturen?\n<!-- lexlint-disable-next-line nl.register-mix -->\nDan kijk ik of je pakket onderweg is.\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, out, _ := lexlint(t, "", "check", "--no-config", "--no-color", "--fail-on", "none", path)
		if got, want := strings.Contains(out, "nl.register-mix"), name == "flagged.md"; got != want {
			t.Errorf("%s: nl.register-mix reported %v, want %v:\n%s", name, got, want, out)
		}
	}
}

// TestConversationRulesInCannedResponses checks each canned response as a
// conversation of its own: one that mixes "u" and "je" is flagged at the
// word, as the response's own finding; one that keeps to "u" is not.
func TestConversationRulesInCannedResponses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "macros.yaml")
	lib := "- id: mix\n  body: |\n    Kunt u het nummer sturen? Dan kijk ik of je pakket onderweg is.\n" +
		"- id: formal\n  body: Kunt u het nummer sturen? Dan kijk ik of uw pakket onderweg is.\n"
	if err := os.WriteFile(path, []byte(lib), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ := lexlint(t, "", "check", "--no-config", "--no-color", "--input", "macros", "--fail-on", "none", path)
	hasAll(t, out, []string{"  3:46    suggestion [register] \"je\" (nl.register-mix)"}, []string{"5:"})
}

// TestListConversationRules lists what check applies: without files the
// lexicons and the conversation rules that are on, in the style guide
// too; a file's entries alone with a file.
func TestListConversationRules(t *testing.T) {
	_, out, _ := lexlint(t, "", "lexicon", "list", "--no-config", "-f", "json")
	hasAll(t, out, []string{`"id": "name-overuse"`, `"id": "nl.register-mix"`}, nil)
	cfg := filepath.Join(t.TempDir(), ".lexlint.yaml")
	if err := os.WriteFile(cfg, []byte("categories:\n  register: \"off\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ = lexlint(t, "", "lexicon", "list", "--config", cfg, "-f", "json")
	hasAll(t, out, []string{`"id": "name-overuse"`}, []string{`"id": "nl.register-mix"`})
	_, out, _ = lexlint(t, "", "lexicon", "list", "--no-config", "-f", "markdown", "--lang", "nl")
	hasAll(t, out, []string{"## Vermijd: u en je door elkaar", "“Kunt u het nummer sturen? Dan kijk ik of je pakket onderweg is.”"}, nil)
	_, out, _ = lexlint(t, "", "lexicon", "list", "--no-config", "-f", "json", "testdata/lexicons/team.yaml")
	hasAll(t, out, nil, []string{"name-overuse"})
}
