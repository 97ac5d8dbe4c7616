package transcript

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
)

// Formats lists the input formats by name.
func Formats() []string {
	return []string{"text", "html", "chat", "jsonl", "csv", "zendesk", "intercom", "freshdesk", "livechat", "macros"}
}

// Options tune how inputs are read.
type Options struct {
	// Format is an input format name or "auto" (or "") to detect it.
	Format string
	// AgentLabels, CustomerLabels and BotLabels are speaker labels for chat
	// transcripts, added to the built-in English and Dutch ones.
	AgentLabels, CustomerLabels, BotLabels []string
	// Fields maps lexlint's field names (conversation_id, role, text, agent,
	// timestamp, id) to an export's names, for JSONL and CSV. A name may be
	// a dotted path into nested objects ("author.type").
	Fields map[string]string
	// IncludeInternal keeps private notes (Zendesk public:false, Intercom
	// notes, Freshdesk private, LiveChat agents-only events).
	IncludeInternal bool
	// ReadRatings reads satisfaction ratings (Message.Rating), for reports;
	// without it they are not read, and a bad one is no error.
	ReadRatings bool
	// RatingScale is the scale of the rating field of JSONL and CSV
	// exports ("1-5", "0-10", "good-bad"); "" means DefaultRatingScale.
	RatingScale string
	// Ratings are satisfaction ratings by conversation (ticket) id, read
	// from a file of their own (ReadFreshdeskRatings), for exports whose
	// tickets do not carry them.
	Ratings map[string]*Rating
	// LongText is the size from which a text file is read in windows (see
	// Message.Source); 0 means the constant LongText, -1 never.
	LongText int64
}

// maxRecord is the longest JSONL line or CSV record read.
const maxRecord = 64 << 20

// Read reads one input and passes its messages and record errors to h in
// order. path names the input in messages and errors ("-" for standard
// input). It returns an error when the input as a whole cannot be read: an
// I/O error, or a format that cannot be detected.
func Read(ctx context.Context, path string, r io.Reader, opts Options, h Handler) error {
	var limit *capped
	if isStream(r) { // a pipe, FIFO or device: no size to go by
		limit = &capped{r: r, path: path, on: true}
		r = limit
	}
	br := bufio.NewReaderSize(r, 256<<10)
	var utf16 *recoded
	if bom, _ := br.Peek(2); isUTF16BOM(bom) {
		var err error
		if utf16, err = decodeUTF16(path, br); err != nil {
			return err
		}
		br = bufio.NewReaderSize(bytes.NewReader(utf16.text), 256<<10)
		r = bytes.NewReader(utf16.text)
	}
	format := opts.Format
	if format == "" || format == "auto" {
		var err error
		if format, err = Detect(path, br); err != nil {
			return err
		}
	} else if err := checkText(path, br); err != nil {
		return err
	}
	if limit != nil && (format == "jsonl" || format == "csv") {
		limit.on = false // read a record at a time
	}
	rd := &reader{ctx: ctx, path: path, opts: opts, h: h, format: format, utf16: utf16}
	var err error
	switch format {
	case "text":
		err = rd.text(br, sizeOf(r))
	case "html":
		err = rd.html(br)
	case "chat":
		err = rd.chat(br)
	case "jsonl":
		err = rd.jsonl(br)
	case "csv":
		err = rd.csv(br)
	case "zendesk", "intercom", "freshdesk", "livechat":
		err = rd.vendor(r, br, format)
	case "macros":
		err = rd.macros(br)
	default:
		return fmt.Errorf("%s: unknown input format %q: use auto or one of %s", path, format, strings.Join(Formats(), ", "))
	}
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// MaxStream is the most lexlint reads of a pipe, FIFO or device in a
// format it holds whole (text, Markdown, HTML, chat, vendor JSON, canned
// responses, UTF-16); JSON Lines and CSV are read a record at a time and
// have no such bound. A file is not bound by it: long text files are read
// in windows.
const MaxStream = 16 << 20

// capped reads r and fails once more than MaxStream bytes were read while
// on.
type capped struct {
	r    io.Reader
	path string
	n    int64
	on   bool
}

func (c *capped) Read(p []byte) (int, error) {
	if c.on && c.n > MaxStream {
		return 0, fmt.Errorf("more than %d MiB from a pipe or device, which lexlint would hold whole; save it to a file (read in windows), or use --input jsonl or csv (read a record at a time)", MaxStream>>20)
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// errStop ends reading early without an error (the handler asked to stop
// with a nil-wrapping error, or the context ended).
var errStop = errors.New("stop")

// reader holds one input's state.
type reader struct {
	utf16   *recoded // the input decoded from UTF-16, or nil
	line    int      // the line of the record being read, for exports read a line at a time
	emitted int      // messages handed on
	errors  int      // bad records reported
	ctx     context.Context
	path    string
	opts    Options
	h       Handler
	format  string
}

func (rd *reader) emit(m *Message) error {
	if err := rd.ctx.Err(); err != nil {
		return err
	}
	m.Origin.Path = rd.path
	m.Origin.Format = rd.format
	if m.Origin.Record == 0 {
		m.Origin.Record = rd.line
	}
	rd.emitted++
	if m.pending == nil {
		finish(m)
	}
	if rd.utf16 != nil {
		rd.utf16.place(m)
	}
	return rd.h.Message(m)
}

// finish marks the parts of a message's text that are not checked: inline
// ignore directives and quoted earlier messages.
func finish(m *Message) {
	if m.Map == nil {
		ignores, skips := Directives(m.Text)
		m.Ignores = append(m.Ignores, ignores...)
		m.Skip = mergeSkips(m.Skip, skips)
	}
	m.Skip = mergeSkips(m.Skip, QuoteSkips(m.Text))
}

func (rd *reader) recordError(line int, pointer string, err error) {
	rd.errors++
	rd.h.Error(&RecordError{Path: rd.path, Record: line, Pointer: pointer, Err: err})
}

// conversationName is the conversation id of a file without one.
func conversationName(path string) string {
	if path == Stdin {
		return "stdin"
	}
	return filepath.Base(path)
}

// text reads a whole draft or document as one agent message.
func (rd *reader) text(r io.Reader, size int64) error {
	long := rd.opts.LongText
	if long == 0 {
		long = LongText
	}
	if long > 0 && size >= long && rd.path != Stdin && rd.utf16 == nil && !IsMarkdown(rd.path) {
		m, err := rd.longText(size)
		if err != nil {
			return fmt.Errorf("reading %s: %w", rd.path, err)
		}
		if m != nil {
			return rd.emit(m)
		}
	}
	// Read into a buffer of the file's size where it is known: growing it
	// from nothing, as io.ReadAll does, cost a fifth of checking a long
	// text file.
	var buf bytes.Buffer
	if size > 0 && size < 1<<40 {
		buf.Grow(int(size) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return fmt.Errorf("reading %s: %w", rd.path, err)
	}
	data := buf.Bytes()
	m := &Message{Conversation: conversationName(rd.path), ID: "1", Role: RoleAgent, Text: data,
		Origin: Origin{Line: 1, Column: 1}, InFile: true}
	if IsMarkdown(rd.path) {
		m.Skip = MarkdownSkips(data)
	}
	return rd.emit(m)
}

// html reads an HTML document (a help-centre article, an e-mail template)
// as one message: its text as the browser shows it, without scripts,
// styles and markup, with positions in the HTML file.
func (rd *reader) html(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("reading %s: %w", rd.path, err)
	}
	m := &Message{Conversation: conversationName(rd.path), ID: "1", Role: RoleAgent, Origin: Origin{Line: 1, Column: 1}}
	m.Text, m.Skip, m.Map = htmlToText(data)
	return rd.emit(m)
}

// isStream reports whether r is a file that is not a regular file: a
// pipe, FIFO, socket or device, which may never end.
func isStream(r io.Reader) bool {
	f, ok := r.(interface{ Stat() (fs.FileInfo, error) })
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err != nil || !info.Mode().IsRegular()
}

// sizeOf returns the size of r when it is a file (or wraps one), else 0.
func sizeOf(r io.Reader) int64 {
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			return info.Size()
		}
	}
	return 0
}

// lines calls fn for each line of r with its 1-based number, without the
// line end. A line longer than maxRecord is an error for that line only.
func lines(r *bufio.Reader, fn func(n int, line []byte) error, tooLong func(n int)) error {
	var buf []byte
	for n := 1; ; n++ {
		buf = buf[:0]
		over := false
		for {
			chunk, err := r.ReadSlice('\n')
			if len(buf)+len(chunk) > maxRecord {
				over = true
			} else {
				buf = append(buf, chunk...)
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil && err != io.EOF {
				return err
			}
			if err == io.EOF && len(buf) == 0 && !over {
				return nil
			}
			break
		}
		if over {
			tooLong(n)
			continue
		}
		line := bytes.TrimSuffix(buf, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xEF\xBB\xBF"))
		}
		if err := fn(n, line); err != nil {
			return err
		}
		if len(buf) == 0 || buf[len(buf)-1] != '\n' {
			return nil
		}
	}
}
