package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/transcript"
)

// completeValues lets the shell complete the values of cmd's flags that
// take one of a few words, and file arguments by the --input format.
func completeValues(cmd *cobra.Command) {
	values := map[string][]string{
		"format":       output.Formats(),
		"input":        append([]string{"auto"}, transcript.Formats()...),
		"lang":         {"auto", "nl", "en"},
		"fail-on":      {"error", "warning", "suggestion", "none"},
		"min-severity": {"error", "warning", "suggestion"},
		"role":         {"agent", "customer", "bot", "system", "all"},
		"by":           {"agent", "category", "conversation", "period", "phrase"},
		"period":       {"day", "week", "month"},
	}
	if cmd.Name() == "report" {
		values["format"] = []string{"text", "csv", "json", "html"}
		values["role"] = []string{"agent", "bot", "all"}
	}
	for name, words := range values {
		if cmd.Flags().Lookup(name) == nil {
			continue
		}
		cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(words, cobra.ShellCompDirectiveNoFileComp))
	}
	if cmd.Flags().Lookup("input") != nil {
		cmd.ValidArgsFunction = func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
			input, _ := cmd.Flags().GetString("input")
			var exts []string
			for _, e := range transcript.Extensions(input) {
				exts = append(exts, strings.TrimPrefix(e, "."))
			}
			return exts, cobra.ShellCompDirectiveFilterFileExt
		}
	}
}
