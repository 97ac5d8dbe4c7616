// Command lexlint checks service-desk wording against a language lexicon:
// phrases agents are encouraged to use and phrases that sound rigid,
// negative or blaming, with suggested alternatives.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// graceAfterSignal is how long a run may take to stop after a signal,
// unless the command says otherwise (serve waits for its requests).
const graceAfterSignal = time.Second

// grace is how long the process waits after a signal before it ends the
// run; a command that stops gracefully on its own sets a longer one.
type grace struct{ d atomic.Int64 }

func (g *grace) set(d time.Duration) {
	if g != nil {
		g.d.Store(int64(d))
	}
}

func (g *grace) get() time.Duration {
	if d := time.Duration(g.d.Load()); d > 0 {
		return d
	}
	return graceAfterSignal
}

// Exit codes.
const (
	exitClean    = 0 // nothing at or above the failure level
	exitFindings = 1 // findings at or above the failure level
	exitError    = 2 // usage or input errors
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// A signal cancels the run, which then writes what it found and stops;
	// a second signal ends the process at once, and so does the first one
	// a second later if the run is stuck in something that cannot be
	// cancelled (opening a FIFO as a lexicon, say).
	g := &grace{}
	context.AfterFunc(ctx, func() {
		stop()
		d := g.get()
		time.AfterFunc(d, func() {
			fmt.Fprintf(os.Stderr, "lexlint: interrupted: still busy %v after the signal; stopped\n", d)
			os.Exit(exitError)
		})
	})
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, grace: g})
	stop()
	os.Exit(code)
}

// env is the outside world a command sees; tests replace it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	global         *globalFlags // the root's flags, set when the command line is parsed
	grace          *grace       // how long main waits after a signal; nil in tests
}

// globalFlags are the flags every command takes: the configuration and
// colour.
type globalFlags struct {
	configFile string
	noConfig   bool
	noColor    bool
	color      string // --color: auto, always or never
}

// color reports whether output to w is coloured: --color always or never
// (and --no-color) first, then NO_COLOR (no colour), then FORCE_COLOR or
// CLICOLOR_FORCE (colour, unless they are 0 or false), then whether w is
// a terminal.
func (e env) color(w io.Writer) bool {
	switch {
	case e.global.noColor || e.global.color == "never":
		return false
	case e.global.color == "always":
		return true
	case e.getenv("NO_COLOR") != "":
		return false
	case forced(e.getenv("FORCE_COLOR")) || forced(e.getenv("CLICOLOR_FORCE")):
		return true
	}
	return isTerminal(w)
}

// forced reports whether a FORCE_COLOR-style variable asks for colour.
func forced(v string) bool {
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// exitCodeError ends a command with a given exit code; its message, if any,
// has already been printed.
type exitCodeError struct{ code int }

func (e exitCodeError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, e env) int {
	var prof profiler
	e.global = &globalFlags{}
	root := newRootCmd(e, &prof)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if perr := prof.stop(); perr != nil && err == nil {
		err = perr
	}
	if err == nil {
		return exitClean
	}
	var ec exitCodeError
	if errors.As(err, &ec) {
		return ec.code
	}
	fmt.Fprintf(e.stderr, "lexlint: %v\n", err)
	return exitError
}
