package lsp

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sourcegraph/jsonrpc2"
)

// TestMalformedFrames: a message that is not JSON, or is over the limit,
// is skipped and the server goes on (issue 32, item 11); broken framing
// ends the connection with an error instead of a read without end.
func TestMalformedFrames(t *testing.T) {
	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	for _, c := range []struct {
		name, in string
		method   string // what the first message reads as; "" for an error
	}{
		{"good", frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`), "initialized"},
		{"not JSON", frame(`{"jsonrpc": nope`), malformedMethod},
		{"over the limit", frame(`{"jsonrpc":"2.0","method":"` + strings.Repeat("x", 100) + `"}`), malformedMethod},
		{"no Content-Length", "Content-Type: x\r\n\r\n{}", ""},
		{"bad Content-Length", "Content-Length: -4\r\n\r\n{}", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(c.in + frame(`{"jsonrpc":"2.0","method":"next"}`)))
			var req jsonrpc2.Request
			err := codec{max: 64}.ReadObject(r, &req)
			if c.method == "" {
				if err == nil {
					t.Errorf("read %+v, want an error", req)
				}
				return
			}
			if err != nil || req.Method != c.method {
				t.Fatalf("read %q, %v; want %q", req.Method, err, c.method)
			}
			var next jsonrpc2.Request
			if err := (codec{max: 64}).ReadObject(r, &next); err != nil || next.Method != "next" {
				t.Errorf("the message after: %q, %v", next.Method, err)
			}
		})
	}
}

// TestMalformedMessageKeepsServer sends the running server a message that
// is not JSON: it still answers the next request.
func TestMalformedMessageKeepsServer(t *testing.T) {
	serverEnd, clientEnd := pipes(t)
	srv := New(Options{Version: "test", Log: testLog{t}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, serverEnd) }()
	fmt.Fprintf(clientEnd, "Content-Length: 9\r\n\r\n{garbage}")
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(clientEnd, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(
		func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) { return nil, nil }))
	defer conn.Close()
	var res InitializeResult
	if err := conn.Call(ctx, "initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &res); err != nil {
		t.Fatalf("initialize after a malformed message: %v", err)
	}
	conn.Call(ctx, "shutdown", nil, nil)
	conn.Notify(ctx, "exit", nil)
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
