package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// A client is an in-process LSP client connected to a server over a pipe:
// it records the diagnostics the server publishes and answers the
// server's requests (registrations, edits to apply).
type client struct {
	t    testing.TB
	conn *jsonrpc2.Conn
	done chan error

	mu      sync.Mutex
	diags   map[string]PublishDiagnosticsParams
	notify  chan string // the URI of each publication
	applied []ApplyWorkspaceEditParams
	regs    []Registration
}

// startClient starts a server and a client and initializes it, offering
// the given position encodings.
func startClient(t testing.TB, encodings ...string) *client {
	t.Helper()
	serverEnd, clientEnd := pipes(t)
	srv := New(Options{Version: "test", Log: testLog{t}, Delay: 0})
	c := &client{t: t, done: make(chan error, 1), diags: map[string]PublishDiagnosticsParams{}, notify: make(chan string, 1000)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { c.done <- srv.Serve(ctx, serverEnd) }()
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(clientEnd, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(c.handle))
	t.Cleanup(func() {
		cancel()
		c.conn.Close()
	})
	caps := map[string]any{"general": map[string]any{"positionEncodings": encodings},
		"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}
	var res InitializeResult
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps}, &res)
	c.notifyServer("initialized", map[string]any{})
	return c
}

// pipes returns the two ends of a connection made of OS pipes, buffered
// as standard input and output are (net.Pipe is not: both ends writing at
// once would block each other's reader).
func pipes(t testing.TB) (io.ReadWriteCloser, io.ReadWriteCloser) {
	t.Helper()
	r1, w1, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r2, w2, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	return stdio{r1, w2}, stdio{r2, w1}
}

// stdio joins a read end and a write end.
type stdio struct {
	r *os.File
	w *os.File
}

func (s stdio) Read(p []byte) (int, error)  { return s.r.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.w.Write(p) }
func (s stdio) Close() error                { return errors.Join(s.r.Close(), s.w.Close()) }

type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func (c *client) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p PublishDiagnosticsParams
		json.Unmarshal(*req.Params, &p)
		c.diags[p.URI] = p
		c.notify <- p.URI
	case "workspace/applyEdit":
		var p ApplyWorkspaceEditParams
		json.Unmarshal(*req.Params, &p)
		c.applied = append(c.applied, p)
		return map[string]bool{"applied": true}, nil
	case "client/registerCapability":
		var p RegistrationParams
		json.Unmarshal(*req.Params, &p)
		c.regs = append(c.regs, p.Registrations...)
	}
	return nil, nil
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notifyServer(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// open opens a document and returns its URI.
func (c *client) open(path, languageID, text string) string {
	uri := uriOf(path)
	c.notifyServer("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: languageID, Version: 1, Text: text}})
	return uri
}

// change sends one incremental change (rng nil: the whole text).
func (c *client) change(uri string, version int, rng *Range, text string) {
	c.notifyServer("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: version},
		ContentChanges: []TextDocumentContentChangeEvent{{Range: rng, Text: text}}})
}

// waitDiags waits for diagnostics of uri that satisfy ok (of the given
// document version, when version > 0).
func (c *client) waitDiags(uri string, version int, ok func([]Diagnostic) bool) []Diagnostic {
	c.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		p, seen := c.diags[uri]
		c.mu.Unlock()
		if seen && (version == 0 || p.Version != nil && *p.Version == version) && ok(p.Diagnostics) {
			return p.Diagnostics
		}
		select {
		case <-c.notify:
		case <-deadline:
			c.t.Fatalf("no fitting diagnostics for %s (version %d); last: %+v", uri, version, p)
		}
	}
}

// withCode returns the diagnostic with the code, or fails.
func withCode(t *testing.T, diags []Diagnostic, code string) Diagnostic {
	t.Helper()
	for _, d := range diags {
		if d.Code == code {
			return d
		}
	}
	t.Fatalf("no diagnostic %s in %+v", code, diags)
	return Diagnostic{}
}

func has(code string) func([]Diagnostic) bool {
	return func(ds []Diagnostic) bool {
		for _, d := range ds {
			if d.Code == code {
				return true
			}
		}
		return false
	}
}

func hasNot(code string) func([]Diagnostic) bool {
	return func(ds []Diagnostic) bool { return !has(code)(ds) }
}

// applyEdits applies text edits (of one document, not overlapping) to
// text, in the encoding enc.
func applyEdits(t *testing.T, text string, edits []TextEdit, enc string) string {
	t.Helper()
	tx := newText([]byte(text))
	type span struct {
		start, end int
		s          string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{tx.offset(e.Range.Start, enc), tx.offset(e.Range.End, enc), e.NewText})
	}
	out := text
	for i := len(spans) - 1; i >= 0; i-- { // edits come in document order
		out = out[:spans[i].start] + spans[i].s + out[spans[i].end:]
	}
	return out
}

// writeFile writes a file under dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
