package main

import (
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/lexlint/lexlint/transcript"
)

// addRatingFlags adds the flags that say how satisfaction ratings are
// read, for report and lexicon mine.
func addRatingFlags(fl *pflag.FlagSet, scale *string, files *[]string) {
	fl.StringVar(scale, "rating-scale", transcript.DefaultRatingScale, "the scale of the rating field of JSONL and CSV exports (--field rating=NAME): MIN-MAX such as 1-5 or 0-10, or good-bad")
	fl.StringArrayVar(files, "ratings", nil, "a file of Freshdesk satisfaction ratings (/api/v2/surveys/satisfaction_ratings) to join to the tickets by ticket_id (repeatable)")
}

// readRatings sets in how ratings are read: the scale, checked, and the
// ratings of the files given, read now. A bad rating in them is reported
// on standard error and counted in bad; a file that cannot be read is an
// error.
func readRatings(e env, in *transcript.Options, scale string, files []string) (bad int, err error) {
	if _, err := transcript.ParseRatingScale(scale); err != nil {
		return 0, fmt.Errorf("--rating-scale: %w", err)
	}
	in.ReadRatings, in.RatingScale = true, scale
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return bad, fmt.Errorf("--ratings: %w", err)
		}
		rs, err := transcript.ReadFreshdeskRatings(path, f, func(err error) {
			bad++
			fmt.Fprintf(e.stderr, "lexlint: %v\n", err)
		})
		f.Close()
		if err != nil {
			return bad, fmt.Errorf("--ratings: %w", err)
		}
		if in.Ratings == nil {
			in.Ratings = map[string]*transcript.Rating{}
		}
		for id, r := range rs {
			in.Ratings[id] = r
		}
	}
	return bad, nil
}
