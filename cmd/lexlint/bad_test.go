package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// badCase is one bad input of the suite in testdata/bad: a file there, or
// one the test writes (what is large or binary), checked by a command whose
// output must match testdata/bad/golden/NAME.txt.
type badCase struct {
	name string
	args []string               // "$TMP" stands for the generated file's folder
	gen  func(dir string) error // writes the generated input, or nil
	tail int                    // compare only the last lines of stdout, for large inputs
}

var badCases = []badCase{
	{name: "truncated-zendesk", args: []string{"check", "testdata/bad/truncated-zendesk.json"}},
	{name: "garbage-zendesk", args: []string{"check", "testdata/bad/garbage-zendesk.json"}},
	{name: "truncated-freshdesk", args: []string{"check", "--input", "freshdesk", "testdata/bad/truncated-freshdesk.json"}},
	{name: "truncated-livechat", args: []string{"check", "testdata/bad/truncated-livechat.json"}},
	{name: "truncated-intercom", args: []string{"check", "testdata/bad/truncated-intercom.json"}},
	{name: "zendesk-lines", args: []string{"check", "--input", "zendesk", "testdata/bad/zendesk-lines.json"}},
	{name: "no-tickets", args: []string{"check", "--input", "zendesk", "testdata/bad/no-tickets.json"}},
	{name: "records", args: []string{"check", "testdata/bad/records.jsonl"}},
	{name: "unclosed-quote", args: []string{"check", "testdata/bad/unclosed-quote.csv"}},
	{name: "lexicon-tab", args: []string{"lexicon", "validate", "testdata/bad/lexicon-tab.yaml"}},
	{name: "lexicon-alias", args: []string{"lexicon", "validate", "testdata/bad/lexicon-alias.yaml"}},
	{name: "lexicon-extends-missing", args: []string{"check", "--lexicon", "testdata/bad/lexicon-extends-missing.yaml", "testdata/input/clean.txt"}},
	{name: "lexicon-two-files", args: []string{"check", "--lexicon", "testdata/bad/lexicon-keys.yaml", "--lexicon", "testdata/bad/lexicon-phrases.yaml", "testdata/input/clean.txt"}},
	{name: "binary-jsonl", args: []string{"check", "$TMP/binary.jsonl", "testdata/input/clean.txt"}, gen: genBinary},
	{name: "deep-jsonl", args: []string{"check", "$TMP/deep.jsonl"}, gen: genDeep},
	{name: "utf16-csv", args: []string{"check", "$TMP/utf16.csv"}, gen: genUTF16},
	{name: "invalid-utf8", args: []string{"check", "--lang", "en", "$TMP/latin1.txt"}, gen: genLatin1},
	{name: "fix-export", args: []string{"check", "--fix", "$TMP/tickets.json", "$TMP/draft.txt"}, gen: genFixExport},
	{name: "chat-no-labels", args: []string{"check", "--input", "chat", "$TMP/notes.txt"}, gen: genNoLabels},
	{name: "large-truncated-zendesk", args: []string{"check", "$TMP/large.json"}, gen: genLargeZendesk, tail: 1},
}

// TestBadInput runs the bad-input suite: each case's exit code, standard
// output and standard error are kept in testdata/bad/golden (go test
// ./cmd/lexlint -update rewrites them).
func TestBadInput(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.gen != nil {
				if err := tc.gen(dir); err != nil {
					t.Fatal(err)
				}
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "$TMP", dir)
			}
			code, out, errOut := lexlint(t, "", args...)
			if tc.tail > 0 {
				lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				out = strings.Join(lines[max(len(lines)-tc.tail, 0):], "\n") + "\n"
			}
			got := fmt.Sprintf("$ lexlint %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(tc.args, " "), code, out, errOut)
			goldenFile(t, filepath.Join("testdata", "bad", "golden", tc.name+".txt"), strings.ReplaceAll(got, dir, "$TMP"))
		})
	}
}

// genBinary writes binary data under a .jsonl name: one error, not one a line.
func genBinary(dir string) error {
	data := make([]byte, 64<<10)
	for i := range data {
		data[i] = byte(i*31 + i>>8)
	}
	return os.WriteFile(filepath.Join(dir, "binary.jsonl"), data, 0o644)
}

// genDeep writes a JSON Lines record nested deeper than encoding/json goes.
func genDeep(dir string) error {
	deep := `{"role": "agent", "text": "Calm down.", "meta": ` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}\n"
	return os.WriteFile(filepath.Join(dir, "deep.jsonl"), []byte(`{"role": "agent", "text": "That's company policy."}`+"\n"+deep), 0o644)
}

// genUTF16 writes a CSV export as Excel's "Unicode text" does: UTF-16 LE
// with a BOM and CRLF.
func genUTF16(dir string) error {
	text := "role,text\r\nagent,\"As I already said, that’s company policy.\"\r\ncustomer,Thanks\r\n"
	data := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(text)) {
		data = append(data, byte(u), byte(u>>8))
	}
	return os.WriteFile(filepath.Join(dir, "utf16.csv"), data, 0o644)
}

// genLatin1 writes a draft saved as Latin-1: invalid UTF-8, still checked.
func genLatin1(dir string) error {
	return os.WriteFile(filepath.Join(dir, "latin1.txt"), []byte("Caf\xe9 closed. As I already said, that's company policy.\n"), 0o644)
}

// genFixExport writes a vendor export with a fixable finding, which --fix
// must refuse to rewrite (and say so, exit 2), while the draft beside it is
// fixed.
func genFixExport(dir string) error {
	ticket := `{"tickets": [{"id": 1, "requester_id": 7, "comments": [{"id": 2, "author_id": 9, "plain_body": "No problem! I'll send it now."}]}]}`
	if err := os.WriteFile(filepath.Join(dir, "tickets.json"), []byte(ticket), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "draft.txt"), []byte("No problem! I'll send it now.\n"), 0o644)
}

// genNoLabels writes notes without a speaker label: --input chat must say it
// found no messages, not pass them as checked.
func genNoLabels(dir string) error {
	return os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("Called the customer back.\nThat is company policy.\n"), 0o644)
}

// genLargeZendesk writes a 2 MB Zendesk export cut off in its last ticket,
// with the users side-load (which comes after the tickets) lost.
func genLargeZendesk(dir string) error {
	var b bytes.Buffer
	b.WriteString(`{"tickets": [`)
	for i := range 10000 {
		if i > 0 {
			b.WriteString(",\n")
		}
		ticket := map[string]any{"id": i + 1, "requester_id": 7, "comments": []map[string]any{
			{"id": 1, "author_id": 7, "plain_body": "Where is my parcel?", "public": true},
			{"id": 2, "author_id": 9, "plain_body": "As I already said, that's company policy. Thank you for waiting.", "public": true},
		}}
		data, err := json.Marshal(ticket)
		if err != nil {
			return err
		}
		b.Write(data)
	}
	data := b.Bytes()
	return os.WriteFile(filepath.Join(dir, "large.json"), data[:len(data)-40], 0o644)
}

// TestDocDamageExample keeps the truncated-export example of the pages
// (docs/reliability.md) equal to what the bad-input suite sees.
func TestDocDamageExample(t *testing.T) {
	golden, err := os.ReadFile("testdata/bad/golden/large-truncated-zendesk.txt")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(golden), "--- stdout\n", 2)
	outErr := strings.SplitN(parts[1], "--- stderr\n", 2)
	want := strings.ReplaceAll(outErr[1]+outErr[0], "$TMP/large.json", "export.json")
	if len(docsContaining(t, "```\n"+want+"```\n")) == 0 {
		t.Errorf("no page of README.md and docs/ holds the example as the suite prints it:\n%s", want)
	}
}
