package transcript

import (
	"encoding/json"
	"testing"

	"github.com/tidwall/gjson"
)

// TestLookupJSON checks that the fast gjson field look-up gives exactly
// what the encoding/json one gives, on the values exports really hold.
func TestLookupJSON(t *testing.T) {
	lines := []string{
		`{"text":"Hello","role":"agent","id":42,"n":-1.5e3,"ok":true,"none":null}`,
		`{"text":"caf\u00e9 \"quoted\" \\ \n line","role":"agent"}`,
		`{"text":"\ud83d\ude00 emoji","id":"007"}`,
		`{"author":{"name":"Sanne","role":"agent","meta":{"team":"nl"}},"text":"x"}`,
		`{"a*b":"star","a?b":"question","@this":"at","#":"hash","a b":"space"}`,
		`{"text":{"html":"<p>x</p>"},"list":[1,2]}`,
		`  {"text" : "spaced" , "role" : "customer" }  `,
		`{"text":"U+2028 \u2028 and tab\t"}`,
	}
	paths := []string{"text", "role", "id", "n", "ok", "none", "missing", "author.name", "author.meta.team",
		"author.missing", "text.html", "list", "a*b", "a?b", "@this", "#", "a b", "text.missing"}
	for _, line := range lines {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		// Half the paths are known in advance (one pass), the rest are
		// looked up on demand.
		get := newJSONFields(paths[:len(paths)/2]).pick(gjson.Parse(line))
		for _, p := range paths {
			want, wantOK := lookupRaw(raw, p)
			got, gotOK := get(p)
			if got != want || gotOK != wantOK {
				t.Errorf("%s\n  %q: gjson %q %v, encoding/json %q %v", line, p, got, gotOK, want, wantOK)
			}
		}
	}
}

// TestDecodeJSONLInvalid checks that lines gjson does not take as a JSON
// object get encoding/json's precise error.
func TestDecodeJSONLInvalid(t *testing.T) {
	for _, line := range []string{`{bad`, `[1,2]`, `"text"`, `{"text":"a"} trailing`, `{"text":"a",}`} {
		rd := &reader{path: "x.jsonl"}
		m := &Message{Origin: Origin{Record: 3}}
		err := rd.decodeJSONL(m, line, nil)
		if err == nil {
			t.Errorf("%s: no error", line)
			continue
		}
		if got := err.Error(); len(got) < 17 || got[:17] != "x.jsonl:3: invali" {
			t.Errorf("%s: %v", line, err)
		}
	}
}
