package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// docsBase is where the repository's files are read on the web: a page's
// address is docsBase followed by its path in the repository.
const docsBase = "https://github.com/lexlint/lexlint/blob/main/"

// docsPage returns the page of the documentation (a path in the
// repository, with an anchor) for a command given by its path without
// "lexlint" ("check", "report merge"), or "" when the command has none of
// its own and shares its parent's.
func docsPage(path string) string {
	switch path {
	case "":
		return "docs/README.md"
	case "check":
		return "docs/checking.md#in-the-terminal-lexlint-check"
	case "serve":
		return "docs/checking.md#in-the-browser-lexlint-serve"
	case "extension":
		return "docs/checking.md#in-the-helpdesks-reply-box-the-browser-extension"
	case "lsp":
		return "docs/checking.md#in-editors-lexlint-lsp"
	case "report":
		return "docs/qa.md#qa-reports-lexlint-report"
	case "practice":
		return "docs/coaching.md"
	case "report merge":
		return "docs/qa.md#merging-reports-of-shards-lexlint-report-merge"
	case "config", "config print":
		return "docs/configuration.md#the-configuration-file-lexlintyaml"
	case "lexicon mine":
		return "docs/ratings.md#mining-phrases-the-lexicon-does-not-know-lexlint-lexicon-mine"
	case "sync", "annotate":
		return "docs/releases.md"
	case "init", "lexicon":
		return "docs/lexicons.md#the-lexicon-commands-lexlint-lexicon-and-lexlint-init"
	case "version", "completion":
		return "docs/configuration.md#other-commands"
	}
	return ""
}

// docsFor returns the page of a command: its own, else its nearest
// parent's.
func docsFor(c *cobra.Command) string {
	for ; c != nil; c = c.Parent() {
		path := strings.TrimSpace(strings.TrimPrefix(c.CommandPath(), c.Root().Name()))
		if page := docsPage(path); page != "" {
			return page
		}
	}
	return docsPage("")
}

// addDocsToHelp makes every command's help end with the address of its
// page of the documentation.
func addDocsToHelp(root *cobra.Command) {
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		help(c, args)
		fmt.Fprintf(c.OutOrStdout(), "\nDocs: %s%s\n", docsBase, docsFor(c))
	})
}
