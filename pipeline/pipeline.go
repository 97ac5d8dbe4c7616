// Package pipeline runs the engine over inputs: it reads files with the
// transcript readers, checks their messages on several goroutines, and
// hands results back in input order, so output is the same for any number
// of workers. It applies the presence rules, which need messages in order.
// Memory stays bounded: only a few batches of messages are in flight.
package pipeline

import (
	"context"
	"os"
	"runtime"
	"sync"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
)

// Item is one thing the sink receives, in input order.
type Item struct {
	Path     string
	Message  *transcript.Message // nil for errors and file ends
	Result   *lint.Result        // the message's findings and hits
	Presence []lint.Finding      // presence-rule findings for Message, which may be an earlier message of the conversation
	Err      error               // an input error: a file or a record that could not be read
	FileDone bool                // the file has been read to its end
	Warning  string              // with FileDone: something the user should know about the file
	// Part marks an item that carries some of the findings of a long
	// message (see streamBytes); the message's last item has Part false
	// and carries its words. Count the message once, at that item.
	Part bool
	// Unchecked marks a message of a role that is not checked, passed on
	// by Options.PassOthers; its Result is nil.
	Unchecked bool

	filtered bool           // decoded, but not a role to check
	unknown  map[string]int // with FileDone: unrecognised roles the reader skipped
}

// Sink receives items in input order. An error stops the run.
type Sink func(*Item) error

const (
	batchMessages = 256
	batchBytes    = 1 << 20
	// streamBytes is the size from which a message is checked in parts,
	// its findings handed on as they are found rather than all at once.
	streamBytes = 4 << 20
	// partFindings is about how many findings (and hits) a part carries.
	partFindings = 4096
)

// A batch is messages read together and checked by one goroutine. A long
// message is a batch of its own, whose items (its parts) come through
// parts as they are checked.
type batch struct {
	seq   int
	items []*Item
	parts chan *Item
}

// Run checks every path ("-" is Options.Stdin) and passes the items to sink.
// It returns the first error from the sink, or an *Interrupted when ctx is
// cancelled before every file is read: reading then stops, and what was read
// is still checked and passed to sink.
func Run(ctx context.Context, linter *lint.Linter, paths []string, opts Options, sink Sink) error {
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	roles := opts.Roles
	if roles == nil {
		roles = map[string]bool{transcript.RoleAgent: true}
	}
	// work stops the checking and collecting goroutines: when the sink
	// fails, not when ctx is cancelled, which only stops the reading.
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()

	toCheck := make(chan *batch, jobs)
	checked := make(chan *batch, jobs*2)

	// Read: one goroutine, files in order, messages in batches.
	var readErr error
	go func() {
		defer close(toCheck)
		readErr = readAll(ctx, work, paths, opts, roles, toCheck)
	}()

	// Check: jobs goroutines.
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			checkBatches(work, linter, roles, opts, toCheck, checked)
		}()
	}
	go func() {
		wg.Wait()
		close(checked)
	}()

	// Collect: reorder batches, apply presence rules, hand to the sink.
	c := &collector{sink: sink, cancel: cancel, roles: roles, presence: linter.NewPresence(),
		ids: &transcript.IDs{}, unknown: map[string]int{}}
	pending := map[int]*batch{}
	next := 0
	for b := range checked {
		pending[b.seq] = b
		for {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			c.batch(b)
		}
	}
	if c.presence != nil {
		c.flushPresence(c.presence.Flush())
	}
	if c.err != nil {
		return c.err
	}
	return readErr
}

// Interrupted is the error of a run cancelled (by a signal) while Path was
// being read or checked.
type Interrupted struct {
	Path string
	Err  error
}

func (e *Interrupted) Error() string {
	return "interrupted while reading " + e.Path + ": the findings before it were written"
}

func (e *Interrupted) Unwrap() error { return e.Err }

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
