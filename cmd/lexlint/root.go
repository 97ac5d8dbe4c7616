package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func newRootCmd(e env, prof *profiler) *cobra.Command {
	root := &cobra.Command{
		Use:   "lexlint",
		Short: "Check service-desk wording against a language lexicon",
		Long: `lexlint checks reply drafts, transcripts and canned responses for wording
that sounds rigid, negative or blaming ("that's company policy", "dat is niet
mijn afdeling") and suggests friendlier alternatives.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionLine(),
	}
	root.SetVersionTemplate("lexlint {{.Version}}\n")
	addDocsToHelp(root)
	prof.addFlags(root)
	start := root.PersistentPreRunE
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if c := e.global.color; c != "auto" && c != "always" && c != "never" {
			return fmt.Errorf("--color %q: use auto, always or never", c)
		}
		return start(cmd, args)
	}
	pf := root.PersistentFlags()
	pf.StringVar(&e.global.configFile, "config", "", "configuration file (default: .lexlint.yaml in this directory or a parent)")
	pf.BoolVar(&e.global.noConfig, "no-config", false, "ignore configuration files")
	pf.BoolVar(&e.global.noColor, "no-color", false, "never colour the output (also: NO_COLOR environment variable)")
	pf.StringVar(&e.global.color, "color", "auto", "colour the output: auto (on a terminal, unless NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE force it), always or never")
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newCheckCmd(e), newVersionCmd(), newConfigCmd(e), newLexiconCmd(e), newInitCmd(e), newServeCmd(e), newReportCmd(e), newExtensionCmd(e), newLSPCmd(e), newPracticeCmd(e), newAnnotateCmd(e), newSyncCmd(e))
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print lexlint's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "lexlint %s\n", versionLine())
			return err
		},
	}
}

// Set by the release build (GoReleaser's ldflags, see .goreleaser.yaml):
// the release's version without its "v", its commit and its date. They
// are empty in a go install or go build, which take the build information.
var (
	releaseVersion string
	releaseCommit  string
	releaseDate    string
)

// versionLine is what lexlint version and lexlint --version print: the
// version (a release's, stamped; else the module version and the commit,
// and whether the tree was modified), the Go version and the platform.
func versionLine() string {
	v := version()
	if releaseVersion == "" {
		if info, ok := debug.ReadBuildInfo(); ok {
			for _, s := range info.Settings {
				if s.Key == "vcs.modified" && s.Value == "true" {
					v += " (modified)"
				}
			}
		}
	} else if releaseDate != "" {
		v += " " + releaseDate
	}
	return fmt.Sprintf("%s, %s %s/%s", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// version is the release's version and commit when the release build
// stamped them, else the module version from the build information: a
// release tag for "go install ...@vX", "(devel)" for a local build.
func version() string {
	if releaseVersion != "" {
		v := "v" + strings.TrimPrefix(releaseVersion, "v")
		if len(releaseCommit) >= 12 {
			v += " " + releaseCommit[:12]
		}
		return v
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
