package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/ui/widgets"
)

// helpSection is a titled group of bindings in the help overlay.
type helpSection struct {
	title string
	keys  []key.Binding
}

// helpOverlay lists every key of the current screen and the global ones;
// typing filters the list (by key or description).
type helpOverlay struct {
	c        *common
	sections []helpSection
	filter   lineInput
	offset   int
	width    int
	height   int
	closed   bool
}

func newHelpOverlay(c *common, sections []helpSection) *helpOverlay {
	return &helpOverlay{c: c, sections: sections, filter: lineInput{prompt: "filter help: ", focus: true}}
}

func (h *helpOverlay) SetSize(w, hgt int) { h.width, h.height = w, hgt }

func (h *helpOverlay) Keys() []key.Binding { return nil }

// Update handles a key; a non-nil return is never used (help runs nothing).
func (h *helpOverlay) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "esc", "?":
		if k.String() == "?" && h.filter.String() != "" {
			break
		}
		h.closed = true
		return nil
	case "up":
		h.offset = max(h.offset-1, 0)
		return nil
	case "down":
		h.offset++
		return nil
	}
	if h.filter.handle(k) {
		h.offset = 0
	}
	return nil
}

// lines are the help entries that pass the filter.
func (h *helpOverlay) lines() []string {
	q := strings.ToLower(h.filter.String())
	var out []string
	for _, s := range h.sections {
		var rows []string
		for _, b := range s.keys {
			hb := b.Help()
			if hb.Key == "" {
				continue
			}
			if q != "" && !strings.Contains(strings.ToLower(hb.Key+" "+hb.Desc), q) {
				continue
			}
			rows = append(rows, "  "+h.c.styles.Key.Render(widgets.Fit(hb.Key, 12))+" "+hb.Desc)
		}
		if len(rows) > 0 {
			out = append(out, h.c.styles.Heading.Render(s.title))
			out = append(out, rows...)
			out = append(out, "")
		}
	}
	if len(out) == 0 {
		out = append(out, "  no key matches "+q)
	}
	return out
}

func (h *helpOverlay) View() string {
	lines := []string{h.c.styles.Title.Render(" Help") + h.c.styles.Muted.Render(" — esc or ? closes"), h.filter.view(h.width), ""}
	body := h.lines()
	room := h.height - len(lines)
	h.offset = widgets.Clamp(h.offset, 0, max(len(body)-room, 0))
	end := min(h.offset+room, len(body))
	lines = append(lines, body[h.offset:end]...)
	return frame(lines, h.width, h.height)
}

// frame joins lines into exactly height lines, each cut to width.
func frame(lines []string, width, height int) string {
	var b strings.Builder
	for i := 0; i < height; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(widgets.Cut(lines[i], width))
		}
	}
	return b.String()
}
