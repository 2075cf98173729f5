package main

import (
	"encoding/json"
	"io"

	"ringside/model"
)

// sanitizeLine keeps control characters of user and file text out of the terminal.
func sanitizeLine(s string) string { return model.Printable(s, true) }

// writeJSON is the one JSON writer of the command line: indented, and
// without HTML escaping, so criteria read `<= -10%`, not `\u003c= -10%`.
func writeJSON(w io.Writer, v any) error { return encodeJSON(w, v, true) }

// writeJSONCompact is writeJSON on one line, for `health --json`: a
// portfolio's verdicts run to megabytes, and indenting them would take
// longer than judging them.
func writeJSONCompact(w io.Writer, v any) error { return encodeJSON(w, v, false) }

func encodeJSON(w io.Writer, v any, indent bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

// runWith runs a command's options through runF when a test gave one,
// else through the command's own run function.
func runWith[T any](runF, run func(*T) error, opts *T) error {
	if runF != nil {
		return runF(opts)
	}
	return run(opts)
}
