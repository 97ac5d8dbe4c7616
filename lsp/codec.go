package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
)

// maxMessage is the largest message the server reads (a document of a few
// megabytes, JSON-escaped, fits many times).
const maxMessage = 64 << 20

// malformedMethod names the notification a message that is not JSON, or
// too large, is read as: the server logs it and goes on, since the
// framing (Content-Length) says where the next message starts.
const malformedMethod = "$/lexlint/malformed"

// codec is the protocol's Content-Length framing, like jsonrpc2's
// VSCodeObjectCodec, with a bound on each message; a message whose body
// is not JSON or is over the bound is skipped (read as a malformed
// notification) instead of ending the connection. Only broken framing
// (no Content-Length, bad header lines) ends it.
type codec struct {
	jsonrpc2.VSCodeObjectCodec
	max int64
}

func (c codec) ReadObject(stream *bufio.Reader, v any) error {
	length := int64(-1)
	for {
		line, err := stream.ReadString('\n')
		if err != nil {
			return err
		}
		if len(line) > 1024 {
			return fmt.Errorf("a header line of %d bytes", len(line))
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				return fmt.Errorf("bad Content-Length %q", value)
			}
			length = n
		}
	}
	if length < 0 {
		return fmt.Errorf("a message without Content-Length")
	}
	if length > c.max {
		if _, err := io.CopyN(io.Discard, stream, length); err != nil {
			return err
		}
		return malformed(v, fmt.Sprintf("a message of %d bytes, over the limit of %d: skipped", length, c.max))
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(stream, body); err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return malformed(v, fmt.Sprintf("a message that is not JSON-RPC (%v): skipped", err))
	}
	return nil
}

// malformed fills v with the notification that stands for a skipped
// message.
func malformed(v any, why string) error {
	params, _ := json.Marshal(map[string]string{"error": why})
	msg, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": malformedMethod, "params": json.RawMessage(params)})
	return json.Unmarshal(msg, v)
}
