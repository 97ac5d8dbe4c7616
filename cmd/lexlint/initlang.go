package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/lexlint/lexlint/lint"
)

// clearFiles is how many files of one language, and none of the other,
// make a folder clearly of that language: init then writes lang: that
// language rather than auto.
const clearFiles = 3

// initLanguage chooses init's language without --lang: the language most
// of the text files in dir are in (up to 200 files and 4 MB, hidden
// folders skipped), else the answer on a terminal, else Dutch. It returns
// the language, why it was chosen, and whether the folder is clearly of
// that language (see clearFiles).
func initLanguage(ctx context.Context, e env, dir string) (lang, why string, clear bool, err error) {
	counts, err := folderLanguages(ctx, dir)
	if err != nil {
		return "", "", false, err
	}
	switch {
	case counts["nl"] > counts["en"]:
		return "nl", fmt.Sprintf("%d of the files in %s are Dutch, %d English", counts["nl"], dir, counts["en"]), clearly(counts, "nl"), nil
	case counts["en"] > counts["nl"]:
		return "en", fmt.Sprintf("%d of the files in %s are English, %d Dutch", counts["en"], dir, counts["nl"]), clearly(counts, "en"), nil
	}
	if isTerminal(e.stdin) && isTerminal(e.stdout) {
		fmt.Fprintf(e.stdout, "The files in %s do not tell the language of your replies. Dutch or English? [nl/en] ", dir)
		answer, _ := bufio.NewReader(e.stdin).ReadString('\n')
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "en", "english", "engels":
			return "en", "your answer", false, nil
		case "nl", "dutch", "nederlands", "":
			return "nl", "your answer", false, nil
		}
		return "", "", false, fmt.Errorf("%q: answer nl or en, or give --lang", strings.TrimSpace(answer))
	}
	return "nl", "the files in " + dir + " do not tell; the default", false, nil
}

// clearly reports whether the counts make a folder clearly of lang.
func clearly(counts map[string]int, lang string) bool {
	for l, n := range counts {
		if l != lang && n > 0 {
			return false
		}
	}
	return counts[lang] >= clearFiles
}

// folderLanguages counts the text files below dir by the language the
// built-in detection gives them.
func folderLanguages(ctx context.Context, dir string) (map[string]int, error) {
	linter, err := lint.NewBuiltin(lint.Options{})
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	files, budget := 0, 4<<20
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil // unreadable parts tell nothing
		case d.IsDir() && path != dir && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case d.IsDir() || !d.Type().IsRegular() || !textFile(path):
			return nil
		case files == 200 || budget <= 0:
			return filepath.SkipAll
		}
		data, err := readHead(path, min(budget, 256<<10))
		if err != nil {
			return nil
		}
		files++
		budget -= len(data)
		res, err := linter.Check(ctx, lint.Document{Path: path, Text: data})
		if err != nil {
			return err
		}
		if res.Lang != "" {
			counts[res.Lang]++
		}
		return nil
	})
	return counts, err
}

// textFile reports whether a file's name says it holds replies, macros or
// exports.
func textFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".md", ".markdown", ".yaml", ".yml", ".json", ".jsonl", ".csv", ".html", ".htm":
		return true
	}
	return false
}

// readHead reads up to n bytes of a file.
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, int64(n)))
}
