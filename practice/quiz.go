package practice

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Formats of the files this package writes.
const (
	QuizFormat   = "lexlint-quiz/1"
	ResultFormat = "lexlint-result/1"
)

// Item kinds.
const (
	KindRewrite = "rewrite" // rewrite a flagged sentence; the engine judges it
	KindSpot    = "spot"    // which of three replies sounds rigid or blaming, and which words
	KindChoice  = "choice"  // which of two rewrites is better (the other keeps a discouraged phrase)
)

// Modes of a quiz.
const (
	ModePractice      = "practice"      // spaced repetition, feedback at once
	ModeCertification = "certification" // a fixed test with a pass mark, graded by the server
)

// Limits of a quiz file.
const (
	MaxItems    = 500
	maxText     = 2000 // bytes of an item's text or option
	MaxQuizSize = 4 << 20
)

// Quiz is a set of exercises in one language.
type Quiz struct {
	Format   string  `json:"format"`
	Title    string  `json:"title"`
	Language string  `json:"language"`
	Mode     string  `json:"mode"`
	PassMark float64 `json:"pass_mark,omitempty"` // share of the points, for certification
	Created  string  `json:"created"`
	Source   string  `json:"source"`
	Items    []*Item `json:"items"`
	// Digest is "sha256:" and the hash of the quiz with Digest empty: a
	// quiz changed after it was made does not load, and results name the
	// quiz they were made with.
	Digest string `json:"digest"`
}

// Item is one exercise.
type Item struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Category    string   `json:"category"`
	Rule        string   `json:"rule,omitempty"`
	Origin      string   `json:"origin"`         // "lexicon" or "desk" (a sentence of the desk's own)
	Text        string   `json:"text,omitempty"` // rewrite: the flagged sentence
	Options     []string `json:"options,omitempty"`
	Answer      int      `json:"answer"`          // spot and choice: the index of the right option
	Words       string   `json:"words,omitempty"` // the discouraged wording
	Reason      string   `json:"reason"`
	Model       string   `json:"model,omitempty"` // rewrite: a model answer
	Suggestions []string `json:"suggestions,omitempty"`
}

// digest hashes the quiz with its digest left out.
func (q *Quiz) digest() string {
	c := *q
	c.Digest = ""
	data, _ := json.Marshal(&c)
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Seal sets the quiz's digest.
func (q *Quiz) Seal() { q.Digest = q.digest() }

// WriteQuiz writes a quiz as indented JSON.
func WriteQuiz(w io.Writer, q *Quiz) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(q)
}

// ReadQuiz reads and checks a quiz file: JSON syntax (with line and
// column), the known fields only, every item, and the digest. name is
// used in errors.
func ReadQuiz(r io.Reader, name string) (*Quiz, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxQuizSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxQuizSize {
		return nil, fmt.Errorf("%s: larger than %d bytes: not a quiz", name, MaxQuizSize)
	}
	if err := formatIs(data, QuizFormat, "a lexlint quiz (make one with lexlint practice make)"); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var q Quiz
	if err := strictJSON(data, &q); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := q.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &q, nil
}

// formatIs says what a JSON object with another "format" is not; syntax
// errors are left to strictJSON.
func formatIs(data []byte, want, what string) error {
	var head struct {
		Format *string `json:"format"`
	}
	if json.Unmarshal(data, &head) != nil {
		return nil
	}
	if head.Format == nil {
		return fmt.Errorf("no \"format\": not %s", what)
	}
	if *head.Format != want {
		return fmt.Errorf("format %q: not %s (want %q)", *head.Format, what, want)
	}
	return nil
}

// strictJSON decodes one JSON object with known fields only, and says
// where a syntax error is.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			line, col := position(data, max(0, int(syn.Offset)-1)) // Offset is just past the bad byte
			return fmt.Errorf("line %d, column %d: not valid JSON: %v", line, col, syn)
		case errors.As(err, &typ) && typ.Field == "":
			return fmt.Errorf("the file should be a JSON object, not %s", typ.Value)
		case errors.As(err, &typ):
			line, col := position(data, int(typ.Offset))
			return fmt.Errorf("line %d, column %d: %q should be %s, not %s", line, col, typ.Field, typ.Type, typ.Value)
		case errors.Is(err, io.EOF):
			return errors.New("empty: not a lexlint file")
		case errors.Is(err, io.ErrUnexpectedEOF):
			line, _ := position(data, len(data))
			return fmt.Errorf("the JSON ends early, at line %d: the file is cut short", line)
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("more data after the JSON object")
	}
	return nil
}

// position is the 1-based line and column of a byte offset.
func position(data []byte, off int) (int, int) {
	off = min(off, len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}

// Check checks a quiz: its format, language, mode and pass mark, every
// item, and that the digest matches the content.
func (q *Quiz) Check() error {
	switch {
	case q.Format != QuizFormat:
		return fmt.Errorf("format %q: not a lexlint quiz (want %q; make one with lexlint practice make)", q.Format, QuizFormat)
	case q.Language != "en" && q.Language != "nl":
		return fmt.Errorf("language %q: a quiz is in en or nl", q.Language)
	case q.Mode != ModePractice && q.Mode != ModeCertification:
		return fmt.Errorf("mode %q: use %s or %s", q.Mode, ModePractice, ModeCertification)
	case q.Mode == ModeCertification && (q.PassMark <= 0 || q.PassMark > 1):
		return fmt.Errorf("pass_mark %v: a certification quiz needs a pass mark above 0 and at most 1 (0.8 is 80%%)", q.PassMark)
	case len(q.Items) == 0:
		return errors.New("no items")
	case len(q.Items) > MaxItems:
		return fmt.Errorf("%d items: at most %d", len(q.Items), MaxItems)
	}
	ids := map[string]bool{}
	for i, it := range q.Items {
		if it == nil {
			return fmt.Errorf("item %d: null", i+1)
		}
		if err := it.check(); err != nil {
			return fmt.Errorf("item %d (id %q): %w", i+1, it.ID, err)
		}
		if ids[it.ID] {
			return fmt.Errorf("item %d: id %q is used twice", i+1, it.ID)
		}
		ids[it.ID] = true
	}
	if q.Digest == "" {
		return errors.New("no digest: the quiz was not made by lexlint practice make")
	}
	if q.Digest != q.digest() {
		return errors.New("the digest does not match the content: the quiz was changed after it was made; make it again with lexlint practice make")
	}
	return nil
}

func (it *Item) check() error {
	if it.ID == "" || len(it.ID) > 100 {
		return errors.New("an item needs an id of 1 to 100 characters")
	}
	for _, s := range append([]string{it.Text, it.Reason, it.Model, it.Words, it.Category}, it.Options...) {
		if len(s) > maxText || !utf8.ValidString(s) {
			return fmt.Errorf("a text is longer than %d bytes or not UTF-8", maxText)
		}
	}
	if it.Category == "" {
		return errors.New("no category")
	}
	switch it.Kind {
	case KindRewrite:
		if strings.TrimSpace(it.Text) == "" || strings.TrimSpace(it.Model) == "" {
			return errors.New("a rewrite item needs a text and a model answer")
		}
	case KindSpot, KindChoice:
		want := map[string]int{KindSpot: 3, KindChoice: 2}[it.Kind]
		if len(it.Options) != want {
			return fmt.Errorf("a %s item has %d options, not %d", it.Kind, want, len(it.Options))
		}
		if it.Answer < 0 || it.Answer >= want {
			return fmt.Errorf("answer %d: not one of the %d options (0 to %d)", it.Answer, want, want-1)
		}
		for _, o := range it.Options {
			if strings.TrimSpace(o) == "" {
				return errors.New("an empty option")
			}
		}
	default:
		return fmt.Errorf("kind %q: use %s, %s or %s", it.Kind, KindRewrite, KindSpot, KindChoice)
	}
	return nil
}
