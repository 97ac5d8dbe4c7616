// Package fix rewrites discouraged phrases in place with the replacement
// their lexicon entry marks as safe (fix:), keeping the original's
// capitalisation, and writes files atomically: a temporary file in the same
// directory is renamed over the original, with its permissions, and only if
// the original has not changed since it was read.
package fix

import (
	"bytes"
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

// MaxText is the longest replacement --fix writes, in bytes.
const MaxText = 200

// CheckText says why a lexicon's replacement text is not written into a
// file, if it is not: a replacement is a phrase in place of the words
// matched, so it has no line breaks or other control characters and is
// at most MaxText bytes.
func CheckText(s string) error {
	if len(s) > MaxText {
		return fmt.Errorf("its fix is %d bytes long; a fix is a phrase of at most %d", len(s), MaxText)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError {
			return fmt.Errorf("its fix holds the control character %U; a fix is a phrase on one line", r)
		}
	}
	return nil
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

// tempMarker is in the name of every temporary file Write makes, followed
// by the writing process's id: ".NAME.lexlint-tmp-PID-RANDOM".
const tempMarker = ".lexlint-tmp-"

// removeStale removes the temporary files of path that runs no longer
// running left behind (killed before they could clean up): those whose
// process is gone. (Process ids are those of this system's process
// namespace; a run in another container sharing the folder may lose its
// temporary file, and then reports that it could not write.)
func removeStale(path string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+tempMarker
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() || running(pid) || !e.Type().IsRegular() {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}
