package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
)

// FuzzLexicon loads arbitrary lexicon YAML and compiles what loads: no
// panic; every problem carries the file and a line; a lexicon that compiles
// checks a text. Run longer with
// go test -run XXX -fuzz FuzzLexicon -fuzztime 5m ./lint/
func FuzzLexicon(f *testing.F) {
	files, _ := filepath.Glob("../testdata/lexicons/*.yaml")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(wordsLexicon))
	f.Add([]byte("lexicon: t\nskip: [toch]\nclasses: {u: [u, je]}\ndiscouraged:\n  - {id: a, category: rigid, message: m, phrases: [\"{<u> kunt} ... niet\", \"re:x+\"]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lex, err := lexicon.Parse("f.yaml", data)
		if err != nil {
			for _, e := range lexicon.Errors(err) {
				if e.Pos.File != "f.yaml" {
					t.Fatalf("problem without its file: %v", e)
				}
			}
			return
		}
		if lex.Extends != nil {
			return // Parse does not resolve extends
		}
		l, err := New([]*lexicon.Lexicon{lex}, Options{})
		if err != nil {
			return
		}
		if _, err := l.Check(context.Background(), Document{Text: []byte("Dat kan toch niet, you must pay. " + string(data))}); err != nil {
			t.Fatal(err)
		}
	})
}
