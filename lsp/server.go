// Package lsp is lexlint's language server: it checks the drafts,
// Markdown and canned-response files an editor has open as check would
// (the same configuration, lexicons, formats and positions), pushes the
// findings as diagnostics while the user types, offers each suggestion as
// a quick fix, a directive to silence a rule on a line and "fix all safe
// fixes" for the file, shows an entry's reason on hover, and reports the
// problems and failing examples of lexicon files themselves.
//
// The JSON-RPC layer is github.com/sourcegraph/jsonrpc2, a small, well-kept
// implementation with the protocol's Content-Length framing. The protocol
// types are lexlint's own (protocol.go): the Go LSP libraries on the
// module proxy stop at LSP 3.16 (go.lsp.dev/protocol, tliron/glsp) and so
// lack positionEncoding, which lexlint negotiates (UTF-8 when the client
// offers it, else UTF-16), and lexlint needs only a dozen of the types.
package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// Options configure a server.
type Options struct {
	Version string        // lexlint's version, for serverInfo
	Log     io.Writer     // where the server logs (standard error); never the protocol's stream
	Delay   time.Duration // how long a document must stay unchanged before it is checked
}

// DefaultDelay is the pause in typing after which a changed document is
// checked.
const DefaultDelay = 150 * time.Millisecond

// Server is a language server for one client.
type Server struct {
	opts Options

	mu       sync.Mutex
	conn     *jsonrpc2.Conn
	enc      string               // the position encoding agreed on
	docs     map[string]*document // open documents by URI
	setups   map[string]*setup    // by configuration file ("" for none)
	diags    map[string]map[string][]Diagnostic
	timers   map[string]*time.Timer
	watch    bool // the client can watch files for the server
	shutdown bool
	ctx      context.Context
	work     sync.WaitGroup // background work (timers, requests to the client) Serve waits for
}

// New returns a server.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Server{opts: opts, enc: encodingUTF16, docs: map[string]*document{}, setups: map[string]*setup{},
		diags: map[string]map[string][]Diagnostic{}, timers: map[string]*time.Timer{}}
}

// Serve speaks the protocol over rwc (standard input and output) until the
// client sends exit, the stream ends or ctx is cancelled. It returns nil
// after shutdown and exit, an error otherwise.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx
	exited := make(chan struct{})
	var once sync.Once
	handler := jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		if req.Method == "exit" {
			once.Do(func() { close(exited) })
			return nil, nil
		}
		return s.handle(ctx, req)
	})
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, codec{max: maxMessage}), handler,
		jsonrpc2.SetLogger(logger{s.opts.Log}))
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	defer s.work.Wait()
	defer s.stopTimers()
	defer cancel()
	select {
	case <-exited:
	case <-conn.DisconnectNotify():
		select {
		case <-exited: // exit was the stream's last message
		default:
			return fmt.Errorf("the client closed the connection without exit")
		}
	case <-ctx.Done():
		conn.Close()
		return ctx.Err()
	}
	conn.Close()
	if !s.isShutdown() {
		return fmt.Errorf("the client sent exit before shutdown")
	}
	return nil
}

// logger sends jsonrpc2's log lines to the server's log.
type logger struct{ w io.Writer }

func (l logger) Printf(format string, v ...any) { fmt.Fprintf(l.w, "lexlint lsp: "+format, v...) }

// handle answers a request or takes a notification.
func (s *Server) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	if s.isShutdown() && req.Method != "shutdown" {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shut down"}
	}
	switch req.Method {
	case malformedMethod:
		var p struct{ Error string }
		_ = json.Unmarshal(*req.Params, &p)
		fmt.Fprintf(s.opts.Log, "lexlint lsp: %s\n", p.Error)
		return nil, nil
	case "initialize":
		return s.initialize(req)
	case "initialized":
		s.background(s.registerWatchers)
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		s.stopTimers()
		return nil, nil
	case "textDocument/didOpen":
		return nil, decode(req, s.didOpen)
	case "textDocument/didChange":
		return nil, decode(req, s.didChange)
	case "textDocument/didClose":
		return nil, decode(req, s.didClose)
	case "textDocument/didSave":
		return nil, decode(req, s.didSave)
	case "workspace/didChangeWatchedFiles":
		return nil, decode(req, s.didChangeWatchedFiles)
	case "textDocument/codeAction":
		return answer(req, s.codeActions)
	case "textDocument/hover":
		return answer(req, s.hover)
	case "workspace/executeCommand":
		return answer(req, func(p ExecuteCommandParams) (any, error) { return s.executeCommand(ctx, p) })
	case "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration", "workspace/didChangeWorkspaceFolders":
		return nil, nil
	}
	if req.Notif {
		return nil, nil
	}
	return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "lexlint does not handle " + req.Method}
}

// decode reads a notification's parameters and hands them to f.
func decode[P any](req *jsonrpc2.Request, f func(P)) error {
	var p P
	if req.Params == nil || json.Unmarshal(*req.Params, &p) != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "bad parameters for " + req.Method}
	}
	f(p)
	return nil
}

// answer reads a request's parameters and returns f's answer.
func answer[P any, R any](req *jsonrpc2.Request, f func(P) (R, error)) (any, error) {
	var p P
	if req.Params == nil || json.Unmarshal(*req.Params, &p) != nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "bad parameters for " + req.Method}
	}
	return f(p)
}

// initialize agrees on the position encoding and says what lexlint does.
func (s *Server) initialize(req *jsonrpc2.Request) (any, error) {
	var p InitializeParams
	if req.Params != nil {
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "bad initialize parameters: " + err.Error()}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Contains(p.Capabilities.General.PositionEncodings, encodingUTF8) {
		s.enc = encodingUTF8
	}
	s.watch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	return InitializeResult{
		ServerInfo: ServerInfo{Name: "lexlint", Version: s.opts.Version},
		Capabilities: ServerCapabilities{
			PositionEncoding:   s.enc,
			TextDocumentSync:   TextDocumentSync{OpenClose: true, Change: 2, Save: SaveOptions{}},
			HoverProvider:      true,
			CodeActionProvider: CodeActionOptions{CodeActionKinds: []string{"quickfix", kindFixAll}},
			ExecuteCommand:     ExecuteCommandOpts{Commands: []string{commandFixAll}},
		},
	}, nil
}

// registerWatchers asks the client to tell of changes to configuration
// and lexicon files (YAML), which lexlint then loads again.
func (s *Server) registerWatchers() {
	s.mu.Lock()
	conn, watch, ctx := s.conn, s.watch, s.ctx
	s.mu.Unlock()
	if !watch || conn == nil {
		return
	}
	params := RegistrationParams{Registrations: []Registration{{
		ID: "lexlint-files", Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: map[string]any{"watchers": []FileSystemWatcher{{GlobPattern: "**/*.{yaml,yml}"}}},
	}}}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := conn.Call(ctx, "client/registerCapability", params, nil); err != nil && s.ctx.Err() == nil {
		s.logf("the client does not watch files (%v): lexicons reload when saved in the editor", err)
	}
}

func (s *Server) isShutdown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shutdown
}

// background runs f in a goroutine Serve waits for before it returns.
func (s *Server) background(f func()) {
	s.work.Add(1)
	go func() {
		defer s.work.Done()
		f()
	}()
}

// stopTimers stops the pending checks; one already running is waited
// for by Serve.
func (s *Server) stopTimers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, t := range s.timers {
		if t.Stop() {
			s.work.Done()
		}
		delete(s.timers, key)
	}
}

// logf writes to the log (standard error), never to the protocol stream.
func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, "lexlint lsp: "+format+"\n", args...)
}
