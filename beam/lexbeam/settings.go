// Package lexbeam runs lexlint as an Apache Beam pipeline: it reads
// JSONL exports from any Beam filesystem, groups each conversation's
// messages in order, checks them with lexlint's own engine and pipeline
// (lexicons, configuration and presence rules as lexlint check applies
// them), merges per-range reports into the report one process gives,
// writes every finding to Parquet by month, and sends lines that are not
// records to a dead-letter file with their file and line.
package lexbeam

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/lexlint/lexlint/config"
	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/lint"
	"github.com/lexlint/lexlint/pipeline"
	"github.com/lexlint/lexlint/report"
	"github.com/lexlint/lexlint/transcript"
)

// Settings are what a run checks with, carried to the workers with the
// pipeline: the configuration file's text (not its path, which a worker
// may not have), the lexicons (built-ins, or files every worker can read
// at the same path), and the report's options.
type Settings struct {
	ConfigName string // the configuration file's name, for its errors
	ConfigYAML string // its text; empty for none
	Lexicons   []string
	Lang       string
	Fields     map[string]string
	Internal   bool
	Period     string
	Top        int
	Worst      int
	// Fingerprint names the settings in the reports, so that only
	// partial reports of the same run merge.
	Fingerprint string
	// RangeLines is how many lines of a file make a range: the
	// conversations that start in one range are checked together, in
	// order, into one partial report.
	RangeLines int
	// Shards is how many Parquet files each month's findings are spread
	// over.
	Shards int
}

// resolved returns the settings with the configuration's lexicons,
// language, fields and private notes where the settings leave them unset
// (lexlint check's order: a flag, then the file, then the default).
func (s Settings) resolved() (Settings, *config.Config, error) {
	if s.ConfigYAML == "" {
		if s.Lang == "" {
			s.Lang = "auto"
		}
		return s, nil, nil
	}
	cfg, err := config.Parse(s.ConfigName, []byte(s.ConfigYAML))
	if err != nil {
		return s, nil, err
	}
	if len(s.Lexicons) == 0 {
		s.Lexicons = cfg.Lexicons
	}
	if s.Lang == "" {
		s.Lang = cfg.Lang
	}
	if s.Lang == "" {
		s.Lang = "auto"
	}
	if len(s.Fields) == 0 {
		s.Fields = cfg.Fields
	}
	if !s.Internal && cfg.IncludeInternal != nil {
		s.Internal = *cfg.IncludeInternal
	}
	return s, cfg, nil
}

// linter builds the engine lexlint check would use.
func (s Settings) linter() (*lint.Linter, error) {
	r, cfg, err := s.resolved()
	if err != nil {
		return nil, err
	}
	l, _, err := cfg.Linter(config.Lexicons{Refs: r.Lexicons, Lang: r.Lang})
	if err != nil {
		return nil, fmt.Errorf("lexicons: %w", err)
	}
	return l, nil
}

// input is how the exports are read: JSONL, with the field mapping.
func (s Settings) input() transcript.Options {
	r, _, _ := s.resolved()
	return transcript.Options{Format: "jsonl", Fields: r.Fields, IncludeInternal: r.Internal}
}

// pipelineOptions are lexlint report's: agents' messages checked, the
// others passed on for response times, sentences kept for repetition.
func (s Settings) pipelineOptions() pipeline.Options {
	return pipeline.Options{Jobs: 1, Roles: map[string]bool{transcript.RoleAgent: true}, Input: s.input(),
		PassOthers: true, Sentences: true}
}

// reportOptions are the report's options.
func (s Settings) reportOptions() report.Options {
	return report.Options{Period: s.Period, TopPhrases: s.Top, Worst: s.Worst, Fingerprint: s.Fingerprint,
		Roles: map[string]bool{transcript.RoleAgent: true}, ShiftPause: report.DefaultShiftPause}
}

// Check reports whether the settings can be used, before a pipeline is
// built on them: the configuration parses and the lexicons compile.
func (s Settings) Check() error {
	switch s.Period {
	case "day", "week", "month":
	default:
		return fmt.Errorf("period %q: use day, week or month", s.Period)
	}
	if s.RangeLines < 1 || s.Shards < 1 {
		return fmt.Errorf("range lines %d, shards %d: use 1 or more", s.RangeLines, s.Shards)
	}
	_, err := s.linter()
	return err
}

// WithFingerprint returns the settings with their fingerprint: a hash of
// the settings, the configuration's text and the built-in lexicons,
// which names them in the report's merge state.
func (s Settings) WithFingerprint() (Settings, error) {
	s.Fingerprint = ""
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(s); err != nil {
		return s, err
	}
	for _, lang := range lexicon.BuiltinLanguages() {
		data, err := lexicon.Builtin(lang)
		if err != nil {
			return s, err
		}
		fmt.Fprintf(h, "builtin:%s %x\n", lang, sha256.Sum256(data))
	}
	s.Fingerprint = "beam-" + hex.EncodeToString(h.Sum(nil))[:16]
	return s, nil
}
