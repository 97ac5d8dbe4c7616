package main

// starterFiles returns the contents of init's .lexlint.yaml and
// team-lexicon.yaml for a language. Unless fixed (the folder is clearly of
// that language), the configuration keeps lang: auto and the other
// language's built-in lexicon, so that a text in that language is still
// checked.
func starterFiles(lang string, fixed bool) (config, lex string) {
	other := map[string]string{"nl": "en", "en": "nl"}[lang]
	lexicons := `lexicons: [team-lexicon.yaml]   # extends builtin:` + lang + `
lang: ` + lang + `                         # every text is checked as ` + langNames[lang] + `
`
	if !fixed {
		lexicons = `lexicons: [team-lexicon.yaml, builtin:` + other + `]   # the team lexicon extends builtin:` + lang + `
lang: auto                       # each text's language is detected; nl or en checks every text as that language
`
	}
	config = `# lexlint configuration: https://github.com/lexlint/lexlint#configuration-lexlintyaml
` + lexicons + `fail_on: error                   # error, warning, suggestion or none
# input: macros                  # for a repository of canned responses
# rules:                         # per-rule levels: off, error, warning, suggestion
#   ` + lang + `.negative.` + map[string]string{"nl": "helaas", "en": "unfortunately"}[lang] + `: off
`
	if lang == "nl" {
		lex = `# yaml-language-server: $schema=https://raw.githubusercontent.com/lexlint/lexlint/main/lexicon/schema.json
# Het lexicon van ons team. Het breidt het ingebouwde Nederlandse lexicon uit:
# alles daaruit geldt, plus wat hieronder staat.
lexicon: team
language: nl
extends: [builtin:nl]

discouraged:
  # Een eigen item: woorden die bij ons team niet passen.
  - id: team.jargon.ticketnummer
    category: jargon
    severity: suggestion
    phrases: ["(uw|je) ticketnummer", "(het|uw) incidentnummer"]
    message: Klanten kennen onze interne nummers niet; noem de vraag of de bestelling.
    suggestions: ["uw vraag over de levering", "uw bestelling van 3 maart"]
    examples:
      flag: ["Ik heb uw ticketnummer gevonden."]
      pass: ["Ik heb uw bestelling gevonden."]

  # Een ingebouwd item strenger maken: alleen de sleutels die u noemt veranderen.
  - id: nl.rigid.beleid
    severity: error

  # Een ingebouwd item uitzetten:
  # - {id: nl.negative.helaas, disabled: true}

encouraged:
  # Zinnen toevoegen aan een ingebouwde groep:
  - id: nl.empathy
    phrases: ["rot voor je"]
`
		return config, lex
	}
	lex = `# yaml-language-server: $schema=https://raw.githubusercontent.com/lexlint/lexlint/main/lexicon/schema.json
# Our team's lexicon. It extends the built-in English lexicon: everything
# there applies, plus what is below.
lexicon: team
language: en
extends: [builtin:en]

discouraged:
  # An entry of our own: wording that does not suit our team.
  - id: team.jargon.ticket-number
    category: jargon
    severity: suggestion
    phrases: ["your ticket number", "(the|your) incident number"]
    message: Customers don't know our internal numbers; name their question or order.
    suggestions: ["your question about the delivery", "your order from 3 March"]
    examples:
      flag: ["Please quote your ticket number."]
      pass: ["Please send your order number and I'll look it up."]

  # Make a built-in entry stricter: only the keys you write change.
  - id: en.rigid.company-policy
    severity: error

  # Turn a built-in entry off:
  # - {id: en.negative.unfortunately, disabled: true}

encouraged:
  # Add phrases to a built-in group:
  - id: en.empathy
    phrases: ["what a pain"]
`
	return config, lex
}
