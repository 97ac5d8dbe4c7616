package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/lsp"
)

func newLSPCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server (LSP over standard input and output) for editors",
		Long: `lsp speaks the Language Server Protocol over standard input and output, for
editors (VS Code, Neovim, Helix, Zed, JetBrains): findings as diagnostics
while you type, suggestions and "fix all" as code actions, an entry's reason
on hover, and the problems and failing examples of lexicon files. Each
document gets the settings check would give it: the .lexlint.yaml found
upwards from its folder, its lexicons and levels, include and exclude.
Standard output carries the protocol only; logs go to standard error.

The exit status is 0 after the client's shutdown and exit, 1 otherwise.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			srv := lsp.New(lsp.Options{Version: version(), Log: e.stderr, Delay: lsp.DefaultDelay})
			if err := srv.Serve(cmd.Context(), stdio{e.stdin, e.stdout}); err != nil {
				fmt.Fprintf(e.stderr, "lexlint lsp: %v\n", err)
				return exitCodeError{exitFindings}
			}
			return nil
		},
	}
}

// stdio is standard input and output as one stream; closing it closes
// neither.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
