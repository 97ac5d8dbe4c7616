package lexicon

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/lexlint/lexlint/internal/bounded"
)

// BuiltinPrefix marks a reference to an embedded lexicon, as in "builtin:nl".
const BuiltinPrefix = "builtin:"

// Load reads the lexicons named by refs (file paths or builtin:xx) and every
// lexicon they extend. Each lexicon comes after the ones it extends and
// appears once, however often it is referenced. All problems of all files are
// returned together as an ErrorList.
func Load(refs ...string) ([]*Lexicon, error) {
	return LoadOverlay(nil, refs...)
}

// LoadOverlay is Load with the texts of some files given rather than read:
// overlay maps an absolute path to the text an editor holds for it, which
// may not be saved yet.
func LoadOverlay(overlay map[string][]byte, refs ...string) ([]*Lexicon, error) {
	return LoadWith(Options{Overlay: overlay}, refs...)
}

// MaxFile is the largest lexicon file read, in bytes.
const MaxFile = 8 << 20

// Options say how LoadWith reads lexicons.
type Options struct {
	// Overlay maps an absolute path to the text an editor holds for it,
	// which may not be saved yet.
	Overlay map[string][]byte
	// AnyPath lets extends name files anywhere. Without it a file that a
	// lexicon named in refs extends, directly or not, must be inside the
	// repository of that lexicon (the nearest folder above it with a .git)
	// or, outside a repository, in that lexicon's folder or below it:
	// a lexicon from a pull request cannot read the rest of the machine.
	AnyPath bool
	// PackageRoots are the folders of lexicon packages (see lexlint sync):
	// a lexicon inside one may extend files inside that folder only.
	PackageRoots []string
}

// LoadWith is Load with options.
func LoadWith(opts Options, refs ...string) ([]*Lexicon, error) {
	l := &loader{state: map[string]int{}, ancestors: map[*Lexicon]map[*Lexicon]bool{}, byKey: map[string]*Lexicon{},
		overlay: opts.Overlay, anyPath: opts.AnyPath}
	l.early = l.prefetch(refs)
	for _, ref := range refs {
		l.area = ""
		if !opts.AnyPath && !strings.HasPrefix(ref, BuiltinPrefix) {
			l.area = area(ref)
			if root := packageRoot(ref, opts.PackageRoots); root != "" {
				l.area = root
			}
		}
		l.load(ref, Pos{})
	}
	for _, lex := range l.out {
		var ancestors []*Lexicon // in load order, parents first
		for _, a := range l.out {
			if l.ancestors[lex][a] {
				ancestors = append(ancestors, a)
			}
		}
		l.errs = append(l.errs, resolveWords(lex, ancestors)...)
	}
	c := &composer{}
	for _, lex := range l.out {
		c.add(lex, l.ancestors[lex])
	}
	l.errs = append(l.errs, c.errs...)
	if len(l.errs) > 0 {
		return nil, l.errs.sorted()
	}
	return l.out, nil
}

// Parse reads one lexicon from data without resolving its extends. source
// names it in errors.
func Parse(source string, data []byte) (*Lexicon, error) {
	p := &parser{file: source}
	lex := p.parse(data)
	p.errs = append(p.errs, resolveWords(lex, nil)...)
	// Composition problems (a missing key, a duplicate id) are reported
	// beside the others, not only once those are fixed.
	c := &composer{}
	c.add(lex, nil)
	p.errs = append(p.errs, c.errs...)
	if len(p.errs) > 0 {
		return nil, p.errs.sorted()
	}
	lex.Source = source
	return lex, nil
}

type loader struct {
	state     map[string]int // 1 loading, 2 done
	chain     []string
	out       []*Lexicon
	errs      ErrorList
	ancestors map[*Lexicon]map[*Lexicon]bool // every lexicon each one extends, directly or not
	byKey     map[string]*Lexicon
	early     map[string]*parsed // the command line's lexicons, parsed in parallel
	overlay   map[string][]byte  // texts held by an editor, by absolute path
	anyPath   bool               // extends may name files anywhere
	area      string             // else the folder they must be in, for the lexicon being loaded
}

// parsed is the outcome of reading and parsing one lexicon file.
type parsed struct {
	lex        *Lexicon
	errs       ErrorList
	readErr    error
	extendsPos []Pos
}

// prefetch reads and parses the given lexicons in parallel (YAML parsing
// is most of the cost of loading the built-ins); the loader then resolves
// extends in order as usual.
func (l *loader) prefetch(refs []string) map[string]*parsed {
	out := make(map[string]*parsed, len(refs))
	if len(refs) < 2 {
		return out
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, ref := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := l.parseRef(ref)
			mu.Lock()
			out[refKey(ref)] = p
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

func (l *loader) parseRef(ref string) *parsed {
	data, err := l.readRef(ref)
	if err != nil {
		return &parsed{readErr: err}
	}
	p := &parser{file: ref}
	lex := p.parse(data)
	return &parsed{lex: lex, errs: p.errs, extendsPos: p.extendsPos}
}

func (l *loader) load(ref string, from Pos) {
	key := refKey(ref)
	switch l.state[key] {
	case 2:
		if lex := l.byKey[key]; lex != nil && len(l.chain) > 0 {
			l.inherit(l.chain[len(l.chain)-1], lex)
		}
		return
	case 1:
		l.errs = append(l.errs, &Error{Pos: from, Msg: fmt.Sprintf(
			"extends cycle: %s -> %s; remove one of these extends", strings.Join(l.chain, " -> "), ref)})
		return
	}
	pr := l.early[key]
	if pr == nil {
		pr = l.parseRef(ref)
	}
	if pr.readErr != nil {
		pos, msg := from, ref+": "+pr.readErr.Error() // named by an extends: say which file
		if pos.File == "" {
			pos, msg = Pos{File: ref}, pr.readErr.Error()
		}
		l.errs = append(l.errs, &Error{Pos: pos, Msg: msg})
		l.state[key] = 2
		return
	}
	// A lexicon with errors is still followed, so that the problems of its
	// phrases' classes and of the lexicons it extends are reported too;
	// Load then returns the errors.
	l.errs = append(l.errs, pr.errs...)
	lex := pr.lex
	p := &parser{file: ref, extendsPos: pr.extendsPos}
	lex.Source = ref
	l.state[key] = 1
	l.byKey[key] = lex
	l.ancestors[lex] = map[*Lexicon]bool{}
	if len(l.chain) > 0 {
		defer l.inherit(l.chain[len(l.chain)-1], lex)
	}
	l.chain = append(l.chain, key)
	for i, parent := range lex.Extends {
		if !strings.HasPrefix(parent, BuiltinPrefix) && !filepath.IsAbs(parent) {
			if strings.HasPrefix(ref, BuiltinPrefix) {
				l.errs = append(l.errs, &Error{Pos: p.extendsPos[i], Msg: "built-in lexicons can only extend other built-in lexicons"})
				continue
			}
			parent = filepath.Join(filepath.Dir(ref), parent)
		}
		if err := l.allowed(parent); err != nil {
			l.errs = append(l.errs, &Error{Pos: p.extendsPos[i], Msg: err.Error()})
			continue
		}
		l.load(parent, p.extendsPos[i])
	}
	l.chain = l.chain[:len(l.chain)-1]
	l.state[key] = 2
	l.out = append(l.out, lex)
}

// inherit records that the lexicon loaded under childKey extends parent.
func (l *loader) inherit(childKey string, parent *Lexicon) {
	child := l.byKey[childKey]
	if child == nil {
		return
	}
	l.ancestors[child][parent] = true
	for a := range l.ancestors[parent] {
		l.ancestors[child][a] = true
	}
}

// area returns the folder the files a top-level lexicon extends must be
// in: its repository's (the nearest folder above it with a .git), or its
// own folder; symbolic links resolved.
func area(ref string) string {
	dir, err := filepath.Abs(filepath.Dir(ref))
	if err == nil {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			dir = real
		}
	}
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return dir
		}
		d = up
	}
}

// packageRoot is the package folder among roots that holds the file ref,
// or "" (symbolic links resolved).
func packageRoot(ref string, roots []string) string {
	abs, err := filepath.Abs(ref)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for _, root := range roots {
		if real, err := filepath.EvalSymlinks(root); err == nil {
			root = real
		}
		if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return root
		}
	}
	return ""
}

// allowed says why an extends may not read the file ref, if it may not:
// a file outside the area (links resolved).
func (l *loader) allowed(ref string) error {
	if l.anyPath || l.area == "" || strings.HasPrefix(ref, BuiltinPrefix) {
		return nil
	}
	abs, err := filepath.Abs(ref)
	if err != nil {
		return nil // reading it reports the problem
	}
	if _, ok := l.overlay[abs]; !ok {
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil // reading it reports the problem
		}
		abs = real
	}
	rel, err := filepath.Rel(l.area, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return fmt.Errorf("extends %s: the file is outside %s, the repository or folder of the lexicon named; lexlint reads lexicons there only (pass --extends-anywhere to allow it)", ref, l.area)
	}
	return nil
}

func refKey(ref string) string {
	if !strings.HasPrefix(ref, BuiltinPrefix) {
		if abs, err := filepath.Abs(ref); err == nil {
			return abs
		}
	}
	return ref
}

func (l *loader) readRef(ref string) ([]byte, error) {
	if data, ok := l.overlay[refKey(ref)]; ok {
		return data, nil
	}
	if name, ok := strings.CutPrefix(ref, BuiltinPrefix); ok {
		data, err := Builtin(name)
		if err != nil {
			return nil, err
		}
		return data, nil
	}
	data, err := readFile(ref)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("lexicon file not found; check the path (built-in lexicons are %s)", strings.Join(BuiltinRefs(), ", "))
		}
		return nil, fmt.Errorf("reading lexicon: %w", err)
	}
	return data, nil
}

// readFile reads at most MaxFile bytes of a lexicon file (a FIFO or pipe
// too, as --lexicon <(...) gives); a longer one is an error.
func readFile(path string) ([]byte, error) {
	return bounded.ReadFile(path, MaxFile, "a lexicon file")
}

// parser turns one YAML document into a Lexicon, collecting every problem.
type parser struct {
	file       string
	errs       ErrorList
	extendsPos []Pos
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{File: p.file, Line: n.Line, Col: n.Column} }

// errorf records a problem at a node. A node reached again through a YAML
// alias reports its problem once.
func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	e := &Error{Pos: p.pos(n), Msg: fmt.Sprintf(format, args...)}
	for _, prev := range p.errs {
		if *prev == *e {
			return
		}
	}
	p.errs = append(p.errs, e)
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// aliasPos finds the first use of the alias *name, which yaml.v3 reports
// without a place.
func aliasPos(file string, data []byte, name string) Pos {
	re := regexp.MustCompile(`\*` + regexp.QuoteMeta(name) + `([\s,\]}]|$)`)
	for i, line := range bytes.Split(data, []byte("\n")) {
		if loc := re.FindIndex(line); loc != nil {
			return Pos{File: file, Line: i + 1, Col: 1 + utf8.RuneCount(line[:loc[0]])}
		}
	}
	return Pos{File: file, Line: 1, Col: 1}
}

// syntaxError turns a yaml.v3 parse error into an Error. The YAML parser
// reports only a line, so the column is that of the line's first character.
func (p *parser) syntaxError(data []byte, err error) {
	msg := err.Error()
	pos := Pos{File: p.file, Line: 1, Col: 1}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
		lines := bytes.Split(data, []byte("\n"))
		if pos.Line-1 < len(lines) {
			line := lines[pos.Line-1]
			pos.Col = 1 + len([]rune(string(line))) - len([]rune(strings.TrimLeft(string(line), " \t")))
		}
		// The parser names the line its block starts on; a tab is found
		// later: point at the first tab in an indentation from there.
		if strings.Contains(msg, "tab character") {
			for i := pos.Line - 1; i >= 0 && i < len(lines); i++ {
				indent := len(lines[i]) - len(bytes.TrimLeft(lines[i], " \t"))
				if tab := bytes.IndexByte(lines[i][:indent], '\t'); tab >= 0 {
					pos.Line, pos.Col = i+1, tab+1
					break
				}
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if m := yamlAnchor.FindStringSubmatch(msg); m != nil {
			pos = aliasPos(p.file, data, m[1])
			p.errs = append(p.errs, &Error{Pos: pos, Msg: fmt.Sprintf(
				"invalid YAML: the alias *%s refers to no anchor: define &%s before it, or write the value out", m[1], m[1])})
			return
		}
	}
	p.errs = append(p.errs, &Error{Pos: pos, Msg: "invalid YAML: " + msg + "; fix the YAML syntax (indentation, quotes, colons)"})
}

func (p *parser) parse(data []byte) *Lexicon {
	lex := &Lexicon{}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		p.syntaxError(data, err)
		return lex
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		p.errs = append(p.errs, &Error{Pos: Pos{File: p.file, Line: 1, Col: 1},
			Msg: "empty lexicon: write at least \"lexicon: NAME\" and a \"discouraged\" or \"encouraged\" list"})
		return lex
	}
	root := doc.Content[0]
	if !lexiconLike(resolve(root)) {
		// Named, never echoed: a file that is not a lexicon may be a key
		// or a password that an extends pointed at.
		p.errs = append(p.errs, &Error{Pos: Pos{File: p.file, Line: 1, Col: 1},
			Msg: "not a lexicon: the file is not a YAML mapping with any of the keys " + strings.Join(topKeys, ", ") + " (its content is not shown)"})
		return lex
	}
	var discouraged, encouraged *yaml.Node
	p.mapping(root, "lexicon", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "lexicon":
			lex.Name, _ = p.str(v, "lexicon name")
		case "description":
			p.str(v, "description")
		case "language":
			lex.Language, _ = p.str(v, "language")
			if !langCode.MatchString(lex.Language) {
				p.errorf(v, "language %q is not a language code: write a lower-case ISO 639-1 code such as en or nl, or leave language out", lex.Language)
			}
		case "extends":
			for _, item := range p.strs(v, "extends", true) {
				lex.Extends = append(lex.Extends, item.s)
				p.extendsPos = append(p.extendsPos, p.pos(item.n))
			}
		case "discouraged":
			discouraged = v
		case "encouraged":
			encouraged = v
		case "skip":
			lex.Skip = p.skipWords(v)
		case "classes":
			lex.Classes = p.classes(v)
		}
	})
	if lex.Name == "" && root.Kind == yaml.MappingNode {
		p.errorf(root, "missing \"lexicon\": name the lexicon, e.g. \"lexicon: acme-support\"")
	}
	if discouraged != nil {
		for _, n := range p.seq(discouraged, "discouraged") {
			if e := p.entry(n, lex); e != nil {
				lex.Discouraged = append(lex.Discouraged, e)
			}
		}
	}
	if encouraged != nil {
		for _, n := range p.seq(encouraged, "encouraged") {
			if g := p.group(n, lex); g != nil {
				lex.Encouraged = append(lex.Encouraged, g)
			}
		}
	}
	return lex
}

var (
	topKeys       = []string{"lexicon", "description", "language", "extends", "skip", "classes", "discouraged", "encouraged"}
	entryKeys     = []string{"id", "category", "severity", "phrases", "unless", "questions", "message", "suggestions", "fix", "link", "examples", "disabled"}
	groupKeys     = []string{"id", "category", "phrases", "require", "position", "severity", "message", "suggestions", "disabled"}
	exampleKeys   = []string{"flag", "pass"}
	langCode      = regexp.MustCompile(`^[a-z]{2,3}$`)
	idPattern     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	categoryRegex = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

func (p *parser) entry(n *yaml.Node, lex *Lexicon) *Entry {
	e := &Entry{Pos: p.pos(n), Lexicon: lex.Name, Language: lex.Language, Severity: SeverityWarning}
	var fixNode *yaml.Node
	e.set = map[string]*yaml.Node{}
	seen := p.mapping(n, "discouraged entry", entryKeys, func(key string, k, v *yaml.Node) {
		e.set[key] = v
		switch key {
		case "disabled":
			e.Disabled = p.boolean(v, "disabled")
		case "id":
			e.ID = p.id(v)
		case "category":
			e.Category = p.category(v)
		case "severity":
			e.Severity = p.severity(v)
		case "phrases":
			e.Phrases = p.phrases(v, "phrases")
		case "unless":
			e.Unless = p.phrases(v, "unless")
		case "questions":
			e.NotInQuestions = !p.boolean(v, "questions")
		case "message":
			e.Message, _ = p.str(v, "message")
		case "suggestions":
			for _, s := range p.strs(v, "suggestions", false) {
				e.Suggestions = append(e.Suggestions, s.s)
				e.SuggestionPos = append(e.SuggestionPos, p.pos(s.n))
			}
		case "fix":
			e.Fix, _ = p.str(v, "fix")
			e.FixPos = p.pos(v)
			fixNode = v
		case "link":
			e.Link, _ = p.str(v, "link")
			if u, err := url.Parse(e.Link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				p.errorf(v, "link %q is not an absolute http or https URL: write the address of the page, such as https://wiki.example.com/style#policy", e.Link)
			}
		case "examples":
			p.mapping(v, "examples", exampleKeys, func(key string, _, v *yaml.Node) {
				for _, s := range p.strs(v, "examples."+key, false) {
					ex := Example{Text: s.s, Pos: p.pos(s.n)}
					if key == "flag" {
						e.Examples.Flag = append(e.Examples.Flag, ex)
					} else {
						e.Examples.Pass = append(e.Examples.Pass, ex)
					}
				}
			})
		}
	})
	if seen == nil {
		return nil
	}
	p.require(n, seen, "discouraged entry", "id")
	if fixNode != nil && e.Fix != "" && !slices.ContainsFunc(e.Suggestions, func(s string) bool { return sameWords(s, e.Fix) }) {
		p.errorf(fixNode, "fix %q is not one of the suggestions: fix marks the suggestion --fix writes, so add it to suggestions", e.Fix)
	}
	if fixNode != nil && strings.ContainsAny(e.Fix, "\n\r") {
		p.errorf(fixNode, "fix %q spans lines: a fix replaces words within a line", e.Fix)
	}
	return e
}

func (p *parser) group(n *yaml.Node, lex *Lexicon) *Group {
	g := &Group{Pos: p.pos(n), Lexicon: lex.Name, Language: lex.Language, Severity: SeveritySuggestion, Position: PositionAny}
	g.set = map[string]*yaml.Node{}
	seen := p.mapping(n, "encouraged group", groupKeys, func(key string, k, v *yaml.Node) {
		g.set[key] = v
		switch key {
		case "disabled":
			g.Disabled = p.boolean(v, "disabled")
		case "id":
			g.ID = p.id(v)
		case "category":
			g.Category = p.category(v)
		case "phrases":
			g.Phrases = p.phrases(v, "phrases")
		case "require":
			g.Require, _ = p.str(v, "require")
			if g.Require != RequireReply && g.Require != RequireConversation {
				p.errorf(v, "require %q: write reply (every agent reply needs one of the phrases) or conversation (the agent's side of each conversation does)", g.Require)
			}
		case "position":
			g.Position, _ = p.str(v, "position")
			if g.Position != PositionAny && g.Position != PositionFirst && g.Position != PositionLast {
				p.errorf(v, "position %q: write first, last or any (which agent message the rule looks at)", g.Position)
			}
		case "severity":
			g.Severity = p.severity(v)
		case "message":
			g.Message, _ = p.str(v, "message")
		case "suggestions":
			g.Suggestions = p.texts(v, "suggestions")
		}
	})
	if seen == nil {
		return nil
	}
	p.require(n, seen, "encouraged group", "id")
	if g.Require == "" {
		for _, k := range []string{"position", "severity", "message"} {
			if seen[k] {
				p.errorf(n, "encouraged group %q sets %s but no require: add \"require: reply\" or \"require: conversation\", or remove %s", g.ID, k, k)
			}
		}
	}
	return g
}

func (p *parser) require(n *yaml.Node, seen map[string]bool, what string, keys ...string) {
	for _, k := range keys {
		if !seen[k] {
			p.errorf(n, "%s is missing %q: add \"%s: ...\"", what, k, k)
		}
	}
}

func (p *parser) severity(v *yaml.Node) Severity {
	s, _ := p.str(v, "severity")
	sev, ok := ParseSeverity(s)
	if !ok {
		p.errorf(v, "unknown severity %q: write error, warning or suggestion", s)
	}
	return sev
}

func (p *parser) boolean(v *yaml.Node, what string) bool {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
		p.errorf(v, "%s must be true or false", what)
	}
	return b
}

func (p *parser) id(v *yaml.Node) string {
	s, ok := p.str(v, "id")
	if ok && !idPattern.MatchString(s) {
		p.errorf(v, "id %q: use letters, digits, '.', '_' and '-' only, e.g. acme.rigid.policy", s)
	}
	return s
}

func (p *parser) category(v *yaml.Node) string {
	s, ok := p.str(v, "category")
	if ok && !categoryRegex.MatchString(s) {
		p.errorf(v, "category %q: use one lower-case word (letters, digits, '-'), e.g. rigid or blaming", s)
	}
	return s
}

// phrases reads the phrase list of key (phrases or unless).
func (p *parser) phrases(v *yaml.Node, key string) []Phrase {
	items := p.strs(v, key, true)
	if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		p.errorf(v, "%s is empty: list at least one phrase", key)
	}
	var out []Phrase
	for _, it := range items {
		ph, err := ParsePhrase(it.s)
		if err != nil {
			p.errorf(it.n, "%v", err)
			continue
		}
		ph.Pos = p.pos(it.n)
		if !strings.Contains(it.s, "\n") && it.n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			ph.col = it.n.Column
			if it.n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				ph.col++
			}
		}
		out = append(out, ph)
	}
	return out
}

// lexiconLike reports whether n is a mapping with at least one of a
// lexicon's keys.
func lexiconLike(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		if contains(topKeys, n.Content[i].Value) {
			return true
		}
	}
	return false
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// mapping walks a mapping node, reporting keys not in allowed and calling fn
// for the others. It returns the keys seen, or nil if n is not a mapping.
func (p *parser) mapping(n *yaml.Node, what string, allowed []string, fn func(key string, k, v *yaml.Node)) map[string]bool {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping of keys (%s), found %s", what, strings.Join(allowed, ", "), kindName(n))
		return nil
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if !contains(allowed, k.Value) {
			hint := ""
			if near := Closest(k.Value, allowed); near != "" {
				hint = fmt.Sprintf("did you mean %q? ", near)
			}
			p.errorf(k, "unknown key %q in %s: %sallowed keys are %s", k.Value, what, hint, strings.Join(allowed, ", "))
			continue
		}
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
	return seen
}

func (p *parser) seq(n *yaml.Node, what string) []*yaml.Node {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list (items starting with \"- \"), found %s", what, kindName(n))
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, resolve(c))
	}
	return out
}

func (p *parser) str(n *yaml.Node, what string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "%s must be text, found %s", what, kindName(n))
		return "", false
	}
	if strings.TrimSpace(n.Value) == "" {
		p.errorf(n, "%s is empty: write some text or remove the key", what)
		return "", false
	}
	return n.Value, true
}

// texts reads a list of texts.
func (p *parser) texts(n *yaml.Node, what string) []string {
	var out []string
	for _, s := range p.strs(n, what, false) {
		out = append(out, s.s)
	}
	return out
}

type strNode struct {
	s string
	n *yaml.Node
}

// strs reads a list of texts; a single text is accepted as a one-item list
// when single is true.
func (p *parser) strs(n *yaml.Node, what string, single bool) []strNode {
	n = resolve(n)
	if single && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		if s, ok := p.str(n, what); ok {
			return []strNode{{s, n}}
		}
		return nil
	}
	var out []strNode
	for _, c := range p.seq(n, what) {
		if c.Kind != yaml.ScalarNode || c.Tag == "!!null" {
			p.errorf(c, "each item of %s must be text, found %s", what, kindName(c))
			continue
		}
		if strings.TrimSpace(c.Value) == "" {
			p.errorf(c, "empty item in %s: write the text or remove the item", what)
			continue
		}
		out = append(out, strNode{c.Value, c})
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Closest returns the allowed word nearest to s by edit distance, if it is
// near enough to be a likely typo, or "".
func Closest(s string, allowed []string) string {
	best, bestD := "", 3
	cands := append([]string(nil), allowed...)
	sort.Strings(cands)
	for _, a := range cands {
		if d := editDistance(strings.ToLower(s), a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
