package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
)

// linterFor compiles a one-entry lexicon with the given phrases.
func linterFor(t *testing.T, phrases ...string) *Linter {
	t.Helper()
	var b strings.Builder
	b.WriteString("lexicon: t\ndiscouraged:\n  - id: t.rule\n    category: rigid\n    message: m\n    phrases:\n")
	for _, p := range phrases {
		fmt.Fprintf(&b, "      - %q\n", p)
	}
	return compileYAML(t, b.String())
}

// compileYAML parses a lexicon and compiles it alone.
func compileYAML(t *testing.T, src string) *Linter {
	t.Helper()
	lex, err := lexicon.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	l, err := New([]*lexicon.Lexicon{lex}, Options{})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return l
}

func matches(t *testing.T, l *Linter, text string) []string {
	t.Helper()
	res, err := l.Check(context.Background(), Document{Text: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Match)
	}
	return out
}

func TestPhraseSyntax(t *testing.T) {
	tests := []struct {
		name   string
		phrase string
		text   string
		want   []string
	}{
		{"words match whole tokens", "no problem", "Sure, no problem!", []string{"no problem"}},
		{"no partial word at the end", "no problem", "We had no problems at all.", nil},
		{"no partial word inside", "must", "Mustard or ketchup?", nil},
		{"single word", "must", "You must do it.", []string{"must"}},
		{"case is ignored", "company policy", "That is COMPANY Policy.", []string{"COMPANY Policy"}},
		{"diacritics are ignored in text", "cafe", "Het café is dicht.", []string{"café"}},
		{"diacritics are ignored in phrase", "reëel", "Dat is niet reeel.", []string{"reeel"}},
		{"curly apostrophe in text", "that's policy", "Sorry, that’s policy.", []string{"that’s policy"}},
		{"curly apostrophe in phrase", "that’s policy", "Sorry, that's policy.", []string{"that's policy"}},
		{"NBSP between words", "no problem", "no\u00a0problem", []string{"no\u00a0problem"}},
		{"line break between words", "no problem", "no\r\n  problem", []string{"no\r\n  problem"}},
		{"not across a full stop", "no problem", "I said no. Problem solved.", nil},
		{"not across a question mark", "no problem", "Is it no? Problem is...", nil},
		{"not across a blank line", "no problem", "no\n\nproblem", nil},
		{"a dot inside a word is not a sentence end", "version 3 5", "version 3.5", []string{"version 3.5"}},
		{"star is exactly one word", "you * pay", "You must pay now.", []string{"You must pay"}},
		{"star needs a word", "you * pay", "You pay now.", nil},
		{"star is not two words", "you * pay", "You really must pay now.", nil},
		{"trailing star", "you must *", "you must pay", []string{"you must pay"}},
		{"trailing star needs a word in the sentence", "you must *", "you must. Pay", nil},
		{"leading star", "* must", "you must pay", []string{"you must"}},
		{"gap of zero words", "as i ... said", "As I said before.", []string{"As I said"}},
		{"gap of four words", "as i ... said", "As I have already clearly just said.", []string{"As I have already clearly just said"}},
		{"gap of five words is too long", "as i ... said", "As I have already very clearly just said.", nil},
		{"gap stays in the sentence", "as i ... said", "As I told you. He said no.", nil},
		{"alternatives", "(company|our) policy", "It is our policy.", []string{"our policy"}},
		{"alternatives, other branch", "(company|our) policy", "It is company policy.", []string{"company policy"}},
		{"alternatives, no branch", "(company|our) policy", "It is my policy.", nil},
		{"multi-word alternative", "(in fact|actually) no", "Actually no.", []string{"Actually no"}},
		{"hyphenated words", "e-mail", "Send an e-mail please.", []string{"e-mail"}},
		{"regexp", `re:\byou (must|have to)\b`, "You have to pay.", []string{"You have to"}},
		{"regexp no match", `re:\byou (must|have to)\b`, "You haven't paid.", nil},
		{"regexp reports its match group", `re:(?:^|[.!?]\s+)(?P<match>no)[,.]`, "Fine. No, sorry.", []string{"No"}},
		{"optional word present", "sorry (about that)? but", "Sorry about that but no.", []string{"Sorry about that but"}},
		{"optional word absent", "sorry (about that)? but", "Sorry but no.", []string{"Sorry but"}},
		{"optional word is not a wildcard", "sorry (about that)? but", "Sorry for that but no.", nil},
		{"start anchor at text start", "^ no", "No, sorry.", []string{"No"}},
		{"start anchor after a full stop", "^ no", "Thanks. No, sorry.", []string{"No"}},
		{"start anchor at a line start", "^ no", "Hi Sam,\nNo, sorry.", []string{"No"}},
		{"start anchor mid-sentence", "^ no", "There are no fees.", nil},
		{"end anchor", "noted $", "Noted. Thanks", []string{"Noted"}},
		{"end anchor at line end", "noted $", "Noted\nthanks", []string{"Noted"}},
		{"end anchor mid-sentence", "noted $", "Noted your address.", nil},
		{"both anchors", "^ whatever $", "Fine. Whatever!", []string{"Whatever"}},
		{"both anchors, more words", "^ whatever $", "Whatever you choose.", nil},
		{"every occurrence", "must", "must, must and must", []string{"must", "must", "must"}},
		{"urls are not words", "you must", "See https://example.com/you-must-pay for more.", nil},
		{"e-mail addresses are not words", "you must", "Write to you.must@example.com please.", nil},
		{"ß folds to ss", "strasse", "Die Straße.", []string{"Straße"}},
		{"ligature folds", "find", "We ﬁnd it.", []string{"ﬁnd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := matches(t, linterFor(t, tt.phrase), tt.text)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("phrase %q in %q: got %q, want %q", tt.phrase, tt.text, got, tt.want)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	l := linterFor(t, "no problem")
	tests := []struct {
		name                       string
		text                       string
		line, col, endLine, endCol int
		offset, endOffset          int
	}{
		{"plain", "ok, no problem", 1, 5, 1, 15, 4, 14},
		{"BOM is not a column", "\ufeffno problem", 1, 1, 1, 11, 3, 13},
		{"CRLF", "hi\r\nthere\r\n  no problem\r\n", 3, 3, 3, 13, 13, 23},
		{"tab is one column", "\tno problem", 1, 2, 1, 12, 1, 11},
		{"multi-byte characters count once", "héé ñ no problem", 1, 7, 1, 17, 9, 19},
		{"invalid UTF-8 bytes count once", "\xff\xfe no problem", 1, 4, 1, 14, 3, 13},
		{"match across lines", "no\nproblem", 1, 1, 2, 8, 0, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := l.Check(context.Background(), Document{Text: []byte(tt.text)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 {
				t.Fatalf("got %d findings, want 1", len(res.Findings))
			}
			f := res.Findings[0]
			got := [6]int{f.Line, f.Column, f.EndLine, f.EndColumn, f.Offset, f.EndOffset}
			want := [6]int{tt.line, tt.col, tt.endLine, tt.endCol, tt.offset, tt.endOffset}
			if got != want {
				t.Errorf("got line/col/endline/endcol/offset/endoffset %v, want %v", got, want)
			}
			if m := tt.text[f.Offset:f.EndOffset]; m != f.Match {
				t.Errorf("offsets select %q, match says %q", m, f.Match)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	src := `lexicon: t
discouraged:
  - {id: a.short, category: rigid, message: m, phrases: ["policy"]}
  - {id: b.long, category: rigid, message: m, phrases: ["company policy"]}
  - {id: c.same, category: rigid, message: m, phrases: ["company policy", "company"]}
`
	l := compileYAML(t, src)
	res, err := l.Check(context.Background(), Document{Text: []byte("That is company policy. Policy!")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s@%d", f.Rule, f.Offset))
	}
	// "policy" inside "company policy" is dropped; the two entries with the
	// same span both speak; c.same reports its longest phrase once.
	want := "[b.long@8 c.same@8 a.short@24]"
	if fmt.Sprint(got) != want {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSkipRanges(t *testing.T) {
	l := linterFor(t, "you must", `re:\bcode\b`)
	text := "You must go. `you must code` code. you must"
	res, err := l.Check(context.Background(), Document{Text: []byte(text), Skip: [][2]int{{13, 28}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, f := range res.Findings {
		got = append(got, f.Offset)
	}
	// Neither the phrase nor the regexp matches inside the skipped span.
	if fmt.Sprint(got) != "[0 29 35]" {
		t.Errorf("got offsets %v", got)
	}
}

func TestLanguageDetection(t *testing.T) {
	en := "lexicon: en\nlanguage: en\ndiscouraged:\n  - {id: en.x, category: rigid, message: m, phrases: [\"no\"]}\n"
	nl := "lexicon: nl\nlanguage: nl\ndiscouraged:\n  - {id: nl.x, category: rigid, message: m, phrases: [\"no\"]}\n"
	var lexs []*lexicon.Lexicon
	for i, s := range []string{en, nl} {
		lex, err := lexicon.Parse(fmt.Sprint(i), []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		lexs = append(lexs, lex)
	}
	l, err := New(lexs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, lang, rules string
	}{
		{"No, I can't do that for you.", "en", "[en.x]"},
		{"No, dat kan ik niet voor u doen.", "nl", "[nl.x]"},
		{"No.", "", "[en.x nl.x]"},
	}
	for _, tt := range tests {
		res, err := l.Check(context.Background(), Document{Text: []byte(tt.text)})
		if err != nil {
			t.Fatal(err)
		}
		var rules []string
		for _, f := range res.Findings {
			rules = append(rules, f.Rule)
		}
		if res.Lang != tt.lang || fmt.Sprint(rules) != tt.rules {
			t.Errorf("%q: lang %q rules %v, want %q %s", tt.text, res.Lang, rules, tt.lang, tt.rules)
		}
	}
}

func TestEncouragedHits(t *testing.T) {
	src := "lexicon: t\nencouraged:\n  - {id: t.empathy, category: empathy, phrases: [\"I understand\", \"I'm sorry\"]}\n"
	l := compileYAML(t, src)
	res, err := l.Check(context.Background(), Document{Text: []byte("I understand. I’m sorry about that.")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || len(res.Findings) != 0 {
		t.Errorf("hits %v findings %v", res.Hits, res.Findings)
	}
}

func TestCanceledContext(t *testing.T) {
	l := linterFor(t, "must")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Check(ctx, Document{Text: []byte("must")}); err == nil {
		t.Error("Check on a canceled context succeeded")
	}
}

func TestUnmatchablePhrase(t *testing.T) {
	src := "lexicon: t\ndiscouraged:\n  - id: t.x\n    category: rigid\n    message: m\n    phrases: [\"-- !!\"]\n"
	lex, err := lexicon.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = New([]*lexicon.Lexicon{lex}, Options{})
	errs := lexicon.Errors(err)
	if len(errs) != 1 || errs[0].Pos.Line != 6 || errs[0].Pos.Col != 15 || !strings.Contains(errs[0].Msg, "no letters or digits") {
		t.Errorf("got %v", err)
	}
}

func TestExplain(t *testing.T) {
	l := compileYAML(t, `lexicon: t
discouraged:
  - {id: t.short, category: rigid, message: m, phrases: ["policy"]}
  - {id: t.long, category: rigid, message: m, phrases: ["company policy", "our policy"]}
encouraged:
  - {id: t.g, category: greeting, phrases: ["hi"]}
`)
	ex, err := l.Explain(context.Background(), Document{Text: []byte("Hi. Company Policy! `our policy`"), Skip: [][2]int{{20, 32}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ex.Matches {
		got = append(got, fmt.Sprintf("%s/%s/%v/%s", m.Rule, m.Phrase, m.Reported, m.Why))
	}
	want := []string{
		"t.g/hi/true/",
		"t.long/company policy/true/",
		"t.short/policy/false/inside a longer match of another entry",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(ex.Tokens) != 3 || ex.Tokens[1].Norm != "company" || !ex.Tokens[1].InLexicon || ex.Tokens[2].Sentence != 1 || len(ex.Findings) != 1 {
		t.Errorf("tokens %+v findings %v", ex.Tokens, ex.Findings)
	}
}

// TestUnless checks that an entry's unless phrase cancels its match when
// it follows in the same sentence, and only then.
// wantMatches is a text and the words of each match it should draw.
type wantMatches struct {
	text string
	want []string
}

// checkMatches checks each case's matches with l.
func checkMatches(t *testing.T, l *Linter, tests []wantMatches) {
	t.Helper()
	for _, tt := range tests {
		got := matches(t, l, tt.text)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestNotInQuestions: an entry with questions: false is not reported in
// a sentence that ends with a question mark, and still is in the
// sentences around it; other entries are reported in questions too.
func TestNotInQuestions(t *testing.T) {
	l := compileYAML(t, `lexicon: t
discouraged:
  - id: t.must
    category: rigid
    message: m
    questions: false
    phrases: ["you have to pay", "moet u betalen"]
  - id: t.policy
    category: rigid
    message: m
    phrases: ["policy"]
`)
	tests := []wantMatches{
		{"You have to pay first.", []string{"You have to pay"}},
		{"Do you have to pay first? No.", nil},
		{"You have to pay first. Is that all right?", []string{"You have to pay"}},
		{"Moet u betalen？ Nee.", nil},
		{"Is that our policy?", []string{"policy"}},
		{"You have to pay\n\nwhy?", []string{"You have to pay"}},
		{"You have to pay", []string{"You have to pay"}},
	}
	checkMatches(t, l, tests)
	ex, err := l.Explain(context.Background(), Document{Text: []byte("Do you have to pay?")})
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Matches) != 1 || !strings.Contains(ex.Matches[0].Why, "in a question") {
		t.Errorf("explain: %+v", ex.Matches)
	}
}

func TestUnless(t *testing.T) {
	l := compileYAML(t, `lexicon: t
discouraged:
  - id: t.no
    category: rigid
    message: m
    phrases: ["not possible", "(sorry|helaas)"]
    unless: ["but i can", "maar ik (heb|kan)"]
  - id: t.other
    category: rigid
    message: m
    phrases: ["policy"]
`)
	tests := []wantMatches{
		{"That's not possible, but I can send you the new one today.", nil},
		{"That's not possible. But I can send you the new one today.", []string{"not possible"}},
		{"But I can see why; that's not possible.", []string{"not possible"}},
		{"Not possible!\n\nBut I can help.", []string{"Not possible"}},
		{"Helaas is hij uitverkocht, maar ik heb een ander model voor u gereserveerd.", nil},
		{"It's policy, but I can check.", []string{"policy"}},
		{"Not possible: policy, but I can look again.", []string{"policy"}},
		{"Bestel a.u.b. opnieuw, helaas, maar ik kan niets doen", nil},
	}
	checkMatches(t, l, tests)
	ex, err := l.Explain(context.Background(), Document{Text: []byte("That's not possible, but I can send one.")})
	if err != nil {
		t.Fatal(err)
	}
	var whys []string
	for _, m := range ex.Matches {
		whys = append(whys, m.Kind+": "+m.Why)
	}
	if len(whys) != 2 || !strings.Contains(whys[0], `cancelled by "but I can"`) || !strings.HasPrefix(whys[1], "unless: ") {
		t.Errorf("explain: %q", whys)
	}
}

// TestAbbreviations checks that a dotted or known abbreviation is one word
// and ends no sentence when the text goes on in lower case.
func TestAbbreviations(t *testing.T) {
	l := linterFor(t, "probeer het later", "see attached")
	tests := []struct {
		text string
		want int
	}{
		{"Probeer het a.u.b. later nog eens.", 0},
		{"Probeer het later. Bedankt", 1},
		{"See e.g. attached.", 0},
		{"Dhr. Jansen, probeer het later.", 1},
		{"Wij bellen u z.s.m. Probeer het later.", 1},
	}
	for _, tt := range tests {
		if got := matches(t, l, tt.text); len(got) != tt.want {
			t.Errorf("%q: got %q, want %d matches", tt.text, got, tt.want)
		}
	}
	ex, err := l.Explain(context.Background(), Document{Text: []byte("Graag a.u.b. bellen. Zie o.a. bijv. de site.")})
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, tok := range ex.Tokens {
		words = append(words, fmt.Sprintf("%s/%d", tok.Norm, tok.Sentence))
	}
	if got := strings.Join(words, " "); got != "graag/0 aub/0 bellen/0 zie/1 oa/1 bijv/1 de/1 site/1" {
		t.Errorf("tokens: %s", got)
	}
}
