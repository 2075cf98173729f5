package app

import (
	"context"
	"errors"
	"os"
	"time"

	"ringside/model"
	"ringside/store"
)

// ErrNoDatabase: OpenExisting found no database file at the path.
var ErrNoDatabase = errors.New("no database file")

// OpenExisting opens the database at path only if the file is there:
// shell completion reads what a database knows but must never create one.
func OpenExisting(path string, now func() time.Time) (*App, error) {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return nil, ErrNoDatabase
	}
	s, err := store.Open(path, now)
	if err != nil {
		return nil, err
	}
	return New(s, now), nil
}

// Slugs lists every pilot's slug in order.
func (a *App) Slugs(ctx context.Context) ([]string, error) { return a.store.Slugs(ctx) }

// PilotValues collects values(p) from the pilot slug, or from every pilot
// when slug is "", without repeats, in the order met: the ring names or
// flag keys a shell completes.
func (a *App) PilotValues(ctx context.Context, slug string, values func(model.Pilot) []string) ([]string, error) {
	var pilots []model.Pilot
	if slug != "" {
		p, err := a.store.Pilot(ctx, slug)
		if err != nil {
			return nil, err
		}
		pilots = []model.Pilot{p}
	} else {
		var err error
		if pilots, err = a.store.Pilots(ctx); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range pilots {
		for _, v := range values(p) {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out, nil
}
