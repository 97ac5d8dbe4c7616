package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/extension"
	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/practice"
	"github.com/lexlint/lexlint/server"
)

// serveFlags are serve's own flags.
type serveFlags struct {
	addr, token   string
	noToken       bool
	origins       []string
	hosts         []string
	maxBody       int64
	maxConcurrent int
	quiz, key     string // the practice page's quiz and the key results are signed with
}

func newServeCmd(e env) *cobra.Command {
	var f checkFlags
	var sf serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the draft-check page and JSON API on this machine",
		Long: `serve runs a local web service for agents' drafts and helpdesk
integrations: a page at / that highlights discouraged wording as you type,
and a JSON API:

  POST /v1/check   {"text": "...", "lang": "nl|en|auto"} -> findings and encouraged phrases
  GET  /v1/lexicon the loaded entries
  GET  /healthz

and a practice page at /practice.html for quizzes (lexlint practice make):
--quiz serves one, else a quiz is made from the lexicons; certification
results are graded here and signed with --practice-key.

It uses the same configuration and lexicons as check. SIGHUP reloads the
lexicons (a bad lexicon keeps the old ones and logs the error); SIGINT and
SIGTERM stop it gracefully.

The API needs a pairing token (Authorization: Bearer TOKEN), except from
serve's own page: serve makes one on first start, keeps it with owner-only
permissions in the user's configuration directory and prints it; --token
or LEXLINT_TOKEN sets another. Requests for host names other than loopback
names, IP addresses and --allow-host names are refused (DNS rebinding), and
browsers' requests from other origins than the page's and --allow-origin's.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, e, f, sf) },
	}
	fl := cmd.Flags()
	fl.StringVar(&sf.addr, "addr", "127.0.0.1:8080", "address to listen on (loopback by default)")
	fl.StringVar(&sf.token, "token", "", "bearer token the API requires (default: LEXLINT_TOKEN, else the pairing token kept in the user's configuration directory)")
	fl.BoolVar(&sf.noToken, "no-token", false, "require no token (any program or page allowed by the origin check may use the API)")
	fl.StringArrayVar(&sf.hosts, "allow-host", nil, "host name the server may be reached by besides loopback names and IP addresses (repeatable)")
	fl.StringArrayVar(&sf.origins, "allow-origin", nil, "origin allowed to call the API from a browser besides the extension's (CORS; repeatable)")
	fl.Int64Var(&sf.maxBody, "max-body", 256<<10, "largest request body in bytes")
	fl.IntVar(&sf.maxConcurrent, "max-concurrent", 2*runtime.NumCPU(), "checks at once; more get 429 Too Many Requests")
	fl.StringArrayVarP(&f.lexicons, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable)")
	fl.StringVar(&f.lang, "lang", "auto", "nl, en or auto")
	fl.StringVar(&sf.quiz, "quiz", "", "the quiz of the practice page /practice.html (lexlint practice make); default: one made from the lexicons")
	fl.StringVar(&sf.key, "practice-key", "", "the key certification results are signed with (default: LEXLINT_PRACTICE_KEY); lexlint practice results --key checks them")
	return cmd
}

// practiceConfig reads --quiz and settles the practice key.
func practiceConfig(e env, sf serveFlags) (*practice.Quiz, []byte, error) {
	key := sf.key
	if key == "" {
		key = e.getenv("LEXLINT_PRACTICE_KEY")
	}
	if sf.quiz == "" {
		return nil, []byte(key), nil
	}
	f, err := os.Open(sf.quiz)
	if err != nil {
		return nil, nil, fmt.Errorf("--quiz: %w", err)
	}
	defer f.Close()
	q, err := practice.ReadQuiz(f, sf.quiz)
	if err != nil {
		return nil, nil, fmt.Errorf("--quiz: %w", err)
	}
	if q.Mode == practice.ModeCertification && key == "" {
		fmt.Fprintln(e.stderr, "lexlint: a certification quiz without --practice-key or LEXLINT_PRACTICE_KEY: results carry a plain SHA-256, which shows accidental changes but not deliberate ones")
	}
	return q, []byte(key), nil
}

// runServe loads the lexicons, listens and serves until the command's
// context ends, reloading the lexicons on SIGHUP.
func runServe(cmd *cobra.Command, e env, f checkFlags, sf serveFlags) error {
	s, err := resolve(cmd, e, f)
	if err != nil {
		return err
	}
	linter, lexs, err := s.compile()
	if err != nil {
		return err
	}
	token, kept := sf.token, ""
	if token == "" {
		token = e.getenv("LEXLINT_TOKEN")
	}
	if token == "" && !sf.noToken {
		if token, kept, err = pairingToken(e); err != nil {
			return err
		}
	}
	quiz, key, err := practiceConfig(e, sf)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	srv := server.New(&server.Engine{Linter: linter, Lexicons: lexs}, server.Config{
		MaxBody: sf.maxBody, MaxConcurrent: sf.maxConcurrent, Token: token, Quiz: quiz, PracticeKey: key,
		AllowOrigins: append(slices.Clone(sf.origins), extension.Origin), Hosts: sf.hosts, Logger: log,
	})
	ln, err := net.Listen("tcp", sf.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", sf.addr, err)
	}
	stop := reloadOnHangup(s, srv, log) // before serve says it is there, which is when SIGHUP may come
	defer stop()
	warnExposed(log, ln.Addr(), token)
	fmt.Fprintf(e.stdout, "lexlint serving on %s\n", serveURL(ln.Addr()))
	if kept != "" {
		fmt.Fprintf(e.stdout, "pairing token (kept in %s): %s\n", kept, token)
	}
	if token != "" {
		fmt.Fprintf(e.stdout, "open the page with its token: %s#token=%s\n", strings.Fields(serveURL(ln.Addr()))[0], token)
	}
	e.grace.set(shutdownTimeout + 2*time.Second) // main's one-second stop would cut serve's own shutdown short
	return serveUntilDone(cmd.Context(), server.HTTPServer(sf.addr, srv), ln, log)
}

// shutdownTimeout is how long serve lets requests under way finish after
// SIGINT or SIGTERM.
const shutdownTimeout = 10 * time.Second

// warnExposed warns when others than this machine's users can reach the
// server: any non-loopback address, and all interfaces most of all.
func warnExposed(log *slog.Logger, addr net.Addr, token string) {
	switch {
	case loopback(addr):
	case token == "":
		log.Warn("listening on a non-loopback address with --no-token: anyone who can reach it can use it; drop --no-token to require the pairing token", "addr", addr.String())
	default:
		tcp, _ := addr.(*net.TCPAddr)
		where := "a non-loopback address"
		if tcp != nil && tcp.IP.IsUnspecified() {
			where = "every interface (a wildcard address)"
		}
		log.Warn("listening on "+where+": other machines can reach it, and the token and drafts cross the network unencrypted (plain HTTP); "+
			"prefer 127.0.0.1 with a TLS-terminating proxy in front", "addr", addr.String())
	}
}

// reloadOnHangup loads the lexicons again on each SIGHUP, keeping those in
// use when the new ones fail; the returned function stops it. Each reload
// works on its own copy of the settings, so one stuck on a file that never
// ends blocks no later one; a reload never replaces a newer one's result.
func reloadOnHangup(s *settings, srv *server.Server, log *slog.Logger) func() {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	var mu sync.Mutex
	started, applied := 0, 0
	go func() {
		for range hup {
			mu.Lock()
			started++
			n := started
			mu.Unlock()
			done := make(chan struct{})
			go func() {
				defer close(done)
				c := *s
				c.lexiconFiles = nil
				eng, err := reload(&c)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					log.Error("reload failed; keeping the lexicons in use", "error", err.Error())
				case n > applied:
					applied = n
					srv.Reload(eng)
					log.Info("lexicons reloaded")
				}
			}()
			select {
			case <-done:
			case <-time.After(reloadTimeout):
				log.Error("reload still busy; keeping the lexicons in use (is a lexicon a FIFO or a device?)", "after", reloadTimeout.String())
			}
		}
	}()
	return func() { signal.Stop(hup) }
}

// reloadTimeout bounds how long a SIGHUP waits for its reload before the
// next one may start.
const reloadTimeout = 5 * time.Second

// reload compiles the lexicons again, refusing named lexicon files that
// are not regular files (opening a FIFO would wait for a writer).
func reload(s *settings) (*server.Engine, error) {
	for _, ref := range s.lexicons {
		if strings.HasPrefix(ref, lexicon.BuiltinPrefix) {
			continue
		}
		if info, err := os.Stat(ref); err == nil && !info.Mode().IsRegular() {
			return nil, fmt.Errorf("lexicon %s is not a regular file (%v)", ref, info.Mode().Type())
		}
	}
	l, lx, err := s.compile()
	if err != nil {
		return nil, err
	}
	return &server.Engine{Linter: l, Lexicons: lx}, nil
}

// serveUntilDone serves on ln until the server fails or ctx ends, then
// shuts down gracefully.
func serveUntilDone(ctx context.Context, hs *http.Server, ln net.Listener, log *slog.Logger) error {
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		log.Info("shutting down")
		return server.Shutdown(hs, shutdownTimeout)
	}
	return nil
}

// pairingToken returns the token kept in the user's configuration
// directory, making it on first use: 32 random bytes, in a file only its
// owner can read. It returns the file's name too.
func pairingToken(e env) (token, path string, err error) {
	dir, err := userConfigDir(e)
	if err != nil {
		return "", "", fmt.Errorf("no place for the pairing token (%w): pass --token or set LEXLINT_TOKEN", err)
	}
	path = filepath.Join(dir, "lexlint", "serve-token")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 16 {
		if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path, 0o600); err != nil {
				return "", "", fmt.Errorf("the pairing token in %s can be read by others and its permissions cannot be narrowed: %w", path, err)
			}
		}
		return strings.TrimSpace(string(b)), path, nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", "", fmt.Errorf("making a pairing token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", "", fmt.Errorf("keeping the pairing token: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".serve-token-*")
	if err != nil {
		return "", "", fmt.Errorf("keeping the pairing token: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(token + "\n")
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path) // CreateTemp made it 0600
	}
	if err != nil {
		return "", "", fmt.Errorf("keeping the pairing token in %s: %w", path, err)
	}
	return token, path, nil
}

// userConfigDir is os.UserConfigDir reading the environment through e.
func userConfigDir(e env) (string, error) {
	var dir, name string
	switch runtime.GOOS {
	case "windows":
		dir, name = e.getenv("AppData"), "%AppData%"
	case "darwin", "ios":
		if home := e.getenv("HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Application Support")
		}
		name = "$HOME"
	default:
		dir, name = e.getenv("XDG_CONFIG_HOME"), "$XDG_CONFIG_HOME or $HOME"
		if !filepath.IsAbs(dir) {
			dir = ""
			if home := e.getenv("HOME"); home != "" {
				dir = filepath.Join(home, ".config")
			}
		}
	}
	if dir == "" {
		return "", fmt.Errorf("%s is not set", name)
	}
	return dir, nil
}

func loopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// serveURL is the address a browser opens: an unspecified host (all
// interfaces, "[::]" or "0.0.0.0") is named as localhost, and said.
func serveURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return "http://" + addr.String() + "/"
	}
	return fmt.Sprintf("http://localhost:%d/ (and on every interface of this machine)", tcp.Port)
}
