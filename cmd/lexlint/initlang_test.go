package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitThenDutchReply runs init in a folder of English drafts and then
// checks a Dutch reply there: whether init kept lang: auto (one draft) or
// wrote lang: en (a folder clearly English), the Dutch wording is either
// checked (its errors fail the run) or the user is told it was not.
func TestInitThenDutchReply(t *testing.T) {
	const dutch = "Beste meneer Jansen,\n\nHelaas is dat ons beleid, daar kan ik niets aan doen. U moet het formulier opnieuw invullen.\n\nMet vriendelijke groet,\nSanne\n"
	english := []string{
		"Hi Sam, thanks for your message. I will check the order for you and get back to you today.",
		"Hello Alex, thank you for waiting. The parcel is on its way and should arrive tomorrow.",
		"Hi Jo, I have refunded the order. You will see the money in your account within three days.",
	}
	tests := []struct {
		name      string
		drafts    int
		lang      string // what .lexlint.yaml says
		code      int
		rule      string // a finding the Dutch reply must get, or ""
		warning   string // what standard error must say, or ""
		notStderr string
	}{
		{"one English draft", 1, "auto", 1, "nl.rigid.kan-niets-doen", "", "warning"},
		{"a folder clearly English", 3, "en", 0, "", "antwoord.txt reads as Dutch, but lang is en (set at ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, text := range english[:tt.drafts] {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("draft-%d.txt", i)), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if code, out, errOut := lexlint(t, "", "init", "--dir", dir); code != 0 || !strings.Contains(out, "lang: "+tt.lang+" in .lexlint.yaml") {
				t.Fatalf("init: exit %d: %s %s", code, out, errOut)
			}
			reply := filepath.Join(dir, "antwoord.txt")
			if err := os.WriteFile(reply, []byte(dutch), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			code, out, errOut := lexlint(t, "", "check", "antwoord.txt")
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
			if tt.rule != "" && !strings.Contains(out, tt.rule) {
				t.Errorf("no %s:\n%s", tt.rule, out)
			}
			if tt.warning != "" && !(strings.Contains(errOut, tt.warning) && strings.Contains(errOut, ".lexlint.yaml:3:7), so only English wording was checked")) {
				t.Errorf("stderr %q, want %q", errOut, tt.warning)
			}
			if tt.notStderr != "" && strings.Contains(errOut, tt.notStderr) {
				t.Errorf("stderr %q", errOut)
			}
		})
	}
}
