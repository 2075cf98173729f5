package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"
	"github.com/teambition/rrule-go"
)

// twoZonePortfolio has windows in two zones whose clocks change on
// different days (Europe/Berlin 2027-03-28 and 2027-10-31, America/New_York
// 2027-03-14 and 2027-11-07), a freeze, and a ring move planned between the
// two spring changes.
const twoZonePortfolio = `calendar:
  windows:
    - {name: Release train, rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-11-24", start: "18:00", end: "20:00", zone: Europe/Berlin}
    - {name: "US night, last Friday", rule: "FREQ=MONTHLY;BYDAY=-1FR", start: "22:30", duration: 3h, zone: America/New_York}
  freezes:
    - {name: Year-end close, from: 2026-12-19, to: 2027-01-06, zone: Europe/Berlin}
pilots:
  - slug: ct
    name: Claims triage
    stage: pilot
    rings:
      - {name: pilot, population: 25, exposure: 0.02, status: active}
      - {name: canary, population: 240, exposure: 0.2, status: planned, start: 2027-03-20}
`

type calJSON struct {
	From, Until time.Time
	Windows     []struct {
		Window     string
		Start, End time.Time
		Zone       string
	}
	Freezes []struct{ Name, From, To, Zone, Pilot string }
	Moves   []struct {
		Pilot, Ring, Start string
		Window             *struct{ Start, End time.Time }
	}
}

// The .ics that `calendar --format ics` writes, read by an independent
// parser (golang-ical) and expanded by an independent RRULE engine
// (rrule-go) with the offsets of its own VTIMEZONEs, gives the same openings
// as `calendar --json` over a year that crosses four clock changes; freezes
// and the planned move agree too, and a second export keeps every UID.
func TestCalendarICSMatchesJSONAcrossDST(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ics.db")
	pf := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(pf, []byte(twoZonePortfolio), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := ringside(t, db, "apply", "-f", pf); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := ringside(t, db, "--as-of", "2026-11-20", "calendar", "--days", "366", "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var want calJSON
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatal(err)
	}
	icsPath := filepath.Join(dir, "cal.ics")
	if code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "calendar", "--days", "366", "--format", "ics", "-o", icsPath); code != 0 {
		t.Fatal(errs)
	}
	raw, err := os.ReadFile(icsPath)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.SplitAfter(string(raw), "\r\n") {
		if len(l) > 77 || strings.ContainsAny(strings.TrimSuffix(l, "\r\n"), "\r\n") {
			t.Errorf("line %d is longer than 75 octets or not CRLF-ended: %q", i+1, l)
		}
	}
	cal, err := ical.ParseCalendar(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("golang-ical cannot parse the export: %v\n%s", err, raw)
	}
	zones := vtimezones(t, cal)
	if len(zones) != 2 || zones["Europe/Berlin"] == nil || zones["America/New_York"] == nil {
		t.Errorf("want a VTIMEZONE for Europe/Berlin and America/New_York, got %v", keys(zones))
	}

	type opening struct {
		name       string
		start, end time.Time
	}
	var got []opening
	var freezes, moves []string
	uids := map[string]bool{}
	for _, ev := range cal.Events() {
		uid := prop(ev, ical.ComponentPropertyUniqueId)
		if uids[uid] {
			t.Errorf("UID %s is used twice", uid)
		}
		uids[uid] = true
		summary := prop(ev, ical.ComponentPropertySummary)
		start := ev.GetProperty(ical.ComponentPropertyDtStart)
		switch {
		case strings.HasPrefix(summary, "Change window: "):
			name := strings.TrimPrefix(summary, "Change window: ")
			loc := zones[start.ICalParameters["TZID"][0]]
			dur, err := parseICSDuration(prop(ev, ical.ComponentPropertyDuration))
			if err != nil {
				t.Fatal(err)
			}
			wall, _ := time.Parse("20060102T150405", start.Value)
			r, err := rrule.StrToRRule(prop(ev, ical.ComponentPropertyRrule))
			if err != nil {
				t.Fatalf("rrule-go cannot read %q: %v", prop(ev, ical.ComponentPropertyRrule), err)
			}
			r.DTStart(wall) // wall clock as UTC: the zone is applied from the VTIMEZONE below
			for _, w := range r.Between(want.From.Add(-48*time.Hour), want.Until.Add(48*time.Hour), true) {
				s := loc.instant(t, w)
				if !s.After(want.From) || !s.Before(want.Until) {
					continue
				}
				got = append(got, opening{name, s, s.Add(dur)})
			}
		case strings.HasPrefix(summary, "Change freeze: "):
			end := ev.GetProperty(ical.ComponentPropertyDtEnd)
			if start.ICalParameters["VALUE"][0] != "DATE" {
				t.Errorf("freeze %s is not an all-day event", summary)
			}
			last, _ := time.Parse("20060102", end.Value)
			freezes = append(freezes, fmt.Sprintf("%s %s–%s", strings.TrimPrefix(summary, "Change freeze: "), start.Value, last.AddDate(0, 0, -1).Format("20060102")))
		case strings.HasPrefix(summary, "Ring move: "):
			loc := zones[start.ICalParameters["TZID"][0]]
			wall, _ := time.Parse("20060102T150405", start.Value)
			moves = append(moves, summary+" "+loc.instant(t, wall).UTC().Format(time.RFC3339))
		default:
			t.Errorf("unexpected event %q", summary)
		}
	}
	sort.SliceStable(got, func(i, j int) bool { return got[i].start.Before(got[j].start) })
	if len(got) != len(want.Windows) {
		t.Errorf("the .ics expands to %d openings, calendar --json lists %d", len(got), len(want.Windows))
	}
	t.Logf("openings: %d ics, %d json; moves %v; freezes %v", len(got), len(want.Windows), moves, freezes)
	dstSeen := map[string]bool{}
	for i := 0; i < len(got) && i < len(want.Windows); i++ {
		w := want.Windows[i]
		if got[i].name != w.Window || !got[i].start.Equal(w.Start) || !got[i].end.Equal(w.End) {
			t.Errorf("opening %d: .ics %s %s–%s, json %s %s–%s", i+1, got[i].name, got[i].start.UTC(), got[i].end.UTC(), w.Window, w.Start.UTC(), w.End.UTC())
		}
		_, off := w.Start.Zone()
		dstSeen[w.Zone+strconv.Itoa(off)] = true
	}
	if len(dstSeen) != 4 {
		t.Errorf("the year should hold openings under both offsets of both zones, saw %v", dstSeen)
	}
	wantFreezes := []string{"Year-end close 20261219–20270106"}
	if strings.Join(freezes, ";") != strings.Join(wantFreezes, ";") || len(want.Freezes) != 1 || want.Freezes[0].From != "2026-12-19" {
		t.Errorf("freezes: .ics %v, json %+v", freezes, want.Freezes)
	}
	if len(want.Moves) != 1 || want.Moves[0].Window == nil {
		t.Fatalf("json moves: %+v", want.Moves)
	}
	wantMove := "Ring move: ct → canary " + want.Moves[0].Window.Start.UTC().Format(time.RFC3339)
	if len(moves) != 1 || moves[0] != wantMove {
		t.Errorf("moves: .ics %v, want %q (the US window after its clock change: 22:30 EDT is 02:30 UTC)", moves, wantMove)
	}

	// A later export (another day, a longer listing) keeps every UID, so
	// a calendar updates its events instead of adding copies.
	again := filepath.Join(dir, "again.ics")
	if code, _, errs := ringside(t, db, "--as-of", "2026-12-01", "calendar", "--days", "30", "--format", "ics", "-o", again); code != 0 {
		t.Fatal(errs)
	}
	cal2, err := ical.ParseCalendar(strings.NewReader(string(mustRead(t, again))))
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range cal2.Events() {
		if !uids[prop(ev, ical.ComponentPropertyUniqueId)] {
			t.Errorf("UID of %q changed between exports", prop(ev, ical.ComponentPropertySummary))
		}
	}

	// --pilot: that pilot's calendar, named so, to standard output.
	code, out, errs = ringside(t, db, "--as-of", "2026-11-20", "calendar", "--pilot", "ct", "--days", "366", "--format", "ics")
	if code != 0 || !strings.Contains(out, "X-WR-CALNAME:ringside change calendar: pilot ct\r\n") || !strings.Contains(out, "SUMMARY:Ring move: ct → canary\r\n") {
		t.Errorf("--pilot ct: exit %d %s\n%s", code, errs, out)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func prop(ev *ical.VEvent, p ical.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// icsZone is a VTIMEZONE as the file describes it: its onsets (instants)
// and the offset each starts.
type icsZone struct {
	onsets []time.Time
	to     []int
	before int // offset before the first onset
}

func vtimezones(t *testing.T, cal *ical.Calendar) map[string]*icsZone {
	t.Helper()
	out := map[string]*icsZone{}
	for _, tz := range cal.Timezones() {
		id := tz.GetProperty(ical.ComponentPropertyTzid).Value
		z := &icsZone{}
		type onset struct {
			at time.Time
			to int
		}
		var all []onset
		first := time.Time{}
		for _, sub := range tz.SubComponents() {
			var base *ical.ComponentBase
			switch c := sub.(type) {
			case *ical.Standard:
				base = &c.ComponentBase
			case *ical.Daylight:
				base = &c.ComponentBase
			default:
				continue
			}
			from := icsOffsetSeconds(t, base.GetProperty(ical.ComponentProperty(ical.PropertyTzoffsetfrom)).Value)
			to := icsOffsetSeconds(t, base.GetProperty(ical.ComponentProperty(ical.PropertyTzoffsetto)).Value)
			wall, err := time.Parse("20060102T150405", base.GetProperty(ical.ComponentPropertyDtStart).Value)
			if err != nil {
				t.Fatal(err)
			}
			walls := []time.Time{wall}
			if rr := base.GetProperty(ical.ComponentPropertyRrule); rr != nil {
				r, err := rrule.StrToRRule(rr.Value)
				if err != nil {
					t.Fatal(err)
				}
				r.DTStart(wall)
				walls = r.Between(wall, wall.AddDate(30, 0, 0), true)
			}
			for _, w := range walls {
				at := w.Add(-time.Duration(from) * time.Second)
				all = append(all, onset{at, to})
				if first.IsZero() || at.Before(first) {
					first, z.before = at, from
				}
			}
		}
		sort.Slice(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
		for _, o := range all {
			z.onsets = append(z.onsets, o.at)
			z.to = append(z.to, o.to)
		}
		out[id] = z
	}
	return out
}

func (z *icsZone) offsetAt(t time.Time) int {
	off := z.before
	for i, o := range z.onsets {
		if o.After(t) {
			break
		}
		off = z.to[i]
	}
	return off
}

// instant reads a wall-clock time (given as UTC fields) in the zone: the
// earliest instant whose offset shows that wall time.
func (z *icsZone) instant(t *testing.T, wall time.Time) time.Time {
	t.Helper()
	if z == nil {
		t.Fatal("event names a TZID with no VTIMEZONE")
	}
	var best time.Time
	seen := map[int]bool{z.before: true}
	offs := []int{z.before}
	for _, o := range z.to {
		if !seen[o] {
			seen[o] = true
			offs = append(offs, o)
		}
	}
	for _, off := range offs {
		at := wall.Add(-time.Duration(off) * time.Second)
		if z.offsetAt(at) == off && (best.IsZero() || at.Before(best)) {
			best = at
		}
	}
	if best.IsZero() {
		t.Fatalf("wall time %s does not exist in the zone", wall.Format("2006-01-02 15:04"))
	}
	return best
}

func icsOffsetSeconds(t *testing.T, s string) int {
	t.Helper()
	if len(s) < 5 {
		t.Fatalf("bad offset %q", s)
	}
	h, _ := strconv.Atoi(s[1:3])
	m, _ := strconv.Atoi(s[3:5])
	v := h*3600 + m*60
	if s[0] == '-' {
		v = -v
	}
	return v
}

// parseICSDuration reads the PTnHnMnS durations the export writes.
func parseICSDuration(s string) (time.Duration, error) {
	days := 0
	rest, ok := strings.CutPrefix(s, "P")
	if !ok {
		return 0, fmt.Errorf("duration %q", s)
	}
	if d, r, ok := strings.Cut(rest, "D"); ok {
		days, _ = strconv.Atoi(d)
		rest = r
	}
	rest = strings.TrimPrefix(rest, "T")
	dur, err := time.ParseDuration(strings.ToLower(rest))
	if rest == "" {
		dur, err = 0, nil
	}
	return dur + time.Duration(days)*24*time.Hour, err
}
