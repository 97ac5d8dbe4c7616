package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/lexlint/lexlint/fix"
)

// The code action kind and command of "fix all safe fixes in this file".
const (
	kindFixAll    = "source.fixAll.lexlint"
	commandFixAll = "lexlint.fixAll"
)

// codeActions offers, for each finding in the range, its suggestions (the
// entry's fix first and preferred, in the match's capitalisation), a
// directive that silences the rule on that line, and for the file every
// safe fix at once.
func (s *Server) codeActions(p CodeActionParams) ([]CodeAction, error) {
	s.mu.Lock()
	doc, enc := s.docs[p.TextDocument.URI], s.enc
	s.mu.Unlock()
	out := []CodeAction{}
	if doc == nil {
		return out, nil
	}
	only := func(kind string) bool {
		return len(p.Context.Only) == 0 || slices.ContainsFunc(p.Context.Only, func(k string) bool { return strings.HasPrefix(kind, k) })
	}
	start, end := doc.text.offset(p.Range.Start, enc), doc.text.offset(p.Range.End, enc)
	if only("quickfix") {
		for _, l := range doc.findings {
			if l.f.Match == "" || l.end < start || l.start > end {
				continue
			}
			out = append(out, s.fixesOf(doc, l, enc)...)
		}
	}
	if all := fixAll(doc, enc); len(all) > 0 && only(kindFixAll) {
		out = append(out, CodeAction{Title: fmt.Sprintf("lexlint: fix all safe fixes in this file (%d)", len(all)), Kind: kindFixAll,
			Edit: &WorkspaceEdit{Changes: map[string][]TextEdit{doc.uri: all}}})
	}
	return out, nil
}

// fixesOf are the quick fixes of one finding.
func (s *Server) fixesOf(doc *document, l located, enc string) []CodeAction {
	var out []CodeAction
	if l.editable {
		options := slices.Clone(l.f.Suggestions)
		if l.f.Fix != "" {
			options = append([]string{l.f.Fix}, slices.DeleteFunc(options, func(x string) bool { return x == l.f.Fix })...)
		}
		for _, sug := range options {
			edit := TextEdit{Range: doc.text.rangeOf(l.start, l.end, enc), NewText: fixed(l.f, sug)}
			out = append(out, CodeAction{Title: fmt.Sprintf("Replace “%s” with “%s”", l.f.Match, edit.NewText), Kind: "quickfix",
				Diagnostics: []Diagnostic{l.diag}, IsPreferred: sug == l.f.Fix,
				Edit: &WorkspaceEdit{Changes: map[string][]TextEdit{doc.uri: {edit}}}})
		}
	}
	if l.directive {
		line := doc.text.position(l.start, enc).Line
		lineStart := doc.text.lines[line]
		indent := lineStart
		for indent < len(doc.text.data) && (doc.text.data[indent] == ' ' || doc.text.data[indent] == '\t') {
			indent++
		}
		directive := "lexlint-disable-next-line " + l.f.Rule
		if l.markdown {
			directive = "<!-- " + directive + " -->"
		}
		at := doc.text.rangeOf(lineStart, lineStart, enc)
		out = append(out, CodeAction{Title: "Disable " + l.f.Rule + " for this line", Kind: "quickfix",
			Diagnostics: []Diagnostic{l.diag},
			Edit:        &WorkspaceEdit{Changes: map[string][]TextEdit{doc.uri: {{Range: at, NewText: string(doc.text.data[lineStart:indent]) + directive + "\n"}}}}})
	}
	return out
}

// fixAll is every safe fix of the document (the entries' fix), overlapping
// ones left out as --fix leaves them.
func fixAll(doc *document, enc string) []TextEdit {
	var edits []fix.Edit
	for _, l := range doc.findings {
		if l.editable && l.f.Fix != "" {
			edits = append(edits, fix.Edit{Start: l.start, End: l.end, Old: string(doc.text.data[l.start:l.end]), New: fixed(l.f, l.f.Fix), Rule: l.f.Rule})
		}
	}
	apply, _ := fix.Plan(doc.text.data, edits)
	out := make([]TextEdit, 0, len(apply))
	for _, e := range apply {
		out = append(out, TextEdit{Range: doc.text.rangeOf(e.Start, e.End, enc), NewText: e.New})
	}
	return out
}

// executeCommand runs lexlint.fixAll on the document its argument names:
// the client is asked to apply the edits (after this answer: a request to
// the client cannot wait inside the handling of one from it).
func (s *Server) executeCommand(ctx context.Context, p ExecuteCommandParams) (any, error) {
	if p.Command != commandFixAll || len(p.Arguments) != 1 {
		return nil, fmt.Errorf("unknown command %q: lexlint has %s with the document's URI", p.Command, commandFixAll)
	}
	var uri string
	if err := json.Unmarshal(p.Arguments[0], &uri); err != nil {
		return nil, fmt.Errorf("%s takes the document's URI: %w", commandFixAll, err)
	}
	s.mu.Lock()
	doc, enc, conn := s.docs[uri], s.enc, s.conn
	s.mu.Unlock()
	if doc == nil {
		return nil, fmt.Errorf("%s is not open", uri)
	}
	edits := fixAll(doc, enc)
	if len(edits) == 0 || conn == nil {
		return nil, nil
	}
	s.background(func() {
		params := ApplyWorkspaceEditParams{Label: "lexlint: fix all safe fixes", Edit: WorkspaceEdit{Changes: map[string][]TextEdit{uri: edits}}}
		if err := conn.Call(s.ctx, "workspace/applyEdit", params, nil); err != nil && s.ctx.Err() == nil {
			s.logf("applying the fixes: %v", err)
		}
	})
	return nil, nil
}

// hover shows the entry of the finding under the cursor: its category,
// severity, reason and suggestions.
func (s *Server) hover(p HoverParams) (*Hover, error) {
	s.mu.Lock()
	doc, enc := s.docs[p.TextDocument.URI], s.enc
	s.mu.Unlock()
	if doc == nil {
		return nil, nil
	}
	off := doc.text.offset(p.Position, enc)
	for _, l := range doc.findings {
		if l.f.Match == "" || off < l.start || off > l.end {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "**lexlint: %s** (%s, `%s`)\n\n%s\n", l.f.Category, l.f.Severity, l.f.Rule, l.f.Message)
		if len(l.f.Suggestions) > 0 {
			b.WriteString("\nTry instead:\n")
			for _, sug := range l.f.Suggestions {
				fmt.Fprintf(&b, "- %s\n", sug)
			}
		}
		if l.f.Link != "" {
			fmt.Fprintf(&b, "\n[More](%s)\n", l.f.Link)
		}
		r := doc.text.rangeOf(l.start, l.end, enc)
		return &Hover{Contents: MarkupContent{Kind: "markdown", Value: b.String()}, Range: &r}, nil
	}
	return nil, nil
}
