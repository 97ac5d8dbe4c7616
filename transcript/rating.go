package transcript

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Rating is a customer's satisfaction rating of a whole conversation, as
// an export gives it, on a score from 0 (worst) to 1 (best). A conversation
// without one has a nil *Rating: unrated is never 0.
type Rating struct {
	Score   float64 `json:"score"`             // 0 to 1
	Raw     string  `json:"raw"`               // as the export wrote it
	Scale   string  `json:"scale"`             // good-bad, 1-5, 0-10, freshdesk (-103..103), ...
	Comment string  `json:"comment,omitempty"` // the customer's remark, kept apart from the text
}

// Same reports whether two ratings are the same rating.
func (r *Rating) Same(o *Rating) bool {
	return r.Score == o.Score && r.Scale == o.Scale
}

// RatingScale is the scale of a rating field of JSONL and CSV exports
// (--rating-scale): numbers from Min to Max ("1-5", "0-10"), or the words
// good and bad ("good-bad").
type RatingScale struct {
	Name     string
	Min, Max float64
	Words    bool // good-bad
}

// DefaultRatingScale is the scale of a rating field when none is given.
const DefaultRatingScale = "1-5"

// ParseRatingScale reads a scale: "good-bad", or "MIN-MAX" with numbers
// MIN below MAX ("1-5", "0-10", "1-10").
func ParseRatingScale(s string) (RatingScale, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		s = DefaultRatingScale
	}
	if s == "good-bad" || s == "bad-good" {
		return RatingScale{Name: "good-bad", Min: 0, Max: 1, Words: true}, nil
	}
	lo, hi, ok := strings.Cut(s, "-")
	a, errA := strconv.ParseFloat(strings.TrimSpace(lo), 64)
	b, errB := strconv.ParseFloat(strings.TrimSpace(hi), 64)
	if !ok || errA != nil || errB != nil || !(a < b) || math.IsInf(b-a, 0) {
		return RatingScale{}, fmt.Errorf("rating scale %q: write MIN-MAX with MIN below MAX (1-5, 0-10) or good-bad", s)
	}
	return RatingScale{Name: s, Min: a, Max: b}, nil
}

// Rate reads a rating written on the scale. An empty value is no rating
// (nil, nil); a value that is not one on this scale is an error that says
// what to fix.
func (sc RatingScale) Rate(raw string) (*Rating, error) {
	v := strings.TrimSpace(raw)
	if v == "" || strings.EqualFold(v, "null") {
		return nil, nil
	}
	if sc.Words {
		switch strings.ToLower(v) {
		case "good", "positive", "up", "thumbs_up", "satisfied", "1", "true", "yes":
			return &Rating{Score: 1, Raw: v, Scale: sc.Name}, nil
		case "bad", "negative", "down", "thumbs_down", "unsatisfied", "dissatisfied", "0", "false", "no":
			return &Rating{Score: 0, Raw: v, Scale: sc.Name}, nil
		}
		return nil, fmt.Errorf("rating %q is not good or bad (--rating-scale good-bad)", v)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return nil, fmt.Errorf("rating %q is not a number on the scale %s; give the scale of the field with --rating-scale (1-5, 0-10, good-bad)", v, sc.Name)
	}
	if x < sc.Min || x > sc.Max {
		return nil, fmt.Errorf("rating %s is outside the scale %s; give the scale of the field with --rating-scale", v, sc.Name)
	}
	return &Rating{Score: (x - sc.Min) / (sc.Max - sc.Min), Raw: v, Scale: sc.Name}, nil
}

// zendeskRating reads a Zendesk ticket's satisfaction_rating: score good
// or bad is a rating; offered and unoffered (asked, or never asked) are
// none. Search exports write good_with_comment and bad_with_comment.
func zendeskRating(score, comment string) (*Rating, error) {
	s := strings.ToLower(strings.TrimSpace(score))
	switch strings.TrimSuffix(s, "_with_comment") {
	case "", "offered", "unoffered", "received":
		return nil, nil
	case "good":
		return &Rating{Score: 1, Raw: score, Scale: "good-bad", Comment: comment}, nil
	case "bad":
		return &Rating{Score: 0, Raw: score, Scale: "good-bad", Comment: comment}, nil
	}
	return nil, fmt.Errorf("satisfaction_rating score %q is not good, bad, offered or unoffered", score)
}

// intercomRating reads an Intercom conversation_rating: rating 1 to 5, or
// null when the conversation was not rated.
func intercomRating(raw, remark string) (*Rating, error) {
	if raw == "" || raw == "null" {
		return nil, nil
	}
	r, err := RatingScale{Name: "1-5", Min: 1, Max: 5}.Rate(raw)
	if err != nil {
		return nil, fmt.Errorf("conversation_rating: rating %s is not a whole number from 1 to 5", raw)
	}
	if r != nil {
		if r.Score*4 != math.Trunc(r.Score*4) {
			return nil, fmt.Errorf("conversation_rating: rating %s is not a whole number from 1 to 5", raw)
		}
		r.Comment = remark
	}
	return r, nil
}

// freshdeskScores are the answers of a Freshdesk satisfaction survey
// (ratings.default_question): 103 extremely happy, 102 very happy, 101
// happy, 100 neutral, -101 unhappy, -102 very unhappy, -103 extremely
// unhappy; three-point surveys use 103, 100 and -103. Each becomes its
// place on the seven-point line from -103 (0) to 103 (1).
var freshdeskScores = map[int]float64{-103: 0, -102: 1.0 / 6, -101: 2.0 / 6, 100: 0.5, 101: 4.0 / 6, 102: 5.0 / 6, 103: 1}

// freshdeskRating reads ratings.default_question of a Freshdesk
// satisfaction rating.
func freshdeskRating(raw, feedback string) (*Rating, error) {
	if raw == "" || raw == "null" {
		return nil, nil
	}
	n, err := strconv.Atoi(raw)
	score, ok := freshdeskScores[n]
	if err != nil || !ok {
		return nil, fmt.Errorf("ratings.default_question %s is not a Freshdesk survey answer (103, 102, 101, 100, -101, -102 or -103)", raw)
	}
	return &Rating{Score: score, Raw: raw, Scale: "freshdesk", Comment: feedback}, nil
}

// livechatRating reads a LiveChat chat's rate (rated_good, rated_bad;
// not_rated is none) or the score of its rating property (1 good, 0 bad).
func livechatRating(rate, score, comment string) (*Rating, error) {
	switch strings.ToLower(strings.TrimSpace(rate)) {
	case "rated_good":
		return &Rating{Score: 1, Raw: rate, Scale: "good-bad", Comment: comment}, nil
	case "rated_bad":
		return &Rating{Score: 0, Raw: rate, Scale: "good-bad", Comment: comment}, nil
	case "", "not_rated", "rated_canceled", "chat_not_rated":
	default:
		return nil, fmt.Errorf("rate %q is not rated_good, rated_bad or not_rated", rate)
	}
	switch score {
	case "", "null":
		return nil, nil
	case "1":
		return &Rating{Score: 1, Raw: score, Scale: "good-bad", Comment: comment}, nil
	case "0":
		return &Rating{Score: 0, Raw: score, Scale: "good-bad", Comment: comment}, nil
	}
	return nil, fmt.Errorf("rating score %s is not 1 (good) or 0 (bad)", score)
}

// ReadFreshdeskRatings reads Freshdesk satisfaction ratings, as GET
// /api/v2/surveys/satisfaction_ratings returns them (a JSON array, or one
// rating per line), into ratings by ticket id, to join to tickets read
// without them (Options.Ratings). A rating that is not one, and a ticket
// rated twice differently, is reported through bad and left out; the rest
// is read. The error is for a file that cannot be read at all.
func ReadFreshdeskRatings(path string, r io.Reader, bad func(error)) (map[string]*Rating, error) {
	br := bufio.NewReader(r)
	prefix, _ := br.Peek(sniffSize)
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(prefix, []byte("\xEF\xBB\xBF")), " \t\r\n")
	out := map[string]*Rating{}
	conflicts := map[string]bool{}
	add := func(x fdRating, record int, pointer string) {
		fail := func(err error) { bad(&RecordError{Path: path, Record: record, Pointer: pointer, Err: err}) }
		rating, err := freshdeskRating(string(x.Ratings.Default), x.Feedback)
		ticket := string(x.TicketID)
		switch {
		case err != nil:
			fail(fmt.Errorf("%w: the rating is left out", err))
		case ticket == "":
			fail(errors.New("a satisfaction rating without a ticket_id: the rating is left out"))
		case rating == nil || conflicts[ticket]:
		case out[ticket] == nil:
			out[ticket] = rating
		case !out[ticket].Same(rating):
			fail(fmt.Errorf("ticket %s has two different ratings, %s and %s: it is left unrated", ticket, out[ticket].Raw, rating.Raw))
			delete(out, ticket)
			conflicts[ticket] = true
		}
	}
	if len(trimmed) > 0 && trimmed[0] == '[' {
		dec := json.NewDecoder(br)
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for i := 0; dec.More(); i++ {
			var x fdRating
			if err := dec.Decode(&x); err != nil {
				return out, fmt.Errorf("%s: satisfaction rating %d: %v", path, i, jsonError(err))
			}
			add(x, 0, fmt.Sprintf("/%d/ratings/default_question", i))
		}
		return out, nil
	}
	err := lines(br, func(n int, line []byte) error {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		var x fdRating
		if err := json.Unmarshal(line, &x); err != nil {
			bad(&RecordError{Path: path, Record: n, Err: fmt.Errorf("invalid JSON: %v", jsonError(err))})
			return nil
		}
		add(x, n, "")
		return nil
	}, func(n int) { bad(&RecordError{Path: path, Record: n, Err: errLineTooLong}) })
	if err != nil {
		return out, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
