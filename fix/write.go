package fix

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// MaxSize is the largest file Read takes: --fix holds a file, its fixed
// copy and its findings at once, so larger files are checked but not fixed.
const MaxSize = 64 << 20

// ErrChanged means the file changed after it was read; it was not written.
var ErrChanged = errors.New("the file changed since lexlint read it; run lexlint again")

// ErrHardLinked means the file has other names: replacing it would leave
// them with the old text, so it was not written.
var ErrHardLinked = errors.New("the file has other hard links, which would keep the old text if it were replaced; fix it by hand, or remove the other links")

// ErrNotRegular means the path is not a regular file (a FIFO, a pipe such
// as <(...), a socket, a device or a directory): --fix reads and writes
// regular files only.
var ErrNotRegular = errors.New("not a regular file: --fix and --diff read and write regular files only (a FIFO, pipe, socket or device is checked but not fixed)")

// ErrReadOnly means the file has no write permission for its owner:
// lexlint does not replace a file someone marked read-only.
var ErrReadOnly = errors.New("the file is read-only; lexlint does not fix read-only files (make it writable, chmod u+w, to fix it)")

// ErrOutside means the file, its symbolic links resolved, is outside the
// paths lexlint was given.
var ErrOutside = errors.New("a symbolic link leads outside the paths given; lexlint does not write there (pass --fix-outside to allow it)")

// ErrTooLarge means the file is larger than MaxSize.
var ErrTooLarge = fmt.Errorf("larger than --fix holds (%d MiB); it is checked but not fixed", MaxSize>>20)

// Stamp is what Read saw of a file: Write replaces it only while it is
// still the same file with the same content.
type Stamp struct {
	id      fileID
	size    int64
	modTime time.Time
	sum     [sha256.Size]byte
}

// WriteOptions limit where Write may write.
type WriteOptions struct {
	// Roots are directories with their symbolic links resolved: when any
	// are given, a file whose resolved path is in none of them is not
	// written (ErrOutside).
	Roots []string
	// beforeRename, in tests, runs after the last content check and
	// before the final comparison of the file's status.
	beforeRename func()
}

// Read reads a regular file of at most MaxSize bytes for fixing, without
// waiting on a FIFO (it is not opened). A read-only file, and one whose
// links lead outside opts.Roots, are refused.
func Read(path string, opts WriteOptions) ([]byte, Stamp, error) {
	var st Stamp
	info, err := os.Stat(path)
	if err != nil {
		return nil, st, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := fixable(info); err != nil {
		return nil, st, fmt.Errorf("%s: %w", path, err)
	}
	if _, _, err := resolve(path, opts.Roots); err != nil {
		return nil, st, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, st, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	info, err = f.Stat() // the file opened, which may have been replaced
	if err == nil {
		err = fixable(info)
	}
	if err != nil {
		return nil, st, fmt.Errorf("%s: %w", path, err)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	switch {
	case err != nil:
		return nil, st, fmt.Errorf("reading %s: %w", path, err)
	case len(data) > MaxSize:
		return nil, st, fmt.Errorf("%s: %w", path, ErrTooLarge)
	}
	st = Stamp{id: idOf(info), size: info.Size(), modTime: info.ModTime(), sum: sha256.Sum256(data)}
	return data, st, nil
}

// fixable says why a file with this status cannot be fixed, if it cannot.
func fixable(info fs.FileInfo) error {
	switch {
	case !info.Mode().IsRegular():
		return ErrNotRegular
	case info.Size() > MaxSize:
		return ErrTooLarge
	case info.Mode().Perm()&0o200 == 0:
		return ErrReadOnly
	}
	return nil
}

// Write replaces path's content, which must still be what Read stamped,
// with after: through a temporary file in the same directory that is
// synced and renamed over the original, with the original's mode bits
// (setuid, setgid and sticky too), owner and group; extended attributes
// are not kept. A symbolic link stays a link: its target is rewritten, if
// it is a regular file inside opts.Roots. A file with other hard links is
// not written (ErrHardLinked). Temporary files that an earlier, killed run
// left beside the file are removed first.
//
// Right before the rename the file is compared once more (its content's
// hash, then its size, modification time and inode); an edit made between
// that comparison and the rename, a window of microseconds, is still lost.
func Write(path string, st Stamp, after []byte, opts WriteOptions) error {
	target, info, err := resolve(path, opts.Roots)
	if err != nil {
		return err
	}
	if links(info) > 1 {
		return fmt.Errorf("%s: %w", path, ErrHardLinked)
	}
	if idOf(info) != st.id {
		return fmt.Errorf("%s: %w", path, ErrChanged)
	}
	removeStale(target)
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+tempMarker+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := fill(tmp, after, info); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := unchanged(target, st, opts.beforeRename); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// resolve follows path's symbolic links and returns the file they lead
// to, which must be a regular, writable file inside one of roots (if any).
func resolve(path string, roots []string) (string, fs.FileInfo, error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", nil, fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if len(roots) > 0 && !Inside(target, roots) {
		return "", nil, fmt.Errorf("%s (leads to %s): %w", path, target, ErrOutside)
	}
	info, err := os.Lstat(target)
	if err != nil {
		return "", nil, fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err := fixable(info); err != nil {
		return "", nil, fmt.Errorf("%s: %w", path, err)
	}
	return target, info, nil
}

// Inside reports whether path (absolute or relative to the working
// directory, links resolved) is one of dirs or below one.
func Inside(path string, dirs []string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	for _, d := range dirs {
		d, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		rel, err := filepath.Rel(d, abs)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return true
		}
	}
	return false
}

// unchanged compares target with what Read stamped: its content's hash
// (read in 64 KiB pieces, not held), then, last before the rename, its
// inode, size and modification time.
func unchanged(target string, st Stamp, hook func()) error {
	f, err := os.OpenFile(target, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, MaxSize+1)); err != nil {
		return err
	}
	if !bytes.Equal(h.Sum(nil), st.sum[:]) {
		return ErrChanged
	}
	if hook != nil {
		hook()
	}
	info, err := os.Lstat(target)
	if err != nil {
		return err
	}
	if idOf(info) != st.id || info.Size() != st.size || !info.ModTime().Equal(st.modTime) {
		return ErrChanged
	}
	return nil
}

// fill writes the new content to the temporary file, gives it the
// original's owner and group and then its mode (a change of owner clears
// setuid and setgid), and syncs it.
func fill(tmp *os.File, after []byte, info os.FileInfo) error {
	if _, err := tmp.Write(after); err != nil {
		return err
	}
	if err := keepOwner(tmp, info); err != nil {
		return fmt.Errorf("cannot keep the file's owner and group: %w", err)
	}
	mode := info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	return tmp.Sync()
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
