package ui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/dashboard"
	"ringside/ui/drill"
	"ringside/ui/importer"
	"ringside/ui/review"
	"ringside/ui/widgets"
)

// Every binding has a unique action name in its section, keys and a help
// line, so the help can list it and a config file can name it.
func TestKeyMapNamesEveryBinding(t *testing.T) {
	k := common.DefaultKeys()
	seen := map[string]bool{}
	sections := map[string]bool{}
	for _, nb := range k.Bindings() {
		if seen[nb.Name] {
			t.Errorf("action %s named twice", nb.Name)
		}
		seen[nb.Name] = true
		sections[nb.Section] = true
		if !strings.HasPrefix(nb.Name, nb.Section+".") || strings.ContainsAny(nb.Name, " ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("action name %q: want section.kebab-case", nb.Name)
		}
		if len(nb.Binding.Keys()) == 0 || nb.Binding.Help().Key == "" || nb.Binding.Help().Desc == "" {
			t.Errorf("%s has no keys or no help: %+v", nb.Name, nb.Binding.Help())
		}
	}
	for _, s := range []string{"global", "lists", "detail", "form", "review", "drill", "import"} {
		if !sections[s] {
			t.Errorf("no section %s", s)
		}
	}
	// a few names a config file will use, spelled out
	for _, n := range []string{"global.quit", "global.reload", "lists.page-down", "detail.move-ring", "review.action-item", "drill.step-done", "import.change-pilot"} {
		if !seen[n] {
			t.Errorf("no action %s", n)
		}
	}
}

// No screen matches a key by its raw name: every key goes through a
// binding of the key map, or a config file could not rebind it. The only
// reads of a key's name are tabIndex (which of Tab1to9's keys) and the
// line input's typed text. Every package of the cockpit is read (ui and
// ui/…); the key map (common/keys.go) and the forms' huh key map
// (form/form.go) are the only places that build bindings.
func TestNoRawKeyComparisons(t *testing.T) {
	var files []string
	if err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("read %d files of the cockpit: %v", len(files), files)
	}
	raw := regexp.MustCompile(`(msg|k|key)\.String\(\)\s*(==|!=)|switch\s+(msg|k)\.String\(\)|switch\s+\w+\s*:?=\s*msg\.String\(\)|\.Code\s*==`)
	// a key by its code: only the key map turns names into presses (PressOf)
	named := regexp.MustCompile(`\btea\.Key(Enter|Escape|Tab|Up|Down|Left|Right|Space|Backspace|Delete|Home|End|PgUp|PgDown)\b`)
	keys := filepath.Join("common", "keys.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if raw.MatchString(line) || f != keys && named.MatchString(line) {
				t.Errorf("%s:%d compares a raw key name: %s", f, i+1, strings.TrimSpace(line))
			}
			if strings.Contains(line, "key.NewBinding(") && f != keys && f != filepath.Join("form", "form.go") {
				t.Errorf("%s:%d builds a private binding (put it in KeyMap): %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

func TestRebindAndUnbind(t *testing.T) {
	s := uitest.OpenDemo(t)
	opt := common.Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Actor: "test", NoColor: true, Keys: map[string][]string{
		"lists.down":    {"ctrl+n", "J"}, // j no longer moves down
		"detail.import": {},              // i does nothing
		"no.such":       {"x"},
	}}
	d := newDriverOpt(t, opt, 100, 30)
	d.Must("unknown key actions ignored: no.such")
	d.Keys("j")
	if got := cursorRow(t, d.Screen()); !strings.Contains(got, "Access review") {
		t.Errorf("j after rebinding lists.down moved the cursor: %q", got)
	}
	d.Send(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
	if got := cursorRow(t, d.Screen()); !strings.Contains(got, "Claims email") {
		t.Errorf("ctrl+n (lists.down) did not move down: %q", got)
	}
	d.Keys("J")
	if got := cursorRow(t, d.Screen()); !strings.Contains(got, "contract-review") {
		t.Errorf("J (lists.down) did not move down: %q", got)
	}
	d.Keys("i")
	if _, ok := d.m.top().(*importer.Screen); ok {
		t.Errorf("i opened the import screen after unbinding detail.import")
	}
	d.Keys("?")
	d.Must("ctrl+n/J")
	if strings.Contains(d.Screen(), "import metrics") {
		t.Errorf("help lists the unbound detail.import:\n%s", d.Screen())
	}
}

// `?` then enter on a line presses that line's key: the help is a menu.
func TestHelpEnterRunsTheKey(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 30)
	d.Keys("?")
	d.Type("import")
	d.Must("import metrics")
	d.Keys("enter")
	d.Must("Import metrics")
	if d.m.help != nil {
		t.Fatal("help still open after enter")
	}
	if _, ok := d.m.top().(*importer.Screen); !ok {
		t.Fatalf("enter on the help's import line opened %T", d.m.top())
	}
}

// The help of a pilot lists the tab's keys, the pilot's and where the
// other tabs' keys work; the review's lists every step's keys.
func TestHelpListsEveryKeyWhereYouAre(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 40)
	d.openPilot("claims-triage")
	d.Keys("?")
	d.Must("Overview tab", "Pilot claims-triage", "On other tabs", "move ring (on Rings & KPIs)", "timed drill (on Runbooks)", "gate review (on Gates)", "Everywhere", "reload")
	d.Keys("esc", "6", "r")
	d.Must("review")
	d.Keys("?")
	d.Must("On the sign-offs step", "sign off", "summary", "export checklist + minutes", "decide")
}

// A drill under way still opens the help (its clock keeps running).
func TestHelpDuringADrill(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 30)
	d.openPilot("kb-article-drafts")
	d.Keys("5", "t", "enter")
	d.Must("step done")
	d.Keys("?")
	d.Must("Help", "step failed", "abandon")
	d.Keys("esc")
	if _, ok := d.m.top().(*drill.Screen); !ok || d.m.help != nil {
		t.Fatalf("esc in the help left %T, help %v", d.m.top(), d.m.help != nil)
	}
}

// The palette shows each entry's key.
func TestPaletteShowsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 30)
	d.Keys(":")
	d.Type("reload")
	d.Must("R Reload")
	d.Keys("esc", ":")
	d.Type("new pilot")
	d.Must("n New pilot")
}

func newDriverOpt(t testing.TB, opt common.Options, w, h int) *driver {
	m := New(opt)
	d := rootDriver(t, m, w, h)
	return d
}

// `/` filters the KPI table: rows whose ring or KPI match stay, the
// cursor keeps its row when that row still shows, esc clears.
func TestFilterKPITab(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("servicedesk-copilot")
	d.Keys("2", "/")
	d.Type("canary satis")
	d.Must("1 of 12 rows", "canary   Caller satisf")
	if strings.Contains(d.Screen(), "pilot    First-contact") {
		t.Errorf("filter kept a pilot-ring row:\n%s", d.Screen())
	}
	d.Keys("enter") // keep the filter, leave the box: keys act again
	d.Keys("enter")
	d.Must("Caller satisfaction in ring canary")
	d.Keys("esc", "esc") // close the chart, clear the filter
	d.Must("pilot    First-contact")
	if d.m.top().Title() == "Portfolio" {
		t.Fatal("esc with a filter set left the pilot")
	}
}

// `/` filters the Gates tab's lines; while the box is open ←/→, h, l
// and r type (they do not switch gate or open the review).
func TestFilterGatesTab(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("servicedesk-copilot")
	d.Keys("6", "/")
	d.Type("trained")
	d.Must("/ trained", "2 of 44 lines match", "Users trained and knowledge articles published")
	if strings.Contains(d.Screen(), "Every must-meet KPI") {
		t.Errorf("filter kept a line without 'trained':\n%s", d.Screen())
	}
	d.Keys("ctrl+u")
	d.Type("rl")
	if _, ok := d.m.top().(*review.Screen); ok {
		t.Fatal("r opened the review while the filter box had the keys")
	}
	d.Must("/ rl")
	d.Keys("esc")
	d.Must("G5 rollout complete")
}

// The dashboard shows the cursor's position and the sorted column.
func TestDashboardPositionAndSort(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 30)
	d.Must("1/8 · sorted by name", "Pilot▲")
	d.Keys("down", "down", "S")
	d.Must("Pilot▼", "(reversed)")
	d.Keys("s")
	d.Must("Stage▲", "sorted by stage")
}

// A message wider than the screen wraps above the footer: nothing is cut.
func TestLongMessageReadsWhole(t *testing.T) {
	s := uitest.OpenDemo(t)
	msg := "config file ignored: /home/me/.config/ringside/config.yaml:4: unknown key action \"lists.sideways\" (ringside config init writes every action with its keys)"
	d := newDriverOpt(t, common.Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Actor: "test", NoColor: true, Notice: msg}, 80, 24)
	flat := strings.Join(strings.Fields(d.Screen()), " ")
	if !strings.Contains(flat, msg) {
		t.Errorf("the notice is not on screen whole:\n%s", d.Screen())
	}
	d.CheckFrame(80, 24)
	d.Keys("down") // once: the next key clears it
	if strings.Contains(d.Screen(), "config file ignored") {
		t.Errorf("the notice stayed after a key")
	}
}

// At 80×24 every demo pilot reads apart: each row shows its whole name
// or its slug, the counts line and the legend end whole, and the help
// says which columns gave way, in the documented order.
func TestDashboardAt80TellsPilotsApart(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	sc := d.Screen()
	lines := strings.Split(sc, "\n")
	seen := map[string]bool{}
	for _, l := range lines[6:14] {
		name := strings.TrimSpace(strings.SplitN(strings.TrimLeft(strings.TrimPrefix(l, "›"), " "), "  ", 2)[0])
		if strings.Contains(name, "…") || seen[name] || len([]rune(name)) < 8 {
			t.Errorf("row %q: name %q is cut or not unique", l, name)
		}
		seen[name] = true
	}
	for _, l := range []string{lines[1], lines[len(lines)-2]} {
		if strings.Contains(l, "…") {
			t.Errorf("line cut at 80 columns: %q", l)
		}
	}
	if c := dashboard.ColumnsFor(80); c.Name < dashboard.MinNameWidth {
		t.Errorf("names get %d cells at 80 columns, want ≥ %d", c.Name, dashboard.MinNameWidth)
	}
	d.Keys("?")
	d.Type("folded")
	d.Must("Columns at 80 wide (names get 24 cells)", "Trig folded into Rings")
	if c := dashboard.ColumnsFor(160); len(c.Narrowed) != 0 || c.Trig == 0 {
		t.Errorf("at 160 columns nothing gives way: %+v", c)
	}
}

// A yes/no confirmation: the default is No; → stays on No (it moves, it
// does not toggle), ← moves to Yes, → back to No; enter answers what is
// chosen; a picker asks its question, not its empty-list text.
func TestConfirmArrowsMoveAndDefaultIsNo(t *testing.T) {
	s := uitest.OpenDemo(t)
	ctx := context.Background()
	if _, err := s.CreatePilot(ctx, app.Change{Actor: "test", Action: "pilot.create", Summary: "seeded"}, model.Pilot{Slug: "zz-typo", Name: "Typo", Stage: model.StageIdea}); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, s, 80, 24)
	d.Keys("/")
	d.Type("zz-typo")
	d.Keys("enter")
	d.Keys("x", "right", "enter") // from No, → then enter: still No
	if _, err := s.Pilot(ctx, "zz-typo"); err != nil {
		t.Fatal("→ then enter from the default No deleted the pilot")
	}
	d.Must("no, nothing written")
	d.Keys("x", "left", "right", "enter") // ← Yes, → No again
	if _, err := s.Pilot(ctx, "zz-typo"); err != nil {
		t.Fatal("← → enter deleted the pilot")
	}
	d.Keys("x", "left", "enter") // ← Yes, enter
	if _, err := s.Pilot(ctx, "zz-typo"); err == nil {
		t.Fatal("← then enter did not delete")
	}

	d.Keys("esc")
	d.openPilot("servicedesk-copilot")
	d.Keys("3", "x")
	d.Must("Which one to delete?")
	if strings.Contains(d.Screen(), "nothing to delete") {
		t.Errorf("the delete picker shows its empty-list text above a list:\n%s", d.Screen())
	}
}

// A path typed after the pre-filled folder replaces it when absolute.
func TestTypedAbsolutePathReplacesTheFolder(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/data/reports//home/me/x.csv", "/home/me/x.csv"},
		{"/data/reports/~/x.csv", "~/x.csv"},
		{"/data/reports/week.csv", "/data/reports/week.csv"},
		{"week.csv", "week.csv"},
	} {
		if got := importer.TypedPath(tt.in); got != tt.want {
			t.Errorf("typedPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The help opened anywhere lists every binding of the key map — the
// forms' own keys too, which no help can show over a form (a form takes ?
// as typed text) — under the keys that work where the user is. The
// bindings are walked from the key map itself, so a binding added to it
// and left out of the help fails here. Enter on a key of elsewhere only
// closes the help: form.accept's enter, pressed on the dashboard, would
// open a pilot.
func TestHelpListsEveryBindingOfTheKeyMap(t *testing.T) {
	s := uitest.OpenDemo(t)
	for _, where := range []struct {
		name string
		open func(d *driver)
	}{
		{"the dashboard", func(d *driver) {}},
		{"a pilot's detail", func(d *driver) { d.openPilot("claims-triage") }},
		{"a gate review", func(d *driver) { d.openPilot("claims-triage"); d.Keys("6", "r") }},
	} {
		t.Run(where.name, func(t *testing.T) {
			d := newDriver(t, s, 120, 260)
			where.open(d)
			d.Keys("?")
			screen := d.Screen()
			k := d.m.c.Keys
			bindings := k.Bindings()
			if len(bindings) < 90 {
				t.Fatalf("walked %d bindings of the key map", len(bindings))
			}
			for _, nb := range bindings {
				h := nb.Binding.Help()
				if line := widgets.Fit(h.Key, 12) + " " + h.Desc; !strings.Contains(screen, line) {
					t.Errorf("the help on %s lacks %s (%q):\n%s", where.name, nb.Name, line, screen)
				}
			}
			d.Must("In forms and text boxes")
		})
	}
	d := newDriver(t, s, 120, 40)
	dash := d.m.top()
	d.Keys("?")
	if foot := footerLine(d.Screen()); !strings.Contains(foot, "enter run") {
		t.Errorf("on the dashboard's first key the footer reads %q, want enter run", foot)
	}
	d.Type("keep / next")
	d.Must("In forms and text boxes", "keep / next / save")
	// the footer says what enter does on that line: close, not run
	if foot := footerLine(d.Screen()); !strings.Contains(foot, "enter close") || strings.Contains(foot, "enter run") {
		t.Errorf("on a form's key the footer reads %q, want enter close", foot)
	}
	d.Keys("enter")
	if d.m.help != nil {
		t.Fatal("enter on a form's key left the help open")
	}
	if d.m.top() != dash {
		t.Fatalf("enter on form.accept's line pressed its enter on the dashboard: %s is open", d.m.top().Title())
	}
}

// The overlays' and the too-small screen's lines name their keys from the
// key map: rebound (as a config file does), the help's, the palette's and
// the footer's filter lines and the too-small screen say the new keys,
// and the keys close the overlays and quit.
func TestOverlayLinesNameTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	opt := common.Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Actor: "test", NoColor: true, Keys: map[string][]string{
		"form.accept": {"ctrl+o"}, "form.cancel": {"ctrl+b"}, "lists.typing-up": {"ctrl+k"}, "lists.typing-down": {"ctrl+j"}, "global.quit": {"ctrl+q"},
	}}
	d := newDriverOpt(t, opt, 120, 30)
	d.Keys("?")
	d.Must("Help — type to filter · ctrl+k/ctrl+j move · ctrl+o runs the key · ctrl+b closes",
		" type to filter · ctrl+k/ctrl+j move · ctrl+o run · ctrl+b close")
	d.Keys("ctrl+b")
	if d.m.help != nil {
		t.Fatalf("ctrl+b, which the help names, did not close it:\n%s", d.Screen())
	}
	d.Keys(":")
	d.Must("Commands — type to filter, ctrl+o runs, ctrl+b closes")
	d.Keys("ctrl+b")
	if d.m.palette != nil {
		t.Fatalf("ctrl+b, which the palette names, did not close it:\n%s", d.Screen())
	}
	d.Send(tea.WindowSizeMsg{Width: 60, Height: 20})
	d.MustSay("enlarge the window or reduce the font size; ctrl+q quits")
	d.Keys("ctrl+q")
	if !d.Quit {
		t.Fatalf("ctrl+q, which the too-small screen names, did not quit:\n%s", d.Screen())
	}
}

// footerLine is the last line of a screen: the root's footer.
func footerLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return lines[len(lines)-1]
}
