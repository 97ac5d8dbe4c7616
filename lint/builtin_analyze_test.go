package lint

import (
	"context"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
)

// TestBuiltinsHaveNoWarnings keeps the built-in lexicons free of the
// mistakes lexlint lexicon validate warns about.
func TestBuiltinsHaveNoWarnings(t *testing.T) {
	lexs, err := lexicon.Load(lexicon.BuiltinRefs()...)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := Analyze(context.Background(), lexs)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		t.Error(w)
	}
}
