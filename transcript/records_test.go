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
			found, ok := newJSONFields(group).pick(line, &vals)
			if !ok {
				t.Fatalf("%s: not read as a valid object", line)
			}
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
		{`{bad`, "x.jsonl:3: invalid JSON: invalid character 'b' looking for beginning of object key string (at byte 1)"},
		{`{"text":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, "x.jsonl:3: nested more than 10000 levels deep"},
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
	gen := newJSONGen(rng)
	for n := 0; n < 3000; n++ {
		line := gen.object()
		if !gjson.Valid(line) {
			t.Fatalf("generated invalid JSON %s", line)
		}
		var want, got []string
		gjson.Parse(line).ForEach(func(k, v gjson.Result) bool {
			want = append(want, k.Str+"="+v.Raw)
			return true
		})
		if !walkObject(line, func(k, raw string) bool {
			got = append(got, k+"="+raw)
			return true
		}) {
			t.Fatalf("%s: not read as a valid object", line)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\nwalkObject %q\nForEach    %q", line, got, want)
		}
	}
}

// jsonGen writes random JSON objects whose keys and values hold escapes,
// quotes, backslashes and brackets inside strings, nesting, numbers,
// literals and white space.
type jsonGen struct{ rng *rand.Rand }

func newJSONGen(rng *rand.Rand) *jsonGen { return &jsonGen{rng} }

func (g *jsonGen) str() string {
	pieces := []string{"a", "é", `\"`, `\\`, `\n`, `\u0041`, `\/`, "{", "}", "[", "]", ",", ":", " ", `\\\"`, "\xff"}
	var sb strings.Builder
	sb.WriteByte('"')
	for n := g.rng.Intn(5); n > 0; n-- {
		sb.WriteString(pieces[g.rng.Intn(len(pieces))])
	}
	sb.WriteByte('"')
	return sb.String()
}

func (g *jsonGen) ws() string { return []string{"", " ", "\t", "\r\n "}[g.rng.Intn(4)] }

func (g *jsonGen) value(depth int) string {
	switch k := g.rng.Intn(7); {
	case k == 0 && depth < 3:
		var parts []string
		for n := g.rng.Intn(3); n > 0; n-- {
			parts = append(parts, g.ws()+g.str()+g.ws()+":"+g.ws()+g.value(depth+1)+g.ws())
		}
		return "{" + strings.Join(parts, ",") + "}"
	case k == 1 && depth < 3:
		var parts []string
		for n := g.rng.Intn(3); n > 0; n-- {
			parts = append(parts, g.ws()+g.value(depth+1)+g.ws())
		}
		return "[" + strings.Join(parts, ",") + "]"
	case k == 2:
		return []string{"0", "-1.5e3", "12", "0.25", "1E+2", "-0"}[g.rng.Intn(6)]
	case k == 3:
		return []string{"true", "false", "null"}[g.rng.Intn(3)]
	}
	return g.str()
}

func (g *jsonGen) object() string {
	line := g.value(0)
	if line[0] != '{' {
		line = "{" + g.ws() + g.str() + ":" + line + "}"
	}
	return g.ws() + line + g.ws()
}

// TestWalkObjectValid checks that walkObject accepts exactly the lines
// encoding/json takes for one JSON object: random objects, the same with
// random damage, and hand-picked edge cases.
func TestWalkObjectValid(t *testing.T) {
	cases := []string{`{}`, ` { } `, `{"a":1}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":+1}`,
		`{"a":1e+}`, `{"a":tru}`, `{"a":nul}`, `{"a":"x` + "\x01" + `"}`, `{"a":"\x"}`, `{"a":"\u12G4"}`, `{"a":"\u12"}`,
		`{"a":1,}`, `{"a":1}x`, `{"a" 1}`, `{a:1}`, `{"a":[1,]}`, `{"a":[1 2]}`, `{"a":{"b":}}`, `[]`, `"s"`, `null`,
		`{"a":"` + strings.Repeat("x", 20) + `\"` + strings.Repeat("y", 9) + `"}`, `{"a":"\xff\xfe"}`, `{"a":"tab\there"}`,
		`{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, `{"a":1}` + "\n", `{"a":"\ud83d\ude00"}`}
	rng := rand.New(rand.NewSource(9))
	gen := newJSONGen(rng)
	damage := []string{"", "\"", "\\", ",", ":", "}", "]", "{", "[", "1", "-", ".", "e", "\x00", "\x1f", "\t", "u", "n"}
	for n := 0; n < 4000; n++ {
		line := gen.object()
		if n%2 == 1 {
			b := []byte(line)
			i := rng.Intn(len(b))
			switch rng.Intn(3) {
			case 0: // delete a byte
				b = append(b[:i], b[i+1:]...)
			case 1: // insert one
				b = append(b[:i], append([]byte(damage[rng.Intn(len(damage))]), b[i:]...)...)
			default: // cut the line
				b = b[:i]
			}
			line = string(b)
		}
		cases = append(cases, line)
	}
	for _, line := range cases {
		want := json.Valid([]byte(line)) && strings.TrimLeft(line, " \t\r\n")[0] == '{'
		if got := walkObject(line, func(string, string) bool { return false }); got != want {
			t.Errorf("%q: walkObject %v, encoding/json %v", line, got, want)
		}
	}
}

// FuzzWalkObject checks walkObject against encoding/json on any input:
// go test -fuzz FuzzWalkObject ./transcript/
func FuzzWalkObject(f *testing.F) {
	for _, s := range []string{`{"text":"hi","role":"agent"}`, `{"a":[1,{"b":null}],"c":"\u00e9\n"}`, `{`, `{"a":1e5}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		want := json.Valid([]byte(line)) && strings.TrimLeft(line, " \t\r\n")[0] == '{'
		if got := walkObject(line, func(string, string) bool { return true }); got != want {
			t.Errorf("%q: walkObject %v, encoding/json %v", line, got, want)
		}
	})
}
