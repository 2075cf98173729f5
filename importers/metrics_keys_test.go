package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// readAll reads every row of a metric CSV (row errors included, as text).
func readAll(t testing.TB, data []byte, opt Options) ([]Row, []string) {
	m, err := NewMetricReader(bytes.NewReader(data), "keys.csv", opt)
	if err != nil {
		return nil, []string{err.Error()}
	}
	var rows []Row
	var errs []string
	for i := 0; i < 4*len(data)+16; i++ {
		r, err := m.Next()
		if err == io.EOF {
			return rows, errs
		}
		var re *RowError
		if err != nil && !errors.As(err, &re) {
			return rows, append(errs, err.Error())
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		rows = append(rows, r)
	}
	t.Fatal("the reader did not end")
	return nil, nil
}

// TestKeyGuessesAreChecked reads keys in orders that make every guess
// wrong somewhere: a pilot after the one that followed it last time, a
// metric that did not follow its predecessor before, a spelling that
// differs only in case or in one byte, surrounding spaces, and more keys
// than a guess knows. Each row must carry the key its line names (a guess
// taken without comparing its bytes would hand out the previous key).
func TestKeyGuessesAreChecked(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,pilot,ring,metric,value\n")
	type want struct{ pilot, ring, metric string }
	var wants []want
	add := func(pilot, ring, metric string) {
		fmt.Fprintf(&b, "2026-01-05,%s,%s,%s,1\n", pilot, ring, metric)
		wants = append(wants, want{strings.TrimSpace(pilot), ring, metric})
	}
	// a→b, then a→c: the guess after a is b, the key is c.
	add("a", "pilot", "m1")
	add("b", "pilot", "m2")
	add("a", "pilot", "m1")
	add("c", "pilot", "m2")
	add("a", "canary", "m1") // same pilot, a ring not seen after pilot
	add("a", "pilot", "M1")  // differs in case from the guess m1
	add("a", "pilot", "m2")
	add("b ", "pilot", "m3") // b with a space: trimmed, the same key
	add("bb", "pilot", "m2") // one byte more than b
	add("b", "pilot", "m1")
	for i := range maxGuessed + 10 { // past what a guess holds: still exact
		add("c", "pilot", fmt.Sprintf("x%05d", i))
		add("c", "pilot", "m1")
	}
	add("a", "pilot", "x00003")
	rows, errs := readAll(t, []byte(b.String()), Options{})
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(rows) != len(wants) {
		t.Fatalf("%d rows, want %d", len(rows), len(wants))
	}
	for i, r := range rows {
		if w := wants[i]; r.Pilot != w.pilot || r.Ring != w.ring || r.Metric != w.metric {
			t.Fatalf("line %d: %s/%s/%s, want %s/%s/%s", r.Line, r.Pilot, r.Ring, r.Metric, w.pilot, w.ring, w.metric)
		}
	}
}

// FuzzKeyGuesses reads arbitrary files with the key guesses and without:
// the rows and errors must be the same.
func FuzzKeyGuesses(f *testing.F) {
	f.Add([]byte("date,pilot,ring,metric,value\n2026-01-05,a,r,m,1\n2026-01-05,b,r,m,2\n2026-01-05,a,r,n,3\n2026-01-06,a,r,m,1\n"))
	f.Add([]byte("date,pilot,ring,metric,value\n2026-01-05,a,r,m,1\n2026-01-05,a ,R,m,2\n2026-01-05,,r,m,3\n2026-01-06,a,r,\"m\",1\n"))
	f.Add([]byte("date,ring,a,b\n2026-01-05,pilot,1,2\n2026-01-06,canary,3,4\n2026-01-06,pilot,5,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer func() { guessKeys = true }()
		opt := Options{Pilot: "claims-triage"}
		guessKeys = false
		rows0, errs0 := readAll(t, data, opt)
		guessKeys = true
		rows1, errs1 := readAll(t, data, opt)
		if !slices.Equal(rows0, rows1) || !slices.Equal(errs0, errs1) {
			t.Fatalf("with guesses %v %v, without %v %v", rows1, errs1, rows0, errs0)
		}
	})
}
