package lint

import (
	"strings"
	"testing"
)

func TestFolderSentences(t *testing.T) {
	f := NewFolder()
	text := []byte("We’ve LOGGED your Café order. > quoted text here\nThanks!")
	skip := [][2]int{{strings.Index(string(text), ">"), strings.Index(string(text), "\n")}}
	var got []string
	for _, s := range f.Sentences(text, skip) {
		var ws []string
		for _, w := range s {
			ws = append(ws, w.Norm)
		}
		got = append(got, strings.Join(ws, " "))
	}
	want := "we've logged your cafe order|thanks"
	if strings.Join(got, "|") != want {
		t.Errorf("sentences %q, want %q", strings.Join(got, "|"), want)
	}
}
