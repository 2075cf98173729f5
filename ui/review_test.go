package ui

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/store"
	"ringside/ui/common"
)

// meetingClock is the fixed "now" of the review tests: on the demo's day,
// so sign-offs and ticks count as of it.
var meetingClock = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// newMeetingDriver is newDriver with the meeting's clock and export
// directory; theme "" with noColor false tests the projector theme.
func newMeetingDriver(t *testing.T, s *store.Store, opt common.Options) *driver {
	opt.App, opt.AsOf, opt.Actor = app.New(s, nil), uitest.DemoAsOf, "test"
	opt.Now = func() time.Time { return meetingClock }
	if opt.ExportDir == "" {
		opt.ExportDir = t.TempDir()
	}
	d := rootDriver(t, New(opt), 80, 24)
	return d
}

// openReview goes from the dashboard to claims-triage's Gates tab and
// presses r: the meeting opens on the gate shown, the pilot's next (G3).
func openReview(d *driver) {
	d.Keys("/")
	d.Type("claims")
	d.Keys("enter", "enter", "6", "r")
}

func (d *driver) expect(want string) {
	d.T.Helper()
	if !strings.Contains(d.Screen(), want) {
		d.T.Fatalf("the screen does not show %q:\n%s", want, d.Screen())
	}
}

// TestReviewScreensGolden draws the meeting at 80×24 without colour: the
// attendee step, one criterion as a projector card, and all at once.
func TestReviewScreensGolden(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newMeetingDriver(t, s, common.Options{NoColor: true})
	openReview(d)
	d.CheckFrame(80, 24)
	checkGolden(t, "review_attendees_80x24", d.Screen())
	d.Keys("space", "right", "right")
	d.CheckFrame(80, 24)
	checkGolden(t, "review_criterion_80x24", d.Screen())
	d.Keys("v")
	d.CheckFrame(80, 24)
	checkGolden(t, "review_all_80x24", d.Screen())
}

// TestReviewProjectorTheme: the meeting draws in high contrast and the
// user's theme comes back when it closes; under NO_COLOR it stays plain.
func TestReviewProjectorTheme(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newMeetingDriver(t, s, common.Options{Theme: "light"})
	openReview(d)
	// a light theme's meeting is dark on light: cyan, white and yellow
	// would vanish on a light terminal or projector
	if got := d.m.c.Styles.Theme.Name; got != "high-contrast-light" {
		t.Errorf("meeting theme under --theme light %q, want high-contrast-light", got)
	}
	// the projector paints its own background, so it reads whatever the
	// terminal's is, and gives the terminal's back after the meeting
	if bg := d.m.View().BackgroundColor; bg == nil || !sameColour(bg, color.White) {
		t.Errorf("light meeting's terminal background %v, want white", bg)
	}
	d.Keys("esc")
	if got := d.m.c.Styles.Theme.Name; got != "light" {
		t.Errorf("theme after the meeting %q, want light", got)
	}
	if bg := d.m.View().BackgroundColor; bg != nil {
		t.Errorf("after the meeting the terminal background is still set: %v", bg)
	}
	dark := newMeetingDriver(t, s, common.Options{Theme: "dark"})
	openReview(dark)
	if got := dark.m.c.Styles.Theme.Name; got != "high-contrast" {
		t.Errorf("meeting theme under --theme dark %q, want high-contrast", got)
	}
	if bg := dark.m.View().BackgroundColor; bg == nil || !sameColour(bg, color.Black) {
		t.Errorf("dark meeting's terminal background %v, want black", bg)
	}
	dark.Send(tea.BackgroundColorMsg{Color: color.White}) // the terminal is light after all
	if got := dark.m.c.Styles.Theme.Name; got != "high-contrast-light" {
		t.Errorf("meeting theme on a light terminal %q, want high-contrast-light", got)
	}
	plain := newMeetingDriver(t, s, common.Options{NoColor: true})
	openReview(plain)
	if got := plain.m.c.Styles.Theme.Name; got != "no-color" {
		t.Errorf("NO_COLOR meeting theme %q, want no-color", got)
	}
	if bg := plain.m.View().BackgroundColor; bg != nil {
		t.Errorf("NO_COLOR meeting sets the terminal background %v", bg)
	}
	// following the terminal: nothing is painted until it has said what its
	// background is (else it reports ours), then the matching projector's
	follow := newMeetingDriver(t, s, common.Options{})
	openReview(follow)
	if bg := follow.m.View().BackgroundColor; bg != nil {
		t.Errorf("the meeting painted %v before the terminal answered the background query", bg)
	}
	follow.Send(tea.BackgroundColorMsg{Color: color.White})
	if bg := follow.m.View().BackgroundColor; bg == nil || !sameColour(bg, color.White) {
		t.Errorf("on a light terminal the meeting paints %v, want white", bg)
	}
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2
}

// TestReviewPaletteExports opens the meeting with the palette's "Start
// gate review" on a pilot's detail (its next gate), runs "Export checklist
// and minutes" from the palette and finds both files where the footer says.
func TestReviewPaletteExports(t *testing.T) {
	s := uitest.OpenDemo(t)
	dir := t.TempDir()
	d := newMeetingDriver(t, s, common.Options{NoColor: true, ExportDir: dir})
	d.Keys("/")
	d.Type("claims")
	d.Keys("enter", "enter", ":")
	d.Type("Start gate review")
	d.Keys("enter")
	d.expect("G3 pilot exit review")
	d.Keys("space", ":")
	d.Type("Export checklist and minutes")
	d.Keys("enter")
	d.expect("exported checklist and minutes to " + dir)
	for _, name := range []string{"checklist-claims-triage-G3-2026-11-20.md", "minutes-claims-triage-G3-2026-11-20.md"} {
		body, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(body), "Dana Ruiz") {
			t.Errorf("%s does not name the attendee:\n%s", name, body)
		}
	}
}

// TestReviewChoiceKeepsItsOptionOnScreen: the waiver's "Granted by" line
// at 80 columns holds the six roles (74 cells) beside its label, more than
// the line: the chosen role stays on it as → moves to legal, the last, and
// ‹ says roles are hidden to the left, › to the right.
func TestReviewChoiceKeepsItsOptionOnScreen(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newMeetingDriver(t, s, common.Options{NoColor: true})
	openReview(d)
	d.Keys("space", "right", "right", "w")
	d.Must("Waive: ", "Granted by")
	d.Type("pilot scope only")
	d.Keys("tab")
	granted := func() string {
		for _, l := range strings.Split(d.Screen(), "\n") {
			if _, opts, ok := strings.Cut(l, "Granted by"); ok { // the options, after the cursor's › and the label
				return opts
			}
		}
		t.Fatalf("no Granted by line:\n%s", d.Screen())
		return ""
	}
	d.CheckFrame(80, 24)
	if l := granted(); !strings.Contains(l, "[security]") || !strings.Contains(l, "‹") || !strings.Contains(l, "legal") {
		t.Fatalf("the default role is not shown, or no marker says roles are hidden: %q", l)
	}
	for _, role := range []string{"adoption_lead", "legal"} {
		d.Keys("right")
		d.CheckFrame(80, 24)
		if l := granted(); !strings.Contains(l, "["+role+"]") || !strings.Contains(l, "‹") {
			t.Fatalf("→ to %s: the choice is off the line or nothing says roles are hidden: %q", role, l)
		}
	}
	checkGolden(t, "review_choice_scrolls_80x24", d.Screen())
	for range 5 {
		d.Keys("left")
	}
	if l := granted(); !strings.Contains(l, "[product_owner]") || strings.Contains(l, "‹") || !strings.Contains(l, "›") {
		t.Fatalf("← to product_owner: %q", l)
	}
}
