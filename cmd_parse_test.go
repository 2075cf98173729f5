package main

import (
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"ringside/importers"
	"ringside/model"
)

// parseWith runs args through the real command tree holding the one command
// build makes, its run replaced by a capture: flag parsing is checked
// without a database (nothing is opened, nothing created).
func parseWith[T any](t *testing.T, args []string, build func(*cli, func(*T) error) *cobra.Command) (*T, *cli, error) {
	t.Helper()
	a := &cli{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""), now: pinnedNow}
	var got *T
	root := newRootCmd(a, build(a, func(o *T) error { got = o; return nil }))
	root.SetArgs(args)
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	err := root.Execute()
	return got, a, err
}

// parseCase is one command line and what it must parse to: the options
// (App left out), or an error of exit code 2 containing wantErr.
type parseCase[T any] struct {
	args    []string
	want    T
	wantErr string
}

func checkParse[T any](t *testing.T, build func(*cli, func(*T) error) *cobra.Command, cases []parseCase[T], clearApp func(*T)) {
	t.Helper()
	for _, c := range cases {
		got, _, err := parseWith(t, c.args, build)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) || exitCode(err) != 2 {
				t.Errorf("%q: err %v (exit %d), want exit 2 with %q", c.args, err, exitCode(err), c.wantErr)
			}
			if got != nil {
				t.Errorf("%q: ran despite the error", c.args)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if got == nil {
			t.Errorf("%q: did not run", c.args)
			continue
		}
		clearApp(got)
		if !reflect.DeepEqual(*got, c.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", c.args, *got, c.want)
		}
	}
}

func TestNewCmdGate(t *testing.T) {
	checkParse(t, newCmdGate, []parseCase[gateOptions]{
		{args: []string{"gate", "--pilot", "ct", "--gate", "g3"}, want: gateOptions{pilot: "ct", gate: "G3"}},
		{args: []string{"gate", "--json", "--gate=PRG", "--pilot=ct"}, want: gateOptions{pilot: "ct", gate: "PRG", asJSON: true}},
		{args: []string{"gate", "--gate", "G3"}, wantErr: "which pilot?"},
		{args: []string{"gate", "--pilot", "ct"}, wantErr: "which gate?"},
		{args: []string{"gate", "--pilot", "ct", "--gate", "G9"}, wantErr: `unknown gate "G9"`},
		{args: []string{"gate", "--pilot", "ct", "--gate", "G3", "extra"}, wantErr: `unexpected argument "extra"`},
		{args: []string{"gate", "-json"}, wantErr: "(see ringside gate --help)"},
	}, func(o *gateOptions) { o.App = nil })
}

func TestNewCmdSignoff(t *testing.T) {
	base := []string{"signoff", "--pilot", "ct", "--gate", "G3", "--role", "security", "--decision", "approve", "--meaning", "Controls verified"}
	checkParse(t, newCmdSignoff, []parseCase[signoffOptions]{
		{args: base, want: signoffOptions{pilot: "ct", gate: "G3", role: model.RoleSecurity, decision: model.DecisionApprove, meaning: "Controls verified"}},
		{args: append(base, "--comment", "see ticket 12"), want: signoffOptions{pilot: "ct", gate: "G3", role: model.RoleSecurity, decision: model.DecisionApprove, meaning: "Controls verified", comment: "see ticket 12"}},
		{args: []string{"signoff", "--pilot", "ct", "--gate", "G3", "--role", "cfo", "--decision", "approve", "--meaning", "x"}, wantErr: `unknown role "cfo"`},
		{args: []string{"signoff", "--pilot", "ct", "--gate", "G3", "--role", "legal", "--decision", "maybe", "--meaning", "x"}, wantErr: `unknown decision "maybe"`},
		{args: []string{"signoff", "--pilot", "ct", "--gate", "G3", "--role", "legal", "--decision", "reject", "--meaning", "  "}, wantErr: "--meaning TEXT"},
	}, func(o *signoffOptions) { o.App = nil })
}

func TestNewCmdHealth(t *testing.T) {
	checkParse(t, newCmdHealth, []parseCase[healthOptions]{
		{args: []string{"health"}, want: healthOptions{}},
		{args: []string{"health", "--pilot", "ct", "--json"}, want: healthOptions{pilot: "ct", asJSON: true}},
		{args: []string{"health", "ct"}, wantErr: "name a pilot with --pilot SLUG"},
	}, func(o *healthOptions) { o.App = nil })
}

func TestNewCmdImportMetrics(t *testing.T) {
	checkParse(t, newCmdImport, []parseCase[importOptions]{
		{args: []string{"import", "metrics", "a.csv", "--pilot", "ct", "b.csv"}, want: importOptions{files: []string{"a.csv", "b.csv"}, pilot: "ct", layout: importers.LayoutAuto}},
		{args: []string{"import", "metrics", "--format", "wide", "--dry-run", "--json", "a.csv"}, want: importOptions{files: []string{"a.csv"}, layout: importers.LayoutWide, dryRun: true, asJSON: true}},
		{args: []string{"import", "metrics", "--ring", "pilot", "--map", "date=Report Date", "--map", "AHT=Avg Handle Time", "--skip", "Queue", "--date-format", "DD/MM/YYYY", "--decimal", ",", "g.csv"},
			want: importOptions{files: []string{"g.csv"}, layout: importers.LayoutAuto, maps: []string{"date=Report Date", "AHT=Avg Handle Time"},
				read: importers.Options{Ring: "pilot", Map: map[string]string{"date": "Report Date", "aht": "Avg Handle Time"}, Skip: []string{"Queue"}, DateFormat: "DD/MM/YYYY", Decimal: ","}}},
		{args: []string{"import", "metrics", "--map", "Report Date", "a.csv"}, wantErr: "write ROLE=HEADER"},
		{args: []string{"import", "metrics", "--date-format", "soon", "a.csv"}, wantErr: "--date-format"},
		{args: []string{"import", "metrics", "--decimal", ";", "a.csv"}, wantErr: "--decimal"},
		{args: []string{"import", "metrics", "--tz", "Mars/Olympus", "a.csv"}, wantErr: "not a time zone"},
		// A saved source needs the database: --source is resolved when the import runs (main_sources_test.go).
		{args: []string{"import", "metrics", "--format", "victoriametrics=__name__,__value__,__timestamp__:unix_ms,job", "vm.csv"},
			want: importOptions{files: []string{"vm.csv"}, layout: importers.LayoutLong,
				read: importers.Options{Columns: []string{"metric", "value", "date", "job"}, DateFormat: "epoch-ms"}}},
		{args: []string{"import", "metrics", "--columns", "Time, latency", "a.csv"}, want: importOptions{files: []string{"a.csv"}, layout: importers.LayoutAuto,
			columns: "Time, latency", read: importers.Options{Columns: []string{"Time", "latency"}}}},
		{args: []string{"import", "metrics", "--format", "vm=__name__,__value__", "a.csv"}, wantErr: "lacks __timestamp__"},
		{args: []string{"import", "metrics", "--format", "vm=__name__,__value__,__timestamp__:unix_s", "--columns", "a,b,c", "a.csv"}, wantErr: "use one"},
		{args: []string{"import", "metrics"}, wantErr: "which files?"},
		{args: []string{"import"}, wantErr: "imports metrics, not nothing"},
		{args: []string{"import", "pilots", "x.csv"}, wantErr: `not "pilots"`},
		{args: []string{"import", "metrics", "--format", "square", "a.csv"}, wantErr: "--format"},
	}, func(o *importOptions) { o.App = nil })
}

func TestNewCmdPayback(t *testing.T) {
	discount, benefit := model.DefaultDiscountRate, 5.0
	checkParse(t, newCmdPayback, []parseCase[paybackOptions]{
		{args: []string{"payback", "--pilot", "ct", "--ring", "canary"}, want: paybackOptions{pilot: "ct", ring: "canary"}},
		{args: []string{"payback", "--one-time", "1", "--run-cost", "2", "--annual-benefit", "5", "--ramp", "0.5, 1"},
			want: paybackOptions{model: &model.PaybackModel{OneTimeCost: 1, AnnualRunCost: 2, AnnualBenefit: &benefit, DiscountRate: &discount,
				HorizonMonths: model.DefaultHorizonMonths, Ramp: []float64{0.5, 1}}}},
		{args: []string{"payback", "--pilot", "ct", "--one-time", "5"}, wantErr: "cannot be combined"},
		{args: []string{"payback", "--ring", "canary", "--one-time", "1", "--run-cost", "1"}, wantErr: "--ring needs --pilot"},
		{args: []string{"payback", "--one-time", "1", "--run-cost", "1", "--volume", "3"}, wantErr: "all four"},
		{args: []string{"payback", "--one-time", "1", "--run-cost", "1", "--annual-benefit", "5", "--ramp", "half"}, wantErr: `"half" is not a number`},
		{args: []string{"payback", "--one-time", "x"}, wantErr: "invalid argument"},
	}, func(o *paybackOptions) { o.App = nil })
}

func TestNewCmdRing(t *testing.T) {
	checkParse(t, newCmdRing, []parseCase[ringOptions]{
		{args: []string{"ring", "--pilot", "ct", "--ring", "canary", "--status", "active"}, want: ringOptions{pilot: "ct", ring: "canary", status: "active"}},
		{args: []string{"ring", "--pilot", "ct", "--ring", "canary", "--exposure", "0", "--force", "--reason", "now"}, want: ringOptions{pilot: "ct", ring: "canary", exposureGiven: true, force: true, reason: "now"}},
		{args: []string{"ring", "--pilot", "ct", "--ring", "canary"}, wantErr: "give one change"},
		{args: []string{"ring", "--pilot", "ct", "--ring", "canary", "--status", "active", "--exposure", "0.5"}, wantErr: "give one change"},
		{args: []string{"ring", "--pilot", "ct", "--ring", "canary", "--status", "gone"}, wantErr: "ring status"},
		{args: []string{"ring", "--pilot", "ct", "--ring", "canary", "--exposure", "1.5"}, wantErr: "from 0 to 1"},
		{args: []string{"ring", "--ring", "canary", "--status", "active"}, wantErr: "--pilot SLUG --ring NAME"},
	}, func(o *ringOptions) { o.App = nil })
}

func TestNewCmdReview(t *testing.T) {
	checkParse(t, newCmdReview, []parseCase[reviewOptions]{
		{args: []string{"review", "--pilot", "ct", "--gate", "G3"}, want: reviewOptions{pilot: "ct", gate: "G3"}},
		{args: []string{"review", "--pilot", "ct", "--gate", "G3", "--decision", "conditional", "--date", "2026-11-19",
			"--attendee", "Dana Ruiz", "--attendee", "Lee Park, CISO", "--condition", "DLP on", "--note", "g3-x = fine", "--action", "Fix DLP; Lee; 2026-12-01", "--minutes", "m.md"},
			want: reviewOptions{pilot: "ct", gate: "G3", minutes: "m.md", review: &model.GateReview{Gate: "G3", Date: model.MustDate("2026-11-19"),
				Attendees: []string{"Dana Ruiz", "Lee Park, CISO"}, Decision: model.ReviewConditional, Conditions: []string{"DLP on"},
				Notes: map[string]string{"g3-x": "fine"}, Actions: []model.ActionItem{{What: "Fix DLP", Who: "Lee", Due: model.MustDate("2026-12-01")}}}}},
		{args: []string{"review", "--pilot", "ct", "--gate", "G3", "--decision", "maybe"}, wantErr: `unknown decision "maybe"`},
		{args: []string{"review", "--pilot", "ct", "--gate", "G3", "--decision", "go", "--action", "x; y"}, wantErr: "what; who; YYYY-MM-DD"},
		{args: []string{"review", "--pilot", "ct", "--gate", "G3", "--decision", "go", "--note", "=x"}, wantErr: "CRITERION-ID=text"},
	}, func(o *reviewOptions) { o.App = nil })
}

func TestNewCmdApply(t *testing.T) {
	checkParse(t, newCmdApply, []parseCase[applyOptions]{
		{args: []string{"apply", "-f", "p.yaml"}, want: applyOptions{file: "p.yaml"}},
		{args: []string{"apply", "--file=p.yaml", "--force", "--reason", "deadline"}, want: applyOptions{file: "p.yaml", force: true, reason: "deadline"}},
		{args: []string{"apply", "p.yaml"}, want: applyOptions{file: "p.yaml"}},
		{args: []string{"apply", "-f", "-"}, want: applyOptions{file: "-"}},
		{args: []string{"apply"}, wantErr: "-f FILE"},
		{args: []string{"apply", "-f", "a.yaml", "b.yaml"}, wantErr: `unexpected argument "b.yaml"`},
		{args: []string{"apply", "--bogus"}, wantErr: "flag provided but not defined"},
	}, func(o *applyOptions) { o.App = nil })
}

func TestNewCmdFlagAndFlags(t *testing.T) {
	checkParse(t, newCmdFlag, []parseCase[flagOptions]{
		{args: []string{"flag", "--pilot", "sd", "--flag", "kb", "--ring", "canary", "--state", "off", "--reason", "FCR fired"},
			want: flagOptions{pilot: "sd", key: "kb", ring: "canary", state: model.FlagOff, reason: "FCR fired"}},
		{args: []string{"flag", "--pilot", "sd", "--flag", "kb", "--ring", "canary", "--state", "off"}, wantErr: "--reason is required"},
	}, func(o *flagOptions) { o.App = nil })
	checkParse(t, newCmdFlags, []parseCase[flagsOptions]{
		{args: []string{"flags", "--pilot", "sd", "--ring", "canary", "--json"}, want: flagsOptions{pilot: "sd", ring: "canary", asJSON: true}},
		{args: []string{"flags"}, wantErr: "--pilot is required"},
	}, func(o *flagsOptions) { o.App = nil })
}

func TestNewCmdCalendarTriageVerifyDemo(t *testing.T) {
	checkParse(t, newCmdCalendar, []parseCase[calendarOptions]{
		{args: []string{"calendar"}, want: calendarOptions{days: 28, format: "text"}},
		{args: []string{"calendar", "--days", "60", "--pilot", "ct", "--json"}, want: calendarOptions{days: 60, pilot: "ct", asJSON: true, format: "json"}},
		{args: []string{"calendar", "--format", "ics", "-o", "w.ics"}, want: calendarOptions{days: 28, format: "ics", out: "w.ics"}},
		{args: []string{"calendar", "--days", "0"}, wantErr: "--days must be 1 to 366"},
		{args: []string{"calendar", "--format", "ical"}, wantErr: "text, json, ics"},
		{args: []string{"calendar", "--format", "ics", "--json"}, wantErr: "contradict"},
	}, func(o *calendarOptions) { o.App = nil })
	checkParse(t, newCmdTriage, []parseCase[triageOptions]{
		{args: []string{"triage", "--json"}, want: triageOptions{asJSON: true}},
	}, func(o *triageOptions) { o.App = nil })
	checkParse(t, newCmdVerify, []parseCase[verifyOptions]{
		{args: []string{"verify"}, want: verifyOptions{}},
		{args: []string{"verify", "--full", "--json"}, want: verifyOptions{full: true, asJSON: true}},
		{args: []string{"verify", "now"}, wantErr: `unexpected argument "now"`},
	}, func(o *verifyOptions) { o.App = nil })
	checkParse(t, newCmdDemo, []parseCase[demoOptions]{
		{args: []string{"demo"}, want: demoOptions{}},
	}, func(o *demoOptions) { o.App = nil })
}

func TestNewCmdExport(t *testing.T) {
	portfolio := func(a *cli, runF func(*exportPortfolioOptions) error) *cobra.Command {
		return newCmdExport(a, runF, nil)
	}
	checkParse(t, portfolio, []parseCase[exportPortfolioOptions]{
		{args: []string{"export", "portfolio"}, want: exportPortfolioOptions{}},
		{args: []string{"export", "portfolio", "-o", "p.yaml"}, want: exportPortfolioOptions{out: "p.yaml"}},
		{args: []string{"export", "nonsense"}, wantErr: `cannot export "nonsense"`},
		{args: []string{"export"}, wantErr: "export what?"},
	}, func(o *exportPortfolioOptions) { o.App = nil })
	checklist := func(a *cli, runF func(*exportChecklistOptions) error) *cobra.Command {
		return newCmdExport(a, nil, runF)
	}
	checkParse(t, checklist, []parseCase[exportChecklistOptions]{
		{args: []string{"export", "checklist", "--pilot", "ct", "--gate", "prg", "--format", "html", "--output", "c.html"}, want: exportChecklistOptions{pilot: "ct", gate: "PRG", format: "html", out: "c.html"}},
		{args: []string{"export", "checklist", "--pilot", "ct", "--gate", "G3", "--format", "docx"}, wantErr: "md, csv, json, html, pdf"},
		{args: []string{"export", "checklist", "--pilot", "ct", "--gate", "G3", "--format", "pdf"}, wantErr: "-o g3.pdf"},
		{args: []string{"export", "checklist", "--pilot", "ct", "--gate", "G3", "--format", "csv", "--no-bom"}, want: exportChecklistOptions{pilot: "ct", gate: "G3", format: "csv", noBOM: true}},
	}, func(o *exportChecklistOptions) { o.App = nil })
}

// The global flags parse before or after the command, into the app.
func TestGlobalFlagsParseAnywhere(t *testing.T) {
	for _, args := range [][]string{
		{"--db", "x.db", "--as", "Lee Park", "--as-of", "2026-11-01", "--no-color", "--no-mouse", "--theme", "light", "verify"},
		{"verify", "--db", "x.db", "--as", "Lee Park", "--as-of", "2026-11-01", "--no-color", "--no-mouse", "--theme", "light"},
		{"--db=x.db", "verify", "--as=Lee Park", "--as-of=2026-11-01", "--no-color", "--theme=light", "--no-mouse"},
	} {
		_, a, err := parseWith(t, args, newCmdVerify)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if a.dbPath != "x.db" || a.actor != "Lee Park" || !a.asExplicit || a.asOf != model.MustDate("2026-11-01") || !a.asOfGiven ||
			!a.noColor || !a.g.noMouse || a.theme != "light" {
			t.Errorf("%q: %+v", args, a)
		}
	}
	// Without --as-of the day is the pinned clock's, not the machine's.
	_, a, err := parseWith(t, []string{"verify", "--db", "x.db"}, newCmdVerify)
	if err != nil || a.asOf != model.MustDate("2026-11-20") || a.asOfGiven {
		t.Errorf("default --as-of: %v %v %v", err, a.asOf, a.asOfGiven)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"verify", "--db", ""}, `--db ""`},
		{[]string{"--db=", "verify"}, `--db ""`},
		{[]string{"verify", "--as-of", "2026-13-01"}, "--as-of"},
		{[]string{"verify", "--db"}, "--db needs a value"},
	} {
		_, _, err := parseWith(t, c.args, newCmdVerify)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v (exit %d), want exit 2 with %q", c.args, err, exitCode(err), c.want)
		}
	}
}

// One definition of "as of": a command that records something refuses
// --as-of with exit 2 and one line saying why, before it opens anything;
// the views and demo take it.
func TestRecordingCommandsRefuseAsOf(t *testing.T) {
	const why = "--as-of cannot be used here"
	check := func(name string, err error, got bool) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), why) || exitCode(err) != 2 || strings.Contains(err.Error(), "\n") || got {
			t.Errorf("%s with --as-of: err %v (exit %d), ran %v; want a one-line exit-2 refusal", name, err, exitCode(err), got)
		}
	}
	asOf := []string{"--as-of", "2026-11-01"}
	o1, _, err := parseWith(t, append([]string{"signoff", "--pilot", "p", "--gate", "G3", "--role", "security", "--decision", "approve", "--meaning", "m"}, asOf...), newCmdSignoff)
	check("signoff", err, o1 != nil)
	o2, _, err := parseWith(t, append([]string{"review", "--pilot", "p", "--gate", "G3", "--decision", "go"}, asOf...), newCmdReview)
	check("review --decision", err, o2 != nil)
	o3, _, err := parseWith(t, append([]string{"flag", "--pilot", "p", "--flag", "f", "--ring", "r", "--state", "on", "--reason", "x"}, asOf...), newCmdFlag)
	check("flag", err, o3 != nil)
	o4, _, err := parseWith(t, append([]string{"ring", "--pilot", "p", "--ring", "canary", "--status", "active"}, asOf...), newCmdRing)
	check("ring", err, o4 != nil)
	o5, _, err := parseWith(t, append([]string{"apply", "-f", "x.yaml"}, asOf...), newCmdApply)
	check("apply", err, o5 != nil)
	o6, _, err := parseWith(t, append([]string{"import", "metrics", "--pilot", "p", "x.csv"}, asOf...), newCmdImport)
	check("import metrics", err, o6 != nil)

	// Views and the meeting mode take it; demo anchors its dates to it.
	if o, a, err := parseWith(t, append([]string{"review", "--pilot", "p", "--gate", "G3"}, asOf...), newCmdReview); err != nil || o == nil || a.asOf != model.MustDate("2026-11-01") {
		t.Errorf("review (meeting mode) with --as-of: %v", err)
	}
	if o, _, err := parseWith(t, append([]string{"demo"}, asOf...), newCmdDemo); err != nil || o == nil {
		t.Errorf("demo with --as-of: %v", err)
	}
	if o, _, err := parseWith(t, []string{"signoff", "--pilot", "p", "--gate", "G3", "--role", "security", "--decision", "approve", "--meaning", "m"}, newCmdSignoff); err != nil || o == nil {
		t.Errorf("signoff without --as-of: %v", err)
	}
}
