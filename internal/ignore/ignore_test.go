package ignore

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cases are git's rules, each a .gitignore at the top of a tree and the
// paths it leaves out or keeps (a trailing slash marks a directory).
var cases = []struct {
	name     string
	patterns string
	ignored  []string
	kept     []string
}{
	{"name at any depth", "*.log\n", []string{"a.log", "x/y/b.log", "logs.log/"}, []string{"a.txt", "log"}},
	{"comment and blank", "# a.txt\n\n\\#b.txt\n", []string{"#b.txt"}, []string{"a.txt", "# a.txt"}},
	{"anchored at start", "/build\n", []string{"build", "build/"}, []string{"src/build", "src/build/"}},
	{"anchored by a middle slash", "docs/out\n", []string{"docs/out", "docs/out/"}, []string{"x/docs/out"}},
	{"directory only", "tmp/\n", []string{"tmp/", "a/tmp/"}, []string{"tmp", "a/tmp"}},
	{"negation", "*.md\n!README.md\n", []string{"a.md", "x/b.md"}, []string{"README.md", "x/README.md"}},
	{"last match wins", "!keep.txt\n*.txt\n", []string{"keep.txt"}, nil},
	{"leading **", "**/gen\n", []string{"gen", "a/gen", "a/b/gen/"}, []string{"gen2"}},
	{"trailing /**", "out/**\n", []string{"out/a", "out/a/b.txt"}, []string{"out", "x/out/a"}},
	{"middle /**/", "a/**/b\n", []string{"a/b", "a/x/b", "a/x/y/b"}, []string{"b", "x/a/b"}},
	{"star does not cross a slash", "a/*.txt\n", []string{"a/b.txt"}, []string{"a/b/c.txt"}},
	{"question mark and classes", "?.md\n[0-9]*.txt\nx[!ab].csv\n", []string{"a.md", "1.txt", "xc.csv"}, []string{"ab.md", "a1.txt", "xa.csv"}},
	{"escaped trailing space", "a\\ \nb  \n", []string{"a ", "b"}, []string{"a", "b "}},
	{"escaped !", "\\!x\n", []string{"!x"}, []string{"x"}},
	{"double star inside a segment is a star", "a**b\n", []string{"ab", "axxb"}, []string{"a/b"}},
	{"CRLF lines", "*.tmp\r\n!k.tmp\r\n", []string{"a.tmp"}, []string{"k.tmp"}},
}

func TestRules(t *testing.T) {
	root := "/repo"
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			rules := Parse(root, []byte(tt.patterns))
			check := func(paths []string, want bool) {
				for _, p := range paths {
					dir := strings.HasSuffix(p, "/")
					if got := Ignored(rules, root+"/"+strings.TrimSuffix(p, "/"), dir); got != want {
						t.Errorf("%q: ignored %v, want %v", p, got, want)
					}
				}
			}
			check(tt.ignored, true)
			check(tt.kept, false)
		})
	}
}

// TestAgainstGit asks git check-ignore about every case's paths, so the
// table above is git's behaviour and not only this package's.
func TestAgainstGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			run := func(args ...string) (string, int) {
				cmd := exec.Command(git, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
				out, err := cmd.Output()
				if ee, ok := err.(*exec.ExitError); ok {
					return string(out), ee.ExitCode()
				}
				if err != nil {
					t.Fatal(err)
				}
				return string(out), 0
			}
			run("init", "-q")
			if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(tt.patterns), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, p := range append(append([]string{}, tt.ignored...), tt.kept...) {
				// git tells a directory by the trailing slash too; a
				// path is only asked about, never made.
				_, code := run("check-ignore", "-q", "--no-index", p)
				if want := contains(tt.ignored, p); (code == 0) != want {
					t.Errorf("git: %q ignored %v, the table says %v", p, code == 0, want)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestNested checks the order of files: a deeper .gitignore wins over its
// parent's, a .ignore over the .gitignore beside it, and Above reads the
// repository's files from its top down to a walk's root.
func TestNested(t *testing.T) {
	top := t.TempDir()
	files := map[string]string{
		".git/info/exclude": "secret.txt\n",
		".gitignore":        "*.txt\n",
		"a/.gitignore":      "!keep.txt\n",
		"a/b/.ignore":       "keep.txt\n",
		"a/b/.gitignore":    "!keep.txt\n!other.txt\n",
	}
	for name, text := range files {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := func(dir string) []Rule { return append(Above(dir), ReadDir(dir)...) }
	tests := []struct {
		dir, name string
		want      bool
	}{
		{"", "x.txt", true},
		{"", "secret.txt", true},
		{"a", "keep.txt", false},
		{"a", "x.txt", true},
		{"a/b", "keep.txt", true},
		{"a/b", "other.txt", false},
		{"a/b", "x.md", false},
	}
	for _, tt := range tests {
		dir := filepath.Join(top, filepath.FromSlash(tt.dir))
		if got := Ignored(in(dir), filepath.Join(dir, tt.name), false); got != tt.want {
			t.Errorf("%s/%s: ignored %v, want %v", tt.dir, tt.name, got, tt.want)
		}
	}
	outside := t.TempDir()
	if rules := Above(outside); len(rules) != 0 {
		t.Errorf("outside a repository: %d rules from above", len(rules))
	}
}
