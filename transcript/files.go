package transcript

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Stdin is the path that stands for standard input.
const Stdin = "-"

// IsMarkdown reports whether a path names a Markdown file.
func IsMarkdown(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".md" || ext == ".markdown"
}

// Expand is ExpandWalk with the default Walk.
func Expand(paths []string, format string, onErr func(error)) []string {
	return ExpandWalk(paths, format, Walk{}, onErr)
}

// ExpandWalk turns command-line paths into the files to check, in order: a
// file stands for itself (whatever its extension), "-" for standard input,
// and a directory for every file below it with an extension of the input
// format (see Extensions), in lexical order, skipping hidden files and
// directories and, unless walk.NoIgnore, what .gitignore and .ignore files
// leave out, vendored folders (node_modules, vendor, bower_components) and
// generated files. A path that cannot be read is reported through onErr and
// skipped.
func ExpandWalk(paths []string, format string, walk Walk, onErr func(error)) []string {
	var out []string
	for _, p := range paths {
		if p == Stdin {
			out = append(out, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			onErr(&InputError{Path: p, Err: unwrapPathError(err)})
			continue
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			root = p + string(filepath.Separator) // a link to a directory named: walk what it leads to
		}
		w := newWalker(root, walk)
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				onErr(&InputError{Path: path, Err: unwrapPathError(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if w.skip(path, d) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !hasExtension(path, format) {
				return nil
			}
			// A FIFO, socket or device would block or never end: only
			// regular files (and links to them) are checked from a walk.
			if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
				onErr(&SkippedFile{Path: path, Reason: skipReason(info, err)})
				return nil
			}
			if w.generated(path) {
				return nil
			}
			out = append(out, path)
			return nil
		})
		if err != nil {
			onErr(fmt.Errorf("%s: %w", p, err))
		}
	}
	return out
}

// InputError is a path that cannot be read: a file named that does not
// exist, a folder a walk cannot enter.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e *InputError) Unwrap() error { return e.Err }

// SkippedFile is a special file (a FIFO, socket or device) that a directory
// walk passed over: a note, not an input error.
type SkippedFile struct {
	Path   string
	Reason string // what it is; "" for a FIFO, socket or device
}

func (e *SkippedFile) Error() string {
	if e.Reason != "" {
		return e.Path + ": skipped: " + e.Reason
	}
	return e.Path + ": skipped: not a regular file (a FIFO, socket or device); name it on the command line to read it as a stream"
}

// skipReason says what a file a walk skips is, from its status or the
// error of following its links.
func skipReason(info fs.FileInfo, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "a symbolic link that leads nowhere"
	case err != nil:
		return "a symbolic link that cannot be followed (" + unwrapPathError(err).Error() + ")"
	case info.IsDir():
		return "a symbolic link to a directory, which a walk does not follow; name the directory to check it"
	}
	return ""
}

// Extensions lists the file extensions a directory walk picks up for an
// input format. With auto: drafts, chat transcripts, JSONL and CSV; JSON
// and YAML files are only picked up for a format that reads them, since
// directories often hold other JSON and YAML files.
func Extensions(format string) []string {
	switch format {
	case "text", "chat":
		return []string{".txt", ".md", ".markdown"}
	case "jsonl":
		return []string{".jsonl", ".ndjson"}
	case "csv":
		return []string{".csv"}
	case "zendesk", "intercom", "freshdesk", "livechat":
		return []string{".json"}
	case "macros":
		return []string{".yaml", ".yml", ".json", ".md", ".markdown"}
	case "html":
		return []string{".html", ".htm"}
	}
	return []string{".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".csv"}
}

func hasExtension(path, format string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range Extensions(format) {
		if e == ext {
			return true
		}
	}
	return false
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Unread lists the regular files under dir (hidden and ignored ones aside)
// that a walk for format leaves out, and for each the formats whose walks read it: so
// that an empty run can say which --input would read them. It stops at
// limit files.
func Unread(dir, format string, walk Walk, limit int) (paths []string, formats [][]string) {
	w := newWalker(dir, walk)
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil || len(paths) >= limit:
			return fs.SkipDir
		case path != dir && strings.HasPrefix(d.Name(), ".") || w.skip(path, d):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir() || !d.Type().IsRegular() || hasExtension(path, format):
			return nil
		}
		var would []string
		for _, f := range Formats() {
			if f != format && hasExtension(path, f) {
				would = append(would, f)
			}
		}
		paths, formats = append(paths, path), append(formats, would)
		return nil
	})
	return paths, formats
}
