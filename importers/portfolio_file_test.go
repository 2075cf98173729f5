package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
	return openAndReadFrom(bytes.NewReader(data), name)
}

func openAndReadFrom(r io.Reader, name string) (model.Portfolio, *PortfolioFile, error) {
	f, err := OpenPortfolioFile(r, name)
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
	// From a reader that cannot seek (standard input), the same.
	piped, _, err := openAndReadFrom(struct{ io.Reader }{bytes.NewReader(data)}, name)
	if err != nil || !reflect.DeepEqual(piped, want) {
		t.Fatalf("%s: read from a pipe: %v\n%+v\nwant\n%+v", name, err, piped, want)
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

// TestEachPilotReadsTheFileItself: a regular file is read line by line
// both times, from where it stood when opened; a file that changed in
// between is refused (after its first pilots perhaps: the caller undoes
// them), and so is one grown past MaxPortfolioSize.
func TestEachPilotReadsTheFileItself(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "p.yaml")
	var b strings.Builder
	b.WriteString("# ringside\npilots:\n")
	for i := range 20 {
		fmt.Fprintf(&b, "  - slug: p-%02d\n    name: P %d\n    stage: idea\n", i, i)
	}
	text := b.String()
	if err := os.WriteFile(path, []byte("skipped\n"+text), 0o644); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	file.Seek(int64(len("skipped\n")), io.SeekStart) // a reader that already stands inside the file
	got, f, err := openAndReadFrom(file, path)
	want, _ := ReadPortfolioFile(strings.NewReader(text), path)
	if err != nil || !reflect.DeepEqual(got, want) || f.src == nil {
		t.Fatalf("read from the file: %v, held %d pilots; got %+v\nwant %+v", err, len(f.Pilots), got, want)
	}
	// The file changes before the pilots are read again: one name.
	if err := os.WriteFile(path, []byte("skipped\n"+strings.Replace(text, "name: P 7\n", "name: Q 7\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = f.EachPilot(func(model.Pilot) error { n++; return nil })
	if err == nil || !strings.Contains(err.Error(), path+": the file changed while it was applied") {
		t.Errorf("EachPilot over a changed file: %v (after %d pilots), want it refused", err, n)
	}
	// Too large: refused as ReadPortfolioFile refuses it, whole or piped.
	big := strings.Repeat("# padding line of a comment, over and over\n", MaxPortfolioSize/40) + text
	for _, r := range []io.Reader{strings.NewReader(big), struct{ io.Reader }{strings.NewReader(big)}} {
		if _, err := OpenPortfolioFile(r, "big.yaml"); err == nil || !strings.Contains(err.Error(), "big.yaml: the file is larger than 16 MiB") {
			t.Errorf("a %d-byte file: %v", len(big), err)
		}
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
