// Command lexlint-beam runs lexlint over JSONL helpdesk exports as an
// Apache Beam pipeline: locally on Beam's Prism runner, or on Google
// Cloud Dataflow, Apache Flink or Apache Spark through Beam's runners.
// It writes, into --output, report.json (what lexlint report -f json
// writes for the same files), findings/month=YYYY-MM/part-NNNNN.parquet
// (every finding, as lexlint check -f parquet writes them) and
// dead-letter.txt (the lines that are not records, with file and line).
//
//	lexlint-beam --input 'exports/*.jsonl' --output out/
//	lexlint-beam --runner dataflow --project P --region R \
//	    --staging_location gs://B/staging --input 'gs://B/exports/*.jsonl' --output gs://B/lexlint
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/lexlint/lexlint/beam/lexbeam"
)

// list is a repeatable flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var inputs, lexicons, fields list
	flag.Var(&inputs, "input", "JSONL exports: a path or pattern on any Beam filesystem (local, gs://, s3://); repeatable")
	out := flag.String("output", "", "the folder of report.json, findings/ and dead-letter.txt")
	cfgPath := flag.String("config", "", "a .lexlint.yaml to apply (its text is sent to the workers)")
	flag.Var(&lexicons, "lexicon", "a lexicon file (at the same path on every worker) or builtin:en|builtin:nl; repeatable")
	flag.Var(&fields, "field", "map a field, e.g. role=author_type; repeatable")
	lang := flag.String("lang", "", "nl, en or auto (default: the configuration's, or auto)")
	internal := flag.Bool("include-internal", false, "also check private notes")
	period := flag.String("period", "week", "the report's period: day, week or month")
	top := flag.Int("top", 20, "discouraged phrases listed in the report")
	worst := flag.Int("worst", 10, "conversations listed to coach first")
	rangeLines := flag.Int("range-lines", 100000, "lines of a file checked together into one partial report")
	shards := flag.Int("shards", 4, "Parquet files per month")
	flag.Parse()
	beam.Init()
	if err := run(context.Background(), inputs, *out, *cfgPath, lexbeam.Settings{Lexicons: lexicons, Lang: *lang, Internal: *internal,
		Period: *period, Top: *top, Worst: *worst, RangeLines: *rangeLines, Shards: *shards}, fields); err != nil {
		fmt.Fprintln(os.Stderr, "lexlint-beam:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, inputs []string, out, cfgPath string, s lexbeam.Settings, fields []string) error {
	if len(inputs) == 0 || out == "" {
		return fmt.Errorf("give the exports with --input and the output folder with --output")
	}
	for _, kv := range fields {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" {
			return fmt.Errorf("--field %q: write NAME=EXPORT_FIELD", kv)
		}
		if s.Fields == nil {
			s.Fields = map[string]string{}
		}
		s.Fields[k] = v
	}
	if cfgPath != "" {
		data, err := readAll(ctx, cfgPath)
		if err != nil {
			return err
		}
		s.ConfigName, s.ConfigYAML = cfgPath, string(data)
	}
	s, err := s.WithFingerprint()
	if err != nil {
		return err
	}
	if err := s.Check(); err != nil {
		return err
	}
	files, err := lexbeam.Inputs(ctx, inputs)
	if err != nil {
		return err
	}
	p, scope := beam.NewPipelineWithRoot()
	lexbeam.Build(scope, files, s, strings.TrimSuffix(out, "/"))
	return beamx.Run(ctx, p)
}

// readAll reads a small file from any Beam filesystem.
func readAll(ctx context.Context, path string) ([]byte, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}
