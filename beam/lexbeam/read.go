package lexbeam

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/lexlint/lexlint/transcript"
)

// File is an input file and its place among the inputs (files are read,
// and their conversations reported, in the order of their names).
type File struct {
	Path  string
	Index int
}

// Line is one line of an export, by its 1-based number.
type Line struct {
	N    int
	Text string
}

// Conversation is the lines of one conversation of a file, in order.
type Conversation struct {
	File  File
	Lines []Line
}

// readFn reads an export a line at a time and keys each line by its
// file and conversation; a line that is not a record goes to the dead
// letters with its file and line, as check reports it.
type readFn struct {
	Settings Settings
}

// ProcessElement reads one file. A file that cannot be opened or read to
// its end is a dead letter too (its lines read before stay): the job
// goes on with the other files.
func (fn *readFn) ProcessElement(ctx context.Context, f File, emit func(string, Line), dead func(string)) error {
	fs, err := filesystem.New(ctx, f.Path)
	if err != nil {
		return err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, f.Path)
	if err != nil {
		dead(fmt.Sprintf("%s: %v", f.Path, err))
		return nil
	}
	defer rc.Close()
	opts := fn.Settings.input()
	err = eachLine(bufio.NewReaderSize(rc, 1<<20), func(n int, line []byte) error {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		conv, err := conversationOf(ctx, f.Path, n, line, opts)
		if err != nil {
			dead(err.Error())
			return nil
		}
		emit(conversationKey(f, conv), Line{N: n, Text: string(line)})
		return nil
	})
	if err != nil {
		dead(fmt.Sprintf("%s: %v", f.Path, err))
	}
	return nil
}

// conversationKey keys a conversation of a file: files apart, in order.
func conversationKey(f File, conv string) string {
	return fmt.Sprintf("%08d\x00%s\x00%s", f.Index, f.Path, conv)
}

// conversationOf decodes one line as lexlint's JSONL reader decodes it
// (field mapping included) and returns its conversation id; the error
// names the file and line.
func conversationOf(ctx context.Context, path string, n int, line []byte, opts transcript.Options) (string, error) {
	var conv string
	var recErr error
	err := transcript.Read(ctx, path, bytes.NewReader(line), opts, transcript.Handler{
		Message: func(m *transcript.Message) error {
			if err := m.Resolve(); err != nil {
				recErr = err
				return nil
			}
			conv = m.Conversation
			return nil
		},
		Error: func(err error) { recErr = err },
	})
	if err == nil {
		err = recErr
	}
	var re *transcript.RecordError
	if errors.As(err, &re) {
		re.Record = n
		return "", re
	}
	return conv, err
}

// eachLine calls fn for each line of r with its 1-based number, without
// the line end, as lexlint numbers the lines of an export.
func eachLine(r *bufio.Reader, fn func(n int, line []byte) error) error {
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return err
		}
		if len(line) == 0 && err == io.EOF {
			return nil
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if ferr := fn(n, line); ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return nil
		}
	}
}

// sparse reads lines of a file at their own line numbers, with empty
// lines between them (which lexlint's JSONL reader skips): the records of
// a few conversations, placed as they are in the file, so that every
// message, finding and error names its file's line.
type sparse struct {
	lines []Line // in order
	next  int    // the number of the next line to give
	buf   []byte
}

var newlines = bytes.Repeat([]byte{'\n'}, 64<<10)

func (s *sparse) Read(p []byte) (int, error) {
	if len(s.buf) == 0 {
		if len(s.lines) == 0 {
			return 0, io.EOF
		}
		if gap := s.lines[0].N - s.next; gap > 0 {
			n := copy(p, newlines[:min(gap, len(newlines))])
			s.next += n
			return n, nil
		}
		s.buf = append([]byte(s.lines[0].Text), '\n')
		s.lines = s.lines[1:]
		s.next++
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func (s *sparse) Close() error { return nil }
