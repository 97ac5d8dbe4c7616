// Reading: files and standard input through the transcript readers, into batches.

package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/lexlint/lexlint/transcript"
)

// seekCounter is a file that tells Progress about the bytes read from it.
type seekCounter struct {
	*os.File
	progress func(int)
}

func (s *seekCounter) Read(p []byte) (int, error) {
	n, err := s.File.Read(p)
	if n > 0 {
		s.progress(n)
	}
	return n, err
}

// countingReader tells Progress about the bytes it reads.
type countingReader struct {
	r        io.Reader
	progress func(int)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.progress(n)
	}
	return n, err
}

// unknownRoles describes messages whose role was not recognised.
func unknownRoles(path string, counts map[string]int, checked bool) string {
	if len(counts) == 0 {
		return ""
	}
	var parts []string
	n := 0
	for raw, c := range counts {
		n += c
		if raw == "" {
			raw = "(none)"
		}
		parts = append(parts, fmt.Sprintf("%q x%d", raw, c))
	}
	sort.Strings(parts)
	what := "were not checked; check them with --role all, or map the field that holds the role with --field role=NAME"
	if checked {
		what = "were checked with --role all"
	}
	messages := "messages"
	if n == 1 {
		messages, what = "message", strings.Replace(what, "were", "was", 1)
		what = strings.Replace(what, "check them", "check it", 1)
	}
	return fmt.Sprintf("%s: %d %s with an unrecognised role (%s) %s", path, n, messages, strings.Join(parts, ", "), what)
}

// readSource reads the whole text of a message read in windows.
func readSource(m *transcript.Message) ([]byte, error) {
	r, err := m.Source()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// readAll reads the files in order and sends their items to toCheck in
// batches. It stops when ctx is cancelled (returning an *Interrupted, after
// sending what it read) or work is (the sink failed).
func readAll(ctx, work context.Context, paths []string, opts Options, roles map[string]bool, toCheck chan<- *batch) error {
	seq := 0
	cur := &batch{}
	size := 0
	send := func() bool {
		if len(cur.items) == 0 {
			return true
		}
		cur.seq = seq
		seq++
		select {
		case toCheck <- cur:
		case <-work.Done():
			return false
		}
		cur, size = &batch{}, 0
		return true
	}
	add := func(it *Item) error {
		if it.Message != nil && opts.inParts(it.Message) {
			if opts.LongMessage != nil && it.Message.Source == nil {
				opts.LongMessage(len(it.Message.Text))
			}
			if !send() {
				return work.Err()
			}
			cur.items = []*Item{it}
			cur.parts = make(chan *Item, 2)
			if !send() {
				return work.Err()
			}
			return nil
		}
		cur.items = append(cur.items, it)
		if it.Message != nil {
			size += len(it.Message.Text)
		}
		if len(cur.items) >= batchMessages || size >= batchBytes {
			if !send() {
				return work.Err()
			}
		}
		return nil
	}
	for _, path := range paths {
		unknown := map[string]int{}
		read := 0
		file := path
		if path == transcript.Stdin && opts.StdinName != "" {
			path = opts.StdinName
		}
		err := readFile(ctx, file, path, opts, func(m *transcript.Message) error {
			read++
			if !m.Pending() {
				if m.Role == transcript.RoleUnknown {
					unknown[m.RawRole]++
				}
				if !roles[m.Role] && !roles["all"] {
					if opts.PassOthers {
						return add(&Item{Path: path, Message: m, Unchecked: true})
					}
					return nil
				}
			}
			return add(&Item{Path: path, Message: m})
		}, func(err error) {
			add(&Item{Path: path, Err: err})
		})
		if ctx.Err() != nil {
			send() // what was read before is still checked
			return &Interrupted{Path: path, Err: ctx.Err()}
		}
		if err != nil {
			if add(&Item{Path: path, Err: err}) != nil {
				return nil
			}
			if read == 0 {
				continue
			}
			// A damaged file whose beginning was read counts as checked.
		}
		if add(&Item{Path: path, FileDone: true, unknown: unknown}) != nil {
			return nil
		}
	}
	send()
	return nil
}

// readFile opens one input (file) and reads it as name.
func readFile(ctx context.Context, path, name string, opts Options, msg func(*transcript.Message) error, recErr func(error)) error {
	var r io.Reader
	switch {
	case opts.Open != nil:
		rc, err := opts.Open(ctx, path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer rc.Close()
		r = rc
	case path == transcript.Stdin:
		if opts.Stdin == nil {
			return fmt.Errorf("-: no standard input")
		}
		r = opts.Stdin
		if name != path {
			// Read as a stream under its name: a reader that goes back
			// to a file by its path (a long text) must not open name.
			r = struct{ io.Reader }{r}
		}
	default:
		f, err := open(ctx, path)
		if err != nil {
			return err
		}
		defer f.Close()
		// A FIFO or pipe is read through the runtime's poller: a deadline
		// ends a read that waits when the run is cancelled.
		defer context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })()
		r = f
	}
	if opts.Progress != nil {
		if f, ok := r.(*os.File); ok && path != transcript.Stdin {
			// Keep the file seekable (Zendesk exports are read twice):
			// count what the reader reads from it.
			r = &seekCounter{File: f, progress: opts.Progress}
		} else {
			r = &countingReader{r: r, progress: opts.Progress}
		}
	}
	return transcript.Read(ctx, name, r, opts.Input, transcript.Handler{Message: msg, Error: recErr})
}

// open opens an input. Opening a FIFO waits for a writer, so it is done
// aside, and a cancelled run stops waiting (the open is left to the
// process's end).
func open(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			return nil, fmt.Errorf("%s: %w", path, unwrapPath(o.err))
		}
		return o.f, nil
	case <-ctx.Done():
		go func() {
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, &Interrupted{Path: path, Err: ctx.Err()}
	}
}
