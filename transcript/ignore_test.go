package transcript

import "testing"

func TestMentionsDirective(t *testing.T) {
	for text, want := range map[string]bool{
		"":                              false,
		"x":                             false,
		"lexlint-ignore":                true,
		"see <!-- lexlint-disable -->":  true,
		"lexlint ignore, xx, lexlint":   false,
		"xlexlint-":                     true,
		"exlint- lexlint":               false,
		"max. text lexlintx lexlint-on": true,
	} {
		if got := mentionsDirective([]byte(text)); got != want {
			t.Errorf("mentionsDirective(%q) = %v, want %v", text, got, want)
		}
	}
}
