// Package pipeline runs the engine over inputs: it reads files with the
// transcript readers, checks their messages on several goroutines, and
// hands results back in input order, so output is the same for any number
// of workers. It applies the presence rules, which need messages in order.
// Memory stays bounded: only a few batches of messages are in flight.
package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
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

// unusedRule is the rule of findings about ignore directives that
// suppressed nothing.
const unusedRule = "lexlint.unused-ignore"

// applyIgnores drops the findings that a message's ignore directives
// cover and, when asked, reports the directives that covered none.
func applyIgnores(linter *lint.Linter, m *transcript.Message, res *lint.Result, reportUnused bool) {
	if len(m.Ignores) == 0 {
		return
	}
	used := make([]bool, len(m.Ignores))
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		drop := false
		for i, ig := range m.Ignores {
			if ig.Covers(f.Rule, f.Offset) {
				used[i], drop = true, true
			}
		}
		if !drop {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
	if !reportUnused {
		return
	}
	doc := Document(m)
	for i, ig := range m.Ignores {
		if used[i] || ig.Offset < 0 || namesPresenceRule(linter, ig.Rules) {
			continue
		}
		line, col := doc.Position(ig.Offset)
		endLine, endCol := doc.Position(ig.Offset + len(ig.Directive))
		res.Findings = append(res.Findings, lint.Finding{
			Path: doc.Path, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
			Offset: ig.Offset, EndOffset: ig.Offset + len(ig.Directive),
			Rule: unusedRule, Category: "lexlint", Severity: lexicon.SeverityWarning, Match: ig.Directive,
			Message:     "This ignore directive suppresses no finding: remove it, or name the rule it should silence.",
			Suggestions: []string{},
		})
	}
	sort.SliceStable(res.Findings, func(i, j int) bool { return res.Findings[i].Offset < res.Findings[j].Offset })
}

// namesPresenceRule reports whether a directive names a presence rule,
// whose findings come later, per conversation.
func namesPresenceRule(linter *lint.Linter, rules []string) bool {
	for _, r := range rules {
		if linter.PresenceRule(r) {
			return true
		}
	}
	return false
}

// ignored reports whether a message's directives cover a finding.
func ignored(m *transcript.Message, rule string, off int) bool {
	for _, ig := range m.Ignores {
		if ig.Covers(rule, off) {
			return true
		}
	}
	return false
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

// alone adds the conversation rules' findings of a canned response, a
// conversation of its own, to its result, in order, as the message's own
// findings (inline ignores honoured).
func alone(p *lint.Presence, m *transcript.Message, res *lint.Result) {
	added := false
	for _, pf := range p.Alone(m, Document(m), res) {
		if !ignored(m, pf.Finding.Rule, pf.Finding.Offset) {
			res.Findings = append(res.Findings, pf.Finding)
			added = true
		}
	}
	if added {
		slices.SortStableFunc(res.Findings, func(a, b lint.Finding) int { return a.Offset - b.Offset })
	}
}

// presenceApplies tells whether presence rules look at a message (the
// conversation rules look at a canned response on its own): not at
// canned responses, which are fragments rather than replies.
func presenceApplies(m *transcript.Message) bool { return m.Origin.Format != "macros" }

// Document turns a message into the engine's document.
func Document(m *transcript.Message) lint.Document {
	d := lint.Document{Path: m.Origin.Path, Text: m.Text, Skip: m.Skip, Line: m.Origin.Line, Column: m.Origin.Column, Customer: m.Customer}
	if m.Map != nil {
		d.Map = &lint.SourceMap{Source: m.Map.Source, Start: m.Map.Start, End: m.Map.End, Decoded: m.Map.Decoded}
	}
	return d
}

// collector hands checked items to the sink in input order, with the
// presence findings of each conversation after its messages, and the
// warning about unrecognised roles with each file's end.
type collector struct {
	sink     Sink
	cancel   func() // stops the run when the sink fails
	roles    map[string]bool
	presence *lint.Presence
	err      error // the sink's first error

	lastPath, lastConv, conv string     // the conversation presence rules are in
	partHits                 []lint.Hit // one hit per rule of the long message in parts
	ids                      *transcript.IDs
	unknown                  map[string]int
}

func (c *collector) deliver(it *Item) {
	if c.err == nil {
		if err := c.sink(it); err != nil {
			c.err = err
			c.cancel()
		}
	}
}

func (c *collector) flushPresence(fs []lint.PresenceFinding) {
	for _, pf := range fs {
		m := pf.Ref.(*transcript.Message)
		if ignored(m, pf.Finding.Rule, pf.Finding.Offset) {
			continue
		}
		c.deliver(&Item{Path: m.Origin.Path, Message: m, Presence: []lint.Finding{pf.Finding}})
	}
}

// batch handles a batch's items, in order: a long message's as they are
// checked.
func (c *collector) batch(b *batch) {
	if b.parts != nil {
		for it := range b.parts {
			c.item(it)
		}
		return
	}
	for _, it := range b.items {
		c.item(it)
	}
}

// item handles the next item in input order.
func (c *collector) item(it *Item) {
	if it.Part {
		// The presence rules see the message once, with the hits of all
		// its parts; its text stays until the last part is out.
		for _, h := range it.Result.Hits {
			if !slices.ContainsFunc(c.partHits, func(k lint.Hit) bool { return k.Rule == h.Rule }) {
				c.partHits = append(c.partHits, h)
			}
		}
		c.deliver(it)
		return
	}
	if it.Message != nil && it.Message.Origin.Format == "jsonl" {
		c.ids.Assign(it.Message)
		if it.Message.Role == transcript.RoleUnknown {
			c.unknown[it.Message.RawRole]++
		}
	}
	if it.filtered {
		return
	}
	if it.FileDone {
		c.partHits = c.partHits[:0] // of a long message cut short by an error
		for raw, n := range it.unknown {
			c.unknown[raw] += n
		}
		it.Warning = unknownRoles(it.Path, c.unknown, c.roles["all"])
		c.unknown = map[string]int{}
		c.ids = &transcript.IDs{}
	}
	if it.Unchecked {
		c.leave(it)
		c.deliver(it)
		it.Message.Text, it.Message.Map, it.Message.Skip = nil, nil, nil
		return
	}
	if it.Message == nil || it.Result == nil {
		if it.FileDone && c.presence != nil {
			c.flushPresence(c.presence.Flush())
			c.lastPath, c.lastConv = "", ""
		}
		c.deliver(it)
		return
	}
	var due []lint.PresenceFinding
	agent := it.Message.Role == transcript.RoleAgent && presenceApplies(it.Message)
	if !agent {
		c.leave(it)
	}
	if c.presence != nil && agent {
		if it.Path != c.lastPath || it.Message.Conversation != c.lastConv {
			if c.lastPath != "" {
				c.flushPresence(c.presence.Flush())
			}
			c.lastPath, c.lastConv = it.Path, it.Message.Conversation
			c.conv = it.Path + "\x00" + c.lastConv // once per conversation
		}
		res := it.Result
		if len(c.partHits) > 0 {
			res = &lint.Result{Lang: res.Lang, Words: res.Words, Hits: append(c.partHits, res.Hits...)}
		}
		due = c.presence.Message(c.conv, it.Message, Document(it.Message), res)
	} else if c.presence != nil && it.Message.Role == transcript.RoleAgent {
		alone(c.presence, it.Message, it.Result) // a canned response
	}
	c.partHits = c.partHits[:0]
	c.deliver(it)
	// The text is no longer needed once results are out; the presence
	// rules keep the message only for its place, and their findings report
	// no text.
	it.Message.Text, it.Message.Map, it.Message.Skip = nil, nil, nil
	c.flushPresence(due)
}

// leave puts the presence findings of the last conversation before a
// message of another role from the next one (a bot's or customer's, with
// --role or Options.PassOthers).
func (c *collector) leave(it *Item) {
	if c.presence != nil && c.lastPath != "" && (it.Path != c.lastPath || it.Message.Conversation != c.lastConv) {
		c.flushPresence(c.presence.Flush())
		c.lastPath, c.lastConv = "", ""
	}
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
