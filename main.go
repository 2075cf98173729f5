// Command ringside is a local-first terminal cockpit for taking pilots
// (AI assistants, automations, new IT services) into production through
// rings. Everything lives in one SQLite file; see README.md.
//
// The command line is a cobra tree styled by fang: one command per
// cmd_*.go file, each an options struct, a NewCmdX(a, runF) that parses
// flags into it, and an xRun(opts) that does the work, so flag parsing is
// table-tested without a database (cmd_parse_test.go).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/model"
	"ringside/store"
	"ringside/ui/config"

	// Change windows name IANA zones; the embedded database makes them work
	// on a machine without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// version, commit and date are set at build time with
// -ldflags "-X main.version=… -X main.commit=… -X main.date=…"; a build
// from a git checkout takes commit and date from the build info instead.
var (
	version = "0.1.0-dev"
	commit  = ""
	date    = ""
)

func main() {
	now, err := clockFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ringside: "+err.Error())
		os.Exit(2)
	}
	// The garbage collector's pace is the process's, so it is set here and
	// never by a command (in-process tests would inherit it).
	os.Exit(run(now, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, setGCPercent))
}

// gcAnnotation names the garbage-collector pace (debug.SetGCPercent) a
// command runs best at; only main applies it.
const gcAnnotation = "ringside/gc-percent"

// memLimitAnnotation names a soft heap limit in MiB (debug.SetMemoryLimit)
// for a command whose fast pace would let the heap grow past what it
// holds live; GOMEMLIMIT overrides it. Only main applies it.
const memLimitAnnotation = "ringside/memory-limit-mib"

// setGCPercent applies the pace (and soft heap limit) the command about to
// run asks for.
func setGCPercent(cmd *cobra.Command) {
	if pct, err := strconv.Atoi(cmd.Annotations[gcAnnotation]); err == nil {
		debug.SetGCPercent(pct)
	}
	if mib, err := strconv.Atoi(cmd.Annotations[memLimitAnnotation]); err == nil && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(mib) << 20)
	}
}

// clockFromEnv is the one clock of a run: the wall clock, unless
// RINGSIDE_NOW pins it to an RFC 3339 instant (end-to-end tests and
// reproducible demos; every recorded time then comes from it).
func clockFromEnv(getenv func(string) string) (func() time.Time, error) {
	v := getenv("RINGSIDE_NOW")
	if v == "" {
		return time.Now, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("RINGSIDE_NOW=%q: want an RFC 3339 time such as 2026-11-20T15:00:00Z, or unset it", v)
	}
	return func() time.Time { return t }, nil
}

// cli is what every command gets: the global options and where to write.
// The fields below g are resolved from g once the flags are parsed
// (resolveGlobals), before any command runs.
type cli struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	now            func() time.Time
	g              globals // the global flags as given

	dbPath     string
	actor      string // --as, else the OS user
	asExplicit bool   // --as was given
	asOf       model.Date
	asOfGiven  bool // --as-of was given: reports read the calendar at the start of that day
	theme      string
	noColor    bool
	noMouse    bool // --no-mouse, or mouse: false in the config file

	getenv     func(string) string // os.Getenv when nil
	config     config.Config       // the config file's settings
	configPath string
	configErr  error // the config file is invalid (or has no place)

	debug *debugLog // --debug or RINGSIDE_DEBUG=1: the log of this run (nil: none)
	pager *pager    // a report on a terminal goes through $PAGER (nil: none)
}

// globals are the persistent flags, accepted before or after the command.
type globals struct {
	db, as, asOf, theme             string
	noColor, version, demo, noMouse bool
	noPager, debug                  bool
}

// exitError carries an exit code: 1 when the command ran and found a
// problem, 2 for bad usage or bad input, 3 when it could not run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &exitError{2, fmt.Errorf(format, a...)}
}
func badInput(err error) error { return &exitError{2, err} }
func problem(format string, a ...any) error {
	return &exitError{1, fmt.Errorf(format, a...)}
}

// errVersionShown ends a run that printed the version: exit 0, no message.
var errVersionShown = errors.New("version shown")

// exitCode maps a run's error to the documented exit codes: 0 success;
// 1 ran and found a problem; 2 bad usage or input; 3 could not run (the
// database locked past the busy timeout, unreadable, or the disk full),
// whatever the command made of the error on its way out.
func exitCode(err error) int {
	if err == nil || errors.Is(err, errVersionShown) {
		return 0
	}
	if store.CouldNotRun(err) {
		return 3
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 2 // cobra's own errors: unknown command, bad flag, bad arguments
}

const exitCodesHelp = "Exit codes: 0 success; 1 the command ran and found a problem (a failing ring, a broken audit chain, " +
	"an unready gate); 2 bad usage or bad input; 3 could not run (database locked past the busy timeout, unreadable, disk full)."

// newRootCmd builds the command tree on a. With no subs it holds every
// command; tests pass the one command they parse.
func newRootCmd(a *cli, subs ...*cobra.Command) *cobra.Command {
	root := &cobra.Command{
		Use:   "ringside",
		Short: "A terminal cockpit for taking pilots into production through rings",
		Long: "ringside: a terminal cockpit for taking pilots into production through rings.\n" +
			"Run without a command, it opens the cockpit (--demo loads the demo portfolio first).\n\n" + exitCodesHelp,
		Example: "  ringside --demo\n  ringside demo && ringside health\n  ringside gate --pilot claims-triage --gate G3 --json",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErr("unknown command %q: use one of %s (ringside --help lists them)", model.Line(args[0]), strings.Join(commandNames(cmd), ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cockpitRun(&cockpitOptions{App: a, demo: a.g.demo, noMouse: a.noMouse})
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := a.resolveGlobals(cmd); err != nil {
				return err
			}
			a.startOutputs(cmd, args)
			return nil
		},
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.g.db, "db", "", "database file (default $RINGSIDE_DB, else $XDG_DATA_HOME/ringside/ringside.db, else ~/.local/share/ringside/ringside.db)")
	pf.StringVar(&a.g.as, "as", "", "who is acting, for the audit log and sign-offs (default: the OS user)")
	pf.StringVar(&a.g.asOf, "as-of", "", "DATE (YYYY-MM-DD; default: today, in UTC): "+asOfHelp)
	pf.StringVar(&a.g.theme, "theme", "", "cockpit theme: dark, light, high-contrast, no-color (default: follows the terminal)")
	pf.BoolVar(&a.g.noColor, "no-color", false, "no colour (also NO_COLOR)")
	pf.BoolVar(&a.g.demo, "demo", false, "load the demo portfolio before opening the cockpit")
	pf.BoolVar(&a.g.noMouse, "no-mouse", false, "cockpit: leave the mouse to the terminal (select and copy text)")
	pf.BoolVar(&a.g.version, "version", false, "print the version, commit and build date")
	pf.BoolVar(&a.g.noPager, "no-pager", false, "print reports straight to the terminal, not through $PAGER (also RINGSIDE_PAGER=)")
	pf.BoolVar(&a.g.debug, "debug", false, "append what this run does to "+displayLogPath()+" (also RINGSIDE_DEBUG=1)")
	root.SetFlagErrorFunc(flagError)
	if len(subs) == 0 {
		subs = commands(a)
	}
	root.AddCommand(subs...)
	for _, c := range root.Commands() {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	registerGlobalCompletions(a, root)
	return root
}

// commands is every subcommand, in the order help lists them.
func commands(a *cli) []*cobra.Command {
	return []*cobra.Command{
		newCmdDemo(a, nil),
		newCmdApply(a, nil),
		newCmdRing(a, nil),
		newCmdCalendar(a, nil),
		newCmdExport(a, nil, nil),
		newCmdImport(a, nil),
		newCmdHealth(a, nil),
		newCmdPayback(a, nil),
		newCmdTriage(a, nil),
		newCmdGate(a, nil),
		newCmdReview(a, nil),
		newCmdSignoff(a, nil),
		newCmdFlag(a, nil),
		newCmdFlags(a, nil),
		newCmdVerify(a, nil),
		newCmdCheckpoint(a, nil),
		newCmdConfig(a, nil),
		newCmdMan(a),
	}
}

func commandNames(root *cobra.Command) []string {
	var names []string
	for _, c := range root.Root().Commands() {
		if !c.Hidden && c.Name() != "help" {
			names = append(names, c.Name())
		}
	}
	return names
}

// flagError words pflag's parse errors the way the rest of ringside does:
// the command, what is wrong, where to look; exit 2.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		msg = strings.Trim(name, "'") + " needs a value"
	} else if name, ok := strings.CutPrefix(msg, "unknown flag: "); ok {
		msg = name + ": flag provided but not defined"
	}
	if cmd.HasParent() {
		return usageErr("%s: %s (see ringside %s --help)", cmd.Name(), msg, strings.TrimPrefix(cmd.CommandPath(), "ringside "))
	}
	return usageErr("%s (see ringside --help)", msg)
}

// resolveGlobals turns the global flags into the app's settings.
func (a *cli) resolveGlobals(cmd *cobra.Command) error {
	if a.g.version {
		fmt.Fprintln(a.stdout, versionLine())
		return errVersionShown
	}
	if f := cmd.Flags().Lookup("db"); f != nil && f.Changed && strings.TrimSpace(a.g.db) == "" {
		return usageErr(`--db "": give the database file, e.g. --db ringside.db, or leave --db out to use $RINGSIDE_DB or the default`)
	}
	a.loadConfig()
	// A command other than the cockpit refuses an invalid config file
	// (exit 2, FILE:LINE); the cockpit opens on its defaults and says why,
	// and `config` itself reports it.
	if a.configErr != nil && cmd.HasParent() && cmd.Name() != "config" {
		return badInput(a.configErr)
	}
	cfg := a.config
	if a.configErr != nil {
		cfg = config.Config{}
	}
	a.dbPath, a.actor, a.asExplicit = a.g.db, a.g.as, a.g.as != ""
	a.theme, a.noColor = a.g.theme, a.g.noColor || os.Getenv("NO_COLOR") != ""
	if a.theme == "" { // --theme wins over the file
		a.theme = cfg.Theme
	}
	a.noMouse = a.g.noMouse || cfg.Mouse != nil && !*cfg.Mouse
	if a.dbPath == "" && os.Getenv("RINGSIDE_DB") == "" && cfg.Database != "" {
		a.dbPath = expandHome(cfg.Database)
	}
	if a.dbPath == "" {
		a.dbPath = defaultDBPath()
	}
	if a.actor == "" {
		a.actor = osUser()
	}
	a.asOf = model.DateOf(a.now().UTC()) // days are UTC days, as every stored time is (docs/as-of.md)
	if a.g.asOf != "" {
		d, err := model.ParseDate(a.g.asOf)
		if err != nil {
			return usageErr("--as-of: %v", err)
		}
		a.asOf, a.asOfGiven = d, true
	}
	return nil
}

// versionLine names the version, the commit and its date, and the schema.
func versionLine() string {
	rev, at, dirty := commit, date, false
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if rev == "" {
					rev = s.Value
				}
			case "vcs.time":
				if at == "" {
					at = s.Value
				}
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	line := "ringside " + version
	switch {
	case rev == "":
		line += " (commit unknown: built without VCS information)"
	default:
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "+modified"
		}
		line += " (commit " + rev
		if at != "" {
			line += ", " + at
		}
		line += ")"
	}
	return fmt.Sprintf("%s, schema v%d", line, store.SchemaVersion())
}

// defaultDBPath follows the spec: $RINGSIDE_DB, else
// $XDG_DATA_HOME/ringside/ringside.db, else ~/.local/share/ringside/ringside.db.
func defaultDBPath() string {
	if p := os.Getenv("RINGSIDE_DB"); p != "" {
		return p
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "ringside", "ringside.db")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "ringside.db"
	}
	return filepath.Join(home, ".local", "share", "ringside", "ringside.db")
}

// expandHome turns a leading ~/ into the home directory.
func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// runAt runs one command line with now as its clock: nothing below main
// reads the wall clock.
func runAt(now func() time.Time, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(now, args, stdin, stdout, stderr, nil)
}

// run is runAt with, from main only, a hook that sees the command found
// before it runs.
func run(now func() time.Time, args []string, stdin io.Reader, stdout, stderr io.Writer, found func(*cobra.Command)) int {
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	// `ringside --version` alone answers before the command tree is built
	// (about half a millisecond of a run this short); with anything else
	// on the line, the tree's global flag answers as it always has.
	if len(args) == 1 && args[0] == "--version" {
		fmt.Fprintln(stdout, versionLine())
		return 0
	}
	a := &cli{stdout: stdout, stderr: stderr, stdin: stdin, now: now}
	root := newRootCmd(a)
	if found != nil {
		if c, _, err := root.Find(args); err == nil {
			found(c)
		}
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(context.Background(), root,
		fang.WithoutVersion(), // --version is a global flag (resolveGlobals), so it works after a command too
		fang.WithoutManpage(), // `ringside man` (cmd_man.go) writes to the command's output, not os.Stdout
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			a.closePager() // the report first, then what went wrong
			printError(stderr, err)
		}))
	a.closePager()
	code := exitCode(err)
	a.debug.finish(code, err)
	return code
}

// printError writes an error as ringside always has: one line on stderr,
// prefixed, without control characters.
func printError(w io.Writer, err error) {
	if errors.Is(err, errVersionShown) {
		return
	}
	fmt.Fprintln(w, "ringside: "+sanitizeLine(err.Error()))
}

// noArgs refuses positional arguments, naming the first.
func noArgs(name, hint string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageErr("%s: unexpected argument %q%s", name, model.Line(args[0]), hint)
		}
		return nil
	}
}

// open opens the database: exit 3 when it cannot (locked, unreadable,
// disk full), exit 2 when the file is not one this ringside can use.
func (a *cli) open() (*store.Store, error) {
	done := a.debug.step("open database " + a.dbPath)
	s, err := store.Open(a.dbPath, a.now)
	done(err)
	if err != nil {
		if store.CouldNotRun(err) {
			return nil, &exitError{3, err}
		}
		return nil, badInput(err)
	}
	return s, nil
}

// openApp opens the database as the use cases' app (package app).
func (a *cli) openApp() (*app.App, error) {
	s, err := a.open()
	if err != nil {
		return nil, err
	}
	return app.New(s, a.now), nil
}

// change is a change typed on the command line by the actor, past the
// change calendar when override is not nil.
func (a *cli) change(override *app.Override) app.Change {
	return app.Change{Actor: a.actor, Origin: app.OriginCLI, Override: override}
}

// fileChange is a change whose content is a file the actor named.
func (a *cli) fileChange() app.Change {
	return app.Change{Actor: a.actor, Origin: app.OriginFile}
}
