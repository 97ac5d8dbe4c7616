package lexbeam

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/parquet-go/parquet-go"

	"github.com/lexlint/lexlint/internal/synth"
	"github.com/lexlint/lexlint/output"
)

// lexlintCommand builds lexlint from the main module, with its own
// go.mod (not this module's, whose Beam requirements may raise shared
// dependencies).
func lexlintCommand(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "lexlint")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/lexlint")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs lexlint and returns its standard output and error.
func run(t *testing.T, bin string, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--no-config"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() == 0 || ee.ExitCode() > 2) {
		t.Fatalf("lexlint %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

// exports writes a generated export split between two files, between
// conversations, with a bad line now and then.
func exports(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	lines := strings.SplitAfter(string(synth.Export(3, 400, 151)), "\n")
	cut := len(lines) / 2
	for !strings.HasPrefix(lines[cut], `{"conversation_id":`) || strings.Contains(lines[cut-1], lines[cut][:30]) {
		cut++
	}
	var paths []string
	for i, part := range [][]string{lines[:cut], lines[cut:]} {
		p := filepath.Join(dir, []string{"a.jsonl", "b.jsonl"}[i])
		if err := os.WriteFile(p, []byte(strings.Join(part, "")), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// TestPipelineOnPrism runs the pipeline on Beam's Prism runner over an
// export cut into many ranges: its report equals lexlint report -f json
// over the same files (the fingerprint aside, which names the version),
// its Parquet findings equal check -f jsonl's, each in its month's
// folder, and its dead letters are check's input errors.
func TestPipelineOnPrism(t *testing.T) {
	bin := lexlintCommand(t)
	paths := exports(t)
	settings := Settings{Lang: "auto", Period: "month", Top: 20, Worst: 10, Fingerprint: "beam-test", RangeLines: 60, Shards: 3}
	if err := settings.Check(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	files, err := Inputs(ctx, []string{filepath.Join(filepath.Dir(paths[0]), "*.jsonl")})
	if err != nil || len(files) != 2 {
		t.Fatalf("inputs: %v %v", files, err)
	}
	out := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	Build(s, files, settings, out)
	res, err := prism.Execute(ctx, p)
	if err != nil {
		t.Fatalf("prism: %v", err)
	}
	if n := counter(res, "ranges"); n < 20 {
		t.Errorf("%d ranges checked: the test wants many partial reports to merge", n)
	}

	wantReport, _ := run(t, bin, "report", "-q", "-f", "json", "--period", "month", paths[0], paths[1])
	gotReport, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	sameReport(t, gotReport, []byte(wantReport))

	jsonl, stderr := run(t, bin, "check", "-f", "jsonl", paths[0], paths[1])
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var m map[string]any // keys sorted, as jsonLine writes them
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal(m)
		want = append(want, string(data))
	}
	got := findings(t, filepath.Join(out, "findings"))
	slices.Sort(want)
	slices.Sort(got)
	if len(want) < 500 || !slices.Equal(got, want) {
		t.Errorf("%d findings in Parquet, %d from check -f jsonl; first difference:\n%s", len(got), len(want), firstDiff(got, want))
	}

	var wantDead []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		wantDead = append(wantDead, strings.TrimPrefix(line, "lexlint: "))
	}
	dead, err := os.ReadFile(filepath.Join(out, "dead-letter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	gotDead := strings.Split(strings.TrimSpace(string(dead)), "\n")
	slices.Sort(gotDead)
	slices.Sort(wantDead)
	if len(wantDead) < 3 || !slices.Equal(gotDead, wantDead) {
		t.Errorf("dead letters:\n%s\ncheck's input errors:\n%s", strings.Join(gotDead, "\n"), strings.Join(wantDead, "\n"))
	}
}

// sameReport compares two JSON reports, their fingerprints aside (and the
// checksums, which cover the fingerprints).
func sameReport(t *testing.T, got, want []byte) {
	t.Helper()
	var g, w map[string]any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	for _, r := range []map[string]any{g, w} {
		delete(r["merge"].(map[string]any), "fingerprint")
		delete(r["merge"].(map[string]any), "checksum")
	}
	if w["totals"].(map[string]any)["conversations"].(float64) < 300 {
		t.Fatalf("the single run's report counts too few conversations: %v", w["totals"])
	}
	for k := range w {
		if !reflect.DeepEqual(g[k], w[k]) {
			gj, _ := json.MarshalIndent(g[k], "", " ")
			wj, _ := json.MarshalIndent(w[k], "", " ")
			t.Errorf("report %q differs:\nbeam   %.2000s\nsingle %.2000s", k, gj, wj)
		}
	}
}

// findings reads every Parquet file under dir and returns its rows as
// check -f jsonl writes findings, checking that each lies in its month's
// folder.
func findings(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	parts, _ := filepath.Glob(filepath.Join(dir, "month=*", "part-*.parquet"))
	if len(parts) < 6 {
		t.Fatalf("%d Parquet files: want several months, several shards each", len(parts))
	}
	for _, path := range parts {
		rows, err := parquet.ReadFile[output.FindingRow](path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, r := range rows {
			if r.Timestamp == nil || !strings.Contains(path, "month="+r.Timestamp.Format("2006-01")+"/") || r.Fingerprint != "beam-test" {
				t.Fatalf("%s holds a finding of %v, fingerprint %q", path, r.Timestamp, r.Fingerprint)
			}
			out = append(out, jsonLine(t, r))
		}
	}
	return out
}

// jsonLine writes a row as check -f jsonl writes its finding, with its
// keys sorted.
func jsonLine(t *testing.T, r output.FindingRow) string {
	t.Helper()
	m := map[string]any{"path": r.File, "line": r.Line, "column": r.Column, "end_line": r.EndLine, "end_column": r.EndColumn,
		"offset": r.Offset, "end_offset": r.EndOffset, "rule": r.Rule, "category": r.Category, "severity": r.Severity,
		"match": r.Match, "message": r.Message, "suggestions": r.Suggestions, "lexicon": r.Lexicon}
	for k, v := range map[string]string{"fix": r.Fix, "link": r.Link, "conversation": r.Conversation, "message_id": r.MessageID,
		"role": r.Role, "agent": r.Agent, "pointer": r.Pointer} {
		if v != "" {
			m[k] = v
		}
	}
	if r.Record != 0 {
		m["record"] = r.Record
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return "parquet " + got[i] + "\njsonl   " + want[i]
		}
	}
	return ""
}

// TestMain initialises Beam: in loopback mode, the workers the runner
// starts run in this process.
func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// counter returns a counter's committed value.
func counter(res beam.PipelineResult, name string) int64 {
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Name() == name {
			return c.Result()
		}
	}
	return -1
}
