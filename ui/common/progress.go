package common

import (
	"charm.land/bubbles/v2/progress"

	"ringside/themes"
)

// progressBar draws share (0–1) of width cells with bubbles' progress bar
// in the theme's colours: █ done, ░ to go, so it reads without colour too.
// It is drawn as it stands (ViewAs), with no animation to wait for.
func ProgressBar(share float64, width int, st *themes.Styles) string {
	p := progress.New(progress.WithWidth(max(width, 1)), progress.WithoutPercentage(),
		progress.WithFillCharacters('█', '░'))
	p.FullColor = st.Heading.GetForeground()
	p.EmptyColor = st.Muted.GetForeground()
	return p.ViewAs(min(max(share, 0), 1))
}
