package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An independent recomputation of ring health: the demo's raw
// CSV rows, read by a deliberately naive reader here, and the spec's
// formulas written out again, without the health engine, compared with
// `health --json` at twelve --as-of days. Current = mean of the
// observations dated in the window's days up to and including the latest
// one on or before the day; no data when the latest is more than 14 days
// old; delta = current − baseline, pct = delta ÷ baseline × 100; the
// baseline is the KPI's, else the mean of ring "baseline" observations on
// or before the day; score = 100 × Σ(weight × s) ÷ Σ(weight) over KPIs
// with data, s = 1 pass, 0.5 warn, 0 fail.
func TestHealthRecomputedIndependently(t *testing.T) {
	db := demoDB(t)
	raw := naiveRows(t, "app/demo/metrics")
	days := []string{"2026-03-31", "2026-05-15", "2026-06-19", "2026-07-10", "2026-08-31", "2026-09-20",
		"2026-10-05", "2026-10-20", "2026-11-05", "2026-11-12", "2026-11-19", "2026-11-20"}
	checked := 0
	for _, day := range days {
		_, out, errs := ringside(t, db, "--as-of", day, "health", "--json")
		var got struct {
			Pilots []struct {
				Pilot string
				Rings []struct {
					Ring  string
					Score *float64
					KPIs  []struct {
						Key, Status, Target, Warning string
						BaselineSource               string `json:"baseline_source"`
						Baseline, Current, Delta     *float64
						Pct                          *float64
						Weight                       float64
						N                            int
						Latest                       *string
					}
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("health --as-of %s: %v %s", day, err, errs)
		}
		asOf := naiveDay(t, day)
		for _, p := range got.Pilots {
			for _, r := range p.Rings {
				var sumW, sumWS float64
				withData := 0
				for _, k := range r.KPIs {
					if strings.HasPrefix(k.Target, "slo ") {
						continue // an SLO is judged on counts: not this formula
					}
					where := fmt.Sprintf("as of %s %s/%s/%s", day, p.Pilot, r.Ring, k.Key)
					obs := raw[p.Pilot][r.Ring][k.Key]
					latest := -1
					for _, o := range obs {
						if o.day <= asOf && o.day > latest {
							latest = o.day
						}
					}
					if latest < 0 || asOf-latest > 14 {
						if k.Status != "nodata" || k.Current != nil {
							t.Errorf("%s: want no data, got %s current %v", where, k.Status, k.Current)
						}
						checked++
						continue
					}
					var sum float64
					n := 0
					for _, o := range obs {
						if o.day > latest-7 && o.day <= latest {
							sum += o.v
							n++
						}
					}
					cur := sum / float64(n)
					var base *float64
					if k.BaselineSource == "kpi" {
						base = k.Baseline // stated in the portfolio: taken as given
					} else if bs := raw[p.Pilot]["baseline"][k.Key]; len(bs) > 0 {
						var bsum float64
						bn := 0
						for _, o := range bs {
							if o.day <= asOf {
								bsum += o.v
								bn++
							}
						}
						if bn > 0 {
							b := bsum / float64(bn)
							base = &b
						}
					}
					near(t, where+" current", k.Current, &cur)
					if k.N != n {
						t.Errorf("%s: n = %d, want %d", where, k.N, n)
					}
					if k.Latest == nil || *k.Latest != naiveDate(latest) {
						t.Errorf("%s: latest = %v, want %s", where, k.Latest, naiveDate(latest))
					}
					var delta, pct *float64
					if base != nil {
						d := cur - *base
						delta = &d
						if *base != 0 {
							q := d / *base * 100
							pct = &q
						}
						near(t, where+" baseline", k.Baseline, base)
					}
					near(t, where+" delta", k.Delta, delta)
					near(t, where+" pct", k.Pct, pct)
					status := "fail"
					if holdsNaive(k.Target, cur, delta, pct) {
						status = "pass"
					} else if k.Warning != "" && holdsNaive(k.Warning, cur, delta, pct) {
						status = "warn"
					}
					if k.Status != status && k.Status != "warn" { // warn may also be "inconclusive" when a KPI asks
						t.Errorf("%s: status %s, want %s", where, k.Status, status)
					}
					s := map[string]float64{"pass": 1, "warn": 0.5, "fail": 0}[k.Status]
					sumW += k.Weight
					sumWS += k.Weight * s
					withData++
					checked++
				}
				if withData > 0 && sumW > 0 && len(r.KPIs) == withData {
					score := 100 * sumWS / sumW
					near(t, fmt.Sprintf("as of %s %s/%s score", day, p.Pilot, r.Ring), r.Score, &score)
				}
			}
		}
	}
	t.Logf("%d ring × KPI figures checked", checked)
	if checked < 300 {
		t.Errorf("only %d ring × KPI figures checked: the recomputation is not reaching the demo", checked)
	}
}

type naiveObs struct {
	day int
	v   float64
}

// naiveRows reads every demo CSV with the least code that works for these
// files: BOM and CR dropped, ';' files with decimal commas, long or wide,
// a pilot column or the file's name, the date as the first ten characters
// (a timestamp's own calendar day).
func naiveRows(t *testing.T, dir string) map[string]map[string]map[string][]naiveObs {
	out := map[string]map[string]map[string][]naiveObs{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) == 0 {
		t.Fatalf("no CSV files in %s", dir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(strings.TrimPrefix(string(b), "\ufeff"), "\r", "")
		lines := strings.Split(strings.TrimSpace(text), "\n")
		sep := ","
		if strings.Contains(lines[0], ";") {
			sep = ";"
		}
		head := strings.Split(strings.ToLower(lines[0]), sep)
		col := map[string]int{}
		for i, h := range head {
			col[h] = i
		}
		add := func(pilot, ring, metric, date, value string) {
			if sep == ";" {
				value = strings.ReplaceAll(value, ",", ".")
			}
			v, err := strconv.ParseFloat(value, 64)
			if err != nil {
				return
			}
			if out[pilot] == nil {
				out[pilot] = map[string]map[string][]naiveObs{}
			}
			if out[pilot][ring] == nil {
				out[pilot][ring] = map[string][]naiveObs{}
			}
			out[pilot][ring][metric] = append(out[pilot][ring][metric], naiveObs{naiveDay(t, date[:10]), v})
		}
		for _, l := range lines[1:] {
			c := strings.Split(l, sep)
			pilot := strings.TrimSuffix(filepath.Base(f), ".csv")
			if i, ok := col["pilot"]; ok {
				pilot = c[i]
			}
			if i, ok := col["metric"]; ok {
				add(pilot, c[col["ring"]], c[i], c[col["date"]], c[col["value"]])
				continue
			}
			for i, h := range head {
				if h != "date" && h != "ring" && h != "pilot" {
					add(pilot, c[col["ring"]], h, c[col["date"]], c[i])
				}
			}
		}
	}
	return out
}

func naiveDay(t *testing.T, s string) int {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return int(d.Unix() / 86400)
}

func naiveDate(day int) string { return time.Unix(int64(day)*86400, 0).UTC().Format("2006-01-02") }

// holdsNaive judges "[value|delta|pct] OP NUMBER[%]" on the measure.
func holdsNaive(c string, cur float64, delta, pct *float64) bool {
	f := strings.Fields(c)
	subject := "value"
	if len(f) == 3 {
		subject, f = f[0], f[1:]
	}
	num := f[1]
	if strings.HasSuffix(num, "%") {
		subject, num = "pct", strings.TrimSuffix(num, "%")
	}
	x, _ := strconv.ParseFloat(strings.TrimPrefix(num, "+"), 64)
	v := cur
	switch subject {
	case "delta":
		if delta == nil {
			return false
		}
		v = *delta
	case "pct":
		if pct == nil {
			return false
		}
		v = *pct
	}
	v = math.Round(v*1e9) / 1e9 // the spec's figures, not float noise
	switch f[0] {
	case "<":
		return v < x
	case "<=":
		return v <= x
	case ">":
		return v > x
	}
	return v >= x
}

func near(t *testing.T, what string, got, want *float64) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", what, got, want)
	case math.Abs(*got-*want) > 1e-6*math.Max(1, math.Abs(*want)):
		t.Errorf("%s = %v, want %v", what, *got, *want)
	}
}
