package importer

import (
	"context"
	"slices"
	"strings"

	"ringside/app"
	"ringside/model"
	"ringside/model/assess"
	"ringside/model/health"
)

// ringVerdict is one ring's status and whether a rollback trigger fired.
type RingVerdict struct {
	Status  health.Status
	Trigger bool
}

// ringChange is one ring's health before and after an import.
type ringChange struct {
	Pilot, Ring   string
	Before, After RingVerdict
	known         bool // the ring had a verdict before (false: new to the pilot's health)
}

func (c ringChange) Changed() bool { return !c.known || c.Before != c.After }

// portfolioHealth is every pilot's ring verdicts, by slug then ring, in
// ring order.
type PortfolioHealth map[string][]namedVerdict

type namedVerdict struct {
	ring string
	v    RingVerdict
}

// readHealth assesses every pilot's rings as of asOf. It reads the
// database: call it from a tea.Cmd.
func readHealth(ctx context.Context, s *app.App, asOf model.Date) (PortfolioHealth, error) {
	ins, err := s.PortfolioInputs(ctx, asOf)
	if err != nil {
		return nil, err
	}
	out := PortfolioHealth{}
	for _, in := range ins {
		var rings []namedVerdict
		for _, r := range assess.Health(in).Rings {
			rings = append(rings, namedVerdict{r.Ring, RingVerdict{r.Status, r.Rollback}})
		}
		out[in.Pilot.Slug] = rings
	}
	return out, nil
}

// ringChanges lists the rings of the pilots an import touched (named in
// the file, matched without regard to case, as the store matches them),
// then of any other pilot whose health moved, each ring before → after.
func RingChanges(before, after PortfolioHealth, touched []string) []ringChange {
	var slugs []string
	for slug := range after {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	isTouched := func(slug string) bool {
		return slices.ContainsFunc(touched, func(t string) bool { return strings.EqualFold(t, slug) })
	}
	var first, rest []ringChange
	for _, slug := range slugs {
		var pilot []ringChange
		moved := false
		for _, a := range after[slug] {
			c := ringChange{Pilot: slug, Ring: a.ring, After: a.v}
			for _, b := range before[slug] {
				if b.ring == a.ring {
					c.Before, c.known = b.v, true
				}
			}
			moved = moved || c.Changed()
			pilot = append(pilot, c)
		}
		switch {
		case isTouched(slug):
			first = append(first, pilot...)
		case moved:
			rest = append(rest, pilot...)
		}
	}
	return append(first, rest...)
}
