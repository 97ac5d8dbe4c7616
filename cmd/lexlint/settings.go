package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"github.com/lexlint/lexlint/config"
	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
)

// checkFlags are the flags of check (and of config print, which shows what
// check would use).
type checkFlags struct {
	lexicons []string
	lang     string
	format   string
	formats  []string // --format, repeatable
	output   string   // -o: the file standard output's format goes to
	failOn   string
	minSev   string

	input           string
	roles           []string
	fields          []string
	agentLabels     []string
	customerLabels  []string
	botLabels       []string
	includeInternal bool
	jobs            int
	noIgnore        bool

	reportUnused bool
	fix, diff    bool
	fixOutside   bool
	anyLexicon   bool
	allowEmpty   bool
	maxWarnings  int    // exit 1 past this many warnings; -1: no limit
	stdinName    string // --stdin-filename
	newFromRev   string // --new-from-rev
	newFromPatch string // --new-from-patch
	pathPrefix   string
}

// addInputFlags adds the flags that say how inputs are read and which
// configuration applies, shared by check and report; verb is what the
// command does with private notes ("check", "count").
func addInputFlags(fl *pflag.FlagSet, f *checkFlags, verb string) {
	fl.StringArrayVar(&f.fields, "field", nil, "map a field for jsonl/csv, e.g. role=author_type or text=message.body (repeatable)")
	fl.StringArrayVar(&f.agentLabels, "agent-label", nil, "extra speaker label of agents in chat transcripts (repeatable)")
	fl.StringArrayVar(&f.customerLabels, "customer-label", nil, "extra speaker label of customers in chat transcripts (repeatable)")
	fl.StringArrayVar(&f.botLabels, "bot-label", nil, "extra speaker label of bots in chat transcripts (repeatable)")
	fl.BoolVar(&f.includeInternal, "include-internal", false, "also "+verb+" private notes (Zendesk public:false, Intercom notes, Freshdesk private, LiveChat agents-only)")
	fl.IntVarP(&f.jobs, "jobs", "j", runtime.NumCPU(), "check on this many goroutines; results and their order do not change")
	fl.BoolVar(&f.noIgnore, "no-ignore", false, "walk directories whole: do not leave out what .gitignore and .ignore files name, vendored folders (node_modules, vendor) or generated files")
}

func addCheckFlags(cmd *cobra.Command, f *checkFlags) {
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.lexicons, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable; replaces the built-in default)")
	fl.StringVar(&f.lang, "lang", "auto", "language of the built-in lexicon and of the input: nl, en or auto (detect per message)")
	fl.StringArrayVarP(&f.formats, "format", "f", []string{"text"}, "output format: text, json, jsonl, sarif, github, checkstyle, junit, line or parquet (needs a file); FORMAT=FILE writes to a file (repeatable: one run, several outputs)")
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning, suggestion or none")
	fl.StringVar(&f.minSev, "min-severity", "suggestion", "print only findings at least this severe: error, warning or suggestion (--fail-on still counts them all)")
	fl.StringVar(&f.input, "input", "auto", "input format: auto, text, chat, jsonl, csv, zendesk, intercom, freshdesk, livechat, macros or html")
	fl.StringSliceVar(&f.roles, "role", []string{"agent"}, "whose messages to check: agent, customer, bot, system or all (comma-separated)")
	addInputFlags(fl, f, "check")
	fl.BoolVar(&f.reportUnused, "report-unused-ignores", false, "report lexlint-disable directives that suppress nothing (as warnings)")
	fl.BoolVar(&f.fix, "fix", false, "rewrite findings whose entry has a safe fix, in place, then report what is left")
	fl.BoolVar(&f.diff, "diff", false, "with --fix (or alone): print the fixes as a unified diff instead of writing them")
	fl.BoolVar(&f.anyLexicon, "extends-anywhere", false, "let lexicons extend files outside their repository (or, outside one, their folder)")
	fl.BoolVar(&f.fixOutside, "fix-outside", false, "let --fix write through symbolic links to files outside the paths given")
	fl.IntVar(&f.maxWarnings, "max-warnings", -1, "exit 1 when there are more than this many warnings (as ESLint's); -1 for no limit")
	fl.StringVar(&f.stdinName, "stdin-filename", "", "the path standard input stands for: its findings' path, its format by extension and the .lexlint.yaml found from its folder")
	fl.StringVar(&f.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision (git diff REV, and files git does not track yet)")
	fl.StringVar(&f.newFromPatch, "new-from-patch", "", "report only findings on lines this unified diff adds (paths relative to the working directory)")
	fl.StringVar(&f.pathPrefix, "path-prefix", "", "put this folder before the relative paths in the output: the path from the repository root to where lexlint runs, so that code scanning and annotations find the files")
	fl.BoolVar(&f.allowEmpty, "allow-empty", false, "exit 0 when the paths hold nothing to check (by default an error that says what was skipped)")
}

// settings are check's effective settings and where each came from.
type settings struct {
	checkFlags
	cfg     *config.Config
	fields  map[string]string
	sources map[string]string
	// lexiconFiles are the lexicon files compile loaded (extends
	// included), for a report's fingerprint; none for the built-ins.
	lexiconFiles []string
}

// resolve merges flags, the configuration file and defaults: a flag given
// on the command line wins, then the file, then the default.
func resolve(cmd *cobra.Command, e env, f checkFlags) (*settings, error) {
	s := &settings{checkFlags: f, sources: map[string]string{}, fields: map[string]string{}}
	if !e.global.noConfig {
		path := e.global.configFile
		if path == "" {
			wd, err := os.Getwd()
			if err != nil {
				return nil, err
			}
			if f.stdinName != "" {
				// The configuration of the file standard input stands for.
				if abs, err := filepath.Abs(f.stdinName); err == nil {
					wd = filepath.Dir(abs)
				}
			}
			if path, err = config.Find(wd); err != nil {
				return nil, err
			}
		}
		if path != "" {
			cfg, err := config.Load(path)
			if err != nil {
				return nil, err
			}
			s.cfg = cfg
		}
	}
	changed := cmd.Flags().Changed
	from := func(key, flag string, set bool) bool {
		switch {
		case changed(flag):
			s.sources[key] = "--" + flag
			return false
		case set && s.cfg != nil:
			s.sources[key] = s.cfg.Pos[key].String()
			return true
		}
		s.sources[key] = "default"
		return false
	}
	c := s.cfg
	if c == nil {
		c = &config.Config{}
	}
	if from("lexicons", "lexicon", len(c.Lexicons) > 0) {
		s.lexicons = c.Lexicons
	}
	if from("lang", "lang", c.Lang != "") {
		s.lang = c.Lang
	}
	if from("input", "input", c.Input != "") {
		s.input = c.Input
	}
	s.format = "text"
	if from("format", "format", c.Format != "") {
		s.format = c.Format
	}
	if changed("format") {
		s.format = strings.Join(s.formats, ",")
	}
	if from("fail_on", "fail-on", c.FailOn != "") {
		s.failOn = c.FailOn
	}
	if from("roles", "role", len(c.Roles) > 0) {
		s.roles = c.Roles
	}
	if from("include_internal", "include-internal", c.IncludeInternal != nil) {
		s.includeInternal = *c.IncludeInternal
	}
	if from("jobs", "jobs", c.Jobs > 0) {
		s.jobs = c.Jobs
	}
	for k, v := range c.Fields {
		s.fields[k] = v
	}
	if len(c.Fields) > 0 {
		s.sources["fields"] = c.Pos["fields"].String()
	}
	for _, kv := range f.fields {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" || !contains(transcript.FieldNames(), k) {
			return nil, fmt.Errorf("--field %q: write NAME=EXPORT_FIELD with NAME one of %s", kv, strings.Join(transcript.FieldNames(), ", "))
		}
		s.fields[k] = v
		s.sources["fields"] = "--field"
	}
	return s, nil
}

// linter loads the lexicons, applies the configuration's overrides and
// compiles them (config.Config.Linter).
func (s *settings) linter() (*lint.Linter, error) {
	l, files, err := s.cfg.Linter(s.lexiconSet())
	s.lexiconFiles = files
	return l, err
}

// compile is linter, always compiling, and also returns the lexicons.
func (s *settings) compile() (*lint.Linter, []*lexicon.Lexicon, error) {
	l, lexs, files, err := s.cfg.Compile(s.lexiconSet())
	s.lexiconFiles = files
	return l, lexs, err
}

func (s *settings) lexiconSet() config.Lexicons {
	return config.Lexicons{Refs: s.lexicons, Lang: s.lang, AnyPath: s.anyLexicon, Packages: s.sources["lexicons"] != "--lexicon"}
}

// print writes the effective settings as YAML with the source of each.
// A setting is one line of config print: a key of .lexlint.yaml, its value
// and where the value comes from.
type setting struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Source string `json:"source"`
}

// effective lists the settings check would use, in the order of
// .lexlint.yaml's documentation.
func (s *settings) effective() []setting {
	var out []setting
	add := func(key string, value any, source string) { out = append(out, setting{key, value, source}) }
	if len(s.lexicons) > 0 {
		add("lexicons", s.lexicons, s.sources["lexicons"])
	}
	add("lang", s.lang, s.sources["lang"])
	add("input", s.input, s.sources["input"])
	add("format", s.format, s.sources["format"])
	add("fail_on", s.failOn, s.sources["fail_on"])
	add("roles", s.roles, s.sources["roles"])
	add("include_internal", s.includeInternal, s.sources["include_internal"])
	add("jobs", s.jobs, s.sources["jobs"])
	if len(s.fields) > 0 {
		add("fields", s.fields, s.sources["fields"])
	}
	if c := s.cfg; c != nil {
		if len(c.Include) > 0 {
			add("include", c.Include, c.Pos["include"].String())
		}
		if len(c.Exclude) > 0 {
			add("exclude", c.Exclude, c.Pos["exclude"].String())
		}
		if c.Register != "" {
			add("register", c.Register, c.Pos["register"].String())
		}
		if c.NameThreshold != 0 {
			add("name_threshold", c.NameThreshold, c.Pos["name_threshold"].String())
		}
		for _, group := range []struct {
			name string
			m    map[string]string
		}{{"rules", c.Rules}, {"categories", c.Categories}} {
			for _, k := range slices.Sorted(maps.Keys(group.m)) {
				add(group.name+"."+k, group.m[k], c.Pos[group.name+"."+k].String())
			}
		}
	}
	return out
}

// print writes the effective settings as YAML that --config reads back,
// with the source of each as a comment; or, with asJSON, as JSON.
func (s *settings) print(w io.Writer, asJSON bool) error {
	list := s.effective()
	if asJSON {
		doc := struct {
			File     *string   `json:"configuration_file"`
			Settings []setting `json:"settings"`
		}{Settings: list}
		if s.cfg != nil {
			doc.File = &s.cfg.Path
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	var b strings.Builder
	if s.cfg != nil {
		fmt.Fprintf(&b, "# configuration file: %s\n", s.cfg.Path)
	} else {
		b.WriteString("# no configuration file\n")
	}
	if len(s.lexicons) == 0 {
		b.WriteString("# lexicons: the built-in lexicon of lang (default)\n")
	}
	group := ""
	for _, st := range list {
		key := st.Key
		if g, k, ok := strings.Cut(st.Key, "."); ok {
			if g != group {
				b.WriteString(g + ":\n")
				group = g
			}
			key = "  " + k
		}
		if m, ok := st.Value.(map[string]string); ok {
			fmt.Fprintf(&b, "%-40s # %s\n", key+":", st.Source)
			for _, k := range slices.Sorted(maps.Keys(m)) {
				fmt.Fprintf(&b, "  %s: %s\n", yamlScalar(k), yamlScalar(m[k]))
			}
			continue
		}
		fmt.Fprintf(&b, "%-40s # %s\n", key+": "+yamlValue(st.Value), st.Source)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// yamlValue writes a setting's value as YAML: a scalar, or a flow list.
func yamlValue(v any) string {
	switch v := v.(type) {
	case []string:
		items := make([]string, len(v))
		for i, s := range v {
			items[i] = yamlScalar(s)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case string:
		return yamlScalar(v)
	}
	return fmt.Sprint(v)
}

// yamlScalar quotes a string where YAML needs it ("**/x", "off" stays off:
// the configuration reads levels as strings).
func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

func newConfigCmd(e env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show lexlint's configuration",
	}
	var f checkFlags
	var output string
	printCmd := &cobra.Command{
		Use:   "print",
		Short: "Print the settings check would use, and where each comes from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := resolve(cmd, e, f)
			if err != nil {
				return err
			}
			switch output {
			case "yaml", "json":
			default:
				return fmt.Errorf("--output %q: use yaml or json", output)
			}
			return s.print(e.stdout, output == "json")
		},
	}
	addCheckFlags(printCmd, &f)
	printCmd.Flags().StringVarP(&output, "output", "o", "yaml", "how to print the settings: yaml (readable back with --config) or json (-f is the format setting check would use)")
	cmd.AddCommand(printCmd)
	return cmd
}

// outputs are the --format values, or the configuration's format.
func (s *settings) outputs() []string {
	if s.sources["format"] == "--format" {
		return s.formats
	}
	return []string{s.format}
}
