// Package synth generates deterministic test material for benchmarks:
// agent messages in English and Dutch with lexicon phrases mixed in (in
// varied case, with punctuation, accents and curly apostrophes), and
// synthetic lexicons of any number of phrases.
package synth

import (
	"fmt"
	"math/rand"
	"strings"
)

// words is the vocabulary of generated text and phrases.
func words() []string {
	return strings.Fields(`order parcel refund delivery invoice account payment address courier
	today tomorrow week please thanks sorry help check send arrive update change cancel return
	label receipt number email phone call team colleague manager store product size colour price
	discount voucher subscription plan month year time problem question answer reason policy
	terms form system screen app website login password card bank transfer extra fee free fast
	late early again still already just really quite very happy glad sure right wrong new old
	bestelling pakket terugbetaling levering factuur betaling adres bezorger vandaag morgen week
	graag bedankt sorry helpen controleren sturen aankomen wijzigen annuleren retour label bon
	nummer collega winkel product maat prijs korting abonnement maand vraag antwoord reden
	beleid voorwaarden formulier systeem scherm inloggen wachtwoord kaart bank snel laat weer
	café reëel één coördinator`)
}

func fillers(lang string) []string {
	if lang == "nl" {
		return strings.Fields("ik je u we het de een dat is niet voor met op van en maar ook nog wel zo")
	}
	return strings.Fields("i you we it the a that is not for with on of and but also still so to your our")
}

// Lexicon returns a YAML lexicon of n discouraged phrases of two to four
// words, in entries of ten phrases, and the phrases themselves.
func Lexicon(seed int64, n int) (yaml string, phrases []string) {
	r := rand.New(rand.NewSource(seed))
	vocab := words()
	seen := map[string]bool{}
	for len(phrases) < n {
		k := 2 + r.Intn(3)
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[r.Intn(len(vocab))]
		}
		p := strings.Join(ws, " ")
		if !seen[p] {
			seen[p] = true
			phrases = append(phrases, p)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "lexicon: synthetic-%d\ndiscouraged:\n", n)
	for i := 0; i < len(phrases); i += 10 {
		fmt.Fprintf(&b, "  - id: s.e%05d\n    category: rigid\n    message: m\n    phrases:\n", i/10)
		for _, p := range phrases[i:min(i+10, len(phrases))] {
			fmt.Fprintf(&b, "      - %q\n", p)
		}
	}
	return b.String(), phrases
}

// Messages returns agent messages in English and Dutch, about size bytes
// in all, with phrases (from the given list) in one message of ten.
func Messages(seed int64, size int, phrases []string) []string {
	r := rand.New(rand.NewSource(seed))
	vocab := words()
	var out []string
	total := 0
	for total < size {
		lang := "en"
		if r.Intn(2) == 0 {
			lang = "nl"
		}
		fill := fillers(lang)
		var b strings.Builder
		for s := 0; s < 1+r.Intn(3); s++ {
			n := 6 + r.Intn(12)
			for i := 0; i < n; i++ {
				if i > 0 {
					b.WriteByte(' ')
				}
				var w string
				switch {
				case len(phrases) > 0 && r.Intn(200) == 0:
					w = variant(r, phrases[r.Intn(len(phrases))])
				case r.Intn(3) == 0:
					w = vocab[r.Intn(len(vocab))]
				default:
					w = fill[r.Intn(len(fill))]
				}
				if i == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				}
				b.WriteString(w)
				if r.Intn(12) == 0 {
					b.WriteByte(',')
				}
			}
			b.WriteString([]string{".", "!", "?", "."}[r.Intn(4)])
			b.WriteByte(' ')
		}
		msg := strings.TrimSpace(b.String())
		out = append(out, msg)
		total += len(msg) + 1
	}
	return out
}

// variant writes a phrase as an agent might: in another case, with a line
// break or NBSP between words, or with a curly apostrophe.
func variant(r *rand.Rand, p string) string {
	switch r.Intn(5) {
	case 0:
		return strings.ToUpper(p)
	case 1:
		return strings.Replace(p, " ", "\u00a0", 1)
	case 2:
		return strings.Replace(p, " ", "\n", 1)
	case 3:
		return strings.Replace(p, "'", "’", -1)
	}
	return p
}
