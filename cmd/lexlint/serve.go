package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/lexlint/lexlint/server"
)

func newServeCmd(e env) *cobra.Command {
	var f checkFlags
	var addr, token string
	var origins []string
	var maxBody int64
	var maxConcurrent int
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the draft-check page and JSON API on this machine",
		Long: `serve runs a local web service for agents' drafts and helpdesk
integrations: a page at / that highlights discouraged wording as you type,
and a JSON API:

  POST /v1/check   {"text": "...", "lang": "nl|en|auto"} -> findings and encouraged phrases
  GET  /v1/lexicon the loaded entries
  GET  /healthz

It uses the same configuration and lexicons as check. SIGHUP reloads the
lexicons (a bad lexicon keeps the old ones and logs the error); SIGINT and
SIGTERM stop it gracefully.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := resolve(cmd, f)
			if err != nil {
				return err
			}
			linter, lexs, err := s.compile()
			if err != nil {
				return err
			}
			if token == "" {
				token = e.getenv("LEXLINT_TOKEN")
			}
			log := slog.New(slog.NewJSONHandler(e.stderr, nil))
			srv := server.New(&server.Engine{Linter: linter, Lexicons: lexs}, server.Config{
				MaxBody: maxBody, MaxConcurrent: maxConcurrent, Token: token, AllowOrigins: origins, Logger: log,
			})
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listening on %s: %w", addr, err)
			}
			if !loopback(ln.Addr()) && token == "" {
				log.Warn("listening on a non-loopback address without a token: anyone who can reach it can use it; set --token or LEXLINT_TOKEN", "addr", ln.Addr().String())
			}
			fmt.Fprintf(e.stdout, "lexlint serving on %s\n", serveURL(ln.Addr()))
			hs := server.HTTPServer(addr, srv)

			hup := make(chan os.Signal, 1)
			signal.Notify(hup, syscall.SIGHUP)
			defer signal.Stop(hup)
			go func() {
				for range hup {
					l, lx, err := s.compile()
					if err != nil {
						log.Error("reload failed; keeping the lexicons in use", "error", err.Error())
						continue
					}
					srv.Reload(&server.Engine{Linter: l, Lexicons: lx})
					log.Info("lexicons reloaded")
				}
			}()
			done := make(chan error, 1)
			go func() { done <- hs.Serve(ln) }()
			select {
			case err := <-done:
				if !errors.Is(err, http.ErrServerClosed) {
					return err
				}
			case <-cmd.Context().Done():
				log.Info("shutting down")
				if err := server.Shutdown(hs, 10*time.Second); err != nil {
					return err
				}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (loopback by default)")
	fl.StringVar(&token, "token", "", "bearer token the API requires (default: LEXLINT_TOKEN)")
	fl.StringArrayVar(&origins, "allow-origin", nil, "origin allowed to call the API from a browser (CORS; repeatable)")
	fl.Int64Var(&maxBody, "max-body", 256<<10, "largest request body in bytes")
	fl.IntVar(&maxConcurrent, "max-concurrent", 2*runtime.NumCPU(), "checks at once; more get 429 Too Many Requests")
	fl.StringArrayVarP(&f.lexicons, "lexicon", "l", nil, "lexicon file or builtin:en|builtin:nl (repeatable)")
	fl.StringVar(&f.lang, "lang", "auto", "nl, en or auto")
	fl.StringVar(&f.configFile, "config", "", "configuration file (default: .lexlint.yaml in this directory or a parent)")
	fl.BoolVar(&f.noConfig, "no-config", false, "ignore configuration files")
	return cmd
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
