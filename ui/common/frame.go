package common

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"ringside/ui/widgets"
)

// helpSection is a titled group of bindings in the help overlay.
type HelpSection struct {
	Title string
	Keys  []key.Binding
	// Elsewhere marks a section of keys that work on other screens (the
	// key map's sections after the keys that work here): the help lists
	// them, and enter on one closes the help without pressing it.
	Elsewhere bool
}

// frame joins lines into exactly height lines, each cut to width.
func Frame(lines []string, width, height int) string {
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
