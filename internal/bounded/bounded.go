// Package bounded reads files whole, up to a limit: the lexicons and
// configurations a repository brings may name a device or a FIFO, and
// reading one must end with an error, never fill the memory.
package bounded

import (
	"fmt"
	"io"
)

// ReadFile reads at most max bytes of path (a FIFO or a pipe too; a FIFO
// without a writer reads as empty); a longer file is an error that says
// what such a file (what, "a lexicon file") is at most.
func ReadFile(path string, max int64, what string) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("more than %d MiB; %s is at most that long", max>>20, what)
	}
	return data, nil
}
