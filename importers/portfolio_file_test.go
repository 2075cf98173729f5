package importers

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"ringside/model"
)

// openAndRead reads data through OpenPortfolioFile and EachPilot, as
// apply does, into the Portfolio ReadPortfolioFile would give.
func openAndRead(data []byte, name string) (model.Portfolio, *PortfolioFile, error) {
	f, err := OpenPortfolioFile(bytes.NewReader(data), name)
	if err != nil {
		return model.Portfolio{}, nil, err
	}
	pf := f.Portfolio
	pf.Pilots = nil
	if err := f.EachPilot(func(p model.Pilot) error { pf.Pilots = append(pf.Pilots, p); return nil }); err != nil {
		return model.Portfolio{}, f, err
	}
	return pf, f, nil
}

// sameAsRead: OpenPortfolioFile and EachPilot give what ReadPortfolioFile
// gives, pilot for pilot, or the same errors, and hold the pilots of a
// file of the common shape only as text.
func sameAsRead(t *testing.T, data []byte, name string) {
	t.Helper()
	want, wantErr := ReadPortfolioFile(bytes.NewReader(data), name)
	got, f, err := openAndRead(data, name)
	if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
		t.Fatalf("%s: error %v, ReadPortfolioFile says %v", name, err, wantErr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: read pilot by pilot:\n%+v\nReadPortfolioFile:\n%+v", name, got, want)
	}
	if f.Count != len(want.Pilots) {
		t.Fatalf("%s: Count %d, %d pilots", name, f.Count, len(want.Pilots))
	}
	if _, ok := (&portfolioReader{file: name}).readByItem(data); ok && f.Pilots != nil {
		t.Fatalf("%s: a file of the common shape kept its %d pilots parsed", name, len(f.Pilots))
	}
}

// TestOpenPortfolioFileReadsWhatReadPortfolioFileReads: every test file
// and the demo, good and bad, in both shapes.
func TestOpenPortfolioFileReadsWhatReadPortfolioFileReads(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "portfolio", "*.yaml"))
	files = append(files, filepath.Join("..", "app", "demo", "portfolio.yaml"))
	if len(files) < 6 {
		t.Fatalf("only %d portfolio files", len(files))
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sameAsRead(t, data, name)
	}
	sameAsRead(t, []byte("pilots: [{slug: a, name: A, stage: idea}, {slug: b, name: B, stage: idea}]\n"), "flow.yaml")
	sameAsRead(t, []byte("# x\npilots:\n  - slug: a\n    name: A\n    stage: idea\n  - slug: b\n    name: B\n    stage: nonsense\n"), "bad.yaml")
}

// TestEachPilotReadsOneAtATime: EachPilot hands over each pilot as it
// reads it and stops at the first error of fn, which it returns.
func TestEachPilotReadsOneAtATime(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("calendar:\n  freezes:\n    - {name: Close, from: 2026-12-20, to: 2027-01-02, zone: UTC}\npilots:\n")
	for i := range 30 {
		fmt.Fprintf(&b, "  - slug: p-%02d\n    name: P %d\n    stage: idea\n", i, i)
	}
	f, err := OpenPortfolioFile(strings.NewReader(b.String()), "many.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Count != 30 || f.Pilots != nil || f.Calendar == nil || len(f.Calendar.Freezes) != 1 {
		t.Fatalf("count %d, %d pilots held, calendar %+v", f.Count, len(f.Pilots), f.Calendar)
	}
	stop := errors.New("stop")
	var seen []string
	err = f.EachPilot(func(p model.Pilot) error {
		seen = append(seen, p.Slug)
		if len(seen) == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !reflect.DeepEqual(seen, []string{"p-00", "p-01", "p-02"}) {
		t.Errorf("EachPilot: %v after %v, want stop after p-00..p-02", err, seen)
	}
	// And again from the start: the text is kept, not consumed.
	n := 0
	if err := f.EachPilot(func(model.Pilot) error { n++; return nil }); err != nil || n != 30 {
		t.Errorf("second EachPilot: %v, %d pilots", err, n)
	}
}

// FuzzOpenPortfolioFile: whatever the input, reading it as apply does
// (checked whole, then pilot by pilot) gives exactly what
// ReadPortfolioFile gives, or the same errors.
func FuzzOpenPortfolioFile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "portfolio", "*.yaml"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("pilots:\n  - slug: a\n    name: A\n    stage: idea\n  - slug: a\n    name: B\n    stage: idea\n"))
	f.Add([]byte("sources:\n  - {name: s, file: x.csv}\npilots:\n  - {slug: a, name: A, stage: idea}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsRead(t, data, "fuzz.yaml")
	})
}
