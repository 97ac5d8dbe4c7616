package lexbeam

import (
	"context"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.DoFn4x1[context.Context, File, func(string, Line), func(string), error](&readFn{})
	register.DoFn3x1[string, func(*Line) bool, func(string, Conversation), error](&gatherFn{})
	register.DoFn5x1[context.Context, string, func(*Conversation) bool, func(Partial), func(string, []byte), error](&checkFn{})
	register.DoFn3x1[context.Context, string, func(*[]byte) bool, error](&parquetFn{})
	register.DoFn2x1[context.Context, string, error](&writeFn{})
	register.Combiner3[Accum, Partial, string](&mergeFn{})
	register.Function1x1(deadPartial)
	register.Emitter2[string, Line]()
	register.Emitter1[string]()
	register.Emitter2[string, Conversation]()
	register.Emitter1[Partial]()
	register.Emitter2[string, []byte]()
	register.Iter1[Line]()
	register.Iter1[Conversation]()
	register.Iter1[[]byte]()
}

// Inputs lists the files that the patterns match (local paths, gs://...,
// any filesystem registered with Beam), in the order of their names:
// the order the report's merge follows.
func Inputs(ctx context.Context, patterns []string) ([]File, error) {
	var paths []string
	for _, p := range patterns {
		fs, err := filesystem.New(ctx, p)
		if err != nil {
			return nil, err
		}
		list, err := fs.List(ctx, p)
		fs.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if len(list) == 0 {
			return nil, fmt.Errorf("%s: no file matches", p)
		}
		paths = append(paths, list...)
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	files := make([]File, len(paths))
	for i, p := range paths {
		files[i] = File{Path: p, Index: i}
	}
	return files, nil
}

// Build adds the pipeline to s: it reads the files, checks them, and
// writes into dir report.json (lexlint report -f json of all of them),
// findings/month=YYYY-MM/part-NNNNN.parquet and dead-letter.txt (the
// lines that are not records, "file:line: what is wrong", when there are
// any).
func Build(s beam.Scope, files []File, settings Settings, dir string) {
	s = s.Scope("lexlint")
	lines, dead := beam.ParDo2(s, &readFn{Settings: settings}, beam.CreateList(s, files))
	convs := beam.ParDo(s, &gatherFn{RangeLines: settings.RangeLines}, beam.GroupByKey(s, lines))
	partials, rows := beam.ParDo2(s, &checkFn{Settings: settings}, beam.GroupByKey(s, convs))
	all := beam.Flatten(s, partials, beam.ParDo(s, deadPartial, dead))
	rep := beam.Combine(s, &mergeFn{Files: len(files)}, all)
	beam.ParDo0(s, &writeFn{Path: dir + "/report.json"}, rep)
	beam.ParDo0(s, &parquetFn{Dir: dir}, beam.GroupByKey(s, rows))
	textio.Write(s, dir+"/dead-letter.txt", dead)
}

// deadPartial counts a dead letter in the report's input errors.
func deadPartial(string) Partial { return Partial{Dead: 1} }
