package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ringside/model"
)

// TestScaleVerifyAndDigestCost measures what docs/performance.md reports:
// verify on a database with 100,000 audit entries and
// 1,000,000 observations (target ≤ 2 s), and what the state digest adds
// to one import of 1,000,000 rows (target ≤ 10 %). It runs only when asked:
//
//	RINGSIDE_SCALE=1 go test ./store -run TestScaleVerifyAndDigestCost -v -timeout 20m
func TestScaleVerifyAndDigestCost(t *testing.T) {
	if os.Getenv("RINGSIDE_SCALE") == "" {
		t.Skip("set RINGSIDE_SCALE=1 to measure verify and the import digest at scale")
	}
	const pilots, rings, metrics, days = 76, 3, 12, 366 // bench/'s data set: 1,001,376 rows
	ringNames := []string{"pilot", "canary", "broad"}
	ctx := context.Background()
	var ps []model.Pilot
	for p := range pilots {
		pl := model.Pilot{Slug: fmt.Sprintf("bench-pilot-%02d", p), Name: fmt.Sprintf("Benchmark pilot %d", p), Stage: model.StagePilot}
		for _, r := range ringNames {
			pl.Rings = append(pl.Rings, model.Ring{Name: r, Status: model.RingActive, Start: model.MustDate("2026-01-01")})
		}
		for m := range metrics {
			base := 10 + float64((p*7+m*5)%40)
			pl.KPIs = append(pl.KPIs, model.KPI{Key: fmt.Sprintf("metric_%02d", m), Name: fmt.Sprintf("Metric %d", m), Unit: "min",
				Better: model.BetterLower, Baseline: &base, Target: model.MustCriterion("<= +5%"), Warning: model.MustCriterion("<= +10%"),
				Rollback: model.MustCriterion("> +20%"), Critical: m%3 != 0})
		}
		ps = append(ps, pl)
	}
	first := model.MustDate("2026-01-01")
	rowsSource := func() func() (ObsRow, error) {
		i := 0
		return func() (ObsRow, error) {
			if i >= pilots*rings*metrics*days {
				return ObsRow{}, io.EOF
			}
			// file order: day-major, as exports come
			d, rest := i/(pilots*rings*metrics), i%(pilots*rings*metrics)
			p, rest := rest/(rings*metrics), rest%(rings*metrics)
			r, m := rest/metrics, rest%metrics
			i++
			return ObsRow{Line: i + 1, Pilot: ps[p].Slug, Ring: ringNames[r], Metric: fmt.Sprintf("metric_%02d", m),
				Day: first + model.Date(d), Value: 10 + float64((p*7+r*3+m*5)%40) + float64(d%7)/10}, nil
		}
	}
	fresh := func(t *testing.T, name string) *Store {
		s, err := Open(filepath.Join(t.TempDir(), name), testClock)
		if err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC) }
		if _, err := s.ApplyPilots(ctx, "bench", ps); err != nil {
			t.Fatal(err)
		}
		return s
	}
	var lastCPU time.Duration // the CPU time of the last importOnce
	importOnce := func(t *testing.T, s *Store) time.Duration {
		start, cpu := time.Now(), cpuTime()
		st, err := s.ImportObservations(ctx, Change{Actor: "bench"}, ImportMeta{File: "bench.csv", SHA256: "x"}, rowsSource())
		if err != nil || st.New != pilots*rings*metrics*days {
			t.Fatalf("import: %+v %v", st, err)
		}
		lastCPU = cpuTime() - cpu
		return time.Since(start)
	}
	median := func(ds []time.Duration) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}

	// The digest's cost: the same import with and without it, alternating,
	// RINGSIDE_SCALE_ROUNDS times each (5 unless set). CPU time is the
	// figure to trust on a loaded machine. RINGSIDE_SCALE=verify measures
	// verify only.
	rounds := 5
	if n, err := strconv.Atoi(os.Getenv("RINGSIDE_SCALE_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	var with, without, withCPU, withoutCPU []time.Duration
	for round := range rounds {
		if os.Getenv("RINGSIDE_SCALE") == "verify" {
			break
		}
		for _, on := range []bool{round%2 == 0, round%2 != 0} {
			importDigests = on
			s := fresh(t, fmt.Sprintf("i%d%v.db", round, on))
			d := importOnce(t, s)
			s.Close()
			if on {
				with, withCPU = append(with, d), append(withCPU, lastCPU)
			} else {
				without, withoutCPU = append(without, d), append(withoutCPU, lastCPU)
			}
		}
	}
	importDigests = true
	if len(with) > 0 {
		mw, mo := median(with), median(without)
		t.Logf("import of %d rows: %v wall with the state digest, %v without (medians of %v / %v): %+.1f %%",
			pilots*rings*metrics*days, mw.Round(time.Millisecond), mo.Round(time.Millisecond), with, without, (mw.Seconds()/mo.Seconds()-1)*100)
		cw, co := median(withCPU), median(withoutCPU)
		t.Logf("import CPU time: %v with the state digest, %v without (medians of %v / %v): %+.1f %%; load average %s",
			cw.Round(time.Millisecond), co.Round(time.Millisecond), withCPU, withoutCPU, (cw.Seconds()/co.Seconds()-1)*100, loadAverage())
	}

	// verify at 100,000 audit entries and 1,000,000 observations.
	// RINGSIDE_SCALE_DIR keeps the database there and reuses it.
	dir := os.Getenv("RINGSIDE_SCALE_DIR")
	var s *Store
	if dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "verify.db")); err == nil {
			var err error
			if s, err = Open(filepath.Join(dir, "verify.db"), testClock); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			measureVerify(t, s)
			return
		}
	}
	if dir == "" {
		dir = t.TempDir()
	}
	s, err := Open(filepath.Join(dir, "verify.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC) }
	if _, err := s.ApplyPilots(ctx, "bench", ps); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importOnce(t, s)
	var have int
	s.db.QueryRow("SELECT count(*) FROM audit").Scan(&have)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// Pilot edits as the log holds them: what a sign-off changes (a
		// compact entry, auditdiff.go), the state digest.
		digests, befores, afters := map[string]string{}, map[string]string{}, map[string]string{}
		for _, p := range ps {
			d, j, err := pilotState(ctx, tx, p.Slug)
			if err != nil {
				return err
			}
			signed := p
			signed.Signoffs = append(signed.Signoffs, model.Signoff{Gate: model.GateG3, Role: model.RoleSecurity, Person: "Lee Park",
				Decision: model.DecisionApprove, Meaning: "threat model reviewed", At: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC),
				ChecklistHash: strings.Repeat("c", 64), EnteredBy: "bench"})
			digests[p.Slug] = d
			befores[p.Slug], afters[p.Slug] = pilotDiff(j, pilotJSON(signed))
		}
		for i := have; i < 100_000; i++ {
			slug := ps[i%pilots].Slug
			_, err := s.appendAudit(ctx, tx, AuditEntry{Actor: "bench", Action: "signoff", Pilot: slug, Entity: "pilot",
				Summary: "G3 security approve by Lee Park", Before: befores[slug], After: afters[slug], State: stateJSON(map[string]string{keyPilot + slug: digests[slug]})})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	measureVerify(t, s)
}

func measureVerify(t *testing.T, s *Store) {
	ctx := context.Background()
	var runs []time.Duration
	var r VerifyReport
	var err error
	var cpus []time.Duration
	for range 3 {
		start, cpu := time.Now(), cpuTime()
		if r, err = s.Verify(ctx); err != nil || !r.OK {
			t.Fatalf("verify: %+v %v", r.Findings, err)
		}
		runs = append(runs, time.Since(start))
		cpus = append(cpus, cpuTime()-cpu)
	}
	st, _ := os.Stat(s.path)
	sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
	sort.Slice(cpus, func(i, j int) bool { return cpus[i] < cpus[j] })
	t.Logf("verify: %d audit entries, %d entities, 1,001,376 observations, %d MB file: %v (median of %v), CPU time %v (median of %v), load average %s",
		r.Entries, r.Entities, st.Size()>>20, runs[1].Round(time.Millisecond), runs, cpus[1].Round(time.Millisecond), cpus, loadAverage())
}

// cpuTime is the user and system CPU time this process has used: the
// figure to read beside wall time on a machine other work is loading.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is /proc/loadavg's three figures, "?" where there is none.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}
