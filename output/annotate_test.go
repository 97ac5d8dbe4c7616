package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
)

// sarifOf writes findings as lexlint's SARIF log.
func sarifOf(t *testing.T, root string, items []*pipeline.Item, findings [][]Finding) []byte {
	t.Helper()
	var b bytes.Buffer
	s := NewSARIF(&b, "v1")
	s.SourceRoot = root
	for i, it := range items {
		if err := s.Item(it, findings[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Finish(nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func many(path string, sev lexicon.Severity, n int) []Finding {
	var out []Finding
	for i := range n {
		out = append(out, Finding{Finding: lint.Finding{Path: path, Line: i + 1, Column: 2, EndLine: i + 1, EndColumn: 6,
			Rule: "t." + sev.String(), Severity: sev, Match: "must", Message: "a | b, 50%\nnext"}})
	}
	return out
}

// TestAnnotate checks the annotations of a SARIF log: input errors and
// errors first, at most Limit of each level, paths with spaces and commas
// escaped as workflow-command properties; and a step summary that lists
// every finding and says how many are annotations.
func TestAnnotate(t *testing.T) {
	fs := append(append(many("dir/a b,c.txt", lexicon.SeveritySuggestion, 12), many("dir/a b,c.txt", lexicon.SeverityWarning, 3)...),
		many("dir/a b,c.txt", lexicon.SeverityError, 11)...)
	log := sarifOf(t, "", []*pipeline.Item{{Path: "dir/a b,c.txt"}, {Path: "gone.txt", Err: os.ErrNotExist}}, [][]Finding{fs, nil})
	tests := []struct {
		limit                   int
		errors, warnings, notes int
	}{
		{10, 10, 3, 10},
		{0, 12, 3, 12},
		{2, 2, 2, 2},
	}
	for _, tt := range tests {
		var ann, sum bytes.Buffer
		res, err := Annotate(bytes.NewReader(log), AnnotateOptions{Annotations: &ann, Limit: tt.limit, Summary: &sum})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(ann.String(), "\n"), "\n")
		got := map[string]int{}
		for _, l := range lines {
			got[strings.SplitN(l, " ", 2)[0]]++
		}
		want := map[string]int{"::error": tt.errors, "::warning": tt.warnings, "::notice": tt.notes}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("limit %d: %v, want %v\n%s", tt.limit, got, want, ann.String())
		}
		if !strings.HasPrefix(lines[0], "::error title=lexlint.input-error::") || !strings.HasPrefix(lines[1], "::error file=dir/a b%2Cc.txt,line=1,col=2,endLine=1,endColumn=6,title=t.error::\"must\": a | b, 50%25%0Anext") {
			t.Errorf("limit %d: first lines\n%s\n%s", tt.limit, lines[0], lines[1])
		}
		if res.Results != 26 || res.InputErrors != 1 || res.Annotated != len(lines) || res.Listed != 26 {
			t.Errorf("limit %d: %+v", tt.limit, res)
		}
		s := sum.String()
		hidden := 27 - len(lines)
		if hidden > 0 && !strings.Contains(s, fmt.Sprintf("GitHub shows at most 10 annotations of each level per step (and 50 per job): %d of these are annotations on the files, the other %d are only listed here.", len(lines), hidden)) ||
			hidden == 0 && strings.Contains(s, "GitHub shows") {
			t.Errorf("limit %d: summary\n%s", tt.limit, s)
		}
		if !strings.Contains(s, "26 findings: 11 errors, 3 warnings and 12 suggestions; 1 input could not be read.") ||
			strings.Count(s, "| dir/a b,c.txt |") != 26 || !strings.Contains(s, `| "must": a \| b, 50% next |`) {
			t.Errorf("limit %d: summary\n%s", tt.limit, s)
		}
	}
}

// TestAnnotateSummaryCut checks that a summary stops before its budget and
// says how many findings it left out.
func TestAnnotateSummaryCut(t *testing.T) {
	log := sarifOf(t, "", []*pipeline.Item{{Path: "a.txt"}}, [][]Finding{many("a.txt", lexicon.SeverityWarning, 200)})
	var ann, sum bytes.Buffer
	res, err := Annotate(bytes.NewReader(log), AnnotateOptions{Annotations: &ann, Limit: 10, Summary: &sum, MaxSummary: 4000})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Len() > 4200 || res.Listed == 0 || res.Listed >= 200 || !strings.Contains(sum.String(), fmt.Sprintf("The other %d findings do not fit", 200-res.Listed)) {
		t.Errorf("%d bytes, %d listed:\n%s", sum.Len(), res.Listed, sum.String())
	}
}

// TestAnnotatePaths checks that artifact URIs become the paths the
// workflow names: relative ones unescaped, file: URIs inside the working
// directory relative to it, others as they are.
func TestAnnotatePaths(t *testing.T) {
	wd := filepath.FromSlash("/repo/sub")
	for uri, want := range map[string]string{
		"drafts/a%20b.txt":            "drafts/a b.txt",
		"c%3Anotes.txt":               "c:notes.txt",
		"file:///repo/sub/x%20y.md":   "x y.md",
		"file:///elsewhere/z.md":      "/elsewhere/z.md",
		"file:///repo/subway/z.md":    "/repo/subway/z.md",
		"https://example.com/page.md": "https://example.com/page.md",
	} {
		if got := filepath.ToSlash(localPath(uri, wd)); got != want {
			t.Errorf("%s: %q, want %q", uri, got, want)
		}
	}
	if _, err := Annotate(strings.NewReader(`{"version": "2.1.0"}`), AnnotateOptions{Annotations: &bytes.Buffer{}}); err == nil || !strings.Contains(err.Error(), "no runs") {
		t.Errorf("a log without runs: %v", err)
	}
	if _, err := Annotate(strings.NewReader(`{"runs": [`), AnnotateOptions{Annotations: &bytes.Buffer{}}); err == nil {
		t.Error("a cut log: no error")
	}
}

// TestSARIFSourceRoot checks that a source root is the uri of %SRCROOT%,
// a file: URI ending in a slash, and that the log still validates.
func TestSARIFSourceRoot(t *testing.T) {
	log := string(sarifOf(t, "/home/me/my repo", []*pipeline.Item{{Path: "docs/a.txt"}}, [][]Finding{many("docs/a.txt", lexicon.SeverityError, 1)}))
	if !strings.Contains(log, `"originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///home/me/my%20repo/", "description"`) ||
		!strings.Contains(log, `"uri":"docs/a.txt","uriBaseId":"%SRCROOT%"`) {
		t.Errorf("%s", log)
	}
	validateSARIF(t, log)
	if log := string(sarifOf(t, "", nil, nil)); !strings.Contains(log, `"originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory lexlint ran in"}}}`) {
		t.Errorf("without a root: %s", log)
	}
}
