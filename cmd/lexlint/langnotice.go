package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/lexlint/lexlint/output"
	"github.com/lexlint/lexlint/pipeline"
)

// langNotices gathers, where --lang or the configuration forces a
// language, the files whose texts read as another: their wording in that
// language goes unchecked, which the user must hear about.
type langNotices struct {
	lang, source string // the forced language and where it was set
	order        []string
	files        map[string]*langCount
}

// langCount counts a file's checked messages and those of each other
// language.
type langCount struct {
	total int
	other map[string]int
}

// newLangNotices returns nil when the language is detected per text.
func newLangNotices(lang, source string) *langNotices {
	if lang == "" || lang == "auto" {
		return nil
	}
	return &langNotices{lang: lang, source: source, files: map[string]*langCount{}}
}

// add counts a checked message (the last item of one checked in parts).
func (n *langNotices) add(it *pipeline.Item) {
	if n == nil || it.Result == nil || it.Part || it.Unchecked {
		return
	}
	c := n.files[it.Path]
	if c == nil {
		c = &langCount{other: map[string]int{}}
		n.files[it.Path] = c
		n.order = append(n.order, it.Path)
	}
	c.total++
	if d := it.Result.Detected; d != "" && d != n.lang {
		c.other[d]++
	}
}

// langNames names the languages lexlint knows.
var langNames = map[string]string{"en": "English", "nl": "Dutch"}

// write prints a warning for each file with texts of another language,
// and returns how many files had them.
func (n *langNotices) write(w io.Writer) int {
	if n == nil {
		return 0
	}
	files := 0
	for _, path := range n.order {
		c := n.files[path]
		for lang, k := range c.other {
			files++
			what := "reads as " + langNames[lang]
			if c.total > 1 {
				what = fmt.Sprintf("%d of %d messages read as %s", k, c.total, langNames[lang])
			}
			name := path
			if name == "-" {
				name = "standard input"
			}
			fmt.Fprintf(w, "lexlint: warning: %s %s, but lang is %s (%s), so only %s wording was checked: set lang: auto to detect each text's language, or use --lang %s\n",
				output.Visible(name), what, n.lang, n.source, langNames[n.lang], lang)
		}
	}
	return files
}

// sourceName says where a setting came from in words.
func sourceName(src string) string {
	if strings.HasPrefix(src, "--") || src == "default" {
		return src
	}
	return "set at " + src
}
