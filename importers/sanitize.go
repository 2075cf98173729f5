package importers

import (
	"ringside/model"
)

// Sanitize makes text from a file or a user safe to print on a terminal,
// on one line: see model.Printable.
func Sanitize(s string) string { return model.Printable(s, false) }

// echoLimit is how many characters of a bad value an error message repeats.
const echoLimit = 40

// echo quotes a value from a file for an error message: sanitized and cut
// to echoLimit characters, so one bad megabyte field cannot flood a screen.
func echo(s string) string { return `"` + clip(s, echoLimit) + `"` }

// clip sanitizes s and cuts it to n characters, marking the cut with "…".
func clip(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return Sanitize(s[:i]) + "…"
		}
		count++
	}
	return Sanitize(s)
}
