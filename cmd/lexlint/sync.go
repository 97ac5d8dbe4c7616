package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/config"
	"github.com/lexlint/lexlint/internal/lexpack"
	"github.com/lexlint/lexlint/output"
)

func newSyncCmd(e env) *cobra.Command {
	var force bool
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Fetch the lexicon packages .lexlint.yaml names into the cache",
		Long: `sync fetches the lexicon packages that lexicons: in .lexlint.yaml names (a
url: of a lexicon or an archive of them, or a git: repository at a ref:)
into the cache ($LEXLINT_CACHE, else lexlint/packages in the user's cache
folder), as vale sync does for styles. Each must have the sha256: its
entry gives: a package without one, or with another, is refused and the
checksum it has is printed. A package the cache holds already is not
fetched again (--force fetches it anyway).

check, report, serve and the lexicon commands then read the packages from
the cache only, offline, after checking the cached files are as sync left
them.`,
		Example: `  lexlint sync
  LEXLINT_CACHE=.cache/lexlint lexlint sync --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(e)
			if err != nil {
				return err
			}
			if cfg == nil || len(cfg.Packages) == 0 {
				where := "no configuration file"
				if cfg != nil {
					where = cfg.Path
				}
				fmt.Fprintf(e.stdout, "lexlint: %s names no lexicon packages; nothing to sync\n", where)
				return nil
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			failed := 0
			for _, p := range cfg.Packages {
				res, err := lexpack.Sync(ctx, p.Package, p.Cache, lexpack.Options{Force: force})
				if err != nil {
					fmt.Fprintf(e.stderr, "lexlint: %s: %s\n", p.Pos, output.Visible(err.Error()))
					failed++
					continue
				}
				state := "up to date"
				if res.Fetched {
					state = "fetched"
				}
				at := ""
				if res.Commit != "" {
					at = ", commit " + res.Commit[:min(12, len(res.Commit))]
				}
				fmt.Fprintf(e.stdout, "%s: %s (sha256 %s%s)\n  %s\n", p.Package, state, res.SHA256, at, p.Lexicon(p.Cache))
			}
			if failed > 0 {
				return exitCodeError{exitError}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "fetch every package again, even when the cache holds it")
	cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Minute, "give up fetching after this long")
	return cmd
}

// loadConfig loads the configuration file check would use: --config, or
// .lexlint.yaml here or in a parent; nil when there is none.
func loadConfig(e env) (*config.Config, error) {
	if e.global.noConfig {
		return nil, nil
	}
	path := e.global.configFile
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if path, err = config.Find(wd); err != nil {
			return nil, err
		}
	}
	if path == "" {
		return nil, nil
	}
	cfg, err := config.Load(path)
	if err != nil && errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("--config %s: %w", path, err)
	}
	return cfg, err
}
