package transcript

import (
	"encoding/json"
	"math/rand"
	"reflect"
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
		// The paths, six (numFields) at a time.
		for start := 0; start < len(paths); start += numFields {
			group := paths[start:min(start+numFields, len(paths))]
			var vals [numFields]string
			found := newJSONFields(group).pick(gjson.Parse(line).Raw, &vals)
			for i, p := range group {
				want, wantOK := lookupRaw(raw, p)
				got, gotOK := vals[i], found&(1<<i) != 0
				if got != want || gotOK != wantOK {
					t.Errorf("%s\n  %q: gjson %q %v, encoding/json %q %v", line, p, got, gotOK, want, wantOK)
				}
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

// TestWalkObject compares walkObject with gjson's ForEach on random objects
// whose keys and values hold escapes, quotes, backslashes and brackets
// inside strings, nesting and white space.
func TestWalkObject(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	strPieces := []string{"a", "é", `\"`, `\\`, `\n`, `\u0041`, `\/`, "{", "}", "[", "]", ",", ":", " ", `\\\"`}
	str := func() string {
		var sb strings.Builder
		sb.WriteByte('"')
		for n := rng.Intn(5); n > 0; n-- {
			sb.WriteString(strPieces[rng.Intn(len(strPieces))])
		}
		sb.WriteByte('"')
		return sb.String()
	}
	ws := func() string { return []string{"", " ", "\t", "\r\n "}[rng.Intn(4)] }
	var value func(depth int) string
	value = func(depth int) string {
		switch k := rng.Intn(7); {
		case k == 0 && depth < 3:
			var parts []string
			for n := rng.Intn(3); n > 0; n-- {
				parts = append(parts, ws()+str()+ws()+":"+ws()+value(depth+1)+ws())
			}
			return "{" + strings.Join(parts, ",") + "}"
		case k == 1 && depth < 3:
			var parts []string
			for n := rng.Intn(3); n > 0; n-- {
				parts = append(parts, ws()+value(depth+1)+ws())
			}
			return "[" + strings.Join(parts, ",") + "]"
		case k == 2:
			return []string{"0", "-1.5e3", "12"}[rng.Intn(3)]
		case k == 3:
			return []string{"true", "false", "null"}[rng.Intn(3)]
		}
		return str()
	}
	for n := 0; n < 3000; n++ {
		line := value(0)
		if line[0] != '{' {
			line = "{" + ws() + str() + ":" + line + "}"
		}
		line = ws() + line + ws()
		if !gjson.Valid(line) {
			t.Fatalf("generated invalid JSON %s", line)
		}
		var want, got []string
		gjson.Parse(line).ForEach(func(k, v gjson.Result) bool {
			want = append(want, k.Str+"="+v.Raw)
			return true
		})
		walkObject(gjson.Parse(line).Raw, func(k, raw string) bool {
			got = append(got, k+"="+raw)
			return true
		})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\nwalkObject %q\nForEach    %q", line, got, want)
		}
	}
}
