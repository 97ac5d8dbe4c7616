package lexicon

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Builtin returns the YAML source of the built-in lexicon for a language
// ("en" or "nl").
func Builtin(lang string) ([]byte, error) {
	data, err := fs.ReadFile(builtinFS, "builtin/"+lang+".yaml")
	if err != nil {
		return nil, fmt.Errorf("no built-in lexicon %q: use one of %s", BuiltinPrefix+lang, strings.Join(BuiltinRefs(), ", "))
	}
	return data, nil
}

// BuiltinLanguages lists the languages that have a built-in lexicon.
func BuiltinLanguages() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var langs []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			langs = append(langs, name)
		}
	}
	sort.Strings(langs)
	return langs
}

// BuiltinRefs lists the references of the built-in lexicons: builtin:en, ...
func BuiltinRefs() []string {
	var refs []string
	for _, l := range BuiltinLanguages() {
		refs = append(refs, BuiltinPrefix+l)
	}
	return refs
}
