package exporters

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ringside/model"
	"ringside/model/rollout"
)

func icsFixture(t *testing.T) ICS {
	t.Helper()
	cal, errs := rollout.FromModel(model.Calendar{Windows: []model.ChangeWindow{
		{Name: "Release train", Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-11-24", Start: "18:00", End: "20:00", Zone: "Europe/Berlin"},
		{Name: "Nightly, UTC; ops", Rule: "FREQ=DAILY", Start: "01:00", Duration: "90m", Zone: "UTC"},
	}})
	if errs != nil {
		t.Fatal(errs)
	}
	move := rollout.Occurrence{Window: "Release train", Start: time.Date(2026, 12, 8, 17, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 8, 19, 0, 0, 0, time.UTC), Zone: "Europe/Berlin"}
	return ICS{Windows: cal.Windows,
		Freezes: []ICSFreeze{{Name: "Year-end close", From: model.MustDate("2026-12-19"), To: model.MustDate("2027-01-06"), Zone: "Europe/Berlin"}},
		Moves: []ICSMove{{Pilot: "claims-triage", Ring: "canary", Planned: model.MustDate("2026-12-01"), Window: &move, Note: "first usable window on or after the planned day: Release train"},
			{Pilot: "contract-review", Ring: "broad\x1b[31m", Planned: model.MustDate("2027-02-01"), Note: "no window before 2026-12-18"}},
		From: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Stamp: time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC)}
}

func TestICSGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteICS(&buf, icsFixture(t)); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "calendar.ics"), buf.Bytes())
	s := buf.String()
	for _, want := range []string{
		"DTSTART;TZID=Europe/Berlin:20261124T180000\r\nDURATION:PT2H\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=MO\r\n",
		"DTSTART;TZID=UTC:20261120T010000\r\nDURATION:PT1H30M\r\nRRULE:FREQ=DAILY\r\n", // no DTSTART in the rule: from the listing's day
		"SUMMARY:Change window: Nightly\\, UTC\\; ops\r\n",
		"DTSTART;VALUE=DATE:20261219\r\nDTEND;VALUE=DATE:20270107\r\n", // all day, the end exclusive
		"SUMMARY:Ring move: claims-triage → canary\r\nDTSTART;TZID=Europe/Berlin:20261208T180000\r\nDTEND;TZID=Europe/Berlin:20261208T200000\r\n",
		"SUMMARY:Ring move: contract-review → broad[31m\r\nDTSTART;VALUE=DATE:20270201\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:UTC\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\n",
		"TZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the .ics lacks %q", want)
		}
	}
	if strings.Contains(s, "\x1b") {
		t.Error("the .ics carries an escape character")
	}
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets, more than 75: %q", i+1, len(l), l)
		}
	}
}

// Folding never splits a UTF-8 sequence, and unfolding gives the line back.
func TestICSFoldsAt75Octets(t *testing.T) {
	t.Parallel()
	var b icsBuilder
	long := "DESCRIPTION:" + strings.Repeat("Zoë → ", 40)
	b.line(long)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n")
	for i, l := range lines {
		if len(l) > 75 || (i > 0 && !strings.HasPrefix(l, " ")) {
			t.Errorf("line %d: %q", i, l)
		}
		if strings.ToValidUTF8(l, "?") != l {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i, l)
		}
	}
	if got := strings.ReplaceAll(b.String(), "\r\n ", ""); got != long+"\r\n" {
		t.Errorf("unfolded %q, want %q", got, long)
	}
}

// UIDs name the event, not the export: the same windows, freezes and moves
// keep their UIDs when the listing starts on another day.
func TestICSUIDsAreStable(t *testing.T) {
	t.Parallel()
	a, b := icsFixture(t), icsFixture(t)
	b.From, b.Stamp = b.From.AddDate(0, 1, 0), b.Stamp.AddDate(0, 1, 0)
	var x, y bytes.Buffer
	if err := WriteICS(&x, a); err != nil {
		t.Fatal(err)
	}
	if err := WriteICS(&y, b); err != nil {
		t.Fatal(err)
	}
	uids := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\r\n") {
			if strings.HasPrefix(l, "UID:") {
				out = append(out, l)
			}
		}
		return out
	}
	ux, uy := uids(x.String()), uids(y.String())
	if len(ux) != 5 || strings.Join(ux, ",") != strings.Join(uy, ",") {
		t.Errorf("UIDs changed: %v vs %v", ux, uy)
	}
}

func TestICSDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		2 * time.Hour: "PT2H", 90 * time.Minute: "PT1H30M", 26 * time.Hour: "P1DT2H", 24 * time.Hour: "P1D", 45 * time.Second: "PT45S",
	} {
		if got := icsDuration(d); got != want {
			t.Errorf("icsDuration(%v) = %s, want %s", d, got, want)
		}
	}
}

// A zone whose clock changes follow no yearly rule is described by its
// transitions one by one; a zone without changes by one offset.
func TestVTimezoneShapes(t *testing.T) {
	t.Parallel()
	for name, want := range map[string][]string{
		"Asia/Tokyo":        {"TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900", "DTSTART:19700101T000000"},
		"America/New_York":  {"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"},
		"Africa/Casablanca": {"BEGIN:STANDARD", "BEGIN:DAYLIGHT"}, // Ramadan shifts: no yearly rule holds
	} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		var b icsBuilder
		writeVTimezone(&b, name, loc, 2026)
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s lacks %q:\n%s", name, w, b.String())
			}
		}
		if name == "Africa/Casablanca" && strings.Contains(b.String(), "RRULE") {
			t.Errorf("%s got a yearly rule although its transitions move:\n%s", name, b.String())
		}
	}
}

// Any text, folded and escaped, unfolds to its escaped self in lines of at
// most 75 octets that split no UTF-8 sequence and hold no bare CR or LF.
func FuzzICSTextLine(f *testing.F) {
	for _, s := range []string{"", "Release train", "Zoë → Łódź; a, b\\c\nd", strings.Repeat("€", 60), "\x1b[31mred\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b icsBuilder
		b.prop("SUMMARY", s)
		out := b.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no CRLF at the end: %q", out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, l := range lines {
			if len(l) > 75 || strings.ContainsAny(l, "\r\n") || (i > 0 && !strings.HasPrefix(l, " ")) {
				t.Fatalf("line %d: %q", i, l)
			}
			if strings.ToValidUTF8(l, "") != l {
				t.Fatalf("line %d splits a UTF-8 sequence: %q", i, l)
			}
		}
		if got, want := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""), "SUMMARY:"+icsText(s); got != want {
			t.Fatalf("unfolded %q, want %q", got, want)
		}
	})
}
