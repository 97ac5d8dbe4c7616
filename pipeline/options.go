// Options: what a run reads, how it checks, what it reports.

package pipeline

import (
	"context"
	"io"

	"github.com/lexlint/lexlint/transcript"
)

// Options tune a run.
type Options struct {
	Jobs  int             // goroutines checking messages; 0 means one per CPU
	Roles map[string]bool // roles to check; nil means agent only
	Input transcript.Options
	Stdin io.Reader
	// StdinName, when set, is the path standard input ("-") goes by: the
	// path of its findings and what its format is told by (as ESLint's
	// --stdin-filename).
	StdinName string
	// ReportUnusedIgnores adds a finding for every inline ignore directive
	// that suppressed nothing.
	ReportUnusedIgnores bool
	// Progress, when set, is told how many bytes of input were read.
	Progress func(n int)
	// PartBytes is the size from which a message is checked in parts (see
	// Item.Part); 0 means streamBytes, -1 never.
	PartBytes int
	// LongMessage, when set, is told the size of each message checked in
	// parts before it is checked: its text is held whole meanwhile.
	LongMessage func(bytes int)
	// PassOthers passes on the messages of roles that are not checked, as
	// Unchecked items, for what is known of them besides their text (when
	// customers wrote, for response times).
	PassOthers bool
	// Sentences asks for each message's sentences (lint.Result.Sentences),
	// for reports of repeated sentences.
	Sentences bool
	// Open, when set, opens the inputs instead of the local file system:
	// a path names what Open returns in messages and errors (an object in
	// a cloud bucket, say, or the lines of a few conversations of a file).
	Open func(ctx context.Context, path string) (io.ReadCloser, error)
}

// inParts reports whether a message is checked in parts.
func (o *Options) inParts(m *transcript.Message) bool {
	limit := o.PartBytes
	if limit == 0 {
		limit = streamBytes
	}
	return m.Source != nil || limit > 0 && !m.Pending() && len(m.Text) >= limit && !o.ReportUnusedIgnores
}
