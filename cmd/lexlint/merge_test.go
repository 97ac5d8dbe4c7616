package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// sentences reads the agent sentences of a quality file.
func sentences(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "quality", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// writeShards writes an export of conversations between customers and
// agents, in Dutch and English, over several months, split four ways
// between conversations; it returns the shards' paths.
func writeShards(t *testing.T, dir string) []string {
	t.Helper()
	var lines []string
	for _, name := range []string{"nl-flag.txt", "nl-pass.txt", "en-flag.txt", "en-pass.txt"} {
		lines = append(lines, sentences(t, name)...)
	}
	rng := rand.New(rand.NewSource(7))
	agents := []string{"Sam", "Noor", "Joris", "Alex", "Priya"}
	start := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	var paths []string
	conv := 0
	for shard := range 4 {
		var b bytes.Buffer
		for range 150 {
			conv++
			agent := agents[rng.Intn(len(agents))]
			at := start.Add(time.Duration(conv) * 7 * time.Hour)
			for turn := range 2 + rng.Intn(5) {
				role, text := "customer", "Where is my order?"
				// Ids that fall as the export goes on: sorting ties by id
				// would not give the input's order.
				rec := map[string]any{"conversation_id": fmt.Sprint(20000 - conv), "timestamp": at.Add(time.Duration(turn) * time.Minute).Format(time.RFC3339)}
				if turn%2 == 1 {
					role, text = "agent", lines[rng.Intn(len(lines))]
					rec["agent"] = agent
				}
				rec["role"], rec["text"] = role, text
				data, _ := json.Marshal(rec)
				b.Write(append(data, '\n'))
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("shard-%d.jsonl", shard+1))
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// TestReportMerge shards an export four ways, reports each shard in a
// process of its own, all at once, and merges them: the merged report is
// the report of one run over the four shards, byte for byte, in JSON, text
// and CSV, and its worst conversations are those of one run over the
// whole export as one file, in the same order (ties by input order).
// Merging a shard twice, shards made with other settings, and edited or
// damaged shards are refused.
func TestReportMerge(t *testing.T) {
	dir := t.TempDir()
	bin := buildCommand(t, dir)
	shards := writeShards(t, dir)
	var wg sync.WaitGroup
	errs := make([]error, len(shards))
	for i, shard := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = exec.Command("sh", "-c", fmt.Sprintf("%q report --no-config -q -f json --period month %q > %q", bin, shard, shard+".report.json")).Run()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("report of shard %d: %v", i+1, err)
		}
	}
	var parts []string
	for _, shard := range shards {
		parts = append(parts, shard+".report.json")
	}
	// Both by the built command, so that both carry its version.
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatalf("lexlint %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	for _, format := range []string{"json", "text", "csv"} {
		single := run(append([]string{"report", "--no-config", "-q", "-f", format, "--period", "month"}, shards...)...)
		merged := run(append([]string{"report", "merge", "-f", format}, parts...)...)
		if merged != single {
			t.Errorf("%s: the merged report differs from the single run's, first at:\n%s", format, firstDifference(merged, single))
		}
		if format == "json" && (!strings.Contains(single, `"conversations": 600`) || !strings.Contains(single, `"files": 4`)) {
			t.Errorf("the single run did not read the four shards:\n%.1000s", single)
		}
	}
	var whole []byte
	for _, shard := range shards {
		data, err := os.ReadFile(shard)
		if err != nil {
			t.Fatal(err)
		}
		whole = append(whole, data...)
	}
	export := filepath.Join(dir, "export.jsonl")
	if err := os.WriteFile(export, whole, 0o644); err != nil {
		t.Fatal(err)
	}
	one := worstOf(t, run("report", "--no-config", "-q", "-f", "json", "--period", "month", export))
	merged := worstOf(t, run(append([]string{"report", "merge", "-f", "json"}, parts...)...))
	if fmt.Sprint(one) != fmt.Sprint(merged) {
		t.Errorf("worst conversations: one run over the export gives\n%v\nthe merge gives\n%v", one, merged)
	}
	if len(one) < 2 || one[0].score != one[1].score {
		t.Errorf("the worst conversations have no tie to order: %v", one)
	}
	refuseEdited(t, dir, parts)
	code, _, errOut := lexlint(t, "", "report", "merge", parts[0], parts[1], parts[0])
	if code != 2 || !strings.Contains(errOut, "both hold a conversation") {
		t.Errorf("a shard given twice: exit %d, %s", code, errOut)
	}
	other := filepath.Join(dir, "top5.json")
	if err := exec.Command("sh", "-c", fmt.Sprintf("%q report --no-config -q -f json --period month --top 5 %q > %q", bin, shards[3], other)).Run(); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = lexlint(t, "", "report", "merge", parts[0], other)
	if code != 2 || !strings.Contains(errOut, "different lexicons, settings or versions") {
		t.Errorf("other settings: exit %d, %s", code, errOut)
	}
}

// firstDifference shows the lines around the first line where got and
// want differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			from := max(0, i-5)
			return fmt.Sprintf("--- merged, line %d\n%s\n--- single\n%s", i+1,
				strings.Join(g[from:min(len(g), i+5)], "\n"), strings.Join(w[from:min(len(w), i+5)], "\n"))
		}
	}
	return ""
}

// worst is a worst conversation as the merge test compares them.
type worst struct {
	id    string
	score float64
}

// worstOf returns the worst conversations of a JSON report, in order.
func worstOf(t *testing.T, report string) []worst {
	t.Helper()
	var r struct {
		Worst []struct {
			ID    string  `json:"conversation"`
			Score float64 `json:"score"`
		} `json:"worst_conversations"`
	}
	if err := json.Unmarshal([]byte(report), &r); err != nil {
		t.Fatal(err)
	}
	var out []worst
	for _, w := range r.Worst {
		out = append(out, worst{w.ID, w.Score})
	}
	return out
}

// refuseEdited merges a shard's report edited in ways that keep its JSON
// valid: each is refused with the shard's name and what is wrong.
func refuseEdited(t *testing.T, dir string, parts []string) {
	t.Helper()
	data, err := os.ReadFile(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, from, to, want string }{
		{"negative", `"files": 1,`, `"files": -1,`, "files is -1"},
		{"not the sum", `"totals": {
    "messages": `, `"totals": {
    "messages": 1`, "totals.messages is 1"},
		{"damaged", `"agent": "Sam"`, `"agent": "Sap"`, "edited or damaged"},
	} {
		if !strings.Contains(string(data), c.from) {
			t.Fatalf("%s: the report has no %q", c.name, c.from)
		}
		edited := filepath.Join(dir, "edited.json")
		if err := os.WriteFile(edited, []byte(strings.Replace(string(data), c.from, c.to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errOut := lexlint(t, "", "report", "merge", parts[0], edited)
		if code != 2 || !strings.Contains(errOut, "edited.json: ") || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, %s", c.name, code, errOut)
		}
	}
}
