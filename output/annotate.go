package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// GitHub's limits on what a step of a job shows (see the Actions toolkit's
// problem-matchers documentation and docs.github.com's workflow commands):
// 10 annotations of each level (error, warning, notice) per step, 50 per
// job, and a step summary of at most 1 MiB.
const (
	AnnotationsPerLevel = 10
	SummaryLimit        = 1 << 20
)

// AnnotateOptions say where Annotate writes and how much.
type AnnotateOptions struct {
	// Annotations receives the workflow commands (::error, ::warning,
	// ::notice), at most Limit of each level; Limit 0 writes them all.
	Annotations io.Writer
	Limit       int
	// Summary, when set, receives a Markdown step summary: the counts, how
	// many are annotations, and a table of every finding, cut (with a
	// line saying so) before MaxSummary bytes (SummaryLimit less a margin
	// when 0).
	Summary    io.Writer
	MaxSummary int
}

// AnnotateResult counts what Annotate read and wrote.
type AnnotateResult struct {
	Results     int            // findings in the log
	ByLevel     map[string]int // results by SARIF level (error, warning, note)
	InputErrors int            // toolExecutionNotifications of level error
	Annotated   int            // workflow commands written, input errors included
	Listed      int            // findings in the summary's table
}

// sarifLog is the part of a SARIF 2.1.0 log Annotate reads.
type sarifLog struct {
	Runs []struct {
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Level   string `json:"level"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine, StartColumn, EndLine, EndColumn int
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
		Invocations []struct {
			Notifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

// annotated is one finding as a workflow command and a summary row.
type annotated struct {
	level, file, rule, text    string
	line, col, endLine, endCol int
}

// Annotate reads a SARIF log (lexlint's, or any tool's) and writes its
// findings as GitHub Actions annotations, errors first, at most
// opts.Limit of each level since GitHub shows no more than
// AnnotationsPerLevel of each per step, and every finding in the step
// summary. File paths are the artifact URIs made local: relative ones as
// they are (relative to %SRCROOT%, which a run from the repository root or
// with --path-prefix makes the repository), file: URIs relative to the
// working directory when they are inside it.
func Annotate(r io.Reader, opts AnnotateOptions) (AnnotateResult, error) {
	res := AnnotateResult{ByLevel: map[string]int{}}
	var log sarifLog
	if err := json.NewDecoder(bufio.NewReader(r)).Decode(&log); err != nil {
		return res, fmt.Errorf("reading the SARIF log: %w", err)
	}
	if len(log.Runs) == 0 {
		return res, fmt.Errorf("reading the SARIF log: it has no runs; is it a SARIF 2.1.0 log?")
	}
	wd, _ := os.Getwd()
	var all []annotated
	var inputErrs []string
	for _, run := range log.Runs {
		for _, inv := range run.Invocations {
			for _, n := range inv.Notifications {
				if n.Level == "error" {
					inputErrs = append(inputErrs, n.Message.Text)
				}
			}
		}
		for _, r := range run.Results {
			a := annotated{level: r.Level, rule: r.RuleID, text: r.Message.Text}
			if a.level == "" {
				a.level = "warning" // SARIF's default
			}
			if len(r.Locations) > 0 {
				pl := r.Locations[0].PhysicalLocation
				a.file = localPath(pl.ArtifactLocation.URI, wd)
				rg := pl.Region
				a.line, a.col, a.endLine, a.endCol = rg.StartLine, rg.StartColumn, rg.EndLine, rg.EndColumn
			}
			res.ByLevel[a.level]++
			all = append(all, a)
		}
	}
	res.Results, res.InputErrors = len(all), len(inputErrs)
	if err := writeAnnotations(opts, all, inputErrs, &res); err != nil {
		return res, err
	}
	if opts.Summary != nil {
		if err := writeSummary(opts, all, inputErrs, &res); err != nil {
			return res, fmt.Errorf("writing the step summary: %w", err)
		}
	}
	return res, nil
}

// writeAnnotations writes the input errors and then the findings, level by
// level, at most opts.Limit of each level.
func writeAnnotations(opts AnnotateOptions, all []annotated, inputErrs []string, res *AnnotateResult) error {
	g := NewGitHub(nil)
	w := bufio.NewWriter(opts.Annotations)
	written := map[string]int{}
	full := func(level string) bool { return opts.Limit > 0 && written[level] >= opts.Limit }
	for _, msg := range inputErrs {
		if full("error") {
			break
		}
		fmt.Fprintf(w, "::error title=lexlint.input-error::%s\n", g.data.Replace(VisibleLines(msg)))
		written["error"]++
	}
	for _, level := range []string{"error", "warning", "note"} {
		for _, a := range all {
			if a.level != level || full(level) {
				continue
			}
			cmd := map[string]string{"error": "error", "warning": "warning"}[level]
			if cmd == "" {
				cmd = "notice"
			}
			fmt.Fprintf(w, "::%s file=%s", cmd, g.property.Replace(Visible(a.file)))
			if a.line > 0 {
				fmt.Fprintf(w, ",line=%d", a.line)
			}
			if a.col > 0 {
				fmt.Fprintf(w, ",col=%d,endLine=%d,endColumn=%d", a.col, max(a.endLine, a.line), a.endCol)
			}
			fmt.Fprintf(w, ",title=%s::%s\n", g.property.Replace(Visible(a.rule)), g.data.Replace(VisibleLines(a.text)))
			written[level]++
		}
	}
	for _, n := range written {
		res.Annotated += n
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing annotations: %w", err)
	}
	return nil
}

// writeSummary writes the Markdown step summary: counts, the annotation
// limit said plainly, and a table of every finding that fits.
func writeSummary(opts AnnotateOptions, all []annotated, inputErrs []string, res *AnnotateResult) error {
	limit := opts.MaxSummary
	if limit <= 0 {
		limit = SummaryLimit - 64<<10
	}
	var b strings.Builder
	b.WriteString("## lexlint\n\n")
	fmt.Fprintf(&b, "%s: %s, %s and %s", plural(res.Results, "finding"), plural(res.ByLevel["error"], "error"),
		plural(res.ByLevel["warning"], "warning"), plural(res.ByLevel["note"], "suggestion"))
	if len(inputErrs) > 0 {
		fmt.Fprintf(&b, "; %s could not be read", plural(len(inputErrs), "input"))
	}
	b.WriteString(".\n\n")
	if hidden := res.Results + len(inputErrs) - res.Annotated; hidden > 0 {
		fmt.Fprintf(&b, "GitHub shows at most %d annotations of each level per step (and 50 per job): %d of these are annotations on the files, the other %d are only listed here.\n\n",
			AnnotationsPerLevel, res.Annotated, hidden)
	}
	for _, msg := range inputErrs {
		fmt.Fprintf(&b, "- input error: %s\n", cell(msg))
	}
	if len(inputErrs) > 0 {
		b.WriteString("\n")
	}
	if len(all) > 0 {
		b.WriteString("| File | Line | Level | Rule | Message |\n|---|---|---|---|---|\n")
	}
	for i, a := range all {
		row := fmt.Sprintf("| %s | %d:%d | %s | %s | %s |\n", cell(a.file), a.line, a.col, levelName(a.level), cell(a.rule), cell(a.text))
		if b.Len()+len(row) > limit {
			fmt.Fprintf(&b, "\nThe other %d findings do not fit in a step summary (1 MiB): see the SARIF log.\n", len(all)-i)
			break
		}
		b.WriteString(row)
		res.Listed++
	}
	_, err := io.WriteString(opts.Summary, b.String())
	return err
}

// cell makes text safe in a Markdown table cell: one line, pipes and
// markup escaped.
func cell(s string) string {
	s = VisibleLines(s)
	r := strings.NewReplacer("\n", " ", "\r", " ", "|", `\|`, "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`)
	return r.Replace(s)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// localPath turns an artifact URI into a path: a relative reference
// unescaped, a file: URI made relative to wd when it is inside it.
func localPath(uri, wd string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	if u.Scheme == "" {
		return filepath.FromSlash(u.Path)
	}
	if u.Scheme != "file" {
		return uri
	}
	p := filepath.FromSlash(u.Path)
	if len(p) >= 3 && p[0] == filepath.Separator && p[2] == ':' { // /C:/x on Windows
		p = p[1:]
	}
	if wd != "" {
		if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return p
}

// levelName is a SARIF level in lexlint's terms.
func levelName(level string) string {
	if level == "note" {
		return "suggestion"
	}
	return level
}
