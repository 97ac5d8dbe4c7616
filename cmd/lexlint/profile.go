package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// profiler writes the CPU and heap profiles that --cpuprofile and
// --memprofile ask for, for "go tool pprof".
type profiler struct {
	cpuPath, memPath string
	cpu              *os.File
}

func (p *profiler) addFlags(root *cobra.Command) {
	root.PersistentFlags().StringVar(&p.cpuPath, "cpuprofile", "", "write a CPU profile of the command to `FILE` (go tool pprof)")
	root.PersistentFlags().StringVar(&p.memPath, "memprofile", "", "write a heap profile to `FILE` when the command ends")
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return p.start() }
}

func (p *profiler) start() error {
	if p.cpuPath == "" {
		return nil
	}
	f, err := os.Create(p.cpuPath)
	if err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	p.cpu = f
	return nil
}

// stop ends the CPU profile and writes the heap profile; it runs however
// the command ended.
func (p *profiler) stop() error {
	var err error
	if p.cpu != nil {
		pprof.StopCPUProfile()
		if cerr := p.cpu.Close(); cerr != nil {
			err = fmt.Errorf("--cpuprofile: %w", cerr)
		}
		p.cpu = nil
	}
	if p.memPath != "" {
		if merr := writeHeapProfile(p.memPath); merr != nil && err == nil {
			err = fmt.Errorf("--memprofile: %w", merr)
		}
	}
	return err
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC() // up-to-date statistics
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
