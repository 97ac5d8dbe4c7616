package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/transcript"
)

// validateSARIF checks a log against the SARIF 2.1.0 schema.
func validateSARIF(t *testing.T, out string) {
	t.Helper()
	schemaFile, err := os.Open("../testdata/sarif/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	defer schemaFile.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF output is not valid: %v\n%s", err, out)
	}
}

// sample returns a run's worth of items: a document with two findings, an
// export message with one, a presence finding and an input error.
func sample() []*pipeline.Item {
	doc := &transcript.Message{Origin: transcript.Origin{Path: "drafts/a,b.txt", Format: "text"}}
	exp := &transcript.Message{Conversation: "c-1", ID: "m-2", Role: "agent", Agent: "Sam",
		Origin: transcript.Origin{Path: "export.jsonl", Format: "jsonl", Record: 42}}
	f := func(path, rule string, sev lexicon.Severity, line, col, off int, match string) lint.Finding {
		return lint.Finding{Path: path, Line: line, Column: col, EndLine: line, EndColumn: col + len([]rune(match)),
			Offset: off, EndOffset: off + len(match), Rule: rule, Category: "rigid", Severity: sev, Match: match,
			Message: "Policy talk: 50% of customers\nhate it.", Suggestions: []string{"What I can do is ..."}, Lexicon: "t"}
	}
	return []*pipeline.Item{
		{Path: doc.Origin.Path, Message: doc, Result: &lint.Result{Findings: []lint.Finding{
			linked(f(doc.Origin.Path, "t.policy", lexicon.SeverityError, 3, 5, 20, "that’s policy")),
			f(doc.Origin.Path, "t.must", lexicon.SeverityWarning, 4, 1, 40, "you must")}}},
		{Path: doc.Origin.Path, FileDone: true},
		{Path: exp.Origin.Path, Message: exp, Result: &lint.Result{Findings: []lint.Finding{
			f(exp.Origin.Path, "t.must", lexicon.SeveritySuggestion, 1, 7, 6, "you must")}}},
		{Path: exp.Origin.Path, Message: exp, Presence: []lint.Finding{{Path: exp.Origin.Path, Line: 1, Column: 1, EndLine: 1, EndColumn: 1,
			Rule: "t.greeting", Category: "greeting", Severity: lexicon.SeveritySuggestion, Message: "Greet."}}},
		{Path: "bad.csv", Err: &transcript.RecordError{Path: "bad.csv", Record: 3, Err: os.ErrInvalid}},
		{Path: exp.Origin.Path, FileDone: true},
	}
}

// linked gives a finding its entry's link.
func linked(f lint.Finding) lint.Finding {
	f.Link = "https://wiki.example.com/style#policy"
	return f
}

func render(t *testing.T, format string) string {
	t.Helper()
	var b bytes.Buffer
	f, err := New(format, &b, TextOptions{Version: "v1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	write(t, f, sample())
	return b.String()
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	out := render(t, "sarif")
	validateSARIF(t, out)
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Version string `json:"version"`
					Rules   []struct {
						ID                   string `json:"id"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
						Help struct {
							Text string `json:"text"`
						} `json:"help"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
							EndColumn   int `json:"endColumn"`
							ByteOffset  int `json:"byteOffset"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if log.Version != "2.1.0" || run.ColumnKind != "unicodeCodePoints" || run.Tool.Driver.Version != "v1.0.0" || len(run.Tool.Driver.Rules) != 3 || len(run.Results) != 4 {
		t.Fatalf("unexpected log: %+v", log)
	}
	if rules := run.Tool.Driver.Rules; rules[0].HelpURI != "https://wiki.example.com/style#policy" || rules[1].HelpURI != "" {
		t.Errorf("helpUri: %q, %q: want the entry's link, and none for an entry without", rules[0].HelpURI, rules[1].HelpURI)
	}
	r0 := run.Results[0]
	loc := r0.Locations[0].PhysicalLocation
	if r0.RuleID != "t.policy" || r0.Level != "error" || loc.ArtifactLocation.URI != "drafts/a,b.txt" || loc.Region.StartLine != 3 ||
		loc.Region.StartColumn != 5 || loc.Region.EndColumn != 18 || loc.Region.ByteOffset != 20 {
		t.Errorf("first result %+v", r0)
	}
	if r := run.Results[2]; r.Level != "note" || r.Locations[0].PhysicalLocation.Region.StartLine != 42 {
		t.Errorf("export result %+v", r)
	}
	if !strings.Contains(run.Tool.Driver.Rules[0].Help.Text, "What I can do is") || run.Tool.Driver.Rules[1].DefaultConfiguration.Level != "warning" {
		t.Errorf("rules %+v", run.Tool.Driver.Rules)
	}
}

func TestGitHubAnnotations(t *testing.T) {
	got := render(t, "github")
	want := "::error file=drafts/a%2Cb.txt,line=3,col=5,endLine=3,endColumn=18,title=t.policy::\"that’s policy\": Policy talk: 50%25 of customers%0Ahate it. Try: \"What I can do is ...\"\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("got\n%s\nwant prefix\n%s", got, want)
	}
	if !strings.Contains(got, "::notice file=export.jsonl,line=42,title=t.must::") {
		t.Errorf("export annotation missing:\n%s", got)
	}
	if !strings.Contains(got, "::error file=bad.csv,line=3,title=lexlint.input-error::bad.csv:3: invalid argument\n") {
		t.Errorf("the unreadable input is not annotated:\n%s", got)
	}
}

func TestXMLFormats(t *testing.T) {
	for _, format := range []string{"checkstyle", "junit"} {
		out := render(t, format)
		var v any
		if err := xml.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%s: invalid XML: %v\n%s", format, err, out)
		}
	}
	cs := render(t, "checkstyle")
	for _, want := range []string{`<checkstyle version="4.3">`, `<file name="drafts/a,b.txt">`, `line="3" column="5" severity="error"`, `source="lexlint.t.policy"`, `<file name="export.jsonl">`, `line="42" severity="info"`, `<file name="bad.csv">
    <error line="3" severity="error" message="bad.csv:3: invalid argument" source="lexlint.input-error"></error>`} {
		if !strings.Contains(cs, want) {
			t.Errorf("checkstyle lacks %s:\n%s", want, cs)
		}
	}
	ju := render(t, "junit")
	for _, want := range []string{`<testsuites name="lexlint" tests="5" failures="4" errors="1" time="`, `file="drafts/a,b.txt"`, `<testcase name="bad.csv:3: unreadable record" classname="lexlint" file="bad.csv">`, `<testsuite name="drafts/a,b.txt" tests="2" failures="2"`, `<failure message=`, `type="suggestion"`, `<error message="bad.csv:3: invalid argument" type="input error">`} {
		if !strings.Contains(ju, want) {
			t.Errorf("junit lacks %s:\n%s", want, ju)
		}
	}
}

func TestJSONL(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(render(t, "jsonl")), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines", len(lines))
	}
	var f Finding
	if err := json.Unmarshal([]byte(lines[2]), &f); err != nil || f.Record != 42 || f.Conversation != "c-1" || f.MessageID != "m-2" || f.Agent != "Sam" {
		t.Errorf("line 3: %v %+v", err, f)
	}
}

// TestSARIFLocations checks URIs as URI references, fingerprints that
// count a match's occurrences in its file (not its line), and unreadable
// inputs as notifications.
func TestSARIFLocations(t *testing.T) {
	for path, want := range map[string]string{
		"drafts/a b.txt":    "drafts/a%20b.txt",
		"drafts/100%.md":    "drafts/100%25.md",
		"c:notes.txt":       "c%3Anotes.txt",
		"/tmp/x y.txt":      "file:///tmp/x%20y.txt",
		"-":                 "stdin",
		"drafts/café,1.txt": "drafts/caf%C3%A9,1.txt",
	} {
		if got := sarifURI(path); got != want {
			t.Errorf("%q: %q, want %q", path, got, want)
		}
	}
	var b bytes.Buffer
	s := NewSARIF(&b, "")
	f := func(line int) Finding {
		return Finding{Finding: lint.Finding{Path: "a.txt", Line: line, Column: 1, EndLine: line, EndColumn: 9, Rule: "t.must", Category: "rigid", Severity: lexicon.SeverityWarning, Match: "You  must", Message: "m"}}
	}
	s.Item(&pipeline.Item{Path: "a.txt"}, []Finding{f(1), f(5)})
	s.Item(&pipeline.Item{Path: "bad.csv", Err: os.ErrInvalid}, nil)
	s.Finish(nil)
	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful        bool `json:"executionSuccessful"`
				ToolExecutionNotifications []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	run := log.Runs[0]
	if fp := run.Results; fp[0].PartialFingerprints["lexlintFinding/v2"] != "t.must:you must:0" || fp[1].PartialFingerprints["lexlintFinding/v2"] != "t.must:you must:1" {
		t.Errorf("fingerprints %v", fp)
	}
	if inv := run.Invocations[0]; inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || inv.ToolExecutionNotifications[0].Message.Text != os.ErrInvalid.Error() {
		t.Errorf("invocation %+v", inv)
	}
}

// TestJUnitFailOn checks that findings below the failure level are passing
// cases that carry the finding in their output, so a run that exits 0
// shows no failures, and that suites and the run carry their time.
func TestJUnitFailOn(t *testing.T) {
	tests := []struct {
		failOn   lexicon.Severity
		failures string
	}{
		{0, `failures="4"`},
		{lexicon.SeveritySuggestion, `failures="4"`},
		{lexicon.SeverityWarning, `failures="2"`},
		{lexicon.SeverityError, `failures="1"`},
		{lexicon.SeverityNone, `failures="0"`},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		clock := time.Unix(100, 0)
		f, err := New("junit", &b, TextOptions{FailOn: tt.failOn, Now: func() time.Time {
			clock = clock.Add(250 * time.Millisecond)
			return clock
		}})
		if err != nil {
			t.Fatal(err)
		}
		write(t, f, sample())
		out := b.String()
		if !strings.Contains(out, `<testsuites name="lexlint" tests="5" `+tt.failures+` errors="1" time="`) {
			t.Errorf("--fail-on %v:\n%s", tt.failOn, out)
		}
		if tt.failOn == lexicon.SeverityNone && !strings.Contains(out, `<system-out>error: &#34;that’s policy&#34;: Policy talk`) {
			t.Errorf("a finding below the failure level lost its text:\n%s", out)
		}
		if !regexp.MustCompile(`<testsuite name="drafts/a,b.txt" tests="2" failures="\d" errors="0" time="0\.[1-9]\d\d">`).MatchString(out) {
			t.Errorf("no time on the suite:\n%s", out)
		}
	}
}
