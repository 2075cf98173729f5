package importers

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"ringside/model"
)

func TestReadPortfolioFileCalendar(t *testing.T) {
	t.Parallel()
	const in = `calendar:
  windows:
    - {name: Release train, rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-11-24", start: "18:00", end: "20:00", zone: Europe/Berlin}
  freezes:
    - {name: Year-end, from: 2026-12-19, to: 2027-01-06, zone: Europe/Berlin}
pilots:
  - slug: a
    name: A
    stage: pilot
    calendar:
      windows:
        - {name: Late, rule: FREQ=DAILY, start: "22:00", duration: 4h, zone: UTC}
  - slug: b
    name: B
    stage: idea
    calendar: {}
`
	pf, err := ReadPortfolioFile(strings.NewReader(in), "cal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &model.Calendar{
		Windows: []model.ChangeWindow{{Name: "Release train", Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-11-24", Start: "18:00", End: "20:00", Zone: "Europe/Berlin"}},
		Freezes: []model.FreezePeriod{{Name: "Year-end", From: model.MustDate("2026-12-19"), To: model.MustDate("2027-01-06"), Zone: "Europe/Berlin"}},
	}
	if !reflect.DeepEqual(pf.Calendar, want) {
		t.Errorf("portfolio calendar = %+v", pf.Calendar)
	}
	late := &model.Calendar{Windows: []model.ChangeWindow{{Name: "Late", Rule: "FREQ=DAILY", Start: "22:00", Duration: "4h", Zone: "UTC"}}}
	if len(pf.Pilots) != 2 || !reflect.DeepEqual(pf.Pilots[0].Calendar, late) || pf.Pilots[1].Calendar != nil {
		t.Errorf("pilot calendars = %+v, %+v (an empty one must read as none)", pf.Pilots[0].Calendar, pf.Pilots[1].Calendar)
	}
	// Without `calendar:` the file says nothing about it: nil, not empty.
	pf, err = ReadPortfolioFile(strings.NewReader("pilots: []\n"), "none.yaml")
	if err != nil || pf.Calendar != nil {
		t.Errorf("no calendar: %+v, %v", pf.Calendar, err)
	}
}

func TestReadCalendarInlineErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"calendar:\n  windows:\n    - {name: W, rule: FREQ=DAILY, start: \"18:00\", zone: UTC}\npilots: []\n",
			`c.yaml:3: calendar: windows[0].duration: duration or end is required: how long the window stays open, e.g. duration: 2h or end: "20:00"`},
		{"calendar:\n  windows:\n    - {name: W, rule: FREQ=DAILY, start: \"18:00\", duration: 2, zone: UTC}\npilots: []\n",
			`c.yaml:3: calendar: windows[0].duration: duration "2" is not a length of time: write e.g. 2h, 90m or 1h30m`},
		{"calendar:\n  windows:\n    - {name: W, rule: FREQ=DAILY, start: \"18:00\", duration: 48h, zone: UTC, every: day}\npilots: []\n",
			`c.yaml:3: unknown field "every" in window 1 of the calendar: known fields are name, rule, start, duration, end, zone`},
		{"calendar:\n  freezes:\n    - {name: F, from: 2026-12-40, to: 2026-12-41, zone: UTC}\npilots: []\n",
			`c.yaml:3: from: "2026-12-40" is not a date: use YYYY-MM-DD, e.g. 2026-01-31` + "\n" +
				`c.yaml:3: to: "2026-12-41" is not a date: use YYYY-MM-DD, e.g. 2026-01-31`},
		{"calendar: [1]\npilots: []\n", "c.yaml:1: calendar must be a mapping of fields (windows, freezes), got a list"},
	}
	for _, tt := range tests {
		_, err := ReadPortfolioFile(strings.NewReader(tt.in), "c.yaml")
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q:\n got %v\nwant %s", tt.in, err, tt.want)
		}
	}
}

// The calendar example of docs/portfolio.md reads as documented.
func TestDocsCalendarExampleReads(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "portfolio.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "## Change windows and freezes")
	_, rest, ok := strings.Cut(rest, "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/portfolio.md has no calendar example")
	}
	pf, err := ReadPortfolioFile(strings.NewReader(example), "docs/portfolio.md")
	if err != nil {
		t.Fatalf("the documented calendar does not read: %v", err)
	}
	if pf.Calendar == nil || len(pf.Calendar.Windows) != 1 || pf.Calendar.Windows[0].End != "20:00" || len(pf.Calendar.Freezes) != 1 ||
		len(pf.Pilots) != 1 || pf.Pilots[0].Calendar == nil || pf.Pilots[0].Calendar.Windows[0].Duration != "4h" {
		t.Errorf("read as %+v", pf)
	}
}
