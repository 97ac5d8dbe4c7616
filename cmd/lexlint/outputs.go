package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
)

// outputs are the formatters of one run's --format flags: FORMAT writes to
// standard output, FORMAT=FILE to a file (as golangci-lint's
// --output.*.path), so one run writes SARIF for code scanning and GitHub
// annotations at once.
type outputs struct {
	list  []output.Formatter
	files []*os.File
	bufs  []*bufio.Writer
	names []string // the file of each formatter, "" for standard output
}

// openOutputs opens the formatters; stdout is standard output, coloured
// when color says so (files never are).
func openOutputs(specs []string, stdout io.Writer, color bool, opts output.TextOptions) (*outputs, error) {
	o := &outputs{}
	toStdout := 0
	for _, spec := range specs {
		format, path, toFile := strings.Cut(spec, "=")
		if !slices.Contains(output.Formats(), format) {
			o.close()
			return nil, fmt.Errorf("--format %q: unknown format %q: use %s, optionally =FILE", spec, format, strings.Join(output.Formats(), ", "))
		}
		w, name := stdout, ""
		fopts := opts
		fopts.Color = color
		if toFile {
			if path == "" {
				o.close()
				return nil, fmt.Errorf("--format %q: name the file after =", spec)
			}
			f, err := os.Create(path)
			if err != nil {
				o.close()
				return nil, fmt.Errorf("--format %s: %w", spec, err)
			}
			buf := bufio.NewWriterSize(f, 64<<10)
			o.files, o.bufs = append(o.files, f), append(o.bufs, buf)
			w, name, fopts.Color = buf, path, false
		} else if toStdout++; toStdout > 1 {
			o.close()
			return nil, fmt.Errorf("--format: %d formats write to standard output; send all but one to files (FORMAT=FILE)", toStdout)
		}
		f, err := output.New(format, w, fopts)
		if err != nil {
			o.close()
			return nil, err
		}
		o.list, o.names = append(o.list, f), append(o.names, name)
	}
	return o, nil
}

// Item hands an item to every formatter; each after the first gets its
// own copy of the findings, which a formatter may keep.
func (o *outputs) Item(it *pipeline.Item, findings []output.Finding) error {
	for i, f := range o.list {
		fs := findings
		if i > 0 {
			fs = slices.Clone(findings)
		}
		if err := f.Item(it, fs); err != nil {
			return o.wrap(i, err)
		}
	}
	return nil
}

// Finish finishes every formatter and closes the files.
func (o *outputs) Finish(sum *output.Summary) error {
	var errs []error
	for i, f := range o.list {
		if err := f.Finish(sum); err != nil {
			errs = append(errs, o.wrap(i, err))
		}
	}
	for i, b := range o.bufs {
		if err := b.Flush(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", o.files[i].Name(), err))
		}
	}
	errs = append(errs, o.close())
	return errors.Join(errs...)
}

func (o *outputs) wrap(i int, err error) error {
	if o.names[i] == "" {
		return err
	}
	return fmt.Errorf("%s: %w", o.names[i], err)
}

// close closes the files.
func (o *outputs) close() error {
	var errs []error
	for _, f := range o.files {
		if err := f.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	o.files = nil
	return errors.Join(errs...)
}
