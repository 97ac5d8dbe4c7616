package lexpack

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Options say how Sync fetches.
type Options struct {
	Client   *http.Client // for URL packages; default one with a 2-minute timeout
	Git      string       // the git command; default "git"
	MaxBytes int64        // the largest download and the most bytes unpacked; default 64 MiB
	Force    bool         // fetch even when the cache holds the package
}

// MaxFiles is the most files a package may hold.
const MaxFiles = 10000

// Synced says what Sync did.
type Synced struct {
	Fetched bool   // false: the cache held the package already
	SHA256  string // the package's checksum
	Commit  string // for Git, the commit of Ref
}

// ChecksumError is a package whose checksum is not the configuration's,
// or that has none in the configuration.
type ChecksumError struct {
	Package Package
	Got     string
}

func (e *ChecksumError) Error() string {
	if e.Package.SHA256 == "" {
		return fmt.Sprintf("%s has sha256 %s; lexlint uses no package without a checksum: add \"sha256: %s\" to its entry, once you trust this download (compare it with the publisher's checksum)",
			e.Package, e.Got, e.Got)
	}
	return fmt.Sprintf("%s: checksum mismatch: the download has sha256 %s, the configuration says %s; not using it (was the package changed at its source? check with its publisher before you change the checksum)",
		e.Package, e.Got, e.Package.SHA256)
}

// Sync fetches the package into the cache unless it is there already,
// checks its checksum and its lexicon file, and only then puts it where
// Lexicon finds it. A package without a checksum, or with another one, is
// refused with a ChecksumError.
func Sync(ctx context.Context, p Package, cache string, opts Options) (Synced, error) {
	if err := p.Check(); err != nil {
		return Synced{}, err
	}
	if !opts.Force && Verify(p, cache) == nil {
		data, _ := os.ReadFile(filepath.Join(p.Dir(cache), recordName))
		var rec record
		json.Unmarshal(data, &rec)
		return Synced{SHA256: rec.SHA256, Commit: rec.Commit}, nil
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 64 << 20
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return Synced{}, fmt.Errorf("making the cache: %w", err)
	}
	tmp, err := os.MkdirTemp(cache, ".sync-")
	if err != nil {
		return Synced{}, fmt.Errorf("making the cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	files := filepath.Join(tmp, "files")
	rec := record{Source: p.URL, Ref: p.Ref}
	if p.Git != "" {
		rec.Source = p.Git
		rec.Commit, err = gitExport(ctx, p, tmp, files, opts)
	} else {
		rec.SHA256, err = fetchURL(ctx, p, files, opts)
	}
	os.RemoveAll(filepath.Join(tmp, "repo.git"))
	if err != nil {
		return Synced{}, fmt.Errorf("%s: %w", p, err)
	}
	if rec.Tree, err = TreeHash(files); err != nil {
		return Synced{}, fmt.Errorf("%s: %w", p, err)
	}
	if p.Git != "" {
		rec.SHA256 = rec.Tree
	}
	if rec.SHA256 != p.SHA256 {
		return Synced{}, &ChecksumError{Package: p, Got: rec.SHA256}
	}
	if err := hasLexicon(p, files); err != nil {
		return Synced{}, err
	}
	data, _ := json.MarshalIndent(rec, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, recordName), append(data, '\n'), 0o644); err != nil {
		return Synced{}, err
	}
	dir := p.Dir(cache)
	if err := os.RemoveAll(dir); err != nil {
		return Synced{}, fmt.Errorf("replacing %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return Synced{}, fmt.Errorf("putting %s in the cache: %w", p, err)
	}
	return Synced{Fetched: true, SHA256: rec.SHA256, Commit: rec.Commit}, nil
}

// hasLexicon checks that the package holds the lexicon file its entry
// names, and lists the YAML files it does hold when not.
func hasLexicon(p Package, files string) error {
	name := p.Path
	if name == "" {
		name = lexiconName(p.URL)
	}
	if info, err := os.Stat(filepath.Join(files, filepath.FromSlash(name))); err == nil && info.Mode().IsRegular() {
		return nil
	}
	var yamls []string
	filepath.WalkDir(files, func(q string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(q, ".yaml") || strings.HasSuffix(q, ".yml")) && len(yamls) < 10 {
			rel, _ := filepath.Rel(files, q)
			yamls = append(yamls, filepath.ToSlash(rel))
		}
		return nil
	})
	return fmt.Errorf("%s has no file %s; set path: to one of its lexicons (%s)", p, name, strings.Join(yamls, ", "))
}

// fetchURL downloads a URL package, unpacks it into files and returns the
// download's SHA-256.
func fetchURL(ctx context.Context, p Package, files string, opts Options) (string, error) {
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: 2 * time.Minute}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("downloading: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("downloading: %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, opts.MaxBytes+1))
	if err != nil {
		return "", fmt.Errorf("downloading: %w", err)
	}
	if int64(len(data)) > opts.MaxBytes {
		return "", fmt.Errorf("the download is larger than %d MiB", opts.MaxBytes>>20)
	}
	sum := sha256.Sum256(data)
	if err := os.MkdirAll(files, 0o755); err != nil {
		return "", err
	}
	switch kind(p.URL) {
	case "yaml":
		err = os.WriteFile(filepath.Join(files, lexiconName(p.URL)), data, 0o644)
	case "tar.gz":
		var gz *gzip.Reader
		if gz, err = gzip.NewReader(bytes.NewReader(data)); err == nil {
			err = untar(gz, files, opts.MaxBytes)
		}
	case "zip":
		err = unzip(data, files, opts.MaxBytes)
	}
	if err != nil {
		return "", fmt.Errorf("unpacking: %w", err)
	}
	return hex.EncodeToString(sum[:]), nil
}

// unpacker writes an archive's regular files below a folder: names must
// be relative paths without "..", sizes add up to at most max bytes and
// MaxFiles files; links and devices are left out.
type unpacker struct {
	dir          string
	left         int64
	files, limit int
}

func (u *unpacker) file(name string, size int64, r io.Reader) error {
	name = strings.TrimPrefix(name, "./")
	if !fs.ValidPath(name) || strings.Contains(name, `\`) {
		return fmt.Errorf("the archive names %q, outside its folder", name)
	}
	u.files++
	if u.files > MaxFiles {
		return fmt.Errorf("the archive holds more than %d files", MaxFiles)
	}
	if size > u.left {
		return errors.New("the archive unpacks to more than its limit")
	}
	u.left -= size
	dst := filepath.Join(u.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, io.LimitReader(r, size))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func untar(r io.Reader, dir string, max int64) error {
	u := &unpacker{dir: dir, left: max}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue // folders are made as needed; links, devices and pax headers are left out
		}
		if err := u.file(h.Name, h.Size, tr); err != nil {
			return err
		}
	}
}

func unzip(data []byte, dir string, max int64) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	u := &unpacker{dir: dir, left: max}
	for _, f := range zr.File {
		if !f.Mode().IsRegular() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		err = u.file(f.Name, int64(f.UncompressedSize64), rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// gitExport fetches Ref of the repository into a bare repository in tmp
// and writes the files of its commit below files; it returns the commit.
func gitExport(ctx context.Context, p Package, tmp, files string, opts Options) (string, error) {
	gitCmd := opts.Git
	if gitCmd == "" {
		gitCmd = "git"
	}
	repo := filepath.Join(tmp, "repo.git")
	git := func(stdout io.Writer, args ...string) error {
		// No prompts for credentials, no ext:: transport, no hooks or
		// configuration of the user's that could run commands.
		args = append([]string{"-c", "protocol.ext.allow=never", "-c", "core.hooksPath=/dev/null"}, args...)
		cmd := exec.CommandContext(ctx, gitCmd, args...)
		cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_CONFIG_NOSYSTEM=1")
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = stdout, &stderr
		if err := cmd.Run(); err != nil {
			name := args[4]
			if name == "-C" {
				name = args[6]
			}
			return fmt.Errorf("git %s: %v: %s", name, err, strings.TrimSpace(stderr.String()))
		}
		return nil
	}
	if err := git(nil, "init", "-q", "--bare", repo); err != nil {
		return "", err
	}
	// A tag or branch comes with a shallow fetch; a commit may need the
	// whole history, when the server does not serve commits by id.
	err := git(nil, "-C", repo, "fetch", "-q", "--depth", "1", "--", p.Git, p.Ref)
	if err != nil {
		if ferr := git(nil, "-C", repo, "fetch", "-q", "--", p.Git, "+refs/heads/*:refs/remotes/r/*", "+refs/tags/*:refs/tags/*"); ferr != nil {
			return "", err
		}
		if err := git(nil, "-C", repo, "update-ref", "FETCH_HEAD", p.Ref+"^{commit}"); err != nil {
			return "", fmt.Errorf("no tag, branch or commit %s: %w", p.Ref, err)
		}
	}
	var commit bytes.Buffer
	if err := git(&commit, "-C", repo, "rev-parse", "--verify", "FETCH_HEAD^{commit}"); err != nil {
		return "", err
	}
	id := strings.TrimSpace(commit.String())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := git(pw, "-C", repo, "archive", "--format=tar", id)
		pw.CloseWithError(err)
		done <- err
	}()
	if err := os.MkdirAll(files, 0o755); err != nil {
		return "", err
	}
	uerr := untar(pr, files, opts.MaxBytes)
	if uerr == nil {
		io.Copy(io.Discard, pr) // the padding after the end of the archive
	}
	pr.CloseWithError(io.ErrClosedPipe)
	if err := <-done; err != nil && uerr == nil {
		return "", err
	}
	return id, uerr
}
