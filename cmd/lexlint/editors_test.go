package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// docBlock returns the fenced block of the given language that follows
// the first line starting with after in README.md or a page of docs/ (a
// block inside a list item keeps its indentation).
func docBlock(t *testing.T, after, lang string) string {
	t.Helper()
	pages := docsContaining(t, "\n"+after)
	if len(pages) == 0 {
		t.Fatalf("no page of README.md and docs/ has a line starting %q", after)
	}
	page := pages[0]
	text := page.text[strings.Index(page.text, "\n"+after):]
	open := regexp.MustCompile("\n *```" + regexp.QuoteMeta(lang) + "\n").FindStringIndex(text)
	if open == nil {
		t.Fatalf("%s has no %s block after %q", page.path, lang, after)
	}
	body := text[open[1]:]
	end := regexp.MustCompile("\n *```").FindStringIndex(body)
	if end == nil {
		t.Fatalf("%s: the %s block after %q is not closed", page.path, lang, after)
	}
	return body[:end[0]+1]
}

// TestNeovim starts Neovim headless with the snippet of docs/checking.md, opens a
// draft and reads the diagnostics Neovim received from lexlint lsp. It
// skips only when Neovim is missing (CI installs Debian's).
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("Neovim is not installed (apt-get install neovim)")
	}
	dir := t.TempDir()
	bin := buildCommand(t, dir)
	files := map[string]string{
		"init.lua":  docBlock(t, "**Neovim**", "lua"),
		"reply.txt": "Hi Sam,\nThat’s company policy, I’m afraid. 😀 No problem!\n",
		"harness.lua": `
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) >= 3 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(out, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = code,
    severity = d.severity, source = d.source, message = d.message })
end
vim.fn.writefile({ vim.fn.json_encode(out) }, "diagnostics.json")
vim.cmd("qa!")
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-n", "-i", "NONE", "-u", "init.lua", "-c", "luafile harness.lua", "reply.txt")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_CACHE_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "diagnostics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	// Line, column and end column in bytes, as Neovim keeps them after
	// converting the server's UTF-16 positions: ’ is three bytes and one
	// unit, 😀 four bytes and two units.
	want := map[string][3]int{
		"en.rigid.company-policy":  {1, 0, 23},
		"en.dismissive.no-problem": {1, 44, 54},
	}
	seen := map[string]bool{}
	for _, d := range raw {
		code, _ := d["code"].(string)
		seen[code] = true
		if d["source"] != "lexlint" {
			t.Errorf("source: %v", d)
		}
		w, ok := want[code]
		if !ok {
			continue
		}
		if at := [3]int{int(d["lnum"].(float64)), int(d["col"].(float64)), int(d["end_col"].(float64))}; at != w {
			t.Errorf("%s at %v, want %v", code, at, w)
		}
	}
	for _, code := range []string{"en.rigid.company-policy", "en.dismissive.no-problem", "en.closing"} {
		if !seen[code] {
			t.Errorf("Neovim did not receive %s: %s", code, data)
		}
	}
}

// TestEditorClients checks the editor clients the tests cannot run: the
// VS Code extension parses (node --check, where Node.js is installed) and
// activates for the languages it hands to the server, and the Helix and
// Zed configurations start lexlint lsp.
func TestEditorClients(t *testing.T) {
	var pkg struct {
		Main             string
		ActivationEvents []string
		Dependencies     map[string]string
	}
	data, err := os.ReadFile("editors/vscode/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatalf("editors/vscode/package.json: %v", err)
	}
	js, err := os.ReadFile("editors/vscode/extension.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const languages = \[([^\]]*)\]`).FindSubmatch(js)
	if m == nil {
		t.Fatal("extension.js has no list of languages")
	}
	var langs []string
	for _, l := range strings.Split(string(m[1]), ",") {
		langs = append(langs, "onLanguage:"+strings.Trim(strings.TrimSpace(l), "'"))
	}
	if !slices.Equal(langs, pkg.ActivationEvents) || pkg.Dependencies["vscode-languageclient"] == "" {
		t.Errorf("activation events %v, languages given to the server %v", pkg.ActivationEvents, langs)
	}
	if !strings.Contains(string(js), "args: ['lsp']") {
		t.Error("extension.js does not start lexlint lsp")
	}
	if node, err := exec.LookPath("node"); err == nil {
		if out, err := exec.Command(node, "--check", "editors/vscode/extension.js").CombinedOutput(); err != nil {
			t.Errorf("node --check: %v\n%s", err, out)
		}
	}
	helix := docBlock(t, "**Helix**", "toml")
	if !strings.Contains(helix, "[language-server.lexlint]\ncommand = \"lexlint\"\nargs = [\"lsp\"]\n") {
		t.Errorf("the Helix configuration does not start lexlint lsp:\n%s", helix)
	}
	toml, _ := os.ReadFile("editors/zed/extension.toml")
	lib, _ := os.ReadFile("editors/zed/src/lib.rs")
	if !strings.Contains(string(toml), "[language_servers.lexlint]") || !strings.Contains(string(lib), `worktree.which("lexlint")`) ||
		!strings.Contains(string(lib), `args: vec!["lsp".to_string()]`) {
		t.Error("the Zed extension does not start lexlint lsp")
	}
}

// TestLSPCommand speaks to lexlint lsp over its standard input and output
// as an editor does: standard output carries protocol messages only, and
// the exit status says whether the client shut the server down first.
func TestLSPCommand(t *testing.T) {
	frame := func(msgs ...string) string {
		var b strings.Builder
		for _, m := range msgs {
			fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(m), m)
		}
		return b.String()
	}
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`
	open := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:1","languageId":"plaintext","version":1,"text":"As I already said, no."}}}`
	shutdown := `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`
	exit := `{"jsonrpc":"2.0","method":"exit"}`
	tests := []struct {
		name  string
		input string
		code  int
	}{
		{"shutdown and exit", frame(initialize, `{"jsonrpc":"2.0","method":"initialized","params":{}}`, open, shutdown, exit), 0},
		{"exit without shutdown", frame(initialize, exit), 1},
		{"the stream ends", frame(initialize), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := lexlint(t, tt.input, "lsp")
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			rest := out
			for rest != "" {
				var n int
				if _, err := fmt.Sscanf(rest, "Content-Length: %d\r\n\r\n", &n); err != nil {
					t.Fatalf("standard output is not protocol messages: %q", rest)
				}
				body := rest[strings.Index(rest, "\r\n\r\n")+4:]
				if !json.Valid([]byte(body[:n])) {
					t.Fatalf("not a JSON message: %q", body[:n])
				}
				rest = body[n:]
			}
			if !strings.Contains(out, `"serverInfo":{"name":"lexlint"`) {
				t.Errorf("no initialize answer: %q", out)
			}
		})
	}
}
