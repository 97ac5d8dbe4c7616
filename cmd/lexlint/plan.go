package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/report"
)

// checkPlans validates the flags of development plans: -f html (the
// default for plans) or json, and --agent or --per-agent, not both.
func (rf *reportFlags) checkPlans(cmd *cobra.Command) error {
	if rf.agent != "" && rf.perAgent != "" {
		return fmt.Errorf("--agent and --per-agent: give one (--per-agent writes every agent's plan)")
	}
	if !cmd.Flags().Changed("format") {
		rf.format = "html"
	}
	if rf.perAgent != "" && cmd.Flags().Changed("format") {
		return fmt.Errorf("--per-agent writes both NAME.html and NAME.json; leave out --format")
	}
	if rf.format != "html" && rf.format != "json" {
		return fmt.Errorf("--format %q: a development plan is written as html or json", rf.format)
	}
	if cmd.Flags().Changed("by") {
		return fmt.Errorf("--by chooses the rows of -f csv, which a development plan has not")
	}
	return nil
}

// readPlans reads --goals: a plan's JSON, or every .json file of a
// directory; nothing without it.
func readPlans(path string) ([]*report.Plan, error) {
	if path == "" {
		return nil, nil
	}
	files := []string{path}
	if info, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("--goals: %w", err)
	} else if info.IsDir() {
		if files, err = filepath.Glob(filepath.Join(path, "*.json")); err != nil {
			return nil, err
		}
	}
	var all []*report.Plan
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			return nil, fmt.Errorf("--goals: %w", err)
		}
		plans, err := report.ReadPlans(r, f)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("--goals: %w", err)
		}
		all = append(all, plans...)
	}
	return all, nil
}

// writePlans writes the plan of --agent to standard output, or every
// agent's plan to --per-agent's directory.
func writePlans(ctx context.Context, e env, b *report.Builder, r *report.Report, rf reportFlags, previous []*report.Plan) error {
	if rf.agent != "" {
		p, err := b.Plan(ctx, r, b.AgentName(rf.agent), previous)
		if err != nil {
			return fmt.Errorf("--agent: %w", err)
		}
		if rf.format == "json" {
			err = report.WritePlanJSON(e.stdout, p)
		} else {
			err = report.WritePlanHTML(e.stdout, p)
		}
		if err != nil {
			return fmt.Errorf("writing the plan: %w", err)
		}
		return nil
	}
	if err := os.MkdirAll(rf.perAgent, 0o755); err != nil {
		return fmt.Errorf("--per-agent: %w", err)
	}
	used := map[string]bool{}
	for _, a := range r.Agents {
		p, err := b.Plan(ctx, r, a.Name, previous)
		if err != nil {
			return err
		}
		base := fileName(a.Name, used)
		for ext, write := range map[string]func(*os.File) error{
			".html": func(f *os.File) error { return report.WritePlanHTML(f, p) },
			".json": func(f *os.File) error { return report.WritePlanJSON(f, p) },
		} {
			if err := writeFile(filepath.Join(rf.perAgent, base+ext), write); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(e.stderr, "lexlint: wrote the plans of %d agents to %s\n", len(r.Agents), output.Visible(rf.perAgent))
	return nil
}

func writeFile(path string, write func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--per-agent: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

// fileName makes a file name of an agent's name: letters, digits, '-' and
// '_' kept, the rest '_', unique among used.
func fileName(name string, used map[string]bool) string {
	base := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, name)
	if len(base) > 80 {
		base = base[:80]
	}
	if strings.Trim(base, "_") == "" {
		base = "agent"
	}
	name = base
	for i := 2; used[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	used[strings.ToLower(name)] = true
	return name
}
