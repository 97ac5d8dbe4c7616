// Package fix rewrites discouraged phrases in place with the replacement
// their lexicon entry marks as safe (fix:), keeping the original's
// capitalisation, and writes files atomically: a temporary file in the same
// directory is renamed over the original, with its permissions, and only if
// the original has not changed since it was read.
package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aymanbagabas/go-udiff"
)

// Edit replaces Data[Start:End], which must read Old, with New.
type Edit struct {
	Start, End int
	Old, New   string
	Rule       string
	Line, Col  int // where the finding is, for messages
}

// Case gives a replacement the capitalisation pattern of the text it
// replaces: lower case ("no problem" -> "happy to help"), a capital first
// letter ("No problem" -> "Happy to help") or all capitals ("NO PROBLEM" ->
// "HAPPY TO HELP"). Other patterns keep the replacement as written.
func Case(original, replacement string) string {
	var letters, upper int
	first := rune(0)
	for _, r := range original {
		if unicode.IsLetter(r) {
			if first == 0 {
				first = r
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	r, size := utf8.DecodeRuneInString(replacement)
	switch {
	case letters == 0 || size == 0:
		return replacement
	case upper == letters && letters > 1:
		return strings.ToUpper(replacement)
	case unicode.IsUpper(first):
		return string(unicode.ToUpper(r)) + replacement[size:]
	case upper == 0:
		return string(unicode.ToLower(r)) + replacement[size:]
	}
	return replacement
}

// Plan orders edits and drops the ones that cannot be applied to data: an
// edit overlapping an earlier one (the first wins), or one whose bytes do
// not read what the finding matched. It returns the edits to apply and the
// ones left, each with the reason.
func Plan(data []byte, edits []Edit) (apply []Edit, left []Skipped) {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	end := -1
	for _, e := range edits {
		switch {
		case e.Start < end:
			left = append(left, Skipped{e, "overlaps an earlier fix"})
		case e.Start < 0 || e.End > len(data) || string(data[e.Start:e.End]) != e.Old:
			left = append(left, Skipped{e, "the text there is not what was matched"})
		default:
			apply = append(apply, e)
			end = e.End
		}
	}
	return apply, left
}

// Skipped is an edit that was not applied, and why.
type Skipped struct {
	Edit   Edit
	Reason string
}

// Apply returns data with the planned edits made.
func Apply(data []byte, edits []Edit) []byte {
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(data[last:e.Start])
		b.WriteString(e.New)
		last = e.End
	}
	b.Write(data[last:])
	return b.Bytes()
}

// Diff returns a unified diff of the change to path.
func Diff(path string, before, after []byte) string {
	// As git names them: a/tmp/x for /tmp/x, not a//tmp/x.
	name := strings.TrimLeft(filepath.ToSlash(path), "/")
	return udiff.Unified("a/"+name, "b/"+name, string(before), string(after))
}

// ErrChanged means the file changed after it was read; it was not written.
var ErrChanged = errors.New("the file changed since lexlint read it; run lexlint again")

// ErrHardLinked means the file has other names: replacing it would leave
// them with the old text, so it was not written.
var ErrHardLinked = errors.New("the file has other hard links, which would keep the old text if it were replaced; fix it by hand, or remove the other links")

// tempMarker is in the name of every temporary file Write makes, followed
// by the writing process's id: ".NAME.lexlint-tmp-PID-RANDOM".
const tempMarker = ".lexlint-tmp-"

// Write replaces path's content, which must still be before, with after:
// through a temporary file in the same directory that is synced and renamed
// over the original, with the original's permissions, owner and group. A
// symbolic link stays a link: its target is rewritten. A file with other
// hard links is not written (ErrHardLinked). Temporary files that an
// earlier, killed run left beside the file are removed first.
func Write(path string, before, after []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if links(info) > 1 {
		return fmt.Errorf("%s: %w", path, ErrHardLinked)
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
	now, err := os.ReadFile(target)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if !bytes.Equal(now, before) {
		return fmt.Errorf("%s: %w", path, ErrChanged)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// fill writes the new content to the temporary file, gives it the
// original's mode, owner and group, and syncs it.
func fill(tmp *os.File, after []byte, info os.FileInfo) error {
	if _, err := tmp.Write(after); err != nil {
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if err := keepOwner(tmp, info); err != nil {
		return fmt.Errorf("cannot keep the file's owner and group: %w", err)
	}
	return tmp.Sync()
}

// removeStale removes the temporary files of path that runs no longer
// running left behind (killed before they could clean up): those whose
// process is gone and that are older than this process.
func removeStale(path string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+tempMarker
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	started := processStart()
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() || running(pid) {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().Before(started) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
