package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"ringside/ui/widgets"
)

// helpSection is a titled group of bindings in the help overlay.
type helpSection struct {
	title string
	keys  []key.Binding
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
