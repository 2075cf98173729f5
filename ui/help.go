package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/ui/common"
	"ringside/ui/widgets"
)

// helpOverlay lists every key that works where the user is — the pane,
// the screen and the global ones — generated from the key map. Typing
// filters the list (by key or description); enter on a line closes the
// help and presses that key, so the help doubles as a menu. After those
// come the rest of the key map's keys, section by section, for reference:
// enter on one of them only closes the help.
type helpOverlay struct {
	c        *common.Common
	sections []common.HelpSection
	filter   common.LineInput
	cursor   int // index into the entries that pass the filter
	offset   int
	width    int
	height   int
	closed   bool
	run      *tea.KeyPressMsg // the key to press after closing, if any
	// notes are lines of text after the keys (what a narrow screen left
	// out), filtered like them.
	notesTitle string
	notes      []string
}

func newHelpOverlay(c *common.Common, sections []common.HelpSection) *helpOverlay {
	return &helpOverlay{c: c, sections: sections, filter: common.LineInput{Prompt: "filter help: ", Focus: true}}
}

func (h *helpOverlay) SetSize(w, hgt int) { h.width, h.height = w, hgt }

func (h *helpOverlay) Keys() []key.Binding { return nil }

// helpEntry is one line of the help: its section and its binding.
type helpEntry struct {
	section int
	b       key.Binding
}

// entries are the bindings that pass the filter, in section order; a
// binding shown in an earlier section (or without help) is left out.
func (h *helpOverlay) entries() []helpEntry {
	q := strings.ToLower(h.filter.String())
	var out []helpEntry
	seen := map[string]bool{}
	for i, s := range h.sections {
		for _, b := range s.Keys {
			hb := b.Help()
			if hb.Key == "" || !b.Enabled() {
				continue
			}
			id := hb.Key + "\x00" + hb.Desc
			if seen[id] {
				continue
			}
			if q != "" {
				if _, ok := widgets.FuzzyScore(q, hb.Key+" "+hb.Desc); !ok {
					continue
				}
			}
			seen[id] = true
			out = append(out, helpEntry{i, b})
		}
	}
	return out
}

// Update handles a key; a non-nil return is never used: the root reads
// run after the help closes.
func (h *helpOverlay) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	km := &h.c.Keys
	es := h.entries()
	if d, ok := km.TypingStep(k); ok {
		h.cursor = widgets.Clamp(h.cursor+d, 0, max(len(es)-1, 0))
		return nil
	}
	switch {
	case key.Matches(k, km.Cancel), key.Matches(k, km.Help) && h.filter.String() == "":
		h.closed = true
		return nil
	case key.Matches(k, km.Accept):
		h.closed = true
		if h.acceptRuns(es) {
			press := common.PressOf(es[h.cursor].b.Keys()[0])
			h.run = &press
		}
		return nil
	}
	if h.filter.Handle(km, k) {
		h.cursor, h.offset = 0, 0
	}
	return nil
}

// acceptRuns says whether enter on the selected line presses its key: only
// a key of where the user is runs; one listed from elsewhere just closes.
func (h *helpOverlay) acceptRuns(es []helpEntry) bool {
	return h.cursor < len(es) && !h.sections[es[h.cursor].section].Elsewhere && len(es[h.cursor].b.Keys()) > 0
}

// AcceptRuns is acceptRuns for the line the cursor is on now, for the footer.
func (h *helpOverlay) AcceptRuns() bool {
	return h.acceptRuns(h.entries())
}

func (h *helpOverlay) View() string {
	st, km := &h.c.Styles, &h.c.Keys
	lines := []string{st.Title.Render(" Help") + st.Muted.Render(" — type to filter · "+common.Pair(km.TypingUp, km.TypingDown)+" move · "+common.Named(km.Accept)+" runs the key · "+common.Named(km.Cancel)+" closes"), h.filter.View(h.width), ""}
	if log := h.c.Opt.DebugLog; log != "" {
		state := "start ringside with --debug to write it"
		if h.c.Opt.DebugOn {
			state = "being written"
		}
		lines = append(lines[:2], st.Muted.Render(" debug log: "+log+" ("+state+")"), "")
	}
	es := h.entries()
	h.cursor = widgets.Clamp(h.cursor, 0, max(len(es)-1, 0))
	// body lines: a heading before each section's first entry
	var body []string
	cursorLine := 0
	last := -1
	q := h.filter.String()
	var notes []string
	for _, n := range h.notes {
		if common.LineMatches(q, n) {
			notes = append(notes, "  "+common.HighlightLine(st.Match, n, q))
		}
	}
	// the notes are about this screen: they go before the keys of elsewhere
	addNotes := func() {
		if len(notes) > 0 {
			body = append(body, "", st.Heading.Render(h.notesTitle))
			body = append(body, notes...)
			notes = nil
		}
	}
	shown := len(notes) > 0
	for i, e := range es {
		if h.sections[e.section].Elsewhere {
			addNotes()
		}
		if e.section != last {
			if last >= 0 {
				body = append(body, "")
			}
			body = append(body, st.Heading.Render(h.sections[e.section].Title))
			last = e.section
		}
		hb := e.b.Help()
		keyCell := widgets.Fit(hb.Key, 12)
		desc := hb.Desc
		if i == h.cursor {
			cursorLine = len(body)
			body = append(body, st.Selected.Render(widgets.Fit(common.GlyphCursor+" "+keyCell+" "+desc, h.width)))
			continue
		}
		body = append(body, "  "+st.Key.Render(common.Highlight(st.Match, keyCell, q))+" "+common.Highlight(st.Match, desc, q))
	}
	addNotes()
	if len(es) == 0 && !shown {
		body = append(body, "  no key matches "+q)
	}
	room := max(h.height-len(lines), 1)
	h.offset = widgets.Scroll(cursorLine, h.offset, room, len(body))
	end := min(h.offset+room, len(body))
	lines = append(lines, body[h.offset:end]...)
	return common.Frame(lines, h.width, h.height)
}
