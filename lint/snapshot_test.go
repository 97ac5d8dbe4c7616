package lint

import (
	"context"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/lexlint/lexlint/lexicon"
)

var update = flag.Bool("update", false, "rewrite builtin.snap, the compiled built-in lexicons")

// compiledBuiltins loads and compiles the built-in lexicons from their YAML.
func compiledBuiltins(t testing.TB) *Linter {
	return builtinLinter(t, lexicon.BuiltinRefs()...)
}

// TestBuiltinSnapshot checks that builtin.snap is what the built-in
// lexicons compile to now; -update rewrites it.
func TestBuiltinSnapshot(t *testing.T) {
	digest, err := builtinDigest()
	if err != nil {
		t.Fatal(err)
	}
	l := compiledBuiltins(t)
	want := encodeSnapshot(l.m, l.langs, digest)
	if *update {
		if err := os.WriteFile("builtin.snap", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if builtinSnapshot != string(want) {
		t.Fatalf("builtin.snap is out of date with the built-in lexicons or the matcher: run go test ./lint -run TestBuiltinSnapshot -update")
	}
	// Encoding is deterministic: a second compile gives the same bytes.
	l2 := compiledBuiltins(t)
	if string(encodeSnapshot(l2.m, l2.langs, digest)) != string(want) {
		t.Fatal("two compiles of the built-in lexicons encode differently")
	}
}

// TestSnapshotSameResults checks a Linter loaded from the snapshot against
// one compiled from the YAML on the corpus, the examples and the entries'
// own examples: the same findings, hits, languages and explanations.
func TestSnapshotSameResults(t *testing.T) {
	snap, err := NewBuiltin(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !snap.snapshot {
		t.Fatal("NewBuiltin did not use the snapshot")
	}
	fresh := compiledBuiltins(t)
	sameResults(t, snap, fresh, snapshotDocs(fresh), true)
	if _, err := snap.RunExamples(context.Background()); err == nil {
		t.Error("RunExamples on the snapshot linter should say it has no examples")
	}
}

// TestSnapshotOneLanguage checks that the snapshot of all built-ins, with
// the language forced, checks as one built-in lexicon compiled alone with
// that language forced does: what check --lang nl uses.
func TestSnapshotOneLanguage(t *testing.T) {
	for _, lang := range lexicon.BuiltinLanguages() {
		snap, err := NewBuiltin(Options{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		lexs, err := lexicon.Load(lexicon.BuiltinPrefix + lang)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := New(lexs, Options{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		sameResults(t, snap, fresh, snapshotDocs(compiledBuiltins(t)), false)
	}
}

// snapshotDocs returns texts to compare linters on: every example of the
// built-ins and the start of the corpus.
func snapshotDocs(l *Linter) []string {
	var docs []string
	for _, r := range l.m.rules {
		if r.entry != nil {
			for _, ex := range append(r.entry.Examples.Flag, r.entry.Examples.Pass...) {
				docs = append(docs, ex.Text)
			}
		}
	}
	if data, err := os.ReadFile("../../shared/corpora/taskmaster4-coffee.jsonl"); err == nil {
		lines := strings.Split(string(data), "\n")
		docs = append(docs, lines[:min(len(lines), 2000)]...)
	}
	return docs
}

// sameResults checks that two linters give the same results on docs, and
// with explain the same explanations. Explanations of the snapshot lack the
// skipped words and class members, which need the phrases. (With the
// language forced they also list the other language's matches.)
func sameResults(t *testing.T, snap, fresh *Linter, docs []string, explain bool) {
	t.Helper()
	ctx := context.Background()
	for _, text := range docs {
		doc := Document{Text: []byte(text)}
		a, err := snap.Check(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		b, err := fresh.Check(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		// Entries of the snapshot carry no phrases or examples; findings
		// copy only the fields compared here.
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q: snapshot gives %+v, compiled gives %+v", text, a, b)
		}
		if !explain {
			continue
		}
		ea, _ := snap.Explain(ctx, doc)
		eb, _ := fresh.Explain(ctx, doc)
		for i := range eb.Matches {
			eb.Matches[i].Skipped, eb.Matches[i].Classes = nil, nil
		}
		if !reflect.DeepEqual(ea, eb) {
			t.Fatalf("%q: explanations differ", text)
		}
	}
}

// TestSnapshotDamaged checks that a snapshot for other sources, or a damaged
// one, is refused rather than used.
func TestSnapshotDamaged(t *testing.T) {
	digest, err := builtinDigest()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := decodeSnapshot(builtinSnapshot, digest); err != nil {
		t.Fatalf("the stored snapshot: %v", err)
	}
	other := digest
	other[0]++
	if _, _, err := decodeSnapshot(builtinSnapshot, other); err == nil {
		t.Error("a snapshot of other sources was accepted")
	}
	for _, cut := range []int{len(snapshotMagic) + 40, len(builtinSnapshot) / 2, len(builtinSnapshot) - 1} {
		if _, _, err := decodeSnapshot(builtinSnapshot[:cut], digest); err == nil {
			t.Errorf("a snapshot cut at %d was accepted", cut)
		}
	}
	// A flipped byte in the decoded part is refused (the checksum); the
	// tables after it are read in place.
	m, _, _ := decodeSnapshot(builtinSnapshot, digest)
	decoded := len(snapshotMagic) + 32 + 4 + snapshotDecodedLen(m) - 8
	for i := len(snapshotMagic) + 32; i < decoded; i += max(1, decoded/97) {
		b := []byte(builtinSnapshot)
		b[i] ^= 0x55
		if _, _, err := decodeSnapshot(string(b), digest); err == nil {
			t.Errorf("a snapshot with byte %d flipped was accepted", i)
		}
	}
}

// TestSnapshotInPlace checks that the tables read in place from the
// embedded snapshot equal the ones decoded element by element (what a
// big-endian machine, or a snapshot at an odd address, gets), that the
// types lie in memory as the encoder writes them, and that the stored
// snapshot's indexes are all in range.
func TestSnapshotInPlace(t *testing.T) {
	if !flatLayout() {
		t.Fatal("the matcher's table types do not lie in memory as putFlat writes them")
	}
	digest, err := builtinDigest()
	if err != nil {
		t.Fatal(err)
	}
	if !canReadInPlace(builtinSnapshot) {
		t.Log("the embedded snapshot is not read in place on this machine")
	}
	inPlace, _, err := decodeSnap(builtinSnapshot, digest, canReadInPlace(builtinSnapshot))
	if err != nil {
		t.Fatal(err)
	}
	decoded, _, err := decodeSnap(builtinSnapshot, digest, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inPlace, decoded) {
		t.Error("the tables read in place differ from the decoded ones")
	}
	if err := decoded.validate(); err != nil || !decoded.validStates() {
		t.Errorf("the stored snapshot has indexes out of range (%v)", err)
	}
	// A snapshot at an address that is not a multiple of eight is decoded.
	buf := make([]byte, len(builtinSnapshot)+1)
	copy(buf[1:], builtinSnapshot)
	odd := unsafe.String(&buf[1], len(builtinSnapshot))
	if canReadInPlace(odd) {
		t.Fatal("a snapshot at an odd address would be read in place")
	}
	m, _, err := decodeSnapshot(odd, digest)
	if err != nil || !reflect.DeepEqual(m, decoded) {
		t.Errorf("the snapshot at an odd address decodes differently (%v)", err)
	}
}

// snapshotDecodedLen returns the length of the decoded part of m's
// snapshot after its header, give or take the up to seven bytes of padding
// before the tables.
func snapshotDecodedLen(m *matcher) int {
	full := encodeSnapshot(m, map[string]bool{"en": true, "nl": true}, [32]byte{})
	f := &flatWriter{}
	m.putFlat(f)
	return len(full) - len(f.b) - len(snapshotMagic) - 32 - 4
}
