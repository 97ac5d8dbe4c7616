package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkDiagnostics measures what an editor waits for: from a change
// sent to the diagnostics of that version received, the server checking
// at once (Delay 0; lexlint lsp waits DefaultDelay for a pause in typing
// first). Each change types a character at the end of a sentence in the
// middle of the document, or takes it out again. It reports the median
// and 90th percentile over b.N changes (docs/performance.md: -benchtime 100x).
//
//	go test -run XXX -bench Diagnostics -benchtime 100x ./lsp
func BenchmarkDiagnostics(b *testing.B) {
	dir := b.TempDir()
	docs := []struct{ name, file, text string }{
		{"draft-2KB", "reply.txt", draft2KB()},
		{"macros-500", "macros/library.yaml", macroLibrary(500)},
	}
	for _, d := range docs {
		b.Run(d.name, func(b *testing.B) {
			path := filepath.Join(dir, d.file)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(d.text), 0o644); err != nil {
				b.Fatal(err)
			}
			c := startClient(b)
			uri := c.open(path, "", d.text)
			first := c.waitDiags(uri, 1, func(ds []Diagnostic) bool { return len(ds) > 0 })
			at := newText([]byte(d.text)).position(strings.Index(d.text[len(d.text)/2:], ".")+len(d.text)/2, encodingUTF16)
			took := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				v := i + 2
				start := time.Now()
				if i%2 == 0 {
					c.change(uri, v, &Range{at, at}, "s")
				} else {
					c.change(uri, v, &Range{at, Position{at.Line, at.Character + 1}}, "")
				}
				c.waitDiags(uri, v, func([]Diagnostic) bool { return true })
				took = append(took, time.Since(start))
			}
			b.StopTimer()
			b.ReportMetric(float64(len(d.text))/1024, "KB")
			b.ReportMetric(float64(len(first)), "diagnostics")
			slices.Sort(took)
			b.ReportMetric(ms(took[len(took)/2]), "ms-median")
			b.ReportMetric(ms(took[len(took)*9/10]), "ms-p90")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// draft2KB is a reply of about 2 KB in English and Dutch turns of phrase,
// with findings in it.
func draft2KB() string {
	paras := []string{
		"Hi Sam,\n\nThanks for getting in touch about your order. I looked into it straight away and I can see the parcel left our warehouse on Monday.",
		"Unfortunately that's company policy: we can't change the delivery address once the parcel has been handed to the carrier. As I already said, the carrier will try again tomorrow.",
		"What I can do is ask the carrier to hold the parcel at a pick-up point near you, so you can collect it when it suits you. I'll send you the address as soon as I have it.",
		"If the parcel has not arrived by Friday, just reply to this message and I will arrange a replacement or a full refund, whichever you prefer.",
	}
	var b strings.Builder
	for b.Len() < 1300 {
		for _, p := range paras {
			b.WriteString(p + "\n\n")
		}
	}
	b.WriteString("Is there anything else I can help you with?\n\nKind regards,\nAlex\n")
	return b.String()
}

// macroLibrary is a YAML canned-response library of n responses.
func macroLibrary(n int) string {
	bodies := []string{
		"Hi {{name}},\n\nHappy to help! I've attached your return label. Drop the parcel at any\npost office; your refund follows within three working days.\n\nKind regards,\n{{agent}}",
		"Hi {{name}},\n\nUnfortunately that's company policy: returns are accepted for 30 days only.\nThere is nothing I can do.\n\nRegards,\n{{agent}}",
		"Beste {{name}},\n\nDank voor uw bericht. Ik begrijp dat dit vervelend is. Wat ik wel voor u kan\ndoen, is een nieuwe afspraak inplannen.\n\nMet vriendelijke groet,\n{{agent}}",
		"Beste {{name}},\n\nDat is nu eenmaal ons beleid, daar kan ik niets aan doen. U had de\nvoorwaarden moeten lezen.\n\nGroet,\n{{agent}}",
	}
	var b strings.Builder
	b.WriteString("responses:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - id: response-%d\n    title: Response %d\n    body: |\n", i, i)
		for _, line := range strings.Split(bodies[i%len(bodies)], "\n") {
			if line == "" {
				b.WriteString("\n")
			} else {
				b.WriteString("      " + line + "\n")
			}
		}
	}
	return b.String()
}
