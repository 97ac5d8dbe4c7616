package output

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spoolMemory is how much a spool holds in memory before it moves to a
// temporary file.
const spoolMemory = 4 << 20

// A spool keeps bytes written during a run, in memory up to spoolMemory and
// in a temporary file beyond, until they are copied out once. What a
// document needs in an order other than the findings come in waits there
// (JUnit's cases, which follow their counts; JSON's input errors, which
// follow the summary), so memory does not grow with the number of findings.
type spool struct {
	limit  int // bytes held in memory; spoolMemory when 0
	mem    []byte
	file   *os.File
	remove string // the file's name, when it could not be removed at once
}

func (s *spool) Write(p []byte) (int, error) {
	limit := s.limit
	if limit == 0 {
		limit = spoolMemory
	}
	if s.file == nil && len(s.mem)+len(p) <= limit {
		s.mem = append(s.mem, p...)
		return len(p), nil
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "lexlint-spool-*")
		if err != nil {
			return 0, fmt.Errorf("output: a temporary file for a large document: %w", err)
		}
		// Removed at once where the system allows, so that nothing stays
		// behind however the run ends.
		if os.Remove(f.Name()) != nil {
			s.remove = f.Name()
		}
		s.file = f
		if _, err := f.Write(s.mem); err != nil {
			return 0, fmt.Errorf("output: writing a temporary file: %w", err)
		}
		s.mem = nil
	}
	if _, err := s.file.Write(p); err != nil {
		return 0, fmt.Errorf("output: writing a temporary file: %w", err)
	}
	return len(p), nil
}

// empty reports whether nothing was written.
func (s *spool) empty() bool { return s.file == nil && len(s.mem) == 0 }

// copyTo writes what the spool holds to w and empties it.
func (s *spool) copyTo(w io.Writer) error {
	if s.file == nil {
		_, err := w.Write(s.mem)
		s.mem = s.mem[:0]
		return err
	}
	defer s.close()
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("output: reading a temporary file: %w", err)
	}
	if _, err := io.Copy(w, s.file); err != nil {
		return fmt.Errorf("output: copying a temporary file: %w", err)
	}
	return nil
}

// reader reads what the spool holds from its start.
func (s *spool) reader() (io.Reader, error) {
	if s.file == nil {
		return bytes.NewReader(s.mem), nil
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("output: reading a temporary file: %w", err)
	}
	return s.file, nil
}

// close drops what the spool holds.
func (s *spool) close() {
	if s.file != nil {
		s.file.Close()
		if s.remove != "" {
			os.Remove(s.remove)
		}
	}
	s.mem, s.file, s.remove = nil, nil, ""
}
