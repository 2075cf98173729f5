package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"ringside/exporters"
	"ringside/importers"
	"ringside/model"
	"ringside/store"
)

// roundTripFixtures are the portfolio files that, together, set every
// field of model.Pilot.
var roundTripFixtures = []string{
	filepath.Join("..", "testdata", "portfolio", "full.yaml"),
	filepath.Join("..", "testdata", "portfolio", "operations.yaml"),
	filepath.Join("demo", "portfolio.yaml"),
	filepath.Join("..", "testdata", "portfolio", "roundtrip.yaml"),
}

// notInFiles are the Pilot fields a portfolio file does not carry by
// design, with the reason; every other field must be set by a fixture.
var notInFiles = map[string]string{
	"Pilot.Signoffs[].Signature": "signatures are recorded by `signoff --key`, not carried in portfolio files",
}

// leafPaths lists every field of t down to its leaves (numbers, strings,
// dates, times and structs without exported fields), by path.
func leafPaths(t reflect.Type, path string, stack map[reflect.Type]bool, out *[]string) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		leafPaths(t.Elem(), path+elemMark(t), stack, out)
		return
	case reflect.Map:
		leafPaths(t.Elem(), path+"[k]", stack, out)
		return
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() || !hasExported(t) {
			break
		}
		if stack[t] {
			return // a recursive type: its fields are listed where it first appears
		}
		stack[t] = true
		defer delete(stack, t)
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				leafPaths(f.Type, path+"."+f.Name, stack, out)
			}
		}
		return
	}
	*out = append(*out, path)
}

func elemMark(t reflect.Type) string {
	if t.Kind() == reflect.Slice {
		return "[]"
	}
	return ""
}

func hasExported(t reflect.Type) bool {
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

// setPaths records the leaf paths of v that hold a non-zero value.
func setPaths(v reflect.Value, path string, out map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			setPaths(v.Elem(), path, out)
		}
		return
	case reflect.Slice:
		for i := range v.Len() {
			setPaths(v.Index(i), path+"[]", out)
		}
		return
	case reflect.Map:
		for _, k := range v.MapKeys() {
			setPaths(v.MapIndex(k), path+"[k]", out)
		}
		return
	case reflect.Struct:
		if v.Type() != reflect.TypeFor[time.Time]() && hasExported(v.Type()) {
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					setPaths(v.Field(i), path+"."+f.Name, out)
				}
			}
			return
		}
	}
	if !v.IsZero() {
		out[path] = true
	}
}

func readFixtures(t *testing.T) [][]model.Pilot {
	t.Helper()
	var all [][]model.Pilot
	for _, name := range roundTripFixtures {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := importers.ReadPortfolio(bytes.NewReader(data), name)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ps)
	}
	return all
}

// TestEveryPilotFieldRoundTrips fails when a field added to model.Pilot
// is not carried everywhere a pilot travels. The fixtures must set every
// field (so a new one makes this test fail until a fixture sets it); then
// each pilot must come back unchanged from the portfolio file (written by
// exporters, read by importers) and from the store (applied, loaded).
// ShiftDays is held to every dated field by model's
// TestShiftDaysMovesEveryDatedField, which walks the same type.
func TestEveryPilotFieldRoundTrips(t *testing.T) {
	t.Parallel()
	fixtures := readFixtures(t)

	var paths []string
	leafPaths(reflect.TypeFor[model.Pilot](), "Pilot", map[reflect.Type]bool{}, &paths)
	set := map[string]bool{}
	for _, ps := range fixtures {
		for _, p := range ps {
			setPaths(reflect.ValueOf(p), "Pilot", set)
		}
	}
	var unset []string
	for _, p := range paths {
		if !set[p] && notInFiles[p] == "" {
			unset = append(unset, p)
		}
	}
	if len(unset) > 0 {
		t.Errorf("no fixture sets these Pilot fields (set them in %s, so their round trip is tested):\n%s",
			strings.Join(roundTripFixtures, ", "), strings.Join(unset, "\n"))
	}
	if len(paths) < 100 {
		t.Errorf("found only %d leaf fields of Pilot: %v", len(paths), paths)
	}

	for i, ps := range fixtures {
		t.Run(filepath.Base(roundTripFixtures[i]), func(t *testing.T) { roundTrip(t, ps) })
	}
}

// roundTrip checks the pilots of one file through the portfolio file and
// through the store.
func roundTrip(t *testing.T, pilots []model.Pilot) {
	// The portfolio file.
	var buf bytes.Buffer
	if err := exporters.WritePortfolio(&buf, pilots); err != nil {
		t.Fatal(err)
	}
	back, err := importers.ReadPortfolio(bytes.NewReader(buf.Bytes()), "written.yaml")
	if err != nil {
		t.Fatalf("written portfolio does not read back: %v\n%s", err, buf.Bytes())
	}
	bySlug := func(ps []model.Pilot) map[string]model.Pilot {
		m := map[string]model.Pilot{}
		for _, p := range ps {
			m[p.Slug] = p
		}
		return m
	}
	backBy := bySlug(back)
	for _, p := range pilots {
		if !reflect.DeepEqual(backBy[p.Slug].Canonical(), p.Canonical()) {
			t.Errorf("pilot %s changed through the portfolio file:\n got %+v\nwant %+v", p.Slug, backBy[p.Slug], p)
		}
	}

	// The store.
	s, err := store.Open(filepath.Join(t.TempDir(), "rt.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	// The store refuses a go or conditional decided over a reject (as
	// full.yaml's G3 review is, to test the reader): store such a review
	// as hold, which leaves every field set.
	pilots = slices.Clone(pilots)
	for i := range pilots {
		pilots[i].Reviews = slices.Clone(pilots[i].Reviews)
		for j, r := range pilots[i].Reviews {
			if r.Decision == model.ReviewGo || r.Decision == model.ReviewConditional {
				pilots[i].Reviews[j].Decision = model.ReviewHold
			}
		}
	}
	if _, err := s.ApplyPilots(ctx, "tester", pilots); err != nil {
		t.Fatal(err)
	}
	loaded, err := s.Pilots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loadedBy := bySlug(loaded)
	slugs := make([]string, 0, len(pilots))
	for _, p := range pilots {
		slugs = append(slugs, p.Slug)
		if got := loadedBy[p.Slug]; !reflect.DeepEqual(got, p.Canonical()) {
			t.Errorf("pilot %s changed through the store:\n got %+v\nwant %+v", p.Slug, got, p.Canonical())
		}
	}
	if sort.Strings(slugs); len(loaded) != len(pilots) {
		t.Errorf("loaded %d pilots, want %d (%v)", len(loaded), len(pilots), slugs)
	}
}
