package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bmatcuk/doublestar/v4"
)

// quietHarness opens the files of names.json in Neovim, waits until the
// server answered each file it was attached to, and writes what each got.
const quietHarness = `
local published = {}
local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  published[vim.fn.fnamemodify(vim.uri_to_fname(result.uri), ":.")] = true
  return publish(err, result, ctx, config)
end
local names = vim.fn.json_decode(vim.fn.readfile("names.json")[1])
local bufs = {}
for _, name in ipairs(names) do
  vim.cmd("edit " .. vim.fn.fnameescape(name))
  bufs[name] = vim.api.nvim_get_current_buf()
end
local function attached(buf) return next(vim.lsp.buf_get_clients(buf)) ~= nil end
-- A client counts as attached once it is initialised.
vim.wait(60000, function() return attached(bufs[names[1]]) end, 50)
vim.wait(60000, function()
  for name, buf in pairs(bufs) do
    if attached(buf) and not published[name] then return false end
  end
  return true
end, 50)
local out = {}
for name, buf in pairs(bufs) do
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(codes, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "")
  end
  out[name] = { filetype = vim.bo[buf].filetype, attached = attached(buf), published = published[name] == true, codes = codes }
end
vim.fn.writefile({ vim.fn.json_encode(out) }, "diagnostics.json")
vim.cmd("qa!")
`

// TestNeovimQuiet opens, with the README's Neovim snippet, the YAML and
// JSON files every repository has (a GitHub workflow, package.json,
// tsconfig.json) next to a draft, a canned-response library and a
// Markdown reply. The server must answer each file Neovim attached it to
// (an empty publish counts), with nothing for the former and findings for
// the latter.
func TestNeovimQuiet(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("Neovim is not installed (apt-get install neovim)")
	}
	dir := t.TempDir()
	bin := buildCommand(t, dir)
	macros, err := os.ReadFile("examples/macros/returns.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		".github/workflows/ci.yml": "name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Test\n        run: go test ./...\n",
		"package.json":             "{\n  \"name\": \"desk\",\n  \"version\": \"1.0.0\",\n  \"scripts\": {\"test\": \"node test.js\"}\n}\n",
		"tsconfig.json":            "{\n  \"compilerOptions\": {\"strict\": true, \"target\": \"es2022\"}\n}\n",
		"reply.txt":                "Hi Sam,\nThat's company policy, I'm afraid.\n",
		"macros/returns.yaml":      string(macros),
		"notes.md":                 "# Refund\n\nUnfortunately that's company policy.\n",
	}
	quiet := []string{".github/workflows/ci.yml", "package.json", "tsconfig.json"}
	loud := []string{"reply.txt", "macros/returns.yaml", "notes.md"}
	files["init.lua"] = docBlock(t, "**Neovim**", "lua")
	files["harness.lua"] = quietHarness
	names, _ := json.Marshal(append(append([]string{}, quiet...), loud...))
	files["names.json"] = string(names)
	writeTree(t, dir, files)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-n", "-i", "NONE", "-u", "init.lua", "-c", "luafile harness.lua")
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
	var got map[string]struct {
		Filetype  string
		Attached  bool
		Published bool
		Codes     []string
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	for _, name := range quiet {
		g := got[name]
		switch {
		case g.Attached && !g.Published:
			t.Errorf("%s (%s): the server never answered", name, g.Filetype)
		case len(g.Codes) > 0:
			t.Errorf("%s (%s): diagnostics %v, want none", name, g.Filetype, g.Codes)
		}
	}
	// The workflow and package.json are YAML and JSON to every Neovim:
	// the server must have been asked about them for the test to mean
	// anything.
	for _, name := range quiet[:2] {
		if !got[name].Attached {
			t.Errorf("%s (%s): Neovim did not attach the server", name, got[name].Filetype)
		}
	}
	for _, name := range loud {
		if g := got[name]; len(g.Codes) == 0 {
			t.Errorf("%s (%s, attached %v): no diagnostics", name, g.Filetype, g.Attached)
		}
	}
	t.Logf("%s", data)
}

// TestNeovimConfigBranch runs the README snippet's Neovim 0.11 branch in
// the Neovim at hand, with vim.lsp.config and vim.lsp.enable stood in for
// by functions that record what the snippet hands them.
func TestNeovimConfigBranch(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("Neovim is not installed (apt-get install neovim)")
	}
	dir := t.TempDir()
	stub := `
local seen = {}
vim.lsp.config = setmetatable({}, { __call = function(_, name, cfg) seen.name = name; seen.config = cfg end })
vim.lsp.enable = function(name) seen.enabled = name end
dofile("snippet.lua")
vim.fn.writefile({ vim.fn.json_encode(seen) }, "seen.json")
vim.cmd("qa!")
`
	for name, text := range map[string]string{"snippet.lua": docBlock(t, "**Neovim**", "lua"), "stub.lua": stub} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-n", "-i", "NONE", "-u", "NONE", "-c", "luafile stub.lua")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_CACHE_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "seen.json"))
	if err != nil {
		t.Fatal(err)
	}
	var seen struct{ Name, Enabled string }
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	_ = json.Unmarshal(data, &seen)
	cfg, _ := raw["config"].(map[string]any)
	if seen.Name != "lexlint" || seen.Enabled != "lexlint" || cfg == nil {
		t.Fatalf("the 0.11 branch: %s", data)
	}
	want := map[string]string{"cmd": `["lexlint","lsp"]`, "filetypes": `["text","markdown","yaml","json"]`}
	for k, w := range want {
		if got, _ := json.Marshal(cfg[k]); string(got) != w {
			t.Errorf("vim.lsp.config %s = %s, want %s", k, got, w)
		}
	}
}

// TestVSCodeFiles runs the VS Code client's activate in Node.js with
// stand-ins for the vscode module and the language client, and checks
// which files the default lexlint.files patterns hand to the server (the
// patterns matched by doublestar, which reads **, {a,b} and * as VS Code's
// globs do), and that the package is bundled with its licence.
func TestVSCodeFiles(t *testing.T) {
	data, err := os.ReadFile("editors/vscode/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Main        string
		Scripts     map[string]string
		Contributes struct {
			Configuration struct {
				Properties map[string]struct{ Default any }
			}
		}
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, p := range pkg.Contributes.Configuration.Properties["lexlint.files"].Default.([]any) {
		patterns = append(patterns, p.(string))
	}
	tests := map[string]bool{
		"/ws/replies/refund.txt": true, "/ws/docs/notes.md": true, "/ws/.lexlint.yaml": true,
		"/ws/team-lexicon.yaml": true, "/ws/lexicons/nl/team.yml": true, "/ws/examples/macros/returns.yaml": true,
		"/ws/export/zendesk-macros.json": true, "/ws/responses/returns.json": true,
		"/ws/.github/workflows/ci.yml": false, "/ws/package.json": false, "/ws/tsconfig.json": false,
		"/ws/.github/dependabot.yml": false, "/ws/mkdocs.yml": false, "/ws/compose.yaml": false,
		"/ws/.vscode/settings.json": false,
	}
	for path, want := range tests {
		got := false
		for _, p := range patterns {
			if ok, err := doublestar.Match(p, path); err != nil {
				t.Fatalf("pattern %q: %v", p, err)
			} else if ok {
				got = true
			}
		}
		if got != want {
			t.Errorf("%s: handed to the server %v, want %v", path, got, want)
		}
	}
	if pkg.Main != "./dist/extension.js" || !strings.Contains(pkg.Scripts["bundle"], "--outfile=dist/extension.js") ||
		!strings.Contains(pkg.Scripts["vscode:prepublish"], "bundle") {
		t.Errorf("the package is not bundled: main %q, scripts %v", pkg.Main, pkg.Scripts)
	}
	ignore, _ := os.ReadFile("editors/vscode/.vscodeignore")
	if !strings.Contains(string(ignore), "node_modules/**") {
		t.Errorf(".vscodeignore does not leave out node_modules: %q", ignore)
	}
	if lic, err := os.ReadFile("editors/vscode/LICENSE"); err != nil || !strings.HasPrefix(string(lic), "MIT License") {
		t.Errorf("editors/vscode/LICENSE: %v", err)
	}
	started := activateVSCode(t, patterns)
	sel := started.Options.DocumentSelector
	if started.Server.Command != "lexlint" || !slices.Equal(started.Server.Args, []string{"lsp"}) || len(sel) != len(patterns)+2 {
		t.Fatalf("the client started %+v", started)
	}
	for i, p := range patterns {
		if sel[i]["pattern"] != p || sel[i]["scheme"] != "file" || sel[i]["language"] != "" {
			t.Errorf("selector %d: %v, want the pattern %q", i, sel[i], p)
		}
	}
}

// vscodeStart is what the VS Code client handed the language client.
type vscodeStart struct {
	Server struct {
		Command string
		Args    []string
	}
	Options struct {
		DocumentSelector []map[string]string
	}
}

// activateVSCode runs the client's activate in Node.js with stand-ins for
// VS Code (whose lexlint.files is patterns) and the language client.
func activateVSCode(t *testing.T, patterns []string) vscodeStart {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("Node.js is not installed")
	}
	dir := t.TempDir()
	js, _ := os.ReadFile("editors/vscode/extension.js")
	files := map[string]string{
		"extension.js": string(js),
		"node_modules/vscode/index.js": `module.exports = {
  workspace: {
    getConfiguration: () => ({ get: (k) => ({ path: 'lexlint', files: JSON.parse(process.env.FILES) })[k] }),
    onDidChangeConfiguration: () => ({ dispose() {} }),
  },
  window: { showErrorMessage: (m) => { throw new Error(m); } },
};`,
		"node_modules/vscode-languageclient/node.js": `class LanguageClient {
  constructor(id, name, server, options) { global.started = { id, server, options }; }
  async start() {}
  async stop() {}
}
module.exports = { LanguageClient, TransportKind: { stdio: 0 } };`,
		"run.js": `const ext = require('./extension.js');
(async () => {
  await ext.activate({ subscriptions: [] });
  process.stdout.write(JSON.stringify(global.started));
})();`,
	}
	writeTree(t, dir, files)
	fs, _ := json.Marshal(patterns)
	cmd := exec.Command(node, "run.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "FILES="+string(fs))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var started vscodeStart
	if err := json.Unmarshal(out, &started); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return started
}
