// Command ringside is a local-first terminal cockpit for taking pilots
// (AI assistants, automations, new IT services) into production through
// rings. Everything lives in one SQLite file; see README.md.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"ringside/model"
	"ringside/store"

	// Change windows name IANA zones; the embedded database makes them work
	// on a machine without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	now, err := clockFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ringside: "+err.Error())
		os.Exit(2)
	}
	os.Exit(runAt(now, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
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

// app is what every command gets: the global options and where to write.
type app struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	dbPath         string
	actor          string // --as, else the OS user
	asExplicit     bool   // --as was given
	asOf           model.Date
	asOfGiven      bool // --as-of was given: reports read the calendar at the start of that day
	theme          string
	noColor        bool
	now            func() time.Time
}

// exitError carries an exit code: 1 when the command ran and found a
// problem, 2 for bad usage or bad input.
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

// command is one subcommand: its usage line, what it does, an example,
// and how it runs.
type command struct {
	name    string
	usage   string
	summary string
	example string
	run     func(a *app, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "ringside demo", "load the demo portfolio and its metrics into the database (idempotent)",
			"ringside demo && ringside health", cmdDemo},
		{"apply", "ringside apply -f FILE [--force --reason TEXT]", "create or update pilots from a portfolio file (YAML); --force moves rings outside the change calendar",
			"ringside apply -f testdata/demo/portfolio.yaml", cmdApply},
		// change windows and freezes (cmd_ring.go, cmd_calendar.go)
		{"ring", "ringside ring --pilot SLUG --ring NAME (--status STATUS | --exposure F) [--force --reason TEXT]",
			"move a ring: activate, widen, complete (within the change calendar), pause or roll back (always)",
			`ringside ring --pilot claims-triage --ring canary --status active --force --reason "Regulator deadline"`, cmdRing},
		{"calendar", "ringside calendar [--pilot SLUG] [--days N] [--json]",
			"next change windows (frozen ones marked), freezes, and the ring moves planned in them",
			"ringside calendar --days 60", cmdCalendar},
		{"export", "ringside export portfolio [-o FILE] | export checklist --pilot SLUG --gate ID --format md|csv|json|html [-o FILE]",
			"write the portfolio file back, or a gate's acceptance checklist",
			"ringside export portfolio -o portfolio.yaml", cmdExport},
		{"import", "ringside import metrics FILE... [--pilot SLUG] [--format auto|long|wide] [--dry-run] [--json]",
			"import metric CSVs", "ringside import metrics --pilot claims-triage triage.csv", cmdImport},
		{"health", "ringside health [--pilot SLUG] [--json]", "ring health against the agreed KPIs; exit 1 when a ring fails or a trigger fires",
			"ringside health --pilot claims-triage --as-of 2026-11-20", cmdHealth},
		{"payback", "ringside payback --pilot SLUG [--json] | payback --one-time N --run-cost N (--annual-benefit N | --volume N --minutes N --cost-per-minute N --reduction F) [--json]",
			"payback projection: break-even month, NPV, scenarios", "ringside payback --one-time 180000 --run-cost 60000 --annual-benefit 250000", cmdPayback},
		{"triage", "ringside triage [--json]", "flag abandoned, zombie, cost-trap and governance-gap pilots; exit 1 when any is flagged",
			"ringside triage --json", cmdTriage},
		{"gate", "ringside gate --pilot SLUG --gate ID [--json]", "readiness of a gate: criteria, evidence, blockers; exit 1 when not ready",
			"ringside gate --pilot claims-triage --gate G3", cmdGate},
		{"review", "ringside review --pilot SLUG --gate ID", "open the cockpit in gate-review (meeting) mode",
			"ringside review --pilot claims-triage --gate G3", cmdReview},
		{"signoff", "ringside signoff --pilot SLUG --gate ID --role ROLE --decision approve|reject|abstain --meaning TEXT [--comment TEXT]",
			"record a sign-off as the --as person (or the role's named owner)",
			`ringside signoff --pilot claims-triage --gate G3 --role security --decision approve --meaning "Security controls verified"`, cmdSignoff},
		// issue 8: feature flags per ring
		{"flag", "ringside flag --pilot SLUG --flag KEY --ring RING --state on|off --reason TEXT",
			"record a feature flag change in a ring, with the reason (audited)",
			`ringside flag --pilot servicedesk-copilot --flag kb-answers --ring canary --state off --reason "FCR trigger fired"`, cmdFlag},
		{"flags", "ringside flags --pilot SLUG [--ring RING] [--json]", "list a pilot's feature flags by ring",
			"ringside flags --pilot servicedesk-copilot", cmdFlags},
		{"verify", "ringside verify [--json]", "check the audit chain and the database file; exit 1 naming the first bad entry",
			"ringside verify", cmdVerify},
	}
}

type globals struct {
	db, as, asOf, theme             string
	noColor, version, demo, noMouse bool
	rest                            []string
}

// splitGlobals pulls the global flags, accepted before or after the
// command, out of args wherever they stand.
func splitGlobals(args []string) (globals, error) {
	var g globals
	values := map[string]*string{"--db": &g.db, "--as": &g.as, "--as-of": &g.asOf, "--theme": &g.theme}
	switches := map[string]*bool{"--no-color": &g.noColor, "--version": &g.version, "--demo": &g.demo, "--no-mouse": &g.noMouse}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			g.rest = append(g.rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(arg, "=")
		if strings.HasPrefix(name, "-") && !strings.HasPrefix(name, "--") && len(name) > 2 {
			name = "-" + name // accept -db as --db, like the flag package
		}
		if v, ok := values[name]; ok {
			if !hasValue {
				if i+1 >= len(args) {
					return g, usageErr("%s needs a value", name)
				}
				i++
				value = args[i]
			}
			*v = value
		} else if b, ok := switches[name]; ok && !hasValue {
			*b = true
		} else {
			g.rest = append(g.rest, arg)
		}
	}
	return g, nil
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
	err := dispatch(now, args, stdin, stdout, stderr)
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	code := 2
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	fmt.Fprintln(stderr, "ringside: "+sanitizeLine(err.Error()))
	return code
}

func dispatch(now func() time.Time, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	g, err := splitGlobals(args)
	if err != nil {
		return err
	}
	if g.version {
		fmt.Fprintf(stdout, "ringside %s (schema v%d)\n", version, store.SchemaVersion())
		return nil
	}
	a := &app{stdout: stdout, stderr: stderr, stdin: stdin, dbPath: g.db, actor: g.as, asExplicit: g.as != "",
		theme: g.theme, noColor: g.noColor || os.Getenv("NO_COLOR") != "", now: now}
	if a.dbPath == "" {
		a.dbPath = defaultDBPath()
	}
	if a.actor == "" {
		a.actor = osUser()
	}
	a.asOf = model.DateOf(now())
	if g.asOf != "" {
		d, err := model.ParseDate(g.asOf)
		if err != nil {
			return usageErr("--as-of: %v", err)
		}
		a.asOf, a.asOfGiven = d, true
	}
	if len(g.rest) == 0 || strings.HasPrefix(g.rest[0], "-") {
		if len(g.rest) > 0 && (g.rest[0] == "-h" || g.rest[0] == "--help" || g.rest[0] == "-help") {
			printUsage(stdout)
			return nil
		}
		if len(g.rest) > 0 {
			printUsage(stderr)
			return usageErr("unknown flag %s: see the usage above", g.rest[0])
		}
		return cmdCockpit(a, cockpitOptions{demo: g.demo, noMouse: g.noMouse})
	}
	name := g.rest[0]
	if name == "help" {
		if len(g.rest) > 1 {
			for _, c := range commands() {
				if c.name == g.rest[1] {
					printCommandHelp(stdout, c)
					return nil
				}
			}
		}
		printUsage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(a, g.rest[1:])
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	sort.Strings(names)
	return usageErr("unknown command %q: use one of %s (ringside --help lists them)", name, strings.Join(names, ", "))
}

const globalHelp = `Global flags (before or after the command):
  --db PATH       database file (default $RINGSIDE_DB, else $XDG_DATA_HOME/ringside/ringside.db,
                  else ~/.local/share/ringside/ringside.db)
  --as NAME       who is acting, for the audit log and sign-offs (default: the OS user)
  --as-of DATE    evaluate health and gates as of that day (default: today)
  --theme NAME    cockpit theme: dark, light, high-contrast, no-color (default: follows the terminal)
  --no-color      no colour (also NO_COLOR)
  --version       print the version
`

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "ringside %s: a terminal cockpit for taking pilots into production through rings.\n\n", version)
	fmt.Fprintln(w, "Usage:\n  ringside [--demo] [--no-mouse]    open the cockpit (--demo loads the demo portfolio first)")
	for _, c := range commands() {
		fmt.Fprintf(w, "  ringside %-24s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, globalHelp)
	fmt.Fprintln(w, "\nExit codes: 0 success; 1 the command ran and found a problem; 2 bad usage or bad input.")
	fmt.Fprintln(w, "Run `ringside COMMAND --help` for a command's flags and an example.")
}

func printCommandHelp(w io.Writer, c command) {
	fmt.Fprintf(w, "Usage: %s\n\n%s.\n\nExample:\n  %s\n\n", c.usage, upperFirst(c.summary), c.example)
	fmt.Fprint(w, globalHelp)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// newFlags makes a command's flag set whose --help prints the command's
// usage, flags and example, and whose errors exit 2.
func newFlags(a *app, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args, allowing flags and positional arguments in any
// order, and prints help for -h/--help.
func parseFlags(a *app, name string, fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				for _, c := range commands() {
					if c.name == name {
						printCommandHelp(a.stdout, c)
					}
				}
				fmt.Fprintln(a.stdout, "\nFlags:")
				fs.SetOutput(a.stdout)
				fs.PrintDefaults()
				return nil, flag.ErrHelp
			}
			return nil, usageErr("%s: %v (see ringside %s --help)", name, err, name)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// open opens the database, turning failures into exit-2 errors that say
// what to do.
func (a *app) open() (*store.Store, error) {
	s, err := store.Open(a.dbPath)
	if err != nil {
		return nil, badInput(err)
	}
	s.Now = func() time.Time { return a.now().UTC() }
	return s, nil
}
