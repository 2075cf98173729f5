package importers

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzMetricReader feeds arbitrary bytes to the reader. It must never
// panic or loop, never put a control character in an error message, and
// every row it returns must have a real day, a finite value and clean keys.
func FuzzMetricReader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(metricCSVDir, "*"))
	for _, name := range files {
		if filepath.Ext(name) == ".golden" {
			continue
		}
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data, uint8(0), true)
		}
	}
	f.Add([]byte("date;ring;a;b\n2026-01-05;pilot;1,5;\n"), uint8(2), true)
	f.Add([]byte("pilot,date,ring,metric,value\np,2026-01-05T10:00:00+02:00,r,m,\"1\"\"\"\n"), uint8(1), false)
	f.Fuzz(func(t *testing.T, data []byte, layout uint8, withPilot bool) {
		opt := Options{Layout: []Layout{LayoutAuto, LayoutLong, LayoutWide}[layout%3]}
		if withPilot {
			opt.Pilot = "claims-triage"
		}
		m, err := NewMetricReader(bytes.NewReader(data), "fuzz.csv", opt)
		if err != nil {
			assertPrintable(t, err.Error())
			return
		}
		// Each call consumes a record or hands out one of its rows, so the
		// number of calls is bounded by the input's size.
		limit := 4*len(data) + 16
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("more than %d calls to Next for %d bytes", limit, len(data))
			}
			row, err := m.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				assertPrintable(t, err.Error())
				var re *RowError
				if !errors.As(err, &re) {
					t.Fatalf("final error %v on an in-memory reader", err)
				}
				continue
			}
			if row.Day <= 0 {
				t.Fatalf("row %+v has no valid day", row)
			}
			if math.IsInf(row.Value, 0) || math.IsNaN(row.Value) {
				t.Fatalf("row %+v has a non-finite value", row)
			}
			for _, k := range []string{row.Pilot, row.Ring, row.Metric} {
				if k == "" || keyProblem([]byte(k)) != "" {
					t.Fatalf("row %+v has a bad key %q", row, k)
				}
			}
			if row.Line < 1 {
				t.Fatalf("row %+v has no line", row)
			}
		}
		if m.BytesRead() > int64(len(data)) {
			t.Fatalf("BytesRead %d > input %d", m.BytesRead(), len(data))
		}
	})
}
