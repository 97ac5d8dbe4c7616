// Command gen writes the benchmark corpora from a seed: generated English
// and Dutch agent messages as text, JSONL and CSV, and synthetic lexicons
// of 100, 1,000 and 10,000 phrases (as lexlint YAML, as a plain phrase list
// for ripgrep, and as a Vale style).
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"

	"github.com/lexlint/lexlint/internal/synth"
)

func main() {
	out := flag.String("out", "bench/out", "directory to write into")
	size := flag.Int("size", 50<<20, "bytes of agent text")
	seed := flag.Int64("seed", 1, "random seed")
	rated := flag.Bool("rated", false, "also write agent-rated.jsonl: agent.jsonl with a rating (1-5) on each conversation's last message, two stars lower where the conversation holds the first phrase of lexicon-100")
	flag.Parse()
	if err := run(*out, *size, *seed, *rated); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string, size int, seed int64, rated bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var allPhrases []string
	for _, n := range []int{100, 1000, 10000} {
		yaml, phrases := synth.Lexicon(seed, n)
		if n == 100 {
			allPhrases = phrases
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("lexicon-%d.yaml", n)), []byte(yaml), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("phrases-%d.txt", n)), []byte(strings.Join(phrases, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		if err := writeVale(filepath.Join(dir, fmt.Sprintf("vale-%d", n)), phrases); err != nil {
			return err
		}
	}
	msgs := synth.Messages(seed+1, size, allPhrases)
	if rated {
		if err := writeRated(filepath.Join(dir, "agent-rated.jsonl"), msgs, allPhrases[0], seed); err != nil {
			return err
		}
	}
	txt, err := os.Create(filepath.Join(dir, "agent.txt"))
	if err != nil {
		return err
	}
	jl, err := os.Create(filepath.Join(dir, "agent.jsonl"))
	if err != nil {
		return err
	}
	cf, err := os.Create(filepath.Join(dir, "agent.csv"))
	if err != nil {
		return err
	}
	cw := csv.NewWriter(cf)
	cw.Write([]string{"conversation_id", "role", "agent", "text"})
	enc := json.NewEncoder(jl)
	enc.SetEscapeHTML(false)
	for i, m := range msgs {
		conv := fmt.Sprintf("c%06d", i/6)
		fmt.Fprintln(txt, m)
		fmt.Fprintln(txt)
		enc.Encode(map[string]string{"conversation_id": conv, "role": "agent", "agent": fmt.Sprintf("agent-%d", i%17), "text": m})
		cw.Write([]string{conv, "agent", fmt.Sprintf("agent-%d", i%17), m})
	}
	cw.Flush()
	for _, f := range []*os.File{txt, jl, cf} {
		if err := f.Close(); err != nil {
			return err
		}
	}
	// Vale reads files; give it the text in 200 files, as in a repository.
	valeDir := filepath.Join(dir, "vale-corpus")
	os.MkdirAll(valeDir, 0o755)
	per := (len(msgs) + 199) / 200
	for i := 0; i < 200 && i*per < len(msgs); i++ {
		part := strings.Join(msgs[i*per:min((i+1)*per, len(msgs))], "\n\n")
		if err := os.WriteFile(filepath.Join(valeDir, fmt.Sprintf("part-%03d.txt", i)), []byte(part), 0o644); err != nil {
			return err
		}
	}
	return cgrCheck(cw)
}

func cgrCheck(cw *csv.Writer) error { return cw.Error() }

// writeVale writes a Vale configuration with one existence rule that holds
// the phrases as tokens.
func writeVale(dir string, phrases []string) error {
	styles := filepath.Join(dir, "styles", "Lexicon")
	if err := os.MkdirAll(styles, 0o755); err != nil {
		return err
	}
	ini := "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.txt]\nBasedOnStyles = Lexicon\n"
	if err := os.WriteFile(filepath.Join(dir, ".vale.ini"), []byte(ini), 0o644); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\nignorecase: true\ntokens:\n")
	for _, p := range phrases {
		fmt.Fprintf(&b, "  - '%s'\n", strings.ReplaceAll(p, "'", "''"))
	}
	return os.WriteFile(filepath.Join(styles, "Phrases.yml"), []byte(b.String()), 0o644)
}

// writeRated writes the JSONL export with ratings: conversations of six
// messages, the last of each rated 1 to 5 (seeded), two stars lower when a
// message of the conversation holds planted (in any case).
func writeRated(path string, msgs []string, planted string, seed int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	r := rand.New(rand.NewSource(seed + 2))
	planted = strings.ToLower(planted)
	has := false
	for i, m := range msgs {
		rec := map[string]any{"conversation_id": fmt.Sprintf("c%06d", i/6), "role": "agent", "agent": fmt.Sprintf("agent-%d", i%17), "text": m}
		has = has || strings.Contains(strings.ToLower(m), planted)
		if i%6 == 5 || i == len(msgs)-1 {
			stars := 1 + r.Intn(5)
			if has {
				stars = max(1, stars-2)
			}
			rec["rating"] = stars
			has = false
		}
		enc.Encode(rec)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
