// Package ui is ringside's cockpit: a root model that routes keys, sizes
// and messages to a stack of screens (the portfolio dashboard, a pilot's
// detail with its tabs), overlays for help and the command palette, and the
// small components they are made of. Data is read in tea.Cmds and comes
// back as messages; nothing in Update or View touches the database.
package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"ringside/themes"
	"ringside/ui/common"
	"ringside/ui/dashboard"
	"ringside/ui/drill"
	"ringside/ui/form"
	"ringside/ui/importer"
	"ringside/ui/pilot"
	"ringside/ui/review"
	"ringside/ui/widgets"
)

// Smallest terminal the cockpit draws in.
const (
	minWidth  = 80
	minHeight = 24
)

// Model is the root of the cockpit. It only routes: global keys, the
// screen stack, the size, the theme, and the help and palette overlays.
type Model struct {
	c       *common.Common
	stack   []common.Screen
	help    *helpOverlay
	palette *paletteOverlay
	spin    spinner.Model
	loading int // commands under way that show the spinner
	width   int
	height  int
	status  string // one-line message in the footer, e.g. "copied"
	quit    bool

	frame string // the last drawn frame; reused until something changes
	dirty bool

	version     int64 // the database's data_version at the last poll (live.go)
	haveVersion bool
}

// New builds the cockpit for opt. Its Init starts loading the portfolio.
func New(opt common.Options) *Model {
	if opt.Now == nil { // no clock given: a still one at noon of the as-of day
		at := opt.AsOf.Time().Add(12 * time.Hour)
		opt.Now = func() time.Time { return at }
	}
	c := &common.Common{Opt: opt, Keys: common.DefaultKeys()}
	var unknown []string
	for _, name := range slices.Sorted(maps.Keys(opt.Keys)) {
		if !c.Keys.Rebind(name, opt.Keys[name]) {
			unknown = append(unknown, name)
		}
	}
	t, err := themes.Named(opt.Theme)
	if err != nil {
		t = themes.Dark()
	}
	if opt.NoColor {
		t = themes.NoColor()
	}
	c.SetTheme(t)
	m := &Model{c: c, spin: spinner.New(spinner.WithSpinner(spinner.Dot)), dirty: true, status: opt.Notice}
	if len(unknown) > 0 {
		m.status = strings.TrimSpace(m.status + " unknown key actions ignored: " + strings.Join(unknown, ", "))
	}
	m.stack = []common.Screen{dashboard.New(c)}
	if opt.Review != nil { // ringside review: straight into the meeting
		m.stack = append(m.stack, review.New(c, opt.Review.Pilot, opt.Review.Gate))
	}
	m.syncMeetingTheme()
	return m
}

// following reports whether the theme follows the terminal's background.
func (m *Model) following() bool { return m.c.Opt.Theme == "" && !m.c.Opt.NoColor }

func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.startLoad(dashboard.LoadPortfolio(m.c.Opt.App, m.c.Opt.AsOf)), m.firstVersion()}
	if m.following() {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if r, ok := m.top().(*review.Screen); ok { // ringside review
		cmds = append(cmds, r.Init())
	}
	return tea.Batch(cmds...)
}

// loadDone is wrapped around every loaded message so the root can stop the
// spinner, then hand the message on.
type loadDone struct{ msg tea.Msg }

// startLoad runs a loading command with the spinner turning meanwhile.
func (m *Model) startLoad(cmd tea.Cmd) tea.Cmd {
	m.loading++
	wrapped := func() tea.Msg { return loadDone{cmd()} }
	if m.loading == 1 && m.c.Ticks {
		return tea.Batch(wrapped, m.spin.Tick)
	}
	return wrapped
}

func (m *Model) top() common.Screen { return m.stack[len(m.stack)-1] }

func (m *Model) bodyHeight() int { return max(m.height-2, 1) }

func (m *Model) resize() {
	for _, s := range m.stack {
		s.SetSize(m.width, m.bodyHeight())
	}
	if m.help != nil {
		m.help.SetSize(m.width, m.bodyHeight())
	}
	if m.palette != nil {
		m.palette.SetSize(m.width, m.bodyHeight())
	}
}

// push opens a screen on top of the stack.
func (m *Model) push(s common.Screen) {
	s.SetSize(m.width, m.bodyHeight())
	m.stack = append(m.stack, s)
}

// open pushes s and starts it.
func (m *Model) open(s common.Screen) tea.Cmd {
	m.push(s)
	if i, ok := s.(interface{ Init() tea.Cmd }); ok {
		return i.Init()
	}
	return nil
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.syncMeetingTheme() // gate review: projector theme while a meeting is open
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.loading == 0 {
			return nil // let the spinner stop
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		m.dirty = true
		return cmd
	case tea.MouseMotionMsg, tea.MouseReleaseMsg:
		return nil
	case dataVersionMsg: // live data: nothing changed costs no frame
		if !m.versionChanged(msg) {
			return m.pollVersion()
		}
		m.dirty = true
		return tea.Batch(m.reloadAll(), m.pollVersion())
	}
	m.dirty = true
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return nil
	case tea.BackgroundColorMsg:
		dark := msg.IsDark()
		m.c.Background = &dark
		if m.c.UserTheme != nil && !m.c.Opt.NoColor { // in a meeting: its projector variant follows too
			m.c.ApplyTheme(themes.Projector(dark))
		}
		if m.following() {
			m.c.SetTheme(themes.ForBackground(msg.IsDark()))
		}
		return nil
	case loadDone:
		m.loading = max(m.loading-1, 0)
		return m.broadcast(msg.msg)
	case common.OpenPilotMsg:
		d := pilot.New(m.c, msg.Slug, msg.Name)
		m.push(d)
		return m.startLoad(pilot.Load(m.c.Opt.App, msg.Slug, m.c.Opt.AsOf))
	case common.LoadMsg:
		return m.startLoad(msg.Cmd)
	case common.PushMsg:
		return m.open(msg.Screen)
	case common.OpenFormMsg: // the one place the screens are built
		return m.open(msg.Build(form.Forms{}))
	case common.ChooseMsg:
		m.help = nil
		m.palette = newChooser(m.c, msg)
		m.palette.SetSize(m.width, m.bodyHeight())
		return nil
	case common.OpenImportMsg:
		return m.open(importer.New(m.c, msg.Pilot))
	case common.OpenReviewMsg:
		return m.open(review.New(m.c, msg.Slug, msg.Gate))
	case common.OpenDrillMsg:
		return m.open(drill.New(m.c, msg.Slug, msg.Runbooks, msg.Book))
	case common.CloseMsg:
		m.pop()
		m.status = msg.Status
		return nil
	case common.ChangedMsg:
		if msg.Status != "" {
			m.status = msg.Status
		}
		return m.reloadAll()
	case common.StatusMsg:
		m.status = msg.Text
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		if m.c.Opt.NoMouse || m.help != nil || m.palette != nil {
			return nil
		}
		return m.top().Update(common.ShiftMouse(msg, -1))
	}
	return m.top().Update(msg)
}

// broadcast hands a loaded message to every screen: each takes what is its own.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.stack {
		cmds = append(cmds, s.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	m.status = ""
	if key.Matches(msg, k.ForceQuit) {
		m.quit = true
		return tea.Quit
	}
	if m.help != nil {
		m.help.Update(msg)
		if m.help.closed {
			run := m.help.run
			m.help = nil
			if run != nil { // enter on a line: press its key where help was opened
				return m.key(*run)
			}
		}
		return nil
	}
	if m.palette != nil {
		cmd := m.palette.Update(msg)
		if m.palette.closed {
			m.palette = nil
		}
		return cmd
	}
	if m.top().Capturing() {
		if h, ok := m.top().(helpWhileCapturing); ok && h.HelpOK() && key.Matches(msg, k.Help) {
			m.openHelp()
			return nil
		}
		return m.top().Update(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		m.quit = true
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.openHelp()
		return nil
	case key.Matches(msg, k.Palette):
		m.palette = newPaletteOverlay(m.c, m.actions())
		m.palette.SetSize(m.width, m.bodyHeight())
		return nil
	case key.Matches(msg, k.Back):
		if m.top().Back() {
			return nil
		}
		m.pop()
		return nil
	case key.Matches(msg, k.Copy):
		return m.copyStatus()
	case key.Matches(msg, k.Reload):
		m.status = "reloaded from the database"
		return m.reloadAll()
	}
	return m.top().Update(msg)
}

func (m *Model) pop() {
	if len(m.stack) > 1 {
		m.stack = m.stack[:len(m.stack)-1]
	}
}

func (m *Model) copyStatus() tea.Cmd {
	sl, ok := m.top().(common.StatusLiner)
	if !ok {
		return nil
	}
	line, ok := sl.StatusLine()
	if !ok {
		m.status = "no pilot selected to copy"
		return nil
	}
	m.status = "copied: " + line
	return tea.SetClipboard(line)
}

// helpWhileCapturing is a capturing screen that still lets ? open the
// help (a drill under way: the help shows its keys, the clock runs on).
type helpWhileCapturing interface{ HelpOK() bool }

// helpSectioner is a screen whose keys come in more than one section (a
// pilot's detail: the tab's pane, then the detail's own).
type helpSectioner interface{ HelpSections() []common.HelpSection }

// helpNoter is a screen with lines for the help besides its keys.
type helpNoter interface {
	HelpNotes() (title string, notes []string)
}

func (m *Model) openHelp() {
	m.help = newHelpOverlay(m.c, m.helpSections())
	if n, ok := m.top().(helpNoter); ok {
		m.help.notesTitle, m.help.notes = n.HelpNotes()
	}
	m.help.SetSize(m.width, m.bodyHeight())
}

// helpSections are the keys that work where the user is: the pane, the
// screen, then everywhere; a text box that has the keys leaves only the
// screen's own.
func (m *Model) helpSections() []common.HelpSection {
	k := m.c.Keys
	var out []common.HelpSection
	if hs, ok := m.top().(helpSectioner); ok {
		out = hs.HelpSections()
	} else {
		out = []common.HelpSection{{Title: m.top().Title(), Keys: m.top().Keys()}}
	}
	if m.top().Capturing() {
		out = append(out, common.HelpSection{Title: "Everywhere", Keys: []key.Binding{k.ForceQuit}})
	} else {
		out = append(out, common.HelpSection{Title: "Everywhere", Keys: k.GlobalBindings()})
	}
	return append(out, keyMapSections(&m.c.Keys)...)
}

// keyMapSectionTitles name the key map's sections in the help.
var keyMapSectionTitles = map[string]string{
	"global": "Global keys", "lists": "In lists", "detail": "In a pilot's detail",
	"form": "In forms and text boxes", "review": "In a gate review",
	"drill": "In a timed drill", "import": "On the import screen",
}

// keyMapSections are every section of the key map, in its order, after
// the keys that work where the user is: so the help opened anywhere names
// every key, the forms' own too (a form takes ? as typed text, so the
// help cannot open over one). The help leaves out a key it showed above.
func keyMapSections(k *common.KeyMap) []common.HelpSection {
	var out []common.HelpSection
	for _, nb := range k.Bindings() {
		if len(out) == 0 || out[len(out)-1].Title != keyMapSectionTitles[nb.Section] {
			out = append(out, common.HelpSection{Title: keyMapSectionTitles[nb.Section], Elsewhere: true})
		}
		last := &out[len(out)-1]
		last.Keys = append(last.Keys, *nb.Binding)
	}
	return out
}

// actions are the palette's entries: the top screen's, then global ones.
func (m *Model) actions() []common.Action {
	var as []common.Action
	if ps, ok := m.top().(common.PaletteSource); ok {
		as = append(as, ps.Actions()...)
	}
	if len(m.stack) > 1 {
		as = append(as, common.Action{Name: "Back to portfolio", Help: "close this pilot", Run: func() tea.Cmd {
			m.stack = m.stack[:1]
			return nil
		}})
	}
	for _, name := range themes.Names {
		as = append(as, common.Action{Name: "Theme: " + name, Help: "switch colours", Run: func() tea.Cmd {
			t, _ := themes.Named(name)
			if m.c.Opt.NoColor {
				t = themes.NoColor()
			}
			m.c.Opt.Theme = name
			m.c.SetTheme(t)
			return nil
		}})
	}
	as = append(as,
		common.Action{Name: "Copy status", Help: "copy the selected pilot's one-line status", Run: func() tea.Cmd { return m.copyStatus() }},
		common.Action{Name: "Help", Help: "show every key", Run: func() tea.Cmd {
			m.openHelp()
			return nil
		}},
		common.Action{Name: "Quit", Help: "leave ringside", Run: func() tea.Cmd { m.quit = true; return tea.Quit }},
	)
	return as
}

func (m *Model) View() tea.View {
	if m.dirty || m.frame == "" {
		m.frame = m.render()
		m.dirty = false
	}
	v := tea.NewView(m.frame)
	v.AltScreen = true
	v.WindowTitle = "ringside"
	// the projector paints its own background (nil keeps the terminal's),
	// but not before the terminal has said what its own is: it would
	// answer the query with ours
	if !m.following() || m.c.Background != nil {
		v.BackgroundColor = m.c.Styles.Background
	}
	if !m.c.Opt.NoMouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

// render draws the whole frame: app bar, body (or an overlay), footer.
func (m *Model) render() string {
	if m.width == 0 {
		return "loading…"
	}
	if m.width < minWidth || m.height < minHeight {
		return m.tooSmall()
	}
	st := &m.c.Styles
	var b strings.Builder
	b.WriteString(m.appBar())
	b.WriteByte('\n')
	var body string
	switch {
	case m.help != nil:
		body = m.help.View()
	case m.palette != nil:
		body = m.palette.View()
	default:
		body = m.top().View()
	}
	// A message wider than the screen wraps upwards over the body's last
	// lines (up to a third of the screen) until the next key: every
	// message the cockpit shows can be read whole.
	foot := []string{m.footer()}
	if m.status != "" && widgets.Width(foot[0]) > m.width {
		foot = widgets.Wrap(foot[0], m.width-1)
		if most := max(m.height/3, 1); len(foot) > most {
			foot = append(foot[:most-1], widgets.Cut(strings.Join(foot[most-1:], " "), m.width-1))
		}
		for i := 1; i < len(foot); i++ {
			foot[i] = " " + foot[i]
		}
		lines := strings.Split(body, "\n")
		body = strings.Join(lines[:max(len(lines)-(len(foot)-1), 0)], "\n")
	}
	b.WriteString(body)
	for _, f := range foot {
		b.WriteByte('\n')
		b.WriteString(st.Muted.Render(widgets.Fit(f, m.width)))
	}
	return b.String()
}

func (m *Model) tooSmall() string {
	msg := fmt.Sprintf("terminal too small (need %d×%d, have %d×%d)", minWidth, minHeight, m.width, m.height)
	lines := widgets.Wrap(msg+" — enlarge the window or reduce the font size; "+common.Named(m.c.Keys.Quit)+" quits", max(m.width, 1))
	var b strings.Builder
	for i, l := range lines {
		if i >= m.height {
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(widgets.Cut(l, m.width))
	}
	return b.String()
}

// appBar is the top line: name, breadcrumb, spinner while loading, as-of.
func (m *Model) appBar() string {
	st := &m.c.Styles
	crumbs := make([]string, len(m.stack))
	for i, s := range m.stack {
		crumbs[i] = s.Title()
	}
	right := "as of " + m.c.Date(m.c.Opt.AsOf)
	if m.loading > 0 {
		right = "loading " + m.spin.View() + "  " + right
	}
	left := " ringside · " + strings.Join(crumbs, " › ")
	// one blank cell at least between a cut breadcrumb and the date
	gap := m.width - widgets.Width(right) - 2
	return st.Title.Render(widgets.Fit(left, gap)+" ") + st.Muted.Render(right+" ")
}

// filterer is a screen with a list filter (the dashboard at the bottom of
// the stack), whose text tells whether esc has a filter to clear.
type filterer interface{ FilterText() string }

func (m *Model) footer() string {
	if m.status != "" {
		return " " + m.status
	}
	k := m.c.Keys
	var parts []string
	if m.help != nil || m.palette != nil {
		enter := "run"
		switch {
		case m.help != nil && !m.help.AcceptRuns():
			enter = "close" // a key of another screen, listed for reference
		case m.help == nil && m.palette.title != "Commands":
			enter = "pick" // a chooser
		}
		return " type to filter · " + common.Pair(k.TypingUp, k.TypingDown) + " move · " + common.Named(k.Accept) + " " + enter + " · " + common.Named(k.Cancel) + " close"
	}
	var global []string
	globals := []key.Binding{k.Help, k.Palette, k.Back, k.Quit}
	if d, ok := m.top().(filterer); ok && len(m.stack) == 1 {
		// the portfolio is the bottom of the stack: esc only clears a filter
		back := k.Back // a copy: the map's binding keeps its "back"
		back.SetHelp(k.Back.Help().Key, "clear filter")
		if d.FilterText() == "" {
			back.SetEnabled(false)
		}
		globals = []key.Binding{k.Help, k.Palette, back, k.Quit}
	}
	if m.top().Capturing() {
		// a text box has the keys: ?, : and q type themselves
		globals = []key.Binding{k.ForceQuit}
	}
	for _, b := range globals {
		if h := b.Help(); b.Enabled() && h.Key != "" {
			global = append(global, h.Key+" "+h.Desc)
		}
	}
	if f, ok := m.top().(footerLiner); ok && !m.top().Capturing() {
		if line := f.FooterLine(); line != "" {
			out := " " + line // a screen that spells its own keys: one line, then the globals that fit
			for _, g := range global {
				if widgets.Width(out)+3+widgets.Width(g) < m.width {
					out += " · " + g
				}
			}
			return out
		}
	}
	tail := strings.Join(global, " · ")
	room := m.width - widgets.Width(tail) - 4
	for _, item := range footerItems(m.top().Keys()) {
		if room -= widgets.Width(item) + 3; room < 0 {
			break
		}
		parts = append(parts, item)
	}
	parts = append(parts, tail)
	return " " + strings.Join(parts, " · ")
}

// footerLiner is a screen that spells the lead of its footer itself (the
// gate review: the keys of the agenda step it stands at).
type footerLiner interface {
	FooterLine() string
}

// footerItems spells bindings for the footer: "key desc" each, a pair
// "← previous X", "→ next X" as one "←/→ X"; bindings without help (or
// unbound) are left out.
func footerItems(bs []key.Binding) []string {
	var out []string
	for i := 0; i < len(bs); i++ {
		h := bs[i].Help()
		if h.Key == "" || !bs[i].Enabled() {
			continue
		}
		if i+1 < len(bs) && strings.HasPrefix(h.Desc, "previous ") {
			n := bs[i+1].Help()
			if rest := strings.TrimPrefix(h.Desc, "previous "); n.Desc == "next "+rest && bs[i+1].Enabled() {
				out = append(out, h.Key+"/"+n.Key+" "+rest)
				i++
				continue
			}
		}
		out = append(out, h.Key+" "+h.Desc)
	}
	return out
}
