package transcript

import (
	"encoding/json"
	"strings"
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

// TestDecodeJSONLInvalid checks the errors of lines that are not a JSON
// object: encoding/json's precise message for broken JSON, the kind of
// value for valid JSON of another kind.
func TestDecodeJSONLInvalid(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{`{bad`, "x.jsonl:3: invalid JSON: invalid character 'b' looking for beginning of object key string (at byte 2)"},
		{`{"text":"a"} trailing`, "x.jsonl:3: invalid JSON: invalid character 't' after top-level value"},
		{`{"text":"a",}`, "x.jsonl:3: invalid JSON: invalid character '}'"},
		{`{"text":"a"`, "x.jsonl:3: invalid JSON: unexpected end of line"},
		{`[1,2]`, "x.jsonl:3: a JSON array, not an object"},
		{`"text"`, "x.jsonl:3: a JSON string, not an object"},
		{`12`, "x.jsonl:3: a JSON number, not an object"},
		{`null`, "x.jsonl:3: a JSON null, not an object"},
	} {
		rd := &reader{path: "x.jsonl"}
		err := rd.decodeJSONL(&Message{Origin: Origin{Record: 3}}, c.line, newJSONFields(nil))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: %v, want %s...", c.line, err, c.want)
		}
	}
}
