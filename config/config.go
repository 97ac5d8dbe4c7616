// Package config reads .lexlint.yaml, the project configuration that CI jobs
// and teams share: which lexicons to use, input and output settings, and
// per-rule and per-category severity overrides. It is discovered from the
// working directory upwards, like .golangci.yml and .vale.ini.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/lexlint/lexlint/internal/bounded"
	"github.com/lexlint/lexlint/internal/lexpack"
	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
)

// FileNames are the names Find looks for, in order.
func FileNames() []string { return []string{".lexlint.yaml", ".lexlint.yml"} }

// Config is a loaded configuration file. Zero values mean "not set".
type Config struct {
	Path string // the file; "" for no file

	Lexicons        []string          `yaml:"lexicons"`
	Lang            string            `yaml:"lang"`
	Input           string            `yaml:"input"`
	Format          string            `yaml:"format"`
	FailOn          string            `yaml:"fail_on"`
	Roles           []string          `yaml:"roles"`
	Fields          map[string]string `yaml:"fields"`
	Include         []string          `yaml:"include"`
	Exclude         []string          `yaml:"exclude"`
	IncludeInternal *bool             `yaml:"include_internal"`
	Jobs            int               `yaml:"jobs"`
	Rules           map[string]string `yaml:"rules"`
	Categories      map[string]string `yaml:"categories"`
	// Register is the desk's Dutch register, "u" or "je", for the
	// nl.register-mix rule; NameThreshold the most times an agent may say
	// the customer's name in a conversation (name-overuse).
	Register      string `yaml:"register"`
	NameThreshold int    `yaml:"name_threshold"`

	// Packages are the lexicon packages lexicons: names (mappings with
	// url: or git:); their lexicons are in Lexicons as paths in the cache.
	Packages []Package

	// Pos holds where each key (and each rules:/categories: entry, as
	// "rules.ID") was set.
	Pos map[string]lexicon.Pos
}

// Package is a lexicon package of the configuration: where it is written
// and the cache it is kept in.
type Package struct {
	lexpack.Package
	Pos   lexicon.Pos
	Cache string
}

// keys lists the top-level keys in file order of the documentation.
func keys() []string {
	return []string{"lexicons", "lang", "input", "format", "fail_on", "roles", "fields", "include", "exclude",
		"include_internal", "jobs", "rules", "categories", "register", "name_threshold"}
}

// Find returns the first configuration file in dir or its parents, or ""
// when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range FileNames() {
			p := filepath.Join(dir, name)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			} else if !errors.Is(err, fs.ErrNotExist) {
				return "", err
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads a configuration file strictly: unknown keys and values of the
// wrong kind are errors with the file, line and column.
func Load(path string) (*Config, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	return Parse(path, data)
}

// MaxFile is the largest configuration file read, in bytes.
const MaxFile = 1 << 20

// readFile reads at most MaxFile bytes of path; a longer file is an error.
func readFile(path string) ([]byte, error) {
	data, err := bounded.ReadFile(path, MaxFile, "a configuration file")
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, err
}

// Parse reads a configuration from data, the text of the file at path (an
// editor's unsaved text), as Load reads the file.
func Parse(path string, data []byte) (*Config, error) {
	c := &Config{Path: path, Pos: map[string]lexicon.Pos{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &lexicon.Error{Pos: lexicon.Pos{File: path, Line: 1, Col: 1}, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if len(doc.Content) == 0 {
		return c, nil // an empty file sets nothing
	}
	root := doc.Content[0]
	pos := func(n *yaml.Node) lexicon.Pos { return lexicon.Pos{File: path, Line: n.Line, Col: n.Column} }
	if root.Kind != yaml.MappingNode {
		return nil, &lexicon.Error{Pos: pos(root), Msg: "the configuration must be a mapping of keys (" + strings.Join(keys(), ", ") + ")"}
	}
	var errs lexicon.ErrorList
	known := map[string]bool{}
	for _, k := range keys() {
		known[k] = true
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !known[k.Value] {
			hint := ""
			if near := lexicon.Closest(k.Value, keys()); near != "" {
				hint = fmt.Sprintf("did you mean %q? ", near)
			}
			errs = append(errs, &lexicon.Error{Pos: pos(k), Msg: fmt.Sprintf("unknown key %q: %sallowed keys are %s", k.Value, hint, strings.Join(keys(), ", "))})
			continue
		}
		c.Pos[k.Value] = pos(v)
		if err := c.decode(k.Value, v); err != nil {
			if le := (*lexicon.Error)(nil); errors.As(err, &le) {
				errs = append(errs, le) // placed already
				continue
			}
			errs = append(errs, &lexicon.Error{Pos: pos(v), Msg: fmt.Sprintf("%s: %v", k.Value, err)})
			continue
		}
		if k.Value == "register" && c.Register != "u" && c.Register != "je" {
			errs = append(errs, &lexicon.Error{Pos: pos(v), Msg: fmt.Sprintf("register %q: write u (formal) or je (informal)", c.Register)})
		}
		if k.Value == "name_threshold" && c.NameThreshold < 1 {
			errs = append(errs, &lexicon.Error{Pos: pos(v), Msg: fmt.Sprintf("name_threshold %d: write how many times the name may be said, 1 or more", c.NameThreshold)})
		}
		if k.Value == "rules" || k.Value == "categories" {
			for j := 0; j+1 < len(v.Content); j += 2 {
				c.Pos[k.Value+"."+v.Content[j].Value] = pos(v.Content[j+1])
				if s := v.Content[j+1].Value; !validLevel(s) {
					errs = append(errs, &lexicon.Error{Pos: pos(v.Content[j+1]), Msg: fmt.Sprintf("%s %q: %q is not a level; write off, error, warning or suggestion", k.Value, v.Content[j].Value, s)})
				}
			}
		}
	}
	for _, g := range append(append([]string(nil), c.Include...), c.Exclude...) {
		if !doublestar.ValidatePattern(g) {
			errs = append(errs, &lexicon.Error{Pos: c.Pos["include"], Msg: fmt.Sprintf("bad glob %q", g)})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	// Lexicon paths are relative to the configuration file.
	for i, l := range c.Lexicons {
		if !strings.HasPrefix(l, lexicon.BuiltinPrefix) && !filepath.IsAbs(l) {
			c.Lexicons[i] = filepath.Join(filepath.Dir(path), l)
		}
	}
	return c, nil
}

func (c *Config) decode(key string, v *yaml.Node) error {
	var target any
	switch key {
	case "lexicons":
		if v.Kind == yaml.SequenceNode {
			return c.decodeLexicons(v)
		}
		target = &c.Lexicons
	case "lang":
		target = &c.Lang
	case "input":
		target = &c.Input
	case "format":
		target = &c.Format
	case "fail_on":
		target = &c.FailOn
	case "roles":
		target = &c.Roles
	case "fields":
		target = &c.Fields
	case "include":
		target = &c.Include
	case "exclude":
		target = &c.Exclude
	case "include_internal":
		target = &c.IncludeInternal
	case "jobs":
		target = &c.Jobs
	case "rules":
		target = &c.Rules
	case "categories":
		target = &c.Categories
	case "register":
		target = &c.Register
	case "name_threshold":
		target = &c.NameThreshold
	}
	if err := v.Decode(target); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			msg := te.Errors[0]
			if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "line ") {
				msg = msg[i+2:]
			}
			return errors.New(msg)
		}
		return err
	}
	return nil
}

// decodeLexicons reads lexicons: names (builtin:xx, files) and lexicon
// packages, mappings of url: or git: with ref:, sha256: and path:.
func (c *Config) decodeLexicons(v *yaml.Node) error {
	for _, item := range v.Content {
		pos := lexicon.Pos{File: c.Path, Line: item.Line, Col: item.Column}
		switch item.Kind {
		case yaml.ScalarNode:
			c.Lexicons = append(c.Lexicons, item.Value)
			continue
		case yaml.MappingNode:
		default:
			return &lexicon.Error{Pos: pos, Msg: "lexicons: write a file name, builtin:xx or a package (url: or git:)"}
		}
		var p lexpack.Package
		fields := map[string]*string{"url": &p.URL, "git": &p.Git, "ref": &p.Ref, "sha256": &p.SHA256, "path": &p.Path}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, val := item.Content[i], item.Content[i+1]
			f, ok := fields[k.Value]
			if !ok || val.Kind != yaml.ScalarNode {
				return &lexicon.Error{Pos: lexicon.Pos{File: c.Path, Line: k.Line, Col: k.Column},
					Msg: fmt.Sprintf("lexicons: %q: a lexicon package has url: or git:, and ref:, sha256: and path: (strings)", k.Value)}
			}
			*f = val.Value
		}
		if err := p.Check(); err != nil {
			return &lexicon.Error{Pos: pos, Msg: "lexicons: " + err.Error()}
		}
		if localGit(p.Git) && !filepath.IsAbs(p.Git) {
			p.Git = filepath.Join(filepath.Dir(c.Path), p.Git)
		}
		cache, err := lexpack.DefaultCache()
		if err != nil {
			return &lexicon.Error{Pos: pos, Msg: "lexicons: " + err.Error()}
		}
		c.Packages = append(c.Packages, Package{Package: p, Pos: pos, Cache: cache})
		c.Lexicons = append(c.Lexicons, p.Lexicon(cache))
	}
	return nil
}

// localGit reports whether a git: value is a folder rather than a URL
// (scheme://... or host:path).
func localGit(s string) bool {
	if s == "" || strings.Contains(s, "://") {
		return false
	}
	colon, slash := strings.IndexByte(s, ':'), strings.IndexByte(s, '/')
	return colon < 0 || slash >= 0 && slash < colon || filepath.VolumeName(s) != ""
}

// PackageRoots are the folders of the configuration's lexicon packages in
// the cache: a package's lexicons may extend its own files only.
func (c *Config) PackageRoots() []string {
	if c == nil {
		return nil
	}
	var roots []string
	for _, p := range c.Packages {
		roots = append(roots, p.Root(p.Cache))
	}
	return roots
}

// VerifyPackages checks that every lexicon package is in the cache as
// lexlint sync fetched it: an error per package that is not, at its
// place in the file.
func (c *Config) VerifyPackages() error {
	if c == nil {
		return nil
	}
	var errs lexicon.ErrorList
	for _, p := range c.Packages {
		if err := lexpack.Verify(p.Package, p.Cache); err != nil {
			errs = append(errs, &lexicon.Error{Pos: p.Pos, Msg: err.Error()})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func validLevel(s string) bool {
	_, ok := lexicon.ParseSeverity(s)
	return ok || s == "off"
}

// Selected reports whether a file found by walking a directory passes the
// include and exclude globs, which match paths relative to the directory
// of the configuration file (with "/" separators; ** spans directories).
// Files named on the command line are always checked.
func (c *Config) Selected(path string) bool {
	if c == nil || (len(c.Include) == 0 && len(c.Exclude) == 0) {
		return true
	}
	rel := path
	if c.Path != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if r, err := filepath.Rel(filepath.Dir(c.Path), abs); err == nil {
				rel = r
			}
		}
	}
	rel = filepath.ToSlash(rel)
	match := func(globs []string) bool {
		for _, g := range globs {
			if ok, _ := doublestar.Match(g, rel); ok {
				return true
			}
		}
		return false
	}
	if len(c.Include) > 0 && !match(c.Include) {
		return false
	}
	return !match(c.Exclude)
}

// Overrides reports whether the configuration changes any rule's level,
// which Apply then does. A nil Config changes nothing.
func (c *Config) Overrides() bool {
	return c != nil && (len(c.Rules) > 0 || len(c.Categories) > 0)
}

// Apply changes the severity of entries and presence rules, or turns them
// off, as the rules: and categories: overrides say; a rule's own override
// wins over its category's. An id that no loaded lexicon defines is an
// error at its place in the file.
func (c *Config) Apply(lexs []*lexicon.Lexicon) ([]*lexicon.Lexicon, error) {
	if !c.Overrides() {
		return lexs, nil
	}
	ids := map[string]bool{}
	cats := map[string]bool{}
	for id, cat := range lint.ConversationRuleIDs() {
		ids[id], cats[cat] = true, true
	}
	out := make([]*lexicon.Lexicon, len(lexs))
	for i, lex := range lexs {
		cp := *lex
		cp.Discouraged, cp.Encouraged = nil, nil
		for _, e := range lex.Discouraged {
			ids[e.ID], cats[e.Category] = true, true
			level, ok := c.level(e.ID, e.Category)
			if !ok {
				cp.Discouraged = append(cp.Discouraged, e)
				continue
			}
			if level == "off" {
				continue
			}
			ec := *e
			ec.Severity, _ = lexicon.ParseSeverity(level)
			cp.Discouraged = append(cp.Discouraged, &ec)
		}
		for _, g := range lex.Encouraged {
			ids[g.ID], cats[g.Category] = true, true
			level, ok := c.level(g.ID, g.Category)
			if !ok {
				cp.Encouraged = append(cp.Encouraged, g)
				continue
			}
			gc := *g
			if level == "off" {
				gc.Require = "" // the phrases still count; the presence rule is off
			} else {
				gc.Severity, _ = lexicon.ParseSeverity(level)
			}
			cp.Encouraged = append(cp.Encouraged, &gc)
		}
		out[i] = &cp
	}
	var errs lexicon.ErrorList
	for _, id := range slices.Sorted(maps.Keys(c.Rules)) {
		if !ids[id] {
			errs = append(errs, &lexicon.Error{Pos: c.Pos["rules."+id], Msg: fmt.Sprintf("rules: no loaded lexicon has an entry %q; check the id with lexlint lexicon list", id)})
		}
	}
	for _, cat := range slices.Sorted(maps.Keys(c.Categories)) {
		if !cats[cat] {
			errs = append(errs, &lexicon.Error{Pos: c.Pos["categories."+cat], Msg: fmt.Sprintf("categories: no loaded entry has category %q", cat)})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// ConversationRules are the built-in conversation rules as the
// configuration sets them: their levels (rules: or categories:), the name
// threshold and the house register. A nil Config sets the defaults.
func (c *Config) ConversationRules() lint.ConversationRules {
	var r lint.ConversationRules
	if c == nil {
		return r
	}
	r.NameThreshold, r.Register = c.NameThreshold, c.Register
	for id, cat := range lint.ConversationRuleIDs() {
		level, ok := c.level(id, cat)
		if !ok {
			continue
		}
		sev := lexicon.SeverityNone
		if level != "off" {
			sev, _ = lexicon.ParseSeverity(level)
		}
		if id == lint.RuleNameOveruse {
			r.NameOveruse = sev
		} else {
			r.RegisterMix = sev
		}
	}
	return r
}

func (c *Config) level(id, category string) (string, bool) {
	if l, ok := c.Rules[id]; ok {
		return l, true
	}
	l, ok := c.Categories[category]
	return l, ok
}
