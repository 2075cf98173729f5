//go:build ignore

// Command gen writes the metric CSVs of the demo portfolio into
// app/demo/metrics/, one file per pilot. Run it from the module root:
//
//	go run app/demo/gen/main.go
//
// The data is anchored to a reference "today" of 2026-11-20 (the demo loader
// shifts every date to the real today) and ends on 2026-11-19. Noise comes
// from seeded generators, so every run writes the same bytes. The stories
// the numbers tell are in app/demo/README.md: change a level here and
// the README (and the tests that rely on it) must change with it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// knot is a level on a day; levels between knots are interpolated linearly
// and held flat before the first and after the last.
type knot struct {
	day string
	v   float64
}

// series is one ring×metric: the days it has data, its level over time and
// its day-to-day noise.
type series struct {
	ring, metric string
	from, to     string
	knots        []knot
	sd           float64 // standard deviation of the daily noise
	dec          int     // decimals written
	lo, hi       float64 // clamp; hi == 0 means no upper bound
}

// flat is a series at one level for its whole span.
func flat(ring, metric, from, to string, level, sd float64, dec int) series {
	return series{ring: ring, metric: metric, from: from, to: to, knots: []knot{{from, level}}, sd: sd, dec: dec}
}

// trend is a series following knots; it spans the first knot to the last.
func trend(ring, metric string, sd float64, dec int, ks ...knot) series {
	return series{ring: ring, metric: metric, from: ks[0].day, to: ks[len(ks)-1].day, knots: ks, sd: sd, dec: dec}
}

func (s series) clamp(lo, hi float64) series { s.lo, s.hi = lo, hi; return s }

// dialect is how a real user's tool would have written the file.
type dialect int

const (
	longWithPilot  dialect = iota // date,ring,metric,value plus a pilot column
	longPlain                     // date,ring,metric,value
	longTimestamps                // long, RFC 3339 timestamps, no pilot column
	wide                          // date,ring, then one column per metric
	europeanExcel                 // long, ';' delimiter, decimal comma
	bomCRLF                       // long with pilot column, UTF-8 BOM, CRLF line ends
)

// file is one pilot's CSV.
type file struct {
	slug     string
	seed     uint64
	weekdays bool    // business processes: no data on Saturdays and Sundays
	skip     float64 // share of ring-days with no data at all (small teams)
	dialect  dialect
	series   []series
}

// obs is one generated observation.
type obs struct {
	day    time.Time
	ring   string
	metric string
	value  float64
	dec    int
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func hash(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// level interpolates the knots at t.
func (s series) level(t time.Time) float64 {
	if !t.After(day(s.knots[0].day)) {
		return s.knots[0].v
	}
	for i := 1; i < len(s.knots); i++ {
		a, b := day(s.knots[i-1].day), day(s.knots[i].day)
		if !t.After(b) {
			f := t.Sub(a).Hours() / b.Sub(a).Hours()
			return s.knots[i-1].v + f*(s.knots[i].v-s.knots[i-1].v)
		}
	}
	return s.knots[len(s.knots)-1].v
}

func round(x float64, dec int) float64 {
	p := math.Pow(10, float64(dec))
	return math.Round(x*p) / p
}

// generate draws every observation of the file. Each series has its own
// generator (seeded by pilot and series), so editing one series leaves the
// others' numbers unchanged. Whether a ring-day is skipped is hashed, so all
// metrics of a ring miss the same days.
func (f file) generate() []obs {
	var out []obs
	for _, s := range f.series {
		rng := rand.New(rand.NewPCG(f.seed, hash(s.ring, s.metric)))
		for t := day(s.from); !t.After(day(s.to)); t = t.AddDate(0, 0, 1) {
			if f.weekdays && (t.Weekday() == time.Saturday || t.Weekday() == time.Sunday) {
				continue
			}
			if f.skip > 0 && float64(hash(f.slug, s.ring, t.Format("2006-01-02"))%1000)/1000 < f.skip {
				continue
			}
			v := s.level(t) + rng.NormFloat64()*s.sd
			if v < s.lo {
				v = s.lo
			}
			if s.hi > 0 && v > s.hi {
				v = s.hi
			}
			out = append(out, obs{day: t, ring: s.ring, metric: s.metric, value: round(v, s.dec), dec: s.dec})
		}
	}
	ringOrder := map[string]int{"baseline": 0, "pilot": 1, "canary": 2, "broad": 3}
	metricOrder := map[string]int{}
	for i, s := range f.series {
		if _, ok := metricOrder[s.metric]; !ok {
			metricOrder[s.metric] = i
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.day.Equal(b.day) {
			return a.day.Before(b.day)
		}
		if a.ring != b.ring {
			return ringOrder[a.ring] < ringOrder[b.ring]
		}
		return metricOrder[a.metric] < metricOrder[b.metric]
	})
	return out
}

func num(o obs) string { return strconv.FormatFloat(o.value, 'f', o.dec, 64) }

// berlinStamp writes a review logged at the end of the working day in
// Frankfurt: CEST (+02:00) until 25 October 2026, CET (+01:00) after.
func berlinStamp(o obs, rng *rand.Rand) string {
	offset := "+01:00"
	if o.day.Before(day("2026-10-25")) {
		offset = "+02:00"
	}
	return fmt.Sprintf("%sT%02d:%02d:00%s", o.day.Format("2006-01-02"), 16+rng.IntN(3), rng.IntN(60), offset)
}

func (f file) write(dir string) (rows int, err error) {
	path := filepath.Join(dir, f.slug+".csv")
	fh, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	w := bufio.NewWriter(fh)
	eol := "\n"
	if f.dialect == bomCRLF {
		eol = "\r\n"
		w.WriteString("\ufeff")
	}
	line := func(cells ...string) {
		sep := ","
		if f.dialect == europeanExcel {
			sep = ";"
		}
		w.WriteString(strings.Join(cells, sep) + eol)
	}
	all := f.generate()
	switch f.dialect {
	case longWithPilot, bomCRLF:
		line("pilot", "date", "ring", "metric", "value")
		for _, o := range all {
			line(f.slug, o.day.Format("2006-01-02"), o.ring, o.metric, num(o))
		}
	case longPlain:
		line("date", "ring", "metric", "value")
		for _, o := range all {
			line(o.day.Format("2006-01-02"), o.ring, o.metric, num(o))
		}
	case longTimestamps:
		line("date", "ring", "metric", "value")
		rng := rand.New(rand.NewPCG(f.seed, hash("timestamps")))
		stamps := map[string]string{} // one stamp per ring-day: the day's review log
		for _, o := range all {
			k := o.ring + o.day.Format("2006-01-02")
			if stamps[k] == "" {
				stamps[k] = berlinStamp(o, rng)
			}
			line(stamps[k], o.ring, o.metric, num(o))
		}
	case europeanExcel:
		line("Date", "Ring", "Metric", "Value")
		for _, o := range all {
			line(o.day.Format("2006-01-02"), o.ring, o.metric, strings.Replace(num(o), ".", ",", 1))
		}
	case wide:
		var metrics []string
		seen := map[string]bool{}
		for _, s := range f.series {
			if !seen[s.metric] {
				seen[s.metric] = true
				metrics = append(metrics, s.metric)
			}
		}
		line(append([]string{"date", "ring"}, metrics...)...)
		type rowKey struct {
			day  time.Time
			ring string
		}
		var order []rowKey
		cells := map[rowKey]map[string]string{}
		for _, o := range all {
			k := rowKey{o.day, o.ring}
			if cells[k] == nil {
				cells[k] = map[string]string{}
				order = append(order, k)
			}
			cells[k][o.metric] = num(o)
		}
		for _, k := range order {
			row := []string{k.day.Format("2006-01-02"), k.ring}
			for _, m := range metrics {
				row = append(row, cells[k][m])
			}
			line(row...)
		}
		rows = len(order)
	}
	if f.dialect != wide {
		rows = len(all)
	}
	return rows, w.Flush()
}

// The window every fresh file covers: twelve weeks up to the day before the
// reference today (2026-11-20).
const (
	windowStart = "2026-08-27"
	dataEnd     = "2026-11-19"
)

func files() []file {
	s, e := windowStart, dataEnd
	return []file{
		{
			// Pilot ring since 2026-09-14; two weeks of baseline before it.
			// misroute_pct has no baseline in the portfolio: ring baseline supplies it.
			slug: "claims-triage", seed: 101, weekdays: true, dialect: longWithPilot,
			series: []series{
				flat("baseline", "triage_min", s, "2026-09-11", 12.1, 0.45, 1),
				flat("baseline", "misroute_pct", s, "2026-09-11", 8.0, 0.5, 1),
				trend("pilot", "triage_min", 0.35, 1, knot{"2026-09-14", 11.4}, knot{"2026-10-12", 8.6}, knot{e, 7.8}),
				trend("pilot", "misroute_pct", 0.5, 1, knot{"2026-09-14", 8.6}, knot{"2026-10-19", 7.2}, knot{e, 7.2}),
				trend("pilot", "suggestion_accept_pct", 2.5, 1, knot{"2026-09-14", 48}, knot{"2026-11-02", 66}, knot{e, 66}).clamp(0, 100),
			},
		},
		{
			// Pilot ring complete and steady; canary since 2026-10-05 was on
			// target until first-contact resolution slid from 2026-11-05
			// (stale KB articles after the Windows 11 rollout).
			slug: "servicedesk-copilot", seed: 202, dialect: longWithPilot,
			series: []series{
				flat("pilot", "first_contact_resolution", s, e, 67.5, 1.8, 1).clamp(0, 100),
				flat("pilot", "handle_min", s, e, 11.8, 0.5, 1),
				flat("pilot", "csat", s, e, 4.22, 0.08, 2).clamp(1, 5),
				trend("canary", "first_contact_resolution", 1.8, 1, knot{"2026-10-05", 61}, knot{"2026-10-19", 64.5},
					knot{"2026-11-05", 64.5}, knot{"2026-11-12", 55.4}, knot{e, 55.4}).clamp(0, 100),
				trend("canary", "handle_min", 0.5, 1, knot{"2026-10-05", 14.0}, knot{"2026-10-26", 11.7}, knot{e, 11.8}),
				trend("canary", "csat", 0.08, 2, knot{"2026-10-05", 4.12}, knot{"2026-10-26", 4.16},
					knot{"2026-11-05", 4.15}, knot{"2026-11-12", 4.0}, knot{e, 4.0}).clamp(1, 5),
			},
		},
		{
			// In production; every ring complete and on target. Wide form, as
			// exported from the AP team's BI tool.
			slug: "invoice-matching", seed: 303, weekdays: true, dialect: wide,
			series: []series{
				flat("pilot", "auto_match_pct", s, e, 81, 2, 1).clamp(0, 100),
				flat("pilot", "exception_cycle_days", s, e, 3.0, 0.25, 2),
				flat("pilot", "false_match_per_10k", s, e, 1.6, 0.5, 1).clamp(0, 0),
				flat("canary", "auto_match_pct", s, e, 78, 2, 1).clamp(0, 100),
				flat("canary", "exception_cycle_days", s, e, 3.2, 0.25, 2),
				flat("canary", "false_match_per_10k", s, e, 1.9, 0.5, 1).clamp(0, 0),
				trend("broad", "auto_match_pct", 2, 1, knot{s, 72.5}, knot{"2026-10-15", 76}, knot{e, 76.5}).clamp(0, 100),
				trend("broad", "exception_cycle_days", 0.25, 2, knot{s, 3.8}, knot{"2026-10-15", 3.4}, knot{e, 3.4}),
				flat("broad", "false_match_per_10k", s, e, 2.2, 0.5, 1).clamp(0, 0),
			},
		},
		{
			// Pilot ring since June; adoption sliding under its target.
			// European Excel export: ';' and decimal comma.
			slug: "meeting-summaries", seed: 404, weekdays: true, dialect: europeanExcel,
			series: []series{
				trend("pilot", "weekly_active_pct", 1.8, 1, knot{s, 52.5}, knot{"2026-10-01", 50}, knot{e, 47.5}).clamp(0, 100),
				flat("pilot", "followup_hours", s, e, 10.5, 1.5, 1).clamp(1, 0),
				flat("pilot", "summary_accuracy_pct", s, e, 92.5, 1.2, 1).clamp(0, 100),
			},
		},
		{
			// Six lawyers since 2026-10-19, reviews logged with timestamps;
			// about one working day in five has no review.
			slug: "contract-review", seed: 505, weekdays: true, skip: 0.2, dialect: longTimestamps,
			series: []series{
				flat("baseline", "first_pass_review_min", "2026-09-21", "2026-10-16", 46, 4, 0),
				trend("pilot", "first_pass_review_min", 2, 0, knot{"2026-10-19", 38}, knot{"2026-11-09", 28.5}, knot{e, 28.5}),
				trend("pilot", "clause_recall_pct", 1.5, 1, knot{"2026-10-19", 90}, knot{"2026-11-02", 92.5}, knot{e, 92.5}).clamp(0, 100),
				trend("pilot", "lawyer_override_pct", 2.5, 1, knot{"2026-10-19", 28}, knot{"2026-11-09", 17}, knot{e, 17}).clamp(0, 100),
			},
		},
		{
			// Stopped 2026-06-22 after a privacy finding: the data ends on
			// 2026-06-19, months before today, so every ring is stale.
			// Exported from a Windows tool: BOM and CRLF.
			slug: "hr-policy-bot", seed: 606, weekdays: true, dialect: bomCRLF,
			series: []series{
				trend("pilot", "deflection_pct", 2, 1, knot{"2026-03-23", 24}, knot{"2026-05-04", 33}, knot{"2026-06-19", 33}).clamp(0, 100),
				flat("pilot", "answer_accuracy_pct", "2026-03-23", "2026-06-19", 92, 1.5, 1).clamp(0, 100),
				trend("pilot", "policy_lookup_min", 0.6, 1, knot{"2026-03-23", 6.5}, knot{"2026-06-19", 4.8}),
				trend("canary", "deflection_pct", 2, 1, knot{"2026-05-11", 22}, knot{"2026-06-15", 30}).clamp(0, 100),
				flat("canary", "answer_accuracy_pct", "2026-05-11", "2026-06-15", 90.5, 1.5, 1).clamp(0, 100),
				trend("canary", "policy_lookup_min", 0.6, 1, knot{"2026-05-11", 6.0}, knot{"2026-06-15", 5.2}),
			},
		},
		{
			// A zombie: every ring flat against its baseline for the whole
			// window, and hardly anyone drafts with it (drafts_created is a
			// metric no KPI names: kept and reported by the importer).
			slug: "kb-article-drafts", seed: 707, weekdays: true, dialect: longPlain,
			series: []series{
				flat("pilot", "draft_min", s, e, 53.5, 4, 0),
				flat("pilot", "kb_reuse_pct", s, e, 18.3, 1, 1).clamp(0, 100),
				flat("canary", "draft_min", s, e, 54.5, 4, 0),
				flat("canary", "kb_reuse_pct", s, e, 18.1, 1, 1).clamp(0, 100),
				flat("broad", "draft_min", s, e, 54.0, 4, 0),
				flat("broad", "kb_reuse_pct", s, e, 18.4, 1, 1).clamp(0, 100),
				flat("broad", "drafts_created", s, e, 1.5, 1.2, 0).clamp(0, 0),
			},
		},
		{
			// An idea: only the baseline of today's manual process, measured
			// by the nightly identity scan.
			slug: "access-review-automation", seed: 808, weekdays: true, dialect: longPlain,
			series: []series{
				flat("baseline", "orphaned_accounts", s, e, 142, 6, 0).clamp(0, 0),
				flat("baseline", "revoke_sla_pct", s, e, 71, 4, 1).clamp(0, 100),
			},
		},
	}
}

func main() {
	out := flag.String("out", filepath.Join("app", "demo", "metrics"), "folder to write the CSVs into")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, f := range files() {
		n, err := f.write(*out)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: %s: %v\n", f.slug, err)
			os.Exit(1)
		}
		fmt.Printf("%-26s %5d rows\n", f.slug+".csv", n)
	}
	n, err := writeSLOCounts(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen: slo counts:", err)
		os.Exit(1)
	}
	fmt.Printf("%-26s %5d rows\n", "servicedesk-copilot-slo.csv", n)
}

// writeSLOCounts writes servicedesk-copilot's SLO counts: copilot
// answers within 3 s (answers_fast) of all answers (answers_all), per ring
// and day for the 28 days up to dataEnd. Good and total must agree (good ≤
// total), so they are computed together, with integer arithmetic and no
// noise. Canary's last day goes bad: 14 % slow answers, a fast burn.
func writeSLOCounts(dir string) (int, error) {
	f, err := os.Create(filepath.Join(dir, "servicedesk-copilot-slo.csv"))
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "pilot,date,ring,metric,value")
	rows := 0
	first := day(dataEnd).AddDate(0, 0, -27)
	for i := 0; i < 28; i++ {
		t := first.AddDate(0, 0, i)
		for _, ring := range []string{"pilot", "canary"} {
			total, bad := 2000+i*37%300, 4+i*7%5
			if ring == "canary" {
				total, bad = 8000+i*53%900, 30+i*11%20
				if i == 27 {
					bad = total * 14 / 100
				}
			}
			d := t.Format("2006-01-02")
			fmt.Fprintf(w, "servicedesk-copilot,%s,%s,answers_fast,%d\n", d, ring, total-bad)
			fmt.Fprintf(w, "servicedesk-copilot,%s,%s,answers_all,%d\n", d, ring, total)
			rows += 2
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return rows, err
	}
	return rows, f.Close()
}
