package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"ringside/model"
)

// TestOpenExistingNeverCreates: completion opens a database only when the
// file is there.
func TestOpenExistingNeverCreates(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	if _, err := OpenExisting(missing, testClock); !errors.Is(err, ErrNoDatabase) {
		t.Errorf("OpenExisting(missing) = %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("OpenExisting created the database")
	}
	if _, err := OpenExisting(t.TempDir(), testClock); !errors.Is(err, ErrNoDatabase) {
		t.Errorf("OpenExisting(folder) = %v, want ErrNoDatabase", err)
	}
}

// TestPilotValues: the rings of one pilot, or of every pilot without
// repeats (claims-triage has pilot and canary; so does the fixture's only pilot).
func TestPilotValues(t *testing.T) {
	s := openStore(t)
	a := New(s, testClock)
	ctx := context.Background()
	rings := func(p model.Pilot) []string {
		var out []string
		for _, r := range p.Rings {
			out = append(out, r.Name, r.Name) // twice: PilotValues drops the repeat
		}
		return out
	}
	for _, slug := range []string{"claims-triage", ""} {
		got, err := a.PilotValues(ctx, slug, rings)
		if err != nil || !reflect.DeepEqual(got, []string{"pilot", "canary"}) {
			t.Errorf("PilotValues(%q) = %q, %v; want [pilot canary]", slug, got, err)
		}
	}
	if _, err := a.PilotValues(ctx, "nobody", rings); err == nil {
		t.Error("PilotValues of an unknown pilot: no error")
	}
	if slugs, err := a.Slugs(ctx); err != nil || strings.Join(slugs, ",") != "claims-triage" {
		t.Errorf("Slugs = %q, %v", slugs, err)
	}
}
