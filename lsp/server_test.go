package lsp

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
)

// draft has accents, an emoji (two UTF-16 units, four bytes) and CRLF
// line ends before its findings.
const draft = "Hé Sam 😀,\r\nThat’s company policy, I’m afraid. No problem!\r\n"

// TestDiagnosticsRanges opens a draft and checks the diagnostics' ranges
// in UTF-16 (the protocol's default) and in UTF-8 (when the client offers
// it), their severity, code, source and message, and the whole-reply hint
// of a missing closing.
func TestDiagnosticsRanges(t *testing.T) {
	tests := []struct {
		name     string
		offer    []string
		policy   Range // "That’s company policy" on line 1
		noProbEn Range
	}{
		{"utf-16", nil, Range{Position{1, 0}, Position{1, 21}}, Range{Position{1, 35}, Position{1, 45}}},
		{"utf-16 preferred", []string{"utf-16"}, Range{Position{1, 0}, Position{1, 21}}, Range{Position{1, 35}, Position{1, 45}}},
		// In bytes: the curly apostrophes are three each.
		{"utf-8", []string{"utf-8", "utf-16"}, Range{Position{1, 0}, Position{1, 23}}, Range{Position{1, 39}, Position{1, 49}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startClient(t, tt.offer...)
			uri := c.open(t.TempDir()+"/reply.txt", "plaintext", draft)
			diags := c.waitDiags(uri, 1, has("en.rigid.company-policy"))
			policy := withCode(t, diags, "en.rigid.company-policy")
			if policy.Range != tt.policy || policy.Severity != SeverityWarning || policy.Source != "lexlint" ||
				!strings.Contains(policy.Message, "Pointing at policy") || !strings.Contains(policy.Message, "Try: “") {
				t.Errorf("company policy: %+v, want range %+v", policy, tt.policy)
			}
			if d := withCode(t, diags, "en.dismissive.no-problem"); d.Range != tt.noProbEn || d.Severity != SeverityInformation {
				t.Errorf("no problem: %+v, want range %+v", d, tt.noProbEn)
			}
			if d := withCode(t, diags, "en.closing"); d.Severity != SeverityHint || d.Range.Start != (Position{0, 0}) || d.Range.End.Line != 2 {
				t.Errorf("the missing closing is not a whole-reply hint: %+v", d)
			}
		})
	}
}

// TestSameAsCheck checks a Markdown draft and a canned-response library
// and compares each diagnostic's place with where check puts the finding
// (1-based lines, columns in characters; the texts have no characters
// beyond the BMP, so UTF-16 units are characters).
func TestSameAsCheck(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"reply.md": "# Antwoord\n\n```\nThat's company policy.\n```\n\n> You must pay.\n\nDat is ons beleid, helaas. [no problem](https://x.test/no-problem)\n",
		"macros/returns.yaml": "- id: closed\n  body: |\n    Hi {{name}},\n\n    Unfortunately that's company policy.\n" +
			"- id: quoted\n  body: \"Sorry, you must wait.\"\n",
	}
	c := startClient(t)
	for name, text := range files {
		path := writeFile(t, dir, name, text)
		items := checkWithPipeline(t, path, text)
		uri := c.open(path, "", text)
		diags := c.waitDiags(uri, 1, func(ds []Diagnostic) bool { return len(ds) >= len(items) })
		if len(diags) != len(items) {
			t.Errorf("%s: %d diagnostics, check finds %d: %+v", name, len(diags), len(items), diags)
		}
		for _, f := range items {
			d := withCode(t, diags, f.Rule)
			if f.Line == 0 { // a presence finding: the whole reply
				if d.Severity != SeverityHint {
					t.Errorf("%s: %s is not a hint: %+v", name, f.Rule, d)
				}
				continue
			}
			if d.Range.Start.Line != f.Line-1 || d.Range.Start.Character != f.Column-1 || d.Range.End.Character != f.EndColumn-1 {
				t.Errorf("%s: %s at %+v, check says %d:%d-%d", name, f.Rule, d.Range, f.Line, f.Column, f.EndColumn)
			}
		}
	}
}

// checkWithPipeline is what check reports for a file: its findings with
// file positions, and its presence findings (Line 0).
func checkWithPipeline(t *testing.T, path, text string) []lint.Finding {
	t.Helper()
	st := &setup{}
	st.load(nil)
	items, err := pipelineCheck(st, path, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var out []lint.Finding
	for _, it := range items {
		if it.Result != nil {
			out = append(out, it.Result.Findings...)
		}
		for _, f := range it.Presence {
			f.Line = 0
			out = append(out, f)
		}
	}
	return out
}

// TestIncrementalChanges edits a draft in place: a finding typed in
// appears, one deleted goes, ranges follow the edits.
func TestIncrementalChanges(t *testing.T) {
	c := startClient(t)
	uri := c.open(t.TempDir()+"/reply.txt", "plaintext", "Hi Sam,\nthanks for asking.\nHave a great day!\n")
	c.waitDiags(uri, 1, func(ds []Diagnostic) bool { return true })
	// Insert "As I already said, " at the start of line 1.
	c.change(uri, 2, &Range{Position{1, 0}, Position{1, 0}}, "As I already said, ")
	d := withCode(t, c.waitDiags(uri, 2, has("en.passive-aggressive.as-i-said")), "en.passive-aggressive.as-i-said")
	if d.Range != (Range{Position{1, 0}, Position{1, 17}}) {
		t.Errorf("range %+v", d.Range)
	}
	// Delete it again.
	c.change(uri, 3, &Range{Position{1, 0}, Position{1, 19}}, "")
	c.waitDiags(uri, 3, hasNot("en.passive-aggressive.as-i-said"))
	// A change of the whole text.
	c.change(uri, 4, nil, "That's company policy.")
	c.waitDiags(uri, 4, has("en.rigid.company-policy"))
}

// TestCodeActions applies the quick fixes as an editor would: the
// preferred fix in the match's capitalisation, another suggestion, the
// directive (after which the finding is gone), and fix all.
func TestCodeActions(t *testing.T) {
	c := startClient(t)
	text := "Hi Sam,\n\nNO PROBLEM. That's company policy. No problem!\nHave a great day!\n"
	uri := c.open(t.TempDir()+"/reply.md", "markdown", text)
	diags := c.waitDiags(uri, 1, has("en.dismissive.no-problem"))
	first := withCode(t, diags, "en.dismissive.no-problem")
	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: first.Range}, &actions)
	var preferred, other, directive, all *CodeAction
	for i, a := range actions {
		switch {
		case a.IsPreferred:
			preferred = &actions[i]
		case strings.HasPrefix(a.Title, "Disable"):
			directive = &actions[i]
		case a.Kind == kindFixAll:
			all = &actions[i]
		case strings.Contains(a.Title, "PLEASURE"):
			other = &actions[i]
		}
	}
	if preferred == nil || other == nil || directive == nil || all == nil {
		t.Fatalf("actions: %+v", actions)
	}
	edit := func(a *CodeAction) string { return applyEdits(t, text, a.Edit.Changes[uri], encodingUTF16) }
	if got := edit(preferred); !strings.Contains(got, "\nHAPPY TO HELP. That's company policy. No problem!") {
		t.Errorf("preferred fix gives %q", got)
	}
	if got := edit(other); !strings.Contains(got, "\nMY PLEASURE. That's") {
		t.Errorf("another suggestion gives %q", got)
	}
	if got := edit(all); !strings.Contains(got, "\nHAPPY TO HELP. That's company policy. Happy to help!") {
		t.Errorf("fix all gives %q", got)
	}
	after := edit(directive)
	if !strings.Contains(after, "\n<!-- lexlint-disable-next-line en.dismissive.no-problem -->\nNO PROBLEM.") {
		t.Fatalf("directive gives %q", after)
	}
	c.change(uri, 2, nil, after)
	left := c.waitDiags(uri, 2, hasNot("en.dismissive.no-problem"))
	withCode(t, left, "en.rigid.company-policy")
	// The fix-all command asks the client to apply the same edits.
	arg, _ := json.Marshal(uri)
	c.call("workspace/executeCommand", ExecuteCommandParams{Command: commandFixAll, Arguments: []json.RawMessage{arg}}, nil)
}

// TestHover shows an entry's category, reason and suggestions over its
// match, and nothing elsewhere.
func TestHover(t *testing.T) {
	c := startClient(t)
	uri := c.open(t.TempDir()+"/reply.txt", "plaintext", draft)
	c.waitDiags(uri, 1, has("en.rigid.company-policy"))
	var h *Hover
	c.call("textDocument/hover", HoverParams{TextDocument: TextDocumentIdentifier{URI: uri}, Position: Position{1, 10}}, &h)
	if h == nil || !strings.Contains(h.Contents.Value, "**lexlint: rigid** (warning, `en.rigid.company-policy`)") ||
		!strings.Contains(h.Contents.Value, "- Here's what I can do for you: ...") || h.Range == nil || *h.Range != (Range{Position{1, 0}, Position{1, 21}}) {
		t.Errorf("hover: %+v", h)
	}
	h = nil
	c.call("textDocument/hover", HoverParams{TextDocument: TextDocumentIdentifier{URI: uri}, Position: Position{0, 1}}, &h)
	if h != nil {
		t.Errorf("hover outside a match: %+v", h)
	}
}

// TestShutdown ends a session as the protocol says: shutdown, then exit;
// an exit without shutdown is an error, and requests after shutdown are
// refused.
func TestShutdown(t *testing.T) {
	c := startClient(t)
	c.call("shutdown", nil, nil)
	var h *Hover
	err := c.conn.Call(context.Background(), "textDocument/hover", HoverParams{}, &h)
	if err == nil || !strings.Contains(err.Error(), "shut down") {
		t.Errorf("a request after shutdown: %v", err)
	}
	c.notifyServer("exit", nil)
	if err := <-c.done; err != nil {
		t.Errorf("Serve after shutdown and exit: %v", err)
	}
	c2 := startClient(t)
	c2.notifyServer("exit", nil)
	if err := <-c2.done; err == nil {
		t.Error("Serve returned nil after an exit without shutdown")
	}
}

func pipelineCheck(st *setup, path string, data []byte) ([]*pipeline.Item, error) {
	return pipeline.CheckDocument(context.Background(), st.linter, path, data, st.opts)
}

// TestReload edits a team's configuration and lexicon in the editor and
// on disk: the draft's diagnostics follow each change, a broken lexicon
// is reported on the lexicon at its line and column while the last good
// one stays in use, and a failing example is reported where it is.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	const lexV1 = "lexicon: team\nlanguage: en\ndiscouraged:\n" +
		"  - id: team.computer\n    category: rigid\n    message: Say what you can do.\n    phrases: [\"computer says no\"]\n"
	writeFile(t, dir, ".lexlint.yaml", "lexicons: [team.yaml]\n")
	lexPath := writeFile(t, dir, "team.yaml", lexV1)
	cfgPath := filepath.Join(dir, ".lexlint.yaml")
	c := startClient(t)
	draft := c.open(filepath.Join(dir, "reply.txt"), "plaintext", "Sorry, computer says no.\nThat is not my department.\n")
	if ds := c.waitDiags(draft, 1, has("team.computer")); len(ds) != 1 {
		t.Fatalf("only the team's lexicon applies: %+v", ds)
	}

	// An unsaved edit to the open lexicon applies at once.
	lex := c.open(lexPath, "yaml", lexV1)
	c.waitDiags(lex, 1, func([]Diagnostic) bool { return true })
	entry2 := "  - id: team.department\n    category: blaming\n    message: Take it on.\n    phrases: [\"not my department\"]\n"
	c.change(lex, 2, &Range{Position{7, 0}, Position{7, 0}}, entry2)
	c.waitDiags(draft, 1, has("team.department"))

	// A broken lexicon: the problem on the lexicon at its line and column,
	// the draft still checked with the last good one.
	c.change(lex, 3, &Range{Position{4, 4}, Position{4, 12}}, "categry")
	ds := c.waitDiags(lex, 3, func(ds []Diagnostic) bool { return len(ds) > 0 })
	if i := slices.IndexFunc(ds, func(d Diagnostic) bool { return strings.Contains(d.Message, `unknown key "categry"`) }); i < 0 ||
		ds[i].Severity != SeverityError || ds[i].Range != (Range{Position{4, 4}, Position{4, 12}}) {
		t.Errorf("broken lexicon: %+v", ds)
	}
	if ds := c.waitDiags(draft, 1, has("team.department")); len(ds) != 2 {
		t.Errorf("the last good lexicon stays in use: %+v", ds)
	}

	// Mended, with an example that fails.
	c.change(lex, 4, &Range{Position{4, 4}, Position{4, 11}}, "category")
	c.change(lex, 5, &Range{Position{7, 0}, Position{7, 0}}, "    examples: {flag: [\"Computer said no.\"]}\n")
	ds = c.waitDiags(lex, 5, func(ds []Diagnostic) bool { return len(ds) == 1 })
	if ds[0].Range != (Range{Position{7, 22}, Position{7, 41}}) || !strings.Contains(ds[0].Message, "flag example of team.computer draws no finding of it") {
		t.Errorf("failing example: %+v", ds)
	}

	// Closing the lexicon without saving: the saved one counts again.
	c.notifyServer("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: lex}})
	c.waitDiags(draft, 1, func(ds []Diagnostic) bool { return len(ds) == 1 && ds[0].Code == "team.computer" })

	// The configuration changed on disk, as a watcher reports it: the
	// built-in English lexicon added.
	writeFile(t, dir, ".lexlint.yaml", "lexicons: [team.yaml, builtin:en]\n")
	c.notifyServer("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: uriOf(cfgPath), Type: 2}}})
	c.waitDiags(draft, 1, has("en.rigid.not-my-department"))

	// A broken configuration on disk: reported on it; the last good
	// setup stays.
	writeFile(t, dir, ".lexlint.yaml", "lexicons: [team.yaml, builtin:en]\nfail_onn: warning\n")
	c.notifyServer("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: uriOf(cfgPath), Type: 2}}})
	ds = c.waitDiags(uriOf(cfgPath), 0, func(ds []Diagnostic) bool { return len(ds) > 0 })
	if ds[0].Range.Start != (Position{1, 0}) || !strings.Contains(ds[0].Message, `did you mean "fail_on"`) {
		t.Errorf("broken configuration: %+v", ds)
	}
	c.waitDiags(draft, 1, has("en.rigid.not-my-department"))
	if len(c.regs) != 1 || c.regs[0].Method != "workspace/didChangeWatchedFiles" {
		t.Errorf("registrations: %+v", c.regs)
	}
}

// TestOtherFiles opens YAML and JSON that are neither lexicons nor
// canned-response libraries: nothing to say of them. A broken library
// is reported.
func TestOtherFiles(t *testing.T) {
	dir := t.TempDir()
	c := startClient(t)
	for name, text := range map[string]string{
		"compose.yaml":   "services:\n  web:\n    image: nginx\n",
		"package.json":   `{"name": "x", "version": "1.0.0"}`,
		"ci.yml":         "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Test\n        run: go test ./...\n",
		"dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n    schedule:\n      interval: weekly\n",
		"mkdocs.yml":     "site_name: Docs\nnav:\n  - Home: index.md\n  - Guide: guide.md\n",
		"tsconfig.json":  "{\"compilerOptions\": {\"strict\": true}}\n",
	} {
		uri := c.open(writeFile(t, dir, name, text), "", text)
		if ds := c.waitDiags(uri, 1, func([]Diagnostic) bool { return true }); len(ds) != 0 {
			t.Errorf("%s: %+v", name, ds)
		}
	}
	text := "- id: a\n  body: Hi\n- id: b\n  body: [1, 2]\n"
	uri := c.open(writeFile(t, dir, "macros.yaml", text), "", text)
	ds := c.waitDiags(uri, 1, func(ds []Diagnostic) bool { return len(ds) > 0 })
	if ds[0].Code != "input-error" || ds[0].Range.Start.Line != 2 {
		t.Errorf("broken library: %+v", ds)
	}
}

// TestOtherLanguage opens a Dutch reply where the configuration says
// lang: en: besides the English findings it gets a notice that its Dutch
// wording is not checked; an English reply gets none.
func TestOtherLanguage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".lexlint.yaml", "lang: en\n")
	c := startClient(t)
	dutch := "Beste meneer Jansen,\n\nHelaas is dat ons beleid, daar kan ik niets aan doen.\n\nMet vriendelijke groet,\nSanne\n"
	uri := c.open(writeFile(t, dir, "antwoord.txt", dutch), "", dutch)
	ds := c.waitDiags(uri, 1, func([]Diagnostic) bool { return true })
	found := false
	for _, d := range ds {
		if d.Code == "lexlint.language" {
			found = true
			if d.Severity != SeverityInformation || !strings.Contains(d.Message, "reads as Dutch, but .lexlint.yaml sets lang: en") {
				t.Errorf("notice: %+v", d)
			}
		}
	}
	if !found {
		t.Errorf("no notice for a Dutch reply under lang: en: %+v", ds)
	}
	english := "Hi Sam,\n\nThanks for your message; that's company policy, I'm afraid.\n\nKind regards,\nJo\n"
	uri = c.open(writeFile(t, dir, "reply.txt", english), "", english)
	for _, d := range c.waitDiags(uri, 1, func([]Diagnostic) bool { return true }) {
		if d.Code == "lexlint.language" {
			t.Errorf("an English reply got %+v", d)
		}
	}
}

// TestPackageNotSynced opens a draft under a configuration that names a
// lexicon package the cache does not hold: the configuration says so at
// the package's entry, and what to run.
func TestPackageNotSynced(t *testing.T) {
	t.Setenv("LEXLINT_CACHE", t.TempDir())
	dir := t.TempDir()
	cfgPath := writeFile(t, dir, ".lexlint.yaml", "lexicons:\n  - url: https://example.com/team.yaml\n    sha256: "+strings.Repeat("0", 64)+"\n")
	c := startClient(t)
	c.open(filepath.Join(dir, "reply.txt"), "plaintext", "Sorry, computer says no.\n")
	ds := c.waitDiags(uriOf(cfgPath), 0, func(ds []Diagnostic) bool { return len(ds) > 0 })
	if ds[0].Range.Start != (Position{1, 4}) || !strings.Contains(ds[0].Message, "is not in the cache") || !strings.Contains(ds[0].Message, "run lexlint sync") {
		t.Errorf("%+v", ds)
	}
}
