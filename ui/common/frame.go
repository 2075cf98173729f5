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
