// Package importer is the cockpit's import screen: pick a metrics file,
// preview what it would change (new, updated, rejected readings and the
// rings whose health moves), then write it in one transaction or cancel
// with nothing written.
package importer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
)

// importStep is where the import screen stands: pick a file, look at its
// preview, read the dry run, watch the import, read what it changed.
type importStep int

const (
	stepPick importStep = iota
	stepPreview
	stepCheck // the dry run, running or done
	stepImport
	stepDone
)

var importStepNames = []string{"file", "preview", "dry run", "import", "health"}

// Screen imports one metric CSV into the store, step by step: no
// row is written before the user has seen the preview and the dry run,
// and an import under way can be cancelled (its transaction rolls back).
type Screen struct {
	c      *common.Common
	Open   openFunc // os.Open unless a test says otherwise
	step   importStep
	picker *filePicker
	seq    int // bumped whenever an answer in flight becomes stale

	// the portfolio, for the pilot choice and which keys it knows
	slugs  []string
	pilots map[string]pilotKeys
	pilot  string // pilot of rows without one ("" none)

	// the import sources (saved ones, then built-in), the one chosen (-1
	// none), the columns the user named (m), and the box that asks for a
	// mapping or a source's name (w)
	sources []model.ImportSource
	source  int
	fits    map[string]bool // source name → its header reads this file (unknown until checked)
	fitSeq  int             // bumped per check, so a stale answer is dropped
	maps    map[string]string
	input   common.LineInput
	asking  string // "map", "save" or "" (the box is closed)
	saved   string // what the last save did

	cwd     string // the folder the picker started in
	file    string // the path opened
	name    string // the file as shown and recorded: relative to cwd when inside it
	size    int64
	preview *app.Preview
	err     error // the current step's failure, shown instead of its content

	job       *importJob
	read      int64
	cancel    bool // esc pressed while the job runs
	dry       *app.ImportStats
	result    *importFinished
	scroll    int // lines scrolled below the steps line (preview, dry run, result)
	scrollMax int // the furthest scroll the last frame allowed
	width     int
	height    int
}

// New is the import screen; pilot, when set, is the pilot of rows that
// name none (the detail's pilot). The root builds it for common.OpenImportMsg.
func New(c *common.Common, pilot string) *Screen {
	return &Screen{c: c, Open: OpenMetricFile, picker: newFilePicker(""), pilot: pilot, source: -1}
}

func (s *Screen) Init() tea.Cmd {
	return tea.Batch(s.picker.init(), loadImportKeys(s.c.Opt.App))
}

func (s *Screen) Title() string { return "Import metrics" }

// Capturing: while typing a path, and while a job runs (esc cancels it, q
// must not leave mid-import).
func (s *Screen) Capturing() bool {
	return (s.step == stepPick && s.picker.path.Focus) || s.running() || s.asking != ""
}

func (s *Screen) running() bool { return s.job != nil }

func (s *Screen) SetSize(w, h int) { s.width, s.height = w, h }

func (s *Screen) Keys() []key.Binding {
	k := s.c.Keys
	switch {
	case s.running():
		return []key.Binding{k.StopImport}
	case s.step == stepPick && s.picker.path.Focus, s.asking != "":
		return []key.Binding{k.Accept, k.Cancel, k.Erase, k.Clear}
	case s.step == stepPick:
		return append([]key.Binding{k.Pick, k.IntoFolder, k.ParentFolder, k.TypePath}, k.ListBindings()...)
	}
	var ks []key.Binding
	switch {
	case s.step == stepPreview:
		ks = []key.Binding{k.DryRun, k.ChangePilot, k.ChangeSource, k.MapColumn, k.SaveSource}
	case s.step == stepCheck && s.dry != nil && s.dry.Accepted && s.dry.Changed():
		ks = []key.Binding{k.RunImport, k.ChangePilot}
	case s.step == stepCheck:
		ks = []key.Binding{k.ChangePilot}
	default:
		ks = []key.Binding{k.CloseImport, k.Another}
	}
	if s.scrollMax > 0 {
		ks = append(ks, k.ListBindings()...)
	}
	return ks
}

// Back steps back one step; from the file list (or the end) it lets the
// root close the screen.
func (s *Screen) Back() bool {
	switch s.step {
	case stepPreview:
		s.toPick()
		return true
	case stepCheck:
		s.toPreview()
		return true
	}
	return false
}

func (s *Screen) toPick() {
	s.seq++
	s.step, s.preview, s.dry, s.result, s.err = stepPick, nil, nil, nil, nil
	s.scroll = 0
}

func (s *Screen) toPreview() {
	s.seq++
	s.step, s.dry, s.err = stepPreview, nil, nil
	s.scroll = 0
}

// options are what the preview, dry run and import read the file with:
// the pilot, the columns the user named, laid over the chosen source.
func (s *Screen) options() app.ImportOptions {
	o := app.ImportOptions{Pilot: s.pilot, Map: maps.Clone(s.maps)}
	if src, ok := s.chosen(); ok {
		if so, err := app.SourceOptions(src, o); err == nil {
			o = so
		}
	}
	return o
}

// optionsWith is what the file would be read with under src: the pilot
// and the columns the user named, laid over the source.
func (s *Screen) optionsWith(src model.ImportSource) (app.ImportOptions, error) {
	return app.SourceOptions(src, app.ImportOptions{Pilot: s.pilot, Map: maps.Clone(s.maps)})
}

// checkFits asks which sources read the open file (in a tea.Cmd: it opens
// the file once per source); nothing to ask before a file and its sources.
func (s *Screen) checkFits() tea.Cmd {
	if s.file == "" || len(s.sources) == 0 {
		return nil
	}
	s.fits = nil
	s.fitSeq++
	opts := make([]app.ImportOptions, len(s.sources))
	bad := make([]bool, len(s.sources))
	for i, src := range s.sources {
		o, err := s.optionsWith(src)
		opts[i], bad[i] = o, err != nil
	}
	return sourcesFit(s.fitSeq, s.file, s.name, slices.Clone(s.sources), opts, bad)
}

// fitting says whether src reads the open file: true until checked.
func (s *Screen) fitting(src model.ImportSource) bool {
	fit, known := s.fits[src.Name]
	return fit || !known
}

// chosen is the source picked, if any.
func (s *Screen) chosen() (model.ImportSource, bool) {
	if s.source < 0 || s.source >= len(s.sources) {
		return model.ImportSource{}, false
	}
	return s.sources[s.source], true
}

// nextSource cycles the source: none, then each saved and built-in one
// that reads the file (every one until that is known).
func (s *Screen) nextSource() tea.Cmd {
	if len(s.sources) == 0 {
		return nil
	}
	for {
		s.source++
		if s.source >= len(s.sources) {
			s.source = -1
		}
		if s.source < 0 || s.fitting(s.sources[s.source]) {
			break
		}
	}
	s.saved = ""
	return s.readPreview()
}

// asSource is what the screen reads the file with, as a source to save
// under name: the chosen source's fields, the pilot, the user's columns.
func (s *Screen) asSource(name string) model.ImportSource {
	src, _ := s.chosen()
	src.Name = name
	src.Map = maps.Clone(src.Map)
	for role, header := range s.maps {
		if src.Map == nil {
			src.Map = map[string]string{}
		}
		src.Map[role] = header
		if role == "ring" {
			src.Ring = ""
		}
	}
	if s.pilot != "" {
		src.Pilot = s.pilot
	}
	return src
}

// askKey takes a key while the box is open: enter maps the column
// (ROLE=HEADER) or saves the source, esc closes the box.
func (s *Screen) askKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys
	switch {
	case key.Matches(msg, k.Cancel):
		s.asking = ""
		s.input.Clear()
		return nil
	case key.Matches(msg, k.Accept):
		text := strings.TrimSpace(s.input.String())
		what := s.asking
		s.asking = ""
		s.input.Clear()
		s.input.Focus = false
		if text == "" {
			return nil
		}
		if what == "save" {
			s.saved = "saving source " + text + "…"
			return saveSource(s.c, s.seq, s.asSource(text))
		}
		role, header, ok := strings.Cut(text, "=")
		if role = strings.ToLower(strings.TrimSpace(role)); !ok || role == "" || strings.TrimSpace(header) == "" {
			s.saved = "write ROLE=HEADER, e.g. date=Report Date or aht=Avg Handle Time"
			return nil
		}
		if s.maps == nil {
			s.maps = map[string]string{}
		}
		s.maps[role] = strings.TrimSpace(header)
		s.saved = ""
		return tea.Batch(s.readPreview(), s.checkFits())
	}
	s.input.Handle(k, msg)
	return nil
}

func (s *Screen) ask(what, prompt string) {
	s.asking, s.input = what, common.LineInput{Prompt: prompt, Focus: true}
}

// readPreview (re)reads the chosen file's preview.
func (s *Screen) readPreview() tea.Cmd {
	s.seq++
	s.step, s.preview, s.dry, s.err = stepPreview, nil, nil, nil
	s.scroll = 0
	return previewFile(s.Open, s.seq, s.file, s.name, s.options())
}

// pilotChosen is the chooser's answer: the pilot of rows without one
// ("" none).
type pilotChosen struct{ slug string }

// choosePilot opens a filterable chooser of the pilot of rows without
// one: none, then every pilot, the cursor on the current choice.
func (s *Screen) choosePilot() tea.Cmd {
	choose := func(slug string) func() tea.Cmd {
		return func() tea.Cmd { return func() tea.Msg { return pilotChosen{slug} } }
	}
	choices := []common.Action{{Name: "none", Help: "every row must name its pilot", Run: choose("")}}
	preset := 0
	for _, slug := range s.slugs {
		if slug == s.pilot {
			preset = len(choices)
		}
		choices = append(choices, common.Action{Name: slug, Help: model.Line(s.pilots[slug].name), Run: choose(slug)})
	}
	return common.Choose("Pilot for rows that name none", choices, preset)
}

// setPilot takes the chosen pilot and reads the file again with it.
func (s *Screen) setPilot(slug string) tea.Cmd {
	s.pilot = slug
	return tea.Batch(s.readPreview(), s.checkFits())
}

func (s *Screen) start(dryRun bool) tea.Cmd {
	s.seq++
	s.read, s.cancel, s.err, s.scroll = 0, false, nil, 0
	var touched []string
	if s.preview != nil {
		touched = s.preview.Pilots
	}
	if dryRun {
		s.step, s.dry = stepCheck, nil
	} else {
		s.step = stepImport
	}
	var cmd tea.Cmd
	s.job, cmd = startImport(s.c, s.Open, s.seq, s.file, s.name, s.options(), dryRun, touched)
	return cmd
}

func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case sourceSaved:
		switch {
		case msg.err != nil:
			s.saved = "not saved: " + model.Line(msg.err.Error())
		case !msg.changed:
			s.saved = "source " + model.Line(msg.src.Name) + " is saved as it is already"
		default:
			s.saved = "saved source " + model.Line(msg.src.Name) + " (audited); import metrics --source " + model.Line(msg.src.Name) + " uses it"
			i := slices.IndexFunc(s.sources, func(x model.ImportSource) bool { return x.Name == msg.src.Name })
			if i < 0 {
				s.sources = model.CanonicalSources(append(s.sources, msg.src))
			} else {
				s.sources[i] = msg.src
			}
			s.source = slices.IndexFunc(s.sources, func(x model.ImportSource) bool { return x.Name == msg.src.Name })
			s.maps = nil // they are the source's now
			return s.checkFits()
		}
	case importKeysLoaded:
		s.slugs, s.pilots, s.sources = msg.slugs, msg.pilots, msg.sources
		if msg.err != nil {
			s.err = fmt.Errorf("could not read the portfolio: %w", msg.err)
		}
		return s.checkFits()
	case sourcesFitted:
		if msg.seq == s.fitSeq {
			s.fits = msg.fits
		}
	case dirListed:
		if msg.asked == "" {
			s.cwd = msg.dir
		}
		s.picker.setListing(msg)
	case pickedFile:
		s.file, s.name = msg.path, displayPath(s.cwd, msg.path)
		return tea.Batch(s.readPreview(), s.checkFits())
	case importPreviewed:
		if msg.seq != s.seq {
			return nil
		}
		s.size, s.err = msg.size, msg.err
		if msg.err == nil {
			s.preview = &msg.p
		}
	case Progress:
		if s.job == nil || msg.seq != s.job.seq {
			return nil
		}
		s.read = msg.done
		return s.job.wait()
	case importFinished:
		if s.job == nil || msg.seq != s.job.seq {
			return nil
		}
		return s.finished(msg)
	case tea.MouseWheelMsg: // past the file list the wheel scrolls as the keys do
		if s.step != stepPick {
			switch msg.Button {
			case tea.MouseWheelUp:
				s.scroll = max(s.scroll-3, 0)
			case tea.MouseWheelDown:
				s.scroll = min(s.scroll+3, s.scrollMax)
			}
		}
	case pilotChosen:
		if s.file == "" || s.running() {
			s.pilot = msg.slug
			return nil
		}
		return s.setPilot(msg.slug)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// finished takes a job's result: a dry run moves on to its summary, an
// import to its result and the health it changed.
func (s *Screen) finished(msg importFinished) tea.Cmd {
	s.job = nil
	cancelled := errors.Is(msg.err, context.Canceled)
	if msg.dryRun {
		if cancelled {
			s.toPreview()
			return nil
		}
		s.err = msg.err
		if msg.err == nil {
			s.dry = &msg.st
		}
		return nil
	}
	s.step, s.result, s.scroll = stepDone, &msg, 0
	if msg.err == nil && msg.st.Changed() {
		return common.Changed(fmt.Sprintf("imported %s: %d new, %d updated", filepath.Base(s.name), msg.st.New, msg.st.Updated))
	}
	return nil
}

func (s *Screen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys
	if s.running() {
		if key.Matches(msg, s.c.Keys.StopImport) && !s.cancel {
			s.cancel = true
			s.job.cancel()
		}
		return nil
	}
	if s.asking != "" {
		return s.askKey(msg)
	}
	if s.step != stepPick {
		// past the file list the screen scrolls when it outgrows it
		if n, ok := k.Step(msg, max(s.scrollRoom()-2, 1), 1<<30); ok {
			s.scroll = min(max(s.scroll+n, 0), s.scrollMax)
			return nil
		}
	}
	switch s.step {
	case stepPick:
		return s.picker.key(s.c, msg, s.listRoom())
	case stepPreview:
		switch {
		case key.Matches(msg, k.ChangeSource):
			return s.nextSource()
		case key.Matches(msg, k.MapColumn):
			s.ask("map", "map a column, ROLE=HEADER (date, ring, pilot, metric, value or a metric key): ")
		case key.Matches(msg, k.SaveSource):
			if s.preview != nil && s.preview.Fatal == "" {
				s.ask("save", "save as source named: ")
			}
		case key.Matches(msg, k.DryRun):
			if s.preview != nil && s.preview.Fatal == "" && s.err == nil {
				return s.start(true)
			}
		case key.Matches(msg, k.ChangePilot):
			return s.choosePilot()
		}
	case stepCheck:
		switch {
		case key.Matches(msg, k.RunImport):
			if s.dry != nil && s.dry.Accepted && s.dry.Changed() {
				return s.start(false)
			}
		case key.Matches(msg, k.ChangePilot):
			return s.choosePilot()
		}
	case stepDone:
		switch {
		case key.Matches(msg, k.CloseImport):
			return common.CloseTop(s.doneStatus())
		case key.Matches(msg, k.Another):
			s.toPick()
		}
	}
	return nil
}

// listRoom is how many rows the file list shows.
func (s *Screen) listRoom() int { return max(s.height-5, 1) }

// Actions: the palette can run the step the screen stands at.
func (s *Screen) Actions() []common.Action {
	var as []common.Action
	if s.step == stepPreview || s.step == stepCheck {
		as = append(as, common.Action{Name: "Import: change pilot", Help: "the pilot of rows that name none", Run: func() tea.Cmd { return s.choosePilot() }})
	}
	if s.step != stepPick && !s.running() {
		as = append(as, common.Action{Name: "Import: another file", Help: "back to the file list", Run: func() tea.Cmd { s.toPick(); return nil }})
	}
	return as
}

// doneStatus is the footer line left when the screen closes.
func (s *Screen) doneStatus() string {
	r := s.result
	switch {
	case r == nil:
		return ""
	case errors.Is(r.err, context.Canceled):
		return "import cancelled: nothing written"
	case r.err != nil:
		return "import failed: nothing written"
	case !r.st.Accepted:
		return "import rejected: nothing written"
	case !r.st.Changed():
		return "nothing imported: every row was already stored"
	}
	return fmt.Sprintf("imported %s: %d new, %d updated", filepath.Base(s.name), r.st.New, r.st.Updated)
}

// displayPath names path relative to cwd when it lies inside it (as a user
// would type it on the command line), else as it is.
func displayPath(cwd, path string) string {
	if cwd == "" {
		return path
	}
	rel, err := filepath.Rel(cwd, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}
