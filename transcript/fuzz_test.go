package transcript

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead reads arbitrary bytes as every input format and as auto under
// every file name the formats know: no panic, and every message's text and
// map must point inside what was read. Run longer with
// go test -run XXX -fuzz FuzzRead -fuzztime 5m ./transcript/
// (inputs that failed are kept under testdata/fuzz/FuzzRead).
func FuzzRead(f *testing.F) {
	for _, dir := range []string{"../testdata/exports", "../testdata/input"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && len(data) < 64<<10 {
				f.Add(data, uint8(0))
			}
		}
	}
	f.Add([]byte("Agent: hi\nKlant: hoi\n"), uint8(2))
	f.Add([]byte("\xff\xfeA\x00g\x00e\x00n\x00t\x00:\x00 \x00=\xd8\x00\xde\n\x00"), uint8(0))
	f.Add([]byte("\xef\xbb\xbf{\"role\":\"agent\",\"text\":\"<b>x</b>\"}\n"), uint8(3))
	formats := append([]string{"auto"}, Formats()...)
	names := []string{"x.txt", "x.md", "x.jsonl", "x.csv", "x.json", "x.yaml"}
	f.Fuzz(func(t *testing.T, data []byte, choice uint8) {
		format := formats[int(choice)%len(formats)]
		name := names[int(choice/16)%len(names)]
		err := Read(context.Background(), name, bytes.NewReader(data), Options{Format: format}, Handler{
			Message: func(m *Message) error {
				if m.Pending() {
					if err := m.Resolve(); err != nil {
						return nil
					}
				}
				if m.InFile && (m.FileOffset < 0 || m.FileOffset+len(m.Text) > len(data)+3) {
					t.Fatalf("%s as %s: text at %d+%d outside the %d bytes read", name, format, m.FileOffset, len(m.Text), len(data))
				}
				if mp := m.Map; mp != nil && (len(mp.Start) != len(m.Text) || len(mp.End) != len(m.Text)) {
					t.Fatalf("%s as %s: map of %d/%d entries for %d bytes of text", name, format, len(mp.Start), len(mp.End), len(m.Text))
				}
				return nil
			},
			Error: func(error) {},
		})
		// Errors are expected; panics are not, nor damage placed outside
		// the input or at a line and column that are not its offset's.
		var damage *DamageError
		if errors.As(err, &damage) {
			if damage.Offset < 0 || damage.Offset > int64(len(data)) {
				t.Fatalf("%s as %s: damage at byte %d of %d", name, format, damage.Offset, len(data))
			}
			if line, col := lineCol(data[:damage.Offset]); !isUTF16BOM(data[:min(2, len(data))]) && damage.Line > 0 && (damage.Line != line || damage.Column != col) {
				t.Fatalf("%s as %s: %v, want line %d, column %d", name, format, damage, line, col)
			}
		}
	})
}
