// Package lexpack fetches shareable lexicon packages into a cache, as
// `vale sync` does for styles: a desk keeps its lexicons in one place (a
// file or archive at a URL, or a Git repository at a tag or commit) and
// every team's .lexlint.yaml names it with a SHA-256. Sync downloads a
// package once and refuses one whose checksum differs; checks then read
// the cache only, offline, after Verify has found the cached files as
// they were synced.
package lexpack

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Package is one lexicon package a configuration names.
type Package struct {
	URL string // a lexicon (.yaml, .yml) or an archive of them (.tar.gz, .tgz, .zip) over HTTP(S)
	Git string // or a Git repository (any URL or path git clone takes)
	Ref string // the tag, branch or commit of Git
	// SHA256 is the checksum the package must have: of the downloaded
	// file for URL (what sha256sum prints), of the files at Ref for Git
	// (TreeHash; lexlint sync prints it).
	SHA256 string
	// Path is the lexicon file inside the package, slash-separated; for a
	// URL of a single lexicon its file name.
	Path string
}

// String names the package in messages.
func (p Package) String() string {
	if p.Git != "" {
		return fmt.Sprintf("git %s at %s", p.Git, p.Ref)
	}
	return p.URL
}

// Check says what is wrong with the package as written, if anything.
func (p Package) Check() error {
	switch {
	case (p.URL == "") == (p.Git == ""):
		return errors.New("a lexicon package has either url: or git:")
	case p.URL != "" && p.Ref != "":
		return errors.New("ref: is for git: packages; a url: names its version itself")
	case p.Git != "" && p.Ref == "":
		return errors.New("a git: package needs ref:, the tag or commit to use (a branch moves, and its checksum with it)")
	case strings.HasPrefix(p.Git, "-") || strings.HasPrefix(p.Ref, "-"):
		return errors.New("git: and ref: may not start with -")
	case p.URL != "" && !strings.HasPrefix(p.URL, "https://") && !strings.HasPrefix(p.URL, "http://"):
		return fmt.Errorf("url %q: give an http or https URL", p.URL)
	case p.SHA256 != "" && !isHex(p.SHA256, 64):
		return fmt.Errorf("sha256 %q: write the 64 hexadecimal digits", p.SHA256)
	}
	if p.URL != "" && p.Path == "" && kind(p.URL) != "yaml" {
		return errors.New("path: names the lexicon file inside the archive, such as lexicons/acme.yaml")
	}
	if p.Path != "" && !fs.ValidPath(p.Path) {
		return fmt.Errorf("path %q: give a relative path inside the package, with / and without ..", p.Path)
	}
	if p.URL != "" && kind(p.URL) == "" {
		return fmt.Errorf("url %q: lexlint reads .yaml, .yml, .tar.gz, .tgz and .zip packages", p.URL)
	}
	return nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// kind is what a URL holds by its name: yaml, tar.gz or zip; "" for
// something else.
func kind(rawURL string) string {
	name := strings.ToLower(rawURL)
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	switch {
	case strings.HasSuffix(name, ".yaml"), strings.HasSuffix(name, ".yml"):
		return "yaml"
	case strings.HasSuffix(name, ".tar.gz"), strings.HasSuffix(name, ".tgz"):
		return "tar.gz"
	case strings.HasSuffix(name, ".zip"):
		return "zip"
	}
	return ""
}

// DefaultCache is the folder packages are kept in: $LEXLINT_CACHE, else
// lexlint/packages in the user's cache folder (~/.cache on Linux).
func DefaultCache() (string, error) {
	if dir := os.Getenv("LEXLINT_CACHE"); dir != "" {
		return filepath.Abs(dir)
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder for lexicon packages (set LEXLINT_CACHE): %w", err)
	}
	return filepath.Join(dir, "lexlint", "packages"), nil
}

// Dir is the package's folder in the cache: named by what the
// configuration says of it, so a new version or checksum is a new folder.
func (p Package) Dir(cache string) string {
	h := sha256.Sum256([]byte(strings.Join([]string{p.URL, p.Git, p.Ref, p.SHA256}, "\x00")))
	return filepath.Join(cache, hex.EncodeToString(h[:12]))
}

// Root is the folder the package's files are in.
func (p Package) Root(cache string) string { return filepath.Join(p.Dir(cache), "files") }

// Lexicon is the path of the package's lexicon file in the cache.
func (p Package) Lexicon(cache string) string {
	name := p.Path
	if name == "" {
		name = lexiconName(p.URL)
	}
	return filepath.Join(p.Root(cache), filepath.FromSlash(name))
}

// lexiconName is the file name a single-lexicon URL is kept under.
func lexiconName(rawURL string) string {
	name := rawURL
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	name = path.Base(name)
	if !fs.ValidPath(name) || name == "." {
		return "lexicon.yaml"
	}
	return name
}

// record is what Sync writes beside the files: what was fetched, and the
// hash of the files, which Verify checks before every use.
type record struct {
	Source string `json:"source"`
	Ref    string `json:"ref,omitempty"`
	Commit string `json:"commit,omitempty"`
	SHA256 string `json:"sha256"`
	Tree   string `json:"tree"`
}

const recordName = "package.json"

// Verify reports whether the package is in the cache as it was synced:
// an error says it is not synced, or what changed, and to run lexlint
// sync.
func Verify(p Package, cache string) error {
	data, err := os.ReadFile(filepath.Join(p.Dir(cache), recordName))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s is not in the cache (%s): run lexlint sync", p, cache)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	var rec record
	if err := json.Unmarshal(data, &rec); err != nil {
		return fmt.Errorf("%s: the cache's %s is damaged (%v): run lexlint sync --force", p, recordName, err)
	}
	if p.SHA256 != "" && rec.SHA256 != p.SHA256 {
		return fmt.Errorf("%s: the cache holds sha256 %s, the configuration says %s: run lexlint sync", p, rec.SHA256, p.SHA256)
	}
	tree, err := TreeHash(p.Root(cache))
	if err != nil {
		return fmt.Errorf("%s: reading the cache: %w: run lexlint sync --force", p, err)
	}
	if tree != rec.Tree {
		return fmt.Errorf("%s: the files in the cache (%s) changed since lexlint sync fetched them: run lexlint sync --force", p, p.Root(cache))
	}
	return hasLexicon(p, p.Root(cache))
}

// TreeHash is the SHA-256 of a folder's files: of a line "HASH  PATH\n"
// per regular file, sorted by slash-separated path, HASH the SHA-256 of
// its bytes (as sha256sum prints them). Other kinds of files are errors.
func TreeHash(root string) (string, error) {
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		sum := sha256.Sum256(data)
		lines = append(lines, hex.EncodeToString(sum[:])+"  "+filepath.ToSlash(rel)+"\n")
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
