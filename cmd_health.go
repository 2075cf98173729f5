package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"text/tabwriter"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/health"
	"ringside/store"
)

// cmdHealth runs `ringside health [--pilot SLUG] [--json]`: every ring of
// every pilot (or one) judged as of --as-of; exit 1 when a ring fails or a
// rollback trigger fires.
func cmdHealth(a *app, args []string) error {
	fs := newFlags(a, "health")
	pilot := fs.String("pilot", "", "judge only this pilot (default: every pilot)")
	asJSON := fs.Bool("json", false, "print the verdicts as JSON")
	pos, err := parseFlags(a, "health", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("health: unexpected argument %q (name a pilot with --pilot SLUG)", model.Line(pos[0]))
	}
	// A short run that allocates a few MB: collecting garbage as it goes
	// would cost more than the memory it saves.
	debug.SetGCPercent(400)
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	all, err := pilotHealth(ctx, s, *pilot, a.asOf)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		// Compact, as the spec shows it: a portfolio's verdicts run to megabytes,
		// and indenting them would take longer than judging them.
		enc.SetEscapeHTML(false) // criteria read `<= -10%`, not `\u003c= -10%`
		if err := enc.Encode(struct {
			AsOf   string               `json:"as_of"`
			Pilots []health.PilotHealth `json:"pilots"`
		}{a.asOf.String(), all}); err != nil {
			return err
		}
	} else {
		printHealth(a.stdout, all, a.asOf)
	}
	var failed []string
	for _, ph := range all {
		if ph.Failed() {
			failed = append(failed, model.Line(ph.Pilot))
		}
	}
	if len(failed) > 0 {
		names := strings.Join(failed, ", ")
		if len(failed) > 5 {
			names = fmt.Sprintf("%s and %d more", strings.Join(failed[:5], ", "), len(failed)-5)
		}
		return problem("health: a ring fails or a rollback trigger fired in %s (see why above)", names)
	}
	return nil
}

// pilotHealth evaluates one pilot (slug) or all (slug ""), sorted by slug.
// Pilots and observations load side by side on two connections, and the
// pilots are judged in parallel: health over a portfolio is one of the
// things people run most.
func pilotHealth(ctx context.Context, s *store.Store, slug string, asOf model.Date) ([]health.PilotHealth, error) {
	var pilots []model.Pilot
	var pilotsErr error
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		if slug == "" {
			pilots, pilotsErr = s.Pilots(ctx)
			return
		}
		p, err := s.Pilot(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			err = usageErr("health: unknown pilot %q: see the slugs with ringside health, or create it with ringside apply -f FILE", model.Line(slug))
		}
		pilots, pilotsErr = []model.Pilot{p}, err
	}()
	series, err := seriesOf(ctx, s, slug, asOf, model.DefaultWindow)
	<-loaded
	if pilotsErr != nil {
		return nil, pilotsErr
	}
	if err != nil {
		return nil, err
	}
	// A KPI with a window longer than the default needs more days.
	for i := range pilots {
		p := &pilots[i]
		if window := model.LongestWindow(p); window > model.DefaultWindow {
			more, err := seriesOf(ctx, s, p.Slug, asOf, window)
			if err != nil {
				return nil, err
			}
			series[p.Slug] = more[p.Slug]
		}
	}
	out := make([]health.PilotHealth, len(pilots))
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), max(len(pilots), 1))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(pilots); i += workers {
				in := health.Input{Pilot: &pilots[i], AsOf: asOf}
				if ps := series[pilots[i].Slug]; ps != nil {
					in.Obs, in.BaselineMeans = ps.Obs, ps.BaselineMeans
				}
				out[i] = health.Evaluate(in)
			}
		}()
	}
	wg.Wait()
	return out, nil
}

// seriesOf reads the recent observations of one pilot, or of all.
func seriesOf(ctx context.Context, s *store.Store, slug string, asOf model.Date, window int) (map[string]*store.PilotSeries, error) {
	if slug == "" {
		all, err := s.AllSeries(ctx, asOf, window)
		if err != nil {
			return nil, fmt.Errorf("health: read observations: %w", err)
		}
		return all, nil
	}
	var ps store.PilotSeries
	var err error
	ps.Obs, ps.BaselineMeans, err = s.SeriesFor(ctx, slug, asOf, window)
	if err != nil {
		return nil, fmt.Errorf("health: read observations of %s: %w", model.Line(slug), err)
	}
	return map[string]*store.PilotSeries{slug: &ps}, nil
}

// printHealth writes, per pilot, each ring's verdict and a table of its
// KPIs: status, current vs baseline, change, target, trigger and why.
func printHealth(w io.Writer, all []health.PilotHealth, asOf model.Date) {
	if len(all) == 0 {
		fmt.Fprintln(w, "no pilots yet: load some with ringside apply -f FILE (or try ringside demo)")
		return
	}
	for i, ph := range all {
		if i > 0 {
			fmt.Fprintln(w)
		}
		title := model.Line(ph.Pilot)
		if ph.Name != "" {
			title += " · " + model.Line(ph.Name)
		}
		fmt.Fprintf(w, "%s  (as of %s)\n", title, asOf)
		if len(ph.Rings) == 0 {
			fmt.Fprintln(w, "  no rings defined: add rings to the pilot to judge its health")
			continue
		}
		for _, r := range ph.Rings {
			line := fmt.Sprintf("  ring %s: %s", model.Line(r.Ring), strings.ToUpper(string(r.Status)))
			if r.Score != nil {
				line += ", score " + healthNum(*r.Score)
			}
			if r.Rollback {
				line += ", ROLLBACK TRIGGER FIRED"
			}
			fmt.Fprintln(w, line)
			if reason := ringReason(r); reason != "" {
				fmt.Fprintf(w, "    %s\n", model.Line(reason))
			}
			if len(r.KPIs) == 0 {
				continue
			}
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "    KPI\tSTATUS\tCURRENT\tBASELINE\tΔ\tPCT\tTARGET\tTRIGGER\tWHY")
			for _, k := range r.KPIs {
				status := string(k.Status)
				if k.Rollback {
					status += " ROLLBACK"
				}
				fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
					model.Line(k.Key), status, healthUnit(healthNumPtr(k.Current), k.Unit), healthNumPtr(k.Baseline), healthSigned(k.Delta), healthPct(k.Pct),
					healthDash(model.Line(k.Target)), healthDash(model.Line(k.Trigger)), model.Line(kpiReason(k)))
			}
			tw.Flush()
			printSLOs(w, r) // issue 8
		}
	}
}

// ringReason is the line that decided the ring: its first fail, else its
// first warning, else its score line.
func ringReason(r health.RingHealth) string {
	for _, prefix := range []string{"fail: ", "warn: "} {
		for _, l := range r.Why {
			if strings.HasPrefix(l, prefix) {
				return l
			}
		}
	}
	if len(r.Why) > 0 {
		return r.Why[0]
	}
	return ""
}

// kpiReason picks the line of a KPI's why that explains its verdict: a
// fired trigger, else the target or warning judgement, else the first line
// (no data, no target).
func kpiReason(k health.KPIHealth) string {
	pick := func(match func(string) bool) string {
		for i := len(k.Why) - 1; i >= 0; i-- {
			if match(k.Why[i]) {
				return k.Why[i]
			}
		}
		return ""
	}
	if k.Rollback {
		if l := pick(func(l string) bool { return strings.Contains(l, " fired: ") }); l != "" {
			return l
		}
	}
	if k.Status != health.NoData {
		if l := pick(func(l string) bool {
			return strings.Contains(l, "target") || strings.Contains(l, "warning") || strings.Contains(l, "cannot be judged")
		}); l != "" {
			return l
		}
	}
	if len(k.Why) > 0 {
		return k.Why[0]
	}
	return ""
}

// healthNum shows a figure to two decimals at most, as the cockpit does;
// the JSON keeps four.
func healthNum(x float64) string { return assess.Num(x) }

func healthNumPtr(p *float64) string {
	if p == nil {
		return "–"
	}
	return healthNum(*p)
}

func healthSigned(p *float64) string {
	if p == nil {
		return "–"
	}
	if *p > 0 {
		return "+" + healthNum(*p)
	}
	return healthNum(*p)
}

func healthPct(p *float64) string {
	if p == nil {
		return "–"
	}
	return healthSigned(p) + "%"
}

func healthUnit(s, unit string) string {
	if s == "–" || unit == "" {
		return s
	}
	return s + " " + model.Line(unit)
}

func healthDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
