package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/extension"
)

func newExtensionCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "extension DIR",
		Short: "Write the browser extension for helpdesk reply boxes into DIR",
		Long: `extension writes lexlint's browser extension (Chrome, Edge and other
Chromium-based browsers) into DIR, for "Load unpacked":

  1. lexlint extension ~/lexlint-extension
  2. open chrome://extensions, switch on Developer mode, choose "Load
     unpacked" and pick the folder
  3. start lexlint serve, and paste the pairing token it prints into the
     extension's options

Running it again updates the files in place (then reload the extension).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			changed, err := extension.Write(args[0])
			if err != nil {
				return err
			}
			if len(changed) == 0 {
				fmt.Fprintf(e.stdout, "The extension in %s is up to date.\n", args[0])
				return nil
			}
			fmt.Fprintf(e.stdout, "Wrote the extension into %s (%s): load it with \"Load unpacked\" on chrome://extensions, or reload it there.\n",
				args[0], plural(len(changed), "file", "files"))
			return nil
		},
	}
}
