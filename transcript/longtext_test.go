package transcript

import (
	"bytes"
	"io"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// TestStreamSkipsSameAsQuoteSkips reads random texts of quoted lines, reply
// headers, colons, dashes and directives a few bytes at a time: the skips
// are QuoteSkips' on the whole text, and directives are noticed as
// mentionsDirective notices them.
func TestStreamSkipsSameAsQuoteSkips(t *testing.T) {
	pieces := []string{"Hello there.", "> quoted line", "  > indented quote", "\t>tab", "On Mon, 3 Mar 2025 at 10:02, Sam wrote:",
		"Op ma 3 mrt 2025 om 10:02 schreef Sam <s@x.nl>:", "--Original message--", "-----Original Message-----", "From: a\nSent: b",
		"Van: x\r\nVerzonden: y", "time: 10:00", "a -- b", "lexlint-disable-next-line", "x > y", "\r>", "Datum:", "", "ate:"}
	rng := rand.New(rand.NewSource(8))
	for round := range 3000 {
		var b strings.Builder
		for range rng.Intn(12) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
			b.WriteString([]string{"\n", "\r\n", " ", "\n\n"}[rng.Intn(4)])
		}
		if rng.Intn(2) == 0 {
			b.WriteString(pieces[rng.Intn(len(pieces))]) // no line break at the end
		}
		text := []byte(b.String())
		open := func() (io.ReadCloser, error) {
			var r io.Reader = bytes.NewReader(text)
			if round%2 == 0 {
				r = iotest.OneByteReader(r)
			} else {
				r = iotest.HalfReader(r)
			}
			return io.NopCloser(r), nil
		}
		skips, directives, err := streamSkips(open, int64(len(text)))
		if err != nil {
			t.Fatal(err)
		}
		want := QuoteSkips(text)
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(skips, want) || directives != mentionsDirective(text) {
			t.Fatalf("%q:\nstreamed %v %v\nwhole    %v %v", text, skips, directives, want, mentionsDirective(text))
		}
	}
}
