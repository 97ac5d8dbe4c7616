package practice

import (
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	for _, tc := range []struct {
		lang, in  string
		names     []string
		want      string
		forbidden []string
	}{
		{"en", "Hi Sam, your order 4711-AB is on its way; mail sam.jones@example.com or call +31 20 123 4567.", nil,
			"Hi [name], your order [number] is on its way; mail [e-mail] or call [phone].", nil},
		{"nl", "Beste mevrouw Jansen, bestelling #88231 is verzonden. Groet, Sanne", []string{"Sanne de Vries"},
			"Beste mevrouw [naam], bestelling [nummer] is verzonden. Groet, [naam]", nil},
		{"en", "Thank you, Kees Jansen. I checked it, Kees.", []string{"Kees Jansen"}, "", []string{"Kees", "Jansen"}},
		{"en", "We open at 9 and your 2 items ship today.", nil, "We open at 9 and your 2 items ship today.", nil},
	} {
		got := Mask(tc.in, tc.lang, tc.names)
		if tc.want != "" && got != tc.want {
			t.Errorf("Mask(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
		for _, f := range tc.forbidden {
			if strings.Contains(got, f) {
				t.Errorf("Mask(%q) = %q still holds %q", tc.in, got, f)
			}
		}
	}
}
