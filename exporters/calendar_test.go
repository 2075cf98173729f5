package exporters

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"ringside/importers"
)

// A portfolio with a calendar, top-level and per pilot, reads back to the
// same value and writes the same bytes twice; times of day stay quoted so
// YAML 1.1 readers do not take 18:00 for 1080.
func TestPortfolioCalendarRoundTrip(t *testing.T) {
	t.Parallel()
	const src = `calendar:
  windows:
    - {name: Release train, rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-11-24", start: "18:00", end: "20:00", zone: Europe/Berlin}
    - {name: Month end, rule: FREQ=MONTHLY;BYMONTHDAY=-1, start: "22:00", duration: 4h, zone: UTC}
  freezes:
    - {name: Year-end, from: 2026-12-19, to: 2027-01-06, zone: Europe/Berlin}
pilots:
  - slug: a
    name: A
    stage: pilot
    calendar:
      freezes:
        - {name: Audit, from: 2026-12-03, to: 2026-12-03, zone: UTC}
`
	first, err := importers.ReadPortfolioFile(strings.NewReader(src), "src.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out1, out2 bytes.Buffer
	if err := WritePortfolioFile(&out1, first); err != nil {
		t.Fatal(err)
	}
	second, err := importers.ReadPortfolioFile(bytes.NewReader(out1.Bytes()), "out.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, out1.String())
	}
	if err := WritePortfolioFile(&out2, second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out1.Bytes(), out2.Bytes()) || !reflect.DeepEqual(first, second) {
		t.Errorf("round trip changed the portfolio:\n%s\n---\n%s", out1.String(), out2.String())
	}
	for _, want := range []string{"# ringside portfolio\ncalendar:\n  windows:\n", `start: "18:00"`, `end: "20:00"`, "duration: 4h",
		"freezes:\n    - {name: Year-end, from: 2026-12-19, to: 2027-01-06, zone: Europe/Berlin}\npilots:",
		"    calendar:\n      freezes:\n        - {name: Audit, from: 2026-12-03, to: 2026-12-03, zone: UTC}\n"} {
		if !strings.Contains(out1.String(), want) {
			t.Errorf("written file lacks %q:\n%s", want, out1.String())
		}
	}
}
