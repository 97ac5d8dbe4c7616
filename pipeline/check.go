// Checking: batches of messages on several goroutines, and one file or text at a time.

package pipeline

import (
	"bytes"
	"context"
	"fmt"

	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/transcript"
)

// CheckData checks one input held in memory, on the calling goroutine, and
// returns its messages with their results (ignores applied; presence rules
// not). It is what --fix uses to plan edits on exactly the bytes it will
// rewrite.
func CheckData(ctx context.Context, linter *lint.Linter, path string, data []byte, opts Options) ([]*Item, error) {
	var items []*Item
	var recErrs []error
	ids := &transcript.IDs{}
	err := transcript.Read(ctx, path, bytes.NewReader(data), opts.Input, transcript.Handler{
		Message: func(m *transcript.Message) error {
			if err := m.Resolve(); err != nil {
				recErrs = append(recErrs, err)
				return nil
			}
			if m.Origin.Format == "jsonl" {
				ids.Assign(m)
			}
			roles := opts.Roles
			if roles != nil && !roles[m.Role] && !roles["all"] {
				return nil
			}
			res, err := linter.Check(ctx, Document(m))
			if err != nil {
				return err
			}
			applyIgnores(linter, m, res, false)
			items = append(items, &Item{Path: path, Message: m, Result: res})
			return nil
		},
		Error: func(err error) { recErrs = append(recErrs, err) },
	})
	if err == nil && len(recErrs) > 0 {
		err = recErrs[0]
	}
	return items, err
}

// CheckDocument is CheckData with the presence rules applied as check
// applies them (their findings as items of their own, after the messages
// of each conversation; inline ignores honoured): everything check reports
// for one file, for an editor that holds the file's text.
func CheckDocument(ctx context.Context, linter *lint.Linter, path string, data []byte, opts Options) ([]*Item, error) {
	items, err := CheckData(ctx, linter, path, data, opts)
	p := linter.NewPresence()
	if p == nil {
		return items, err
	}
	var out []*Item
	add := func(due []lint.PresenceFinding) {
		for _, pf := range due {
			m := pf.Ref.(*transcript.Message)
			if !ignored(m, pf.Finding.Rule, pf.Finding.Offset) {
				out = append(out, &Item{Path: path, Message: m, Presence: []lint.Finding{pf.Finding}})
			}
		}
	}
	conv := ""
	for _, it := range items {
		out = append(out, it)
		m := it.Message
		if m.Role == transcript.RoleAgent && !presenceApplies(m) {
			alone(p, m, it.Result)
		}
		if m.Role != transcript.RoleAgent || !presenceApplies(m) {
			continue
		}
		if m.Conversation != conv {
			add(p.Flush())
			conv = m.Conversation
		}
		add(p.Message(conv, m, Document(m), it.Result))
	}
	add(p.Flush())
	return out, err
}

// FileSpan returns the bytes of its file a finding of message m covers,
// when the message's text lies in the file as it is (documents, chat
// transcripts, canned responses written literally); ok is false otherwise.
func FileSpan(m *transcript.Message, f lint.Finding) (start, end int, ok bool) {
	switch {
	case m.Map != nil && m.Map.InFile:
		return f.Offset, f.EndOffset, true
	case m.Map == nil && m.InFile:
		return m.FileOffset + f.Offset, m.FileOffset + f.EndOffset, true
	}
	return 0, 0, false
}

// Document turns a message into the engine's document.
func Document(m *transcript.Message) lint.Document {
	d := lint.Document{Path: m.Origin.Path, Text: m.Text, Skip: m.Skip, Line: m.Origin.Line, Column: m.Origin.Column, Customer: m.Customer}
	if m.Map != nil {
		d.Map = &lint.SourceMap{Source: m.Map.Source, Start: m.Map.Start, End: m.Map.End, Decoded: m.Map.Decoded}
	}
	return d
}

// checkBatches checks the messages of batches from toCheck and passes the
// batches on to checked, until toCheck closes or work is cancelled.
func checkBatches(work context.Context, linter *lint.Linter, roles map[string]bool, opts Options, toCheck <-chan *batch, checked chan<- *batch) {
	for b := range toCheck {
		if b.parts != nil {
			if !checkParts(work, linter, b, checked) {
				return
			}
			continue
		}
		for _, it := range b.items {
			if it.Message == nil || it.Unchecked {
				continue
			}
			if it.Message.Pending() {
				if err := it.Message.Resolve(); err != nil {
					it.Err, it.Message = err, nil
					continue
				}
				if !roles[it.Message.Role] && !roles["all"] {
					it.filtered, it.Unchecked = !opts.PassOthers, opts.PassOthers
					continue
				}
			}
			doc := Document(it.Message)
			doc.Sentences = opts.Sentences
			res, err := linter.Check(work, doc)
			if err != nil {
				return
			}
			applyIgnores(linter, it.Message, res, opts.ReportUnusedIgnores)
			it.Result = res
		}
		select {
		case checked <- b:
		case <-work.Done():
			return
		}
	}
}

// checkParts checks the one long message of a batch in parts: it passes
// the batch on at once, then each part through it as it is found, so
// that the collector hands them on while the rest is checked. It reports
// whether the run goes on.
func checkParts(work context.Context, linter *lint.Linter, b *batch, checked chan<- *batch) bool {
	defer close(b.parts)
	select {
	case checked <- b:
	case <-work.Done():
		return false
	}
	it := b.items[0]
	m := it.Message
	part := func(res *lint.Result, last bool) error {
		applyIgnores(linter, m, res, false)
		select {
		case b.parts <- &Item{Path: it.Path, Message: m, Result: res, Part: !last}:
			return nil
		case <-work.Done():
			return work.Err()
		}
	}
	var err error
	switch {
	case m.Source != nil && linter.Windowed():
		err = linter.CheckReader(work, Document(m), m.Source, partFindings, part)
	case m.Source != nil: // read whole after all
		if m.Text, err = readSource(m); err == nil {
			err = linter.CheckParts(work, Document(m), partFindings, part)
		}
	default:
		err = linter.CheckParts(work, Document(m), partFindings, part)
	}
	if err != nil && work.Err() == nil {
		select {
		case b.parts <- &Item{Path: it.Path, Err: fmt.Errorf("%s: %w", it.Path, err)}:
		case <-work.Done():
		}
		return true
	}
	return err == nil
}
