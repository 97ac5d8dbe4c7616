package lexicon

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

func loadSchema(t *testing.T) (map[string]any, *jsonschema.Schema) {
	t.Helper()
	f, err := os.Open("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return doc.(map[string]any), s
}

func keysOf(m any) []string {
	var out []string
	for k := range m.(map[string]any) {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// TestSchemaMatchesLoader keeps schema.json and the loader's keys in step.
func TestSchemaMatchesLoader(t *testing.T) {
	doc, _ := loadSchema(t)
	defs := doc["$defs"].(map[string]any)
	for _, c := range []struct {
		name   string
		schema []string
		loader []string
	}{
		{"top level", keysOf(doc["properties"]), topKeys},
		{"discouraged entry", keysOf(defs["entry"].(map[string]any)["properties"]), entryKeys},
		{"encouraged group", keysOf(defs["group"].(map[string]any)["properties"]), groupKeys},
		{"examples", keysOf(defs["entry"].(map[string]any)["properties"].(map[string]any)["examples"].(map[string]any)["properties"]), exampleKeys},
	} {
		if strings.Join(c.schema, ",") != strings.Join(sorted(c.loader), ",") {
			t.Errorf("%s: schema has %v, the loader reads %v", c.name, c.schema, sorted(c.loader))
		}
	}
}

// TestLexiconsValidateAgainstSchema validates the built-in, example and
// test lexicons against schema.json, and checks that the schema rejects a
// malformed one.
func TestLexiconsValidateAgainstSchema(t *testing.T) {
	_, schema := loadSchema(t)
	check := func(name string, data []byte) error {
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err != nil {
			return err
		}
		return schema.Validate(inst)
	}
	var files []string
	for _, lang := range BuiltinLanguages() {
		files = append(files, "builtin/"+lang+".yaml")
	}
	filepath.WalkDir("../testdata/lexicons", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, "bad") {
			files = append(files, p)
		}
		return nil
	})
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := check(f, data); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if err := check("bad", []byte("lexicon: x\ndiscouraged:\n  - {id: a, severity: fatal, sugestions: [y]}\n")); err == nil {
		t.Error("the schema accepts an unknown severity and key")
	}
}
