package main

import (
	"io"

	"ringside/exporters"
	"ringside/model"
)

// sanitizeLine keeps control characters of user and file text out of the terminal.
func sanitizeLine(s string) string { return model.Printable(s, true) }

// writeJSON writes v as the command line's JSON: exporters.WriteJSON,
// the one JSON writer of ringside (indented, no HTML escaping).
func writeJSON(w io.Writer, v any) error { return exporters.WriteJSON(w, v) }

// writeJSONCompact is writeJSON on one line, for `health --json`: a
// portfolio's verdicts run to megabytes, and indenting them would take
// longer than judging them.
func writeJSONCompact(w io.Writer, v any) error { return exporters.WriteJSONCompact(w, v) }

// runWith runs a command's options through runF when a test gave one,
// else through the command's own run function.
func runWith[T any](runF, run func(*T) error, opts *T) error {
	if runF != nil {
		return runF(opts)
	}
	return run(opts)
}
