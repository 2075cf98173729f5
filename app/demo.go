package app

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"ringside/importers"
	"ringside/model"
	"ringside/model/assess"
	"ringside/model/rollout"
	"ringside/store"
)

// The demo portfolio: eight pilots whose stories app/demo/README.md tells,
// with their metrics, embedded in the binary. `ringside demo`, `ringside
// --demo` and the tests load it through LoadDemo.

//go:embed demo/portfolio.yaml demo/metrics/*.csv
var demoFiles embed.FS

// DemoReference is the day the demo data was written for: its metrics end
// the day before. Loading shifts every date by (anchor − reference), so the
// demo looks current on whatever day it is first loaded.
var DemoReference = model.MustDate("2026-11-20")

const demoAnchorKey = "demo_anchor"

// DemoLoaded says what loading the demo did.
type DemoLoaded struct {
	Created, Updated, Unchanged []string   // pilots, by slug
	Anchor                      model.Date // the day the demo's dates are anchored to
	Files, Rows, Changed        int        // metric files, their rows, rows new or updated
}

// LoadDemo applies the demo portfolio and imports its metrics. The first
// load fixes the anchor day (asOf); later loads reuse it, so loading again
// changes nothing.
//
// It loads in one transaction: killed or failing half-way, it leaves the
// database as it was.
func (a *App) LoadDemo(ctx context.Context, actor string, asOf model.Date) (out DemoLoaded, err error) {
	err = a.store.Atomically(ctx, func(s *store.Store) error {
		in := *a
		in.store = s
		var err error
		out, err = in.loadDemo(ctx, actor, asOf)
		return err
	})
	return out, err
}

// DemoFault, when set by a test, is called at the named step of the load,
// inside its transaction, and fails the load when it returns an error.
// The command line sets it from RINGSIDE_DEMO_PAUSE (cmd_demo.go) so the
// kill -9 test can stop the real binary there.
var DemoFault func(step string) error

func (a *App) loadDemo(ctx context.Context, actor string, asOf model.Date) (DemoLoaded, error) {
	s := a.store
	anchor := asOf
	if v, ok, err := s.Meta(ctx, demoAnchorKey); err != nil {
		return DemoLoaded{}, err
	} else if ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return DemoLoaded{}, fmt.Errorf("demo anchor %q in the database is not a day number", v)
		}
		anchor = model.Date(n)
	}
	shift := int(anchor - DemoReference)
	raw, err := demoFiles.ReadFile("demo/portfolio.yaml")
	if err != nil {
		return DemoLoaded{}, err
	}
	pf, err := importers.ReadPortfolioFile(bytes.NewReader(raw), "demo/portfolio.yaml")
	if err != nil {
		return DemoLoaded{}, fmt.Errorf("the built-in demo portfolio does not load (a bug; please report it): %w", err)
	}
	for i := range pf.Pilots {
		ShiftPilot(&pf.Pilots[i], shift)
	}
	shiftCalendar(pf.Calendar, shift)
	res, err := s.ApplyPortfolio(ctx, store.Change{Actor: actor, Origin: store.OriginDemo}, store.DemoSource, pf)
	if err != nil {
		return DemoLoaded{}, err
	}
	if err := s.SetMeta(ctx, demoAnchorKey, strconv.Itoa(int(anchor))); err != nil {
		return DemoLoaded{}, err
	}
	out := DemoLoaded{Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged, Anchor: anchor}
	if err := a.loadDemoMetrics(ctx, actor, shift, &out); err != nil {
		return out, err
	}
	if DemoFault != nil {
		if err := DemoFault("stamp"); err != nil {
			return out, err
		}
	}
	return out, a.stampDemoSignoffs(ctx, actor, anchor)
}

// loadDemoMetrics imports the demo metric CSVs, every day shifted by days.
// Each file is one pilot's (named after its slug), in the dialects real
// exports come in; re-loading finds every row unchanged.
func (a *App) loadDemoMetrics(ctx context.Context, actor string, days int, out *DemoLoaded) error {
	files, err := fs.Glob(demoFiles, "demo/metrics/*.csv")
	if err != nil {
		return err
	}
	for _, name := range files {
		f, err := demoFiles.Open(name)
		if err != nil {
			return err
		}
		base := path.Base(name)
		slug := strings.TrimSuffix(base, ".csv")
		st, err := a.ImportMetrics(ctx, Change{Actor: actor, Origin: OriginDemo}, "demo/"+base, f, importers.Options{Pilot: slug}, false, days, nil)
		f.Close()
		if err != nil {
			return err
		}
		if !st.Accepted {
			return fmt.Errorf("the built-in demo metrics %s do not load (a bug; please report it): %s", name, strings.Join(st.Errors, "; "))
		}
		out.Files++
		out.Rows += st.Rows
		out.Changed += st.New + st.Updated
	}
	return nil
}

// stampDemoSignoffs binds the demo's sign-offs, written without a checklist
// hash, to their gate's checklist as it stands on the anchor day, judged
// inside the write that stamps them, so the demo opens with current
// signatures rather than stale ones. Stamped once: a later load finds
// nothing left to stamp.
func (a *App) stampDemoSignoffs(ctx context.Context, actor string, anchor model.Date) error {
	slugs, err := a.store.Slugs(ctx)
	if err != nil {
		return err
	}
	for _, slug := range slugs {
		p, err := a.store.Pilot(ctx, slug)
		if err != nil {
			return err
		}
		unstamped := false
		for _, so := range p.Signoffs {
			unstamped = unstamped || so.ChecklistHash == ""
		}
		if !unstamped {
			continue
		}
		_, err = a.store.UpdatePilotReading(ctx, Change{Actor: actor, Action: model.ActionSignoffStamp, Origin: OriginDemo}, slug, func(r store.Reader, p *model.Pilot) (string, error) {
			in, err := inputFor(ctx, r, p, anchor)
			if err != nil {
				return "", err
			}
			h := assess.Health(in)
			hashes := map[model.GateID]string{}
			for i := range p.Signoffs {
				so := &p.Signoffs[i]
				if so.ChecklistHash != "" {
					continue
				}
				if hashes[so.Gate] == "" {
					g, err := assess.Gate(in, h, so.Gate)
					if err != nil {
						return "", err
					}
					hashes[so.Gate] = g.ChecklistHash
				}
				so.ChecklistHash = hashes[so.Gate]
			}
			return "demo sign-offs bound to their checklists", nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ShiftPilot moves every date and time of p by days (model's
// Pilot.ShiftDays) and the DTSTART of its change windows' rules.
func ShiftPilot(p *model.Pilot, days int) {
	p.ShiftDays(days)
	shiftRules(p.Calendar, days)
}

// shiftCalendar moves a demo calendar with the demo's dates: freezes by
// days, and each rule's DTSTART (the anchor of "every second Tuesday"), so
// the windows and freezes stay where the stories expect them. The weekday
// of a rule is kept: a Tuesday train stays on Tuesdays.
func shiftCalendar(c *model.Calendar, days int) {
	if c == nil || days == 0 {
		return
	}
	for i := range c.Freezes {
		c.Freezes[i].From = c.Freezes[i].From.AddDays(days)
		c.Freezes[i].To = c.Freezes[i].To.AddDays(days)
	}
	shiftRules(c, days)
}

// shiftRules moves the DTSTART of each window's rule by days.
func shiftRules(c *model.Calendar, days int) {
	if c == nil || days == 0 {
		return
	}
	for i := range c.Windows {
		r, err := rollout.ParseRule(c.Windows[i].Rule)
		if err != nil || r.DTStart.IsZero() {
			continue
		}
		r.DTStart = r.DTStart.AddDays(days)
		r.Raw = ""
		c.Windows[i].Rule = r.Canonical()
	}
}
