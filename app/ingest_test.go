package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringside/importers"
	"ringside/model"
	"ringside/store"
)

// openStore returns a fresh database holding claims-triage, the pilot the
// CSVs in testdata/csv/ refer to.
func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "ingest.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	const yaml = `pilots:
  - slug: claims-triage
    name: Claims email triage assistant
    stage: pilot
    rings:
      - {name: pilot, status: active}
      - {name: canary, status: active}
    kpis:
      - {key: triage_min, better: lower, baseline: 12, target: "<= -30%"}
      - {key: misroute_pct, better: lower, target: "pct <= 0"}
`
	pilots, err := importers.ReadPortfolio(strings.NewReader(yaml), "portfolio.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyPilots(context.Background(), "test", pilots); err != nil {
		t.Fatal(err)
	}
	return s
}

func csvPath(name string) string { return filepath.Join("..", "testdata", "csv", name) }

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// state is what must not move when nothing is written.
func state(t *testing.T, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	head, err := s.HeadHash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.ObservationCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("head %s, %d observations", head, n)
}

func TestStreamImportsHashesAndReportsProgress(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	data := readFile(t, csvPath("long.csv"))
	var last int64
	calls := 0
	st, err := New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, "long.csv", bytes.NewReader(data), importers.Options{Pilot: "claims-triage"}, false, 0,
		func(n int64) { last = n; calls++ })
	if err != nil {
		t.Fatal(err)
	}
	// long.csv: 8 data rows, each a new pilot×ring×metric×day.
	if !st.Accepted || st.Rows != 8 || st.New != 8 || st.Rejected != 0 {
		t.Errorf("stats = %+v, want 8 rows, 8 new, accepted", st)
	}
	sum := sha256.Sum256(data)
	if st.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 = %s, want %x", st.SHA256, sum)
	}
	if calls < 2 || last != int64(len(data)) {
		t.Errorf("progress: %d calls, last %d bytes; want ≥ 2 calls (start, end) ending at the file's %d bytes", calls, last, len(data))
	}
	// the same file again changes nothing
	again, err := New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, "long.csv", bytes.NewReader(data), importers.Options{Pilot: "claims-triage"}, false, 0, nil)
	if err != nil || again.Unchanged != 8 || again.Changed() {
		t.Errorf("re-import = %+v, %v; want 8 unchanged", again, err)
	}
}

func TestStreamShiftsDays(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	data := readFile(t, csvPath("long.csv"))
	if _, err := New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, "long.csv", bytes.NewReader(data), importers.Options{Pilot: "claims-triage"}, false, 0, nil); err != nil {
		t.Fatal(err)
	}
	// shifted by a day: pilot's two rows of the 26th land on the 27th,
	// stored with other values (2 updated); the other 6 rows land on days
	// not stored yet (baseline 6th ×2, pilot 28th ×2, canary 28th ×2).
	st, err := New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, "long.csv", bytes.NewReader(data), importers.Options{Pilot: "claims-triage"}, false, 1, nil)
	if err != nil || st.New != 6 || st.Updated != 2 {
		t.Errorf("shifted import = %+v, %v; want 6 new, 2 updated", st, err)
	}
}

func TestStreamDryRunAndRejectedWriteNothing(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	before := state(t, s)
	st, err := New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, "long.csv", bytes.NewReader(readFile(t, csvPath("long.csv"))),
		importers.Options{Pilot: "claims-triage"}, true, 0, nil)
	if err != nil || !st.Accepted || st.New != 8 {
		t.Errorf("dry run = %+v, %v; want 8 new, accepted", st, err)
	}
	// bad_date.csv: line 3 is 30 February, line 4 is not ISO; of its 3 rows
	// none is taken, so rows 3 = rejected 3, and the errors name lines 3 and 4.
	st, err = New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, "bad_date.csv", bytes.NewReader(readFile(t, csvPath("bad_date.csv"))),
		importers.Options{Pilot: "claims-triage"}, false, 0, nil)
	if err != nil || st.Accepted || st.Rows != 3 || st.Rejected != 3 {
		t.Errorf("bad dates = %+v, %v; want 3 rows, 3 rejected", st, err)
	}
	if len(st.Errors) != 2 || !strings.HasPrefix(st.Errors[0], "bad_date.csv:3: ") || !strings.HasPrefix(st.Errors[1], "bad_date.csv:4: ") {
		t.Errorf("errors = %q, want bad_date.csv:3 and :4", st.Errors)
	}
	if after := state(t, s); after != before {
		t.Errorf("database changed: %s → %s", before, after)
	}
}

func TestStreamBadOptionIsOptionsError(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	_, err := New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, "long.csv", strings.NewReader("date,ring,metric,value\n"), importers.Options{Pilot: "bad\x1b[31m"}, false, 0, nil)
	var oe *OptionsError
	if !errors.As(err, &oe) {
		t.Errorf("err = %v, want an *OptionsError", err)
	}
}

// TestStreamCancelWritesNothing cancels an import after thousands of rows
// have gone into its transaction: the database must be exactly as before.
func TestStreamCancelWritesNothing(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	before := state(t, s)
	var b strings.Builder
	b.WriteString("date,ring,metric,value\n")
	day := model.MustDate("2000-01-01")
	for i := range 20000 {
		fmt.Fprintf(&b, "%s,pilot,triage_min,%d\n", day.AddDays(i), i%13)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reports := 0
	_, err := New(s, nil).ImportMetrics(ctx, Change{Actor: "test"}, "big.csv", strings.NewReader(b.String()), importers.Options{Pilot: "claims-triage"}, false, 0, func(int64) {
		if reports++; reports == 10 { // about 9,000 rows in
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("err = %v, want a cancel saying nothing was written", err)
	}
	if after := state(t, s); after != before {
		t.Errorf("database changed by a cancelled import: %s → %s", before, after)
	}
}

func TestReadPreview(t *testing.T) {
	t.Parallel()
	f, err := os.Open(csvPath("semicolon_decimal_comma.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ReadPreview(f, "semi.csv", importers.Options{Pilot: "claims-triage"}, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	d := p.Dialect
	if d.Layout != importers.LayoutLong || d.Delimiter != ';' || !d.DecimalComma {
		t.Errorf("dialect = %+v, want long, ';', decimal comma", d)
	}
	// 3 rows: pilot triage 7,9 and misroute 7,6 on the 26th, canary triage on the 27th
	if p.Scanned != 3 || len(p.Rows) != 2 || p.Rows[0].Value != 7.9 || p.Partial {
		t.Errorf("scanned %d, rows %+v, partial %v; want 3 scanned, 2 kept, first 7.9", p.Scanned, p.Rows, p.Partial)
	}
	if got := fmt.Sprint(p.Pilots, p.Rings, p.Metrics); got != "[claims-triage] [canary pilot] [misroute_pct triage_min]" {
		t.Errorf("keys = %s", got)
	}

	// a scan limit stops early and says so
	p, err = ReadPreview(bytes.NewReader(readFile(t, csvPath("long.csv"))), "long.csv", importers.Options{Pilot: "claims-triage"}, 1, 3)
	if err != nil || p.Scanned != 3 || !p.Partial {
		t.Errorf("limited scan = %d rows, partial %v, %v; want 3, true", p.Scanned, p.Partial, err)
	}

	// a file that is no metric CSV is fatal, not an error
	p, err = ReadPreview(strings.NewReader("name,age\nx,1\n"), "people.csv", importers.Options{Pilot: "claims-triage"}, 5, 0)
	if err != nil || !strings.HasPrefix(p.Fatal, "people.csv:1: ") {
		t.Errorf("not a metric file: fatal %q, err %v; want people.csv:1: …", p.Fatal, err)
	}

	// row errors are listed, the rest still read
	p, err = ReadPreview(bytes.NewReader(readFile(t, csvPath("bad_date.csv"))), "bad_date.csv", importers.Options{Pilot: "claims-triage"}, 5, 0)
	if err != nil || p.Scanned != 1 || len(p.Errors) != 2 {
		t.Errorf("bad dates: scanned %d, errors %q, %v; want 1 and 2", p.Scanned, p.Errors, err)
	}
}

// FuzzReadPreview: whatever the bytes, a preview returns, and none of its
// text holds a control character.
func FuzzReadPreview(f *testing.F) {
	for _, name := range []string{"long.csv", "wide.csv", "semicolon_decimal_comma.csv", "control_chars.csv", "bad_date.csv"} {
		b, err := os.ReadFile(csvPath(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadPreview(bytes.NewReader(data), "fuzz.csv", importers.Options{Pilot: "p"}, 5, 100)
		if err != nil {
			return
		}
		texts := append(append([]string{p.Fatal}, p.Errors...), p.Pilots...)
		for _, s := range texts {
			if model.HasControl(s) {
				t.Errorf("control character in %q", s)
			}
		}
	})
}
