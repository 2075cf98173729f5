package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"ringside/model"
)

// debugLogPath is where --debug (or RINGSIDE_DEBUG=1) writes:
// $XDG_STATE_HOME/ringside/ringside.log, else ~/.local/state/ringside/ringside.log.
func debugLogPath(getenv func(string) string) string {
	if x := getenv("XDG_STATE_HOME"); x != "" {
		return filepath.Join(x, "ringside", "ringside.log")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(os.TempDir(), "ringside", "ringside.log")
	}
	return filepath.Join(home, ".local", "state", "ringside", "ringside.log")
}

// debugWanted reports whether RINGSIDE_DEBUG asks for the log (1, true, yes).
func debugWanted(getenv func(string) string) bool {
	switch strings.ToLower(strings.TrimSpace(getenv("RINGSIDE_DEBUG"))) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// loggedFlagValues are the flags whose values the debug log records; every
// other flag is logged by name with its value redacted, so what a person
// attests (--meaning, --comment, notes, conditions, reasons) and anything
// else they typed never lands in a file they may attach to a report.
var loggedFlagValues = map[string]bool{
	"db": true, "as": true, "as-of": true, "theme": true, "pilot": true, "gate": true, "ring": true, "format": true, "days": true,
	"output": true, "role": true, "decision": true, "state": true, "status": true, "exposure": true, "file": true,
	"flag": true, "json": true, "dry-run": true, "full": true, "force": true, "no-bom": true, "no-pager": true,
	"debug": true, "no-color": true, "demo": true, "no-mouse": true, "date": true, "horizon": true, "minutes": true,
}

// debugLog appends one run's story to the log file: the command, the
// database, each step with its time, the exit and the error with its causes.
type debugLog struct {
	f     *os.File
	path  string
	now   func() time.Time // the run's clock (pinned in tests), for the time stamps
	start time.Time        // wall clock, for the timings
	pid   int
}

// openDebugLog opens (appending) the log at path, making its folder.
func openDebugLog(path string, now func() time.Time) (*debugLog, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	return &debugLog{f: f, path: path, now: now, start: time.Now(), pid: os.Getpid()}, nil
}

// logf writes one line; a nil log writes nothing.
func (d *debugLog) logf(format string, args ...any) {
	if d == nil {
		return
	}
	line := model.Line(fmt.Sprintf(format, args...))
	fmt.Fprintf(d.f, "%s [%d] +%s %s\n", d.now().UTC().Format(time.RFC3339), d.pid, time.Since(d.start).Round(time.Microsecond), line)
}

// step logs the start of a named step and returns the function that logs
// its end: its time, and how it failed.
func (d *debugLog) step(name string) func(err error) {
	if d == nil {
		return func(error) {}
	}
	d.logf("step %s: start", name)
	t0 := time.Now()
	return func(err error) {
		took := time.Since(t0).Round(time.Microsecond)
		if err != nil {
			d.logf("step %s: FAILED after %s: %s", name, took, causes(err))
			return
		}
		d.logf("step %s: done in %s", name, took)
	}
}

// command logs what runs, with the flags as given (values only of the
// flags in loggedFlagValues) and the positional arguments (file names).
func (d *debugLog) command(cmd *cobra.Command, args []string, a *cli) {
	if d == nil {
		return
	}
	var flags []string
	visit := func(f *pflag.Flag) {
		v := "[redacted]"
		if loggedFlagValues[f.Name] {
			v = f.Value.String()
		}
		flags = append(flags, "--"+f.Name+"="+v)
	}
	cmd.Flags().Visit(visit)
	d.logf("run: %s %s %s", cmd.CommandPath(), strings.Join(flags, " "), strings.Join(args, " "))
	d.logf("database: %s; acting as %s; as of %s", a.dbPath, a.actor, a.asOf)
}

// finish logs the exit and closes the log.
func (d *debugLog) finish(code int, err error) {
	if d == nil {
		return
	}
	if err != nil && code != 0 {
		d.logf("error: %s", causes(err))
	}
	d.logf("exit %d after %s", code, time.Since(d.start).Round(time.Microsecond))
	d.f.Close()
}

// causes spells an error and the chain of errors it wraps, with their types,
// e.g. `cannot write x: … <- *fs.PathError: open x: permission denied`.
func causes(err error) string {
	parts := []string{err.Error()}
	last := err.Error()
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		if e.Error() == last {
			continue // a wrapper that only carries an exit code
		}
		last = e.Error()
		parts = append(parts, fmt.Sprintf("%T: %v", e, e))
	}
	return strings.Join(parts, " <- ")
}

// displayLogPath is the debug log's path as help shows it.
func displayLogPath() string {
	if os.Getenv("XDG_STATE_HOME") != "" {
		return "$XDG_STATE_HOME/ringside/ringside.log"
	}
	return "~/.local/state/ringside/ringside.log"
}

// startOutputs opens the debug log and the pager a run asks for, once the
// flags are parsed.
func (a *cli) startOutputs(cmd *cobra.Command, args []string) {
	if a.g.debug || debugWanted(os.Getenv) {
		path := debugLogPath(os.Getenv)
		d, err := openDebugLog(path, a.now)
		if err != nil {
			fmt.Fprintf(a.stderr, "ringside: --debug: cannot write the log %s: %v (running without it)\n", path, err)
		} else {
			a.debug = d
			d.command(cmd, args, a)
		}
	}
	if a.g.noPager || !wantsPager(cmd) {
		return
	}
	if p := newPager(a.stdout, pagerCommand(os.Getenv, os.LookupEnv)); p != nil {
		a.pager, a.stdout = p, p
		a.debug.logf("output goes through the pager %q", p.command)
		// The pager ends with the command, before anything reports its
		// error: fang asks the terminal for its background colour then,
		// and the answer must not reach less as keys.
		if run := cmd.RunE; run != nil {
			cmd.RunE = func(c *cobra.Command, args []string) error {
				err := run(c, args)
				a.closePager()
				return err
			}
		}
	}
}
