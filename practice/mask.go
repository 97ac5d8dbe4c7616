package practice

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholders of masked personal details, by language.
var placeholders = map[string]map[string]string{
	"en": {"name": "[name]", "email": "[e-mail]", "phone": "[phone]", "number": "[number]"},
	"nl": {"name": "[naam]", "email": "[e-mail]", "phone": "[telefoon]", "number": "[nummer]"},
}

var (
	emailRe  = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(\.[\p{L}\p{N}\-]+)+`)
	phoneRe  = regexp.MustCompile(`\+?\(?\d[\d ()./\-]{6,}\d`)
	numberRe = regexp.MustCompile(`#\s?[\p{L}\p{N}\-]*\d[\p{L}\p{N}\-]*|\b[\p{L}]{0,5}[\-/]?\d{4,}[\p{L}\p{N}\-]*`)
	// greetRe finds the name after a greeting: "Hi Sam", "Beste mevrouw
	// Jansen", "Dear Mr Smith".
	greetRe = regexp.MustCompile(`(?i)\b(hi|hello|hey|dear|beste|hallo|hoi|geachte|goedemorgen|goedemiddag|goedenavond|good morning|good afternoon|good evening|thanks|thank you|bedankt|dank u|dank je)(\s+(mr|mrs|ms|miss|dr|heer|mevrouw|mevr|dhr)\.?)?[,\s]+(\p{Lu}[\p{L}'\-]+(\s+(van|de|der|den|van der|van den|ter|ten)?\s*\p{Lu}[\p{L}'\-]+)?)`)
)

// Mask replaces personal details in text with placeholders in lang (en or
// nl): e-mail addresses, phone numbers, order and other numbers of four
// digits or more, the names given (each of their words of two letters or
// more, whole words, case folded) and a capitalised name after a greeting.
func Mask(text, lang string, names []string) string {
	ph := placeholders[lang]
	if ph == nil {
		ph = placeholders["en"]
	}
	text = emailRe.ReplaceAllString(text, ph["email"])
	text = phoneRe.ReplaceAllStringFunc(text, func(s string) string {
		if digits(s) >= 8 {
			return ph["phone"]
		}
		return s
	})
	text = numberRe.ReplaceAllString(text, ph["number"])
	text = greetRe.ReplaceAllStringFunc(text, func(s string) string {
		m := greetRe.FindStringSubmatchIndex(s)
		return s[:m[8]] + ph["name"] + s[m[9]:]
	})
	return maskNames(text, names, ph["name"])
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// maskNames replaces the words of names in text, whole words, case folded.
func maskNames(text string, names []string, with string) string {
	var words []string
	for _, n := range names {
		for _, w := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' }) {
			if utf8.RuneCountInString(w) >= 2 && !function[strings.ToLower(w)] {
				words = append(words, regexp.QuoteMeta(w))
			}
		}
	}
	if len(words) == 0 {
		return text
	}
	sort.Slice(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	re, err := regexp.Compile(`(?i)(^|[^\p{L}\p{N}])(` + strings.Join(words, "|") + `)($|[^\p{L}\p{N}])`)
	if err != nil {
		return text
	}
	// Matches share their boundary characters, so replace until stable.
	for range 4 {
		next := re.ReplaceAllString(text, "${1}"+strings.ReplaceAll(with, "$", "$$")+"${3}")
		if next == text {
			break
		}
		text = next
	}
	return text
}
