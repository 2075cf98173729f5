package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/exporters"
	"ringside/model"
	"ringside/model/rollout"
)

// calendarReport is `ringside calendar --json` (field names documented in
// docs/portfolio.md, "ringside calendar").
type calendarReport struct {
	From    time.Time            `json:"from"`
	Until   time.Time            `json:"until"`
	Pilot   string               `json:"pilot,omitempty"`
	Now     string               `json:"now"` // the dashboard's headline
	Windows []rollout.Occurrence `json:"windows"`
	Freezes []freezeEntry        `json:"freezes"`
	Moves   []plannedMove        `json:"moves"`
}

type freezeEntry struct {
	Name  string `json:"name"`
	From  string `json:"from"`
	To    string `json:"to"`
	Zone  string `json:"zone"`
	Pilot string `json:"pilot,omitempty"` // set for a pilot's own freeze
}

// plannedMove is a ring with status planned and a start day, and the first
// opening on or after that day that no freeze blocks.
type plannedMove struct {
	Pilot  string              `json:"pilot"`
	Ring   string              `json:"ring"`
	Start  string              `json:"start"`
	Window *rollout.Occurrence `json:"window"` // null: no usable window in the listing
	Note   string              `json:"note"`
}

type calendarOptions struct {
	App    *cli
	pilot  string
	days   int
	asJSON bool
	format string // text, json or ics
	out    string
}

// calendarFormats are what `calendar --format` writes.
var calendarFormats = []string{"text", "json", "ics"}

func newCmdCalendar(a *cli, runF func(*calendarOptions) error) *cobra.Command {
	opts := &calendarOptions{App: a}
	cmd := &cobra.Command{
		Use:   "calendar",
		Short: "Next change windows (frozen ones marked), freezes, and the ring moves planned in them",
		Example: "  ringside calendar --days 60\n  ringside calendar --pilot claims-triage --json\n" +
			"  ringside calendar --format ics -o change-windows.ics   # import into Outlook or Google Calendar",
		Args: noArgs("calendar", ""),
		RunE: func(*cobra.Command, []string) error {
			if opts.days < 1 || opts.days > 366 {
				return usageErr("calendar: --days must be 1 to 366, got %d", opts.days)
			}
			if err := model.OneOf("format", opts.format, calendarFormats); err != nil {
				return usageErr("calendar: %v", err)
			}
			if opts.asJSON {
				if opts.format != "text" && opts.format != "json" {
					return usageErr("calendar: --json and --format %s contradict each other: give one", opts.format)
				}
				opts.format = "json"
			}
			return runWith(runF, calendarRun, opts)
		},
	}
	cmd.Flags().StringVar(&opts.pilot, "pilot", "", "only this pilot, under its own calendar (its windows replace the portfolio's; freezes add up)")
	cmd.Flags().IntVar(&opts.days, "days", 28, "how many days ahead to list, 1 to 366")
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print JSON (same as --format json)")
	cmd.Flags().StringVar(&opts.format, "format", "text", "text, json, or ics (iCalendar, RFC 5545: each window one recurring event, freezes all day, planned ring moves)")
	cmd.Flags().StringVarP(&opts.out, "output", "o", "", "write to FILE instead of standard output")
	completePilotFlag(a, cmd, "pilot")
	completeStatic(cmd, "format", calendarFormats...)
	return cmd
}

func calendarRun(o *calendarOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	cal, pilots, err := ap.Calendar(context.Background(), o.pilot)
	if errors.Is(err, app.ErrNotFound) {
		return usageErr("calendar: no pilot %q (ringside health lists them)", o.pilot)
	} else if err != nil {
		return err
	}
	from := a.now()
	if a.asOfGiven {
		from = a.asOf.Time() // reproducible: the start of that day, UTC
	}
	r := buildCalendarReport(cal, pilots, o.pilot, from, from.AddDate(0, 0, o.days))
	return writeOutput(a, o.out, func(w io.Writer) error {
		switch o.format {
		case "json":
			return writeJSON(w, r)
		case "ics":
			return exporters.WriteICS(w, calendarICS(cal, pilots, o.pilot, r, a.now()))
		}
		printCalendar(w, r)
		return nil
	})
}

func buildCalendarReport(portfolio *model.Calendar, pilots []model.Pilot, only string, from, until time.Time) calendarReport {
	r := calendarReport{From: from.UTC(), Until: until.UTC(), Pilot: only, Windows: []rollout.Occurrence{}, Freezes: []freezeEntry{}, Moves: []plannedMove{}}
	cal, _ := rollout.FromModel(shownCalendar(portfolio, pilots, only))
	r.Now = cal.Headline(from)
	if r.Now == "" {
		r.Now = "no change calendar: rings may move at any time"
	}
	r.Windows = within(cal.Next(from, 1000), until)
	today := model.DateOf(from.UTC())
	addFreezes := func(c *model.Calendar, slug string) {
		if c == nil {
			return
		}
		for _, f := range c.Freezes {
			if f.To >= today-1 { // -1: a freeze in a zone east of UTC may still run
				r.Freezes = append(r.Freezes, freezeEntry{Name: f.Name, From: f.From.String(), To: f.To.String(), Zone: f.Zone, Pilot: slug})
			}
		}
	}
	addFreezes(portfolio, "")
	for _, p := range pilots {
		addFreezes(p.Calendar, p.Slug)
		pcal, _ := rollout.FromModel(model.EffectiveCalendar(portfolio, p.Calendar))
		for _, ring := range p.Rings {
			if ring.Status != model.RingPlanned || ring.Start.IsZero() {
				continue
			}
			r.Moves = append(r.Moves, planMove(pcal, p.Slug, ring, from, until))
		}
	}
	return r
}

// shownCalendar is the calendar whose windows a listing shows: the
// portfolio's, or with --pilot that pilot's effective one.
func shownCalendar(portfolio *model.Calendar, pilots []model.Pilot, only string) model.Calendar {
	if only != "" {
		return model.EffectiveCalendar(portfolio, pilots[0].Calendar)
	}
	if portfolio != nil {
		return *portfolio
	}
	return model.Calendar{}
}

// calendarICS is the listing as an iCalendar file: the shown windows as
// recurring events, the listed freezes and planned moves.
func calendarICS(portfolio *model.Calendar, pilots []model.Pilot, only string, r calendarReport, now time.Time) exporters.ICS {
	cal, _ := rollout.FromModel(shownCalendar(portfolio, pilots, only))
	c := exporters.ICS{Scope: only, Windows: cal.Windows, From: r.From, Stamp: now.UTC().Truncate(time.Second)}
	for _, f := range r.Freezes {
		from, _ := model.ParseDate(f.From)
		to, _ := model.ParseDate(f.To)
		c.Freezes = append(c.Freezes, exporters.ICSFreeze{Name: f.Name, From: from, To: to, Zone: f.Zone, Pilot: f.Pilot})
	}
	for _, m := range r.Moves {
		planned, _ := model.ParseDate(m.Start)
		c.Moves = append(c.Moves, exporters.ICSMove{Pilot: m.Pilot, Ring: m.Ring, Planned: planned, Window: m.Window, Note: m.Note})
	}
	return c
}

// within keeps the openings that start before until.
func within(occ []rollout.Occurrence, until time.Time) []rollout.Occurrence {
	out := []rollout.Occurrence{}
	for _, o := range occ {
		if o.Start.Before(until) {
			out = append(out, o)
		}
	}
	return out
}

func planMove(cal rollout.Calendar, slug string, ring model.Ring, from, until time.Time) plannedMove {
	m := plannedMove{Pilot: slug, Ring: ring.Name, Start: ring.Start.String()}
	t0 := ring.Start.Time() // midnight UTC of the planned day
	if t0.Before(from) {
		t0 = from
	}
	switch {
	case len(cal.Windows) == 0 && len(cal.Freezes) == 0:
		m.Note = "no change calendar: may move on the planned day"
	case len(cal.Windows) == 0:
		if f, ok := cal.FreezeAt(t0); ok {
			m.Note = fmt.Sprintf("planned inside freeze %q (%s): move after it ends", f.Name, f.Span())
		} else {
			m.Note = "no change window defined and no freeze on the planned day"
		}
	default:
		o, ok := cal.NextOpen(t0.Add(-time.Nanosecond), 200)
		if ok && o.Start.Before(until) {
			m.Window = &o
			m.Note = fmt.Sprintf("first usable window on or after the planned day: %s", o.Window)
		} else {
			m.Note = "no window before " + model.DateOf(until.UTC()).String()
		}
	}
	return m
}

func printCalendar(w io.Writer, r calendarReport) {
	scope := "the portfolio"
	if r.Pilot != "" {
		scope = "pilot " + r.Pilot
	}
	fmt.Fprintf(w, "Change calendar of %s, %s to %s\nnow: %s\n", scope, r.From.Format("2006-01-02 15:04 MST"), r.Until.Format("2006-01-02"), model.Line(r.Now))
	fmt.Fprintln(w, "\nWindows")
	if len(r.Windows) == 0 {
		fmt.Fprintln(w, "  none in this period")
	}
	for _, o := range r.Windows {
		frozen := ""
		if o.Frozen {
			frozen = "  FROZEN (" + model.Line(o.Freeze) + ")"
		}
		fmt.Fprintf(w, "  %-44s %s%s\n", o.String(), model.Line(o.Window), frozen)
	}
	fmt.Fprintln(w, "\nFreezes")
	if len(r.Freezes) == 0 {
		fmt.Fprintln(w, "  none ahead")
	}
	for _, f := range r.Freezes {
		who := ""
		if f.Pilot != "" {
			who = " (pilot " + f.Pilot + " only)"
		}
		fmt.Fprintf(w, "  %s %s – %s %s%s\n", model.Line(f.Name), f.From, f.To, f.Zone, who)
	}
	fmt.Fprintln(w, "\nPlanned ring moves")
	if len(r.Moves) == 0 {
		fmt.Fprintln(w, "  none (rings with status planned and a start day are listed here)")
	}
	for _, m := range r.Moves {
		where := model.Line(m.Note)
		if m.Window != nil {
			where = m.Window.String() + " (" + model.Line(m.Window.Window) + ")"
		}
		fmt.Fprintf(w, "  %s %s, planned %s → %s\n", m.Pilot, model.Line(m.Ring), m.Start, where)
	}
}
