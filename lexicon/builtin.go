package lexicon

import (
	"embed"
	"fmt"
	"io"
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

// HashBuiltin writes the language, the length and the YAML source of a
// built-in lexicon to h (a hash), without copying the source first.
func HashBuiltin(h io.Writer, lang string) error {
	f, err := builtinFS.Open("builtin/" + lang + ".yaml")
	if err != nil {
		return fmt.Errorf("no built-in lexicon %q: use one of %s", BuiltinPrefix+lang, strings.Join(BuiltinRefs(), ", "))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "%s %d\n", lang, info.Size())
	var buf [8192]byte
	_, err = io.CopyBuffer(h, struct{ io.Reader }{f}, buf[:])
	return err
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
