package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/lexlint/lexlint/lexicon"
)

// conversationFindings runs the conversation rules over agent messages
// (one conversation) and returns "message:rule:match" for each finding.
// Lines starting with ">" are quoted (skipped, as the readers mark them);
// messages starting with "en:" are English.
func conversationFindings(t *testing.T, rules ConversationRules, customer string, msgs ...string) []string {
	t.Helper()
	l, err := NewBuiltin(Options{Conversation: rules})
	if err != nil {
		t.Fatal(err)
	}
	p := l.NewPresence()
	var got []string
	record := func(fs []PresenceFinding) {
		for _, pf := range fs {
			if _, ok := ConversationRuleIDs()[pf.Finding.Rule]; ok {
				got = append(got, fmt.Sprintf("%d:%s:%s", pf.Ref, pf.Finding.Rule, pf.Finding.Match))
			}
		}
	}
	for i, text := range msgs {
		doc := Document{Text: []byte(text), Customer: customer, Lang: "nl"}
		if rest, ok := strings.CutPrefix(text, "en:"); ok {
			doc.Text, doc.Lang = []byte(rest), "en"
		}
		off := 0
		for _, line := range strings.SplitAfter(string(doc.Text), "\n") {
			if strings.HasPrefix(line, ">") {
				doc.Skip = append(doc.Skip, [2]int{off, off + len(line)})
			}
			off += len(line)
		}
		res, err := l.Check(context.Background(), doc)
		if err != nil {
			t.Fatal(err)
		}
		record(p.Message("c", i, doc, res))
	}
	record(p.Flush())
	return got
}

func TestNameOveruse(t *testing.T) {
	tests := []struct {
		name     string
		rules    ConversationRules
		customer string
		msgs     []string
		want     string
	}{
		{"the fourth mention", ConversationRules{}, "Sanne de Vries",
			[]string{"Goedemorgen Sanne, dank voor uw bericht.", "Sanne, ik kijk het na. Dank u, SANNE.", "Zo, sänne: het is geregeld, Sanne!"},
			"2:name-overuse:sänne"},
		{"the full name counts once", ConversationRules{}, "Sanne de Vries",
			[]string{"Beste Sanne de Vries,", "Dank u, Sanne de Vries.", "Graag gedaan, mevrouw De Vries. Groet, Sanne de Vries"}, ""},
		{"three times is fine", ConversationRules{}, "Sanne",
			[]string{"Hoi Sanne!", "Sanne, top.", "Fijne dag, Sanne."}, ""},
		{"a threshold of one", ConversationRules{NameThreshold: 1}, "Sanne",
			[]string{"Hoi Sanne!", "Sanne, top."}, "1:name-overuse:Sanne"},
		{"off", ConversationRules{NameOveruse: lexicon.SeverityNone}, "Sanne",
			[]string{"Sanne Sanne Sanne Sanne Sanne"}, ""},
		{"no name", ConversationRules{}, "Visitor 123", []string{"Visitor visitor visitor visitor visitor"}, ""},
		{"quoted text is not the agent's", ConversationRules{}, "Sanne",
			[]string{"Hoi Sanne!", "> Sanne schreef: Sanne Sanne Sanne\n\nDank u."}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := make([]string, len(tt.msgs))
			for i, m := range tt.msgs {
				msgs[i] = strings.ReplaceAll(m, "\\\\n", "\\n")
			}
			if got := strings.Join(conversationFindings(t, tt.rules, tt.customer, msgs...), " "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRegisterMix(t *testing.T) {
	tests := []struct {
		name  string
		rules ConversationRules
		msgs  []string
		want  string
	}{
		{"both in one reply", ConversationRules{}, []string{"Kunt u het nummer sturen? Dan kijk ik of je pakket onderweg is."}, "0:nl.register-mix:je"},
		{"across replies", ConversationRules{}, []string{"Dank voor uw bericht.", "Heb je het pakket al ontvangen?", "Jij krijgt bericht."},
			"1:nl.register-mix:je 2:nl.register-mix:Jij"},
		{"one form throughout", ConversationRules{}, []string{"Heb je het ontvangen?", "Laat het me weten als jij nog vragen hebt, dan help ik je."}, ""},
		{"fixed expressions", ConversationRules{}, []string{"Wij sturen u een nieuwe; je weet maar nooit. Het is je van het.", "Hoe je het ook wendt of keert, u krijgt uw geld terug."}, ""},
		{"names, hours and hyphens", ConversationRules{}, []string{"Dank u. Ik heb het gevraagd aan Jij Jansen; de U-bocht is om 10 u open."}, ""},
		{"the house register", ConversationRules{Register: "u"}, []string{"Heb je het ontvangen?"}, "0:nl.register-mix:je"},
		{"the house register je", ConversationRules{Register: "je"}, []string{"Hoi! Heb je het pakket?", "Dan stuur ik uw retourlabel."}, "1:nl.register-mix:uw"},
		{"off", ConversationRules{RegisterMix: lexicon.SeverityNone}, []string{"Kunt u kijken of je pakket er is?"}, ""},
		{"English text", ConversationRules{}, []string{"en:Thank you, u can check je status."}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(conversationFindings(t, tt.rules, "", tt.msgs...), " "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
