package lint

import (
	"context"
	"fmt"
	"github.com/lexlint/lexlint/lexicon"
	"strings"
	"testing"
)

func TestPresence(t *testing.T) {
	l := compileYAML(t, `lexicon: t
language: en
encouraged:
  - {id: t.greeting, category: greeting, phrases: ["hi", "hello"], require: conversation, position: first, message: greet}
  - {id: t.closing, category: closing, phrases: ["anything else"], require: conversation, position: last, message: close}
  - {id: t.thanks, category: positive, phrases: ["thanks"], require: reply, message: thank}
  - {id: t.empathy, category: empathy, phrases: ["sorry"], require: conversation, message: care}
`)
	p := l.NewPresence()
	type msg struct{ conv, text string }
	stream := []msg{
		{"a", "Hi, thanks for waiting. Your order is late."},
		{"a", "It ships tomorrow. Anything else?"},
		{"b", "The parcel left today."},
		{"b", "Sorry, thanks, anything else?"},
		{"c", "Hello, thanks, anything else? Sorry."},
	}
	var got []string
	record := func(fs []PresenceFinding) {
		for _, f := range fs {
			got = append(got, fmt.Sprintf("%v:%s", f.Ref, f.Finding.Rule))
		}
	}
	for i, m := range stream {
		res, err := l.Check(context.Background(), Document{Text: []byte(m.text), Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && stream[i-1].conv != m.conv {
			record(p.Flush())
		}
		record(p.Message(m.conv, i, Document{}, res))
	}
	record(p.Flush())
	want := "1:t.thanks 0:t.empathy 2:t.greeting 2:t.thanks"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestNoPresenceRules(t *testing.T) {
	lex, err := lexicon.Parse("t.yaml", []byte("lexicon: t\ndiscouraged:\n  - id: t.rule\n    category: rigid\n    message: m\n    phrases: [x]\n"))
	if err != nil {
		t.Fatal(err)
	}
	off := ConversationRules{NameOveruse: lexicon.SeverityNone, RegisterMix: lexicon.SeverityNone}
	l, err := New([]*lexicon.Lexicon{lex}, Options{Conversation: off})
	if err != nil {
		t.Fatal(err)
	}
	if l.NewPresence() != nil {
		t.Error("a lexicon without presence rules, the conversation rules off, gives a tracker")
	}
	if linterFor(t, "x").NewPresence() == nil {
		t.Error("no tracker for the conversation rules")
	}
}
