package lexbeam

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/lexlint/lexlint/output"
)

// parquetFn writes the findings of one month and shard to
// DIR/findings/month=YYYY-MM/part-NNNNN.parquet, a row group at a time
// (the partitioning Hive, Spark, DuckDB and BigQuery read as a column).
type parquetFn struct {
	Dir string
}

// ProcessElement writes one file.
func (fn *parquetFn) ProcessElement(ctx context.Context, key string, rows func(*[]byte) bool) error {
	path := fn.Dir + "/findings/" + key + ".parquet"
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	f, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	w := output.NewParquetWriter[output.FindingRow](f, "beam")
	batch := make([]output.FindingRow, 0, 1024)
	flush := func() error {
		_, err := w.Write(batch)
		clear(batch)
		batch = batch[:0]
		return err
	}
	var data []byte
	for rows(&data) {
		var r output.FindingRow
		if err := json.Unmarshal(data, &r); err != nil {
			f.Close()
			return err
		}
		if batch = append(batch, r); len(batch) == cap(batch) {
			if err := flush(); err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	if err := flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := w.Close(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
