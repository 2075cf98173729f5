package model

// AsOf is the pilot as it stood at the end of day asOf: the one definition
// of "as of" every view shares (docs/as-of.md). Sign-offs, reviews, drills,
// manual ticks and hypothesis revisions dated after it do not exist; a
// hypothesis revised after it reads as it did then. Times are compared as
// UTC days, as they are stored: a sign-off recorded at 2026-11-20 23:30 UTC
// is visible to a view as of 2026-11-20 and any later day, never to one as
// of 2026-11-19. Observations, imports and audit activity are cut by the
// store, which reads them by day. A zero asOf, or a pilot with nothing
// dated after it, comes back as it is (the same pointer); otherwise the
// result is a copy and p is left alone.
func AsOf(p *Pilot, asOf Date) *Pilot {
	if p == nil || asOf.IsZero() || !hasAfter(p, asOf) {
		return p
	}
	q := *p
	after := func(d Date) bool { return d > asOf }
	q.Signoffs = nil
	for _, s := range p.Signoffs {
		if s.At.IsZero() || !after(DateOf(s.At.UTC())) {
			q.Signoffs = append(q.Signoffs, s)
		}
	}
	q.Reviews = nil
	for _, r := range p.Reviews {
		if !after(r.Date) {
			q.Reviews = append(q.Reviews, r)
		}
	}
	q.Runbooks = make([]Runbook, len(p.Runbooks))
	for i, rb := range p.Runbooks {
		q.Runbooks[i] = rb
		q.Runbooks[i].Drills = nil
		for _, d := range rb.Drills {
			if !after(d.Date) {
				q.Runbooks[i].Drills = append(q.Runbooks[i].Drills, d)
			}
		}
	}
	q.Gates = make([]GatePlan, len(p.Gates))
	for i, g := range p.Gates {
		q.Gates[i] = g
		q.Gates[i].Ticks = nil
		for _, t := range g.Ticks {
			if t.At.IsZero() || !after(DateOf(t.At.UTC())) {
				q.Gates[i].Ticks = append(q.Gates[i].Ticks, t)
			}
		}
	}
	q.Hypothesis.Revisions = nil
	for _, r := range p.Hypothesis.Revisions {
		if !r.At.IsZero() && after(DateOf(r.At.UTC())) {
			// The first revision after the day holds the text as it stood.
			q.Hypothesis.Text = r.Text
			break
		}
		q.Hypothesis.Revisions = append(q.Hypothesis.Revisions, r)
	}
	return &q
}

// hasAfter reports whether anything of p is dated after asOf.
func hasAfter(p *Pilot, asOf Date) bool {
	for _, s := range p.Signoffs {
		if !s.At.IsZero() && DateOf(s.At.UTC()) > asOf {
			return true
		}
	}
	for _, r := range p.Reviews {
		if r.Date > asOf {
			return true
		}
	}
	for _, rb := range p.Runbooks {
		for _, d := range rb.Drills {
			if d.Date > asOf {
				return true
			}
		}
	}
	for _, g := range p.Gates {
		for _, t := range g.Ticks {
			if !t.At.IsZero() && DateOf(t.At.UTC()) > asOf {
				return true
			}
		}
	}
	for _, r := range p.Hypothesis.Revisions {
		if !r.At.IsZero() && DateOf(r.At.UTC()) > asOf {
			return true
		}
	}
	return false
}
