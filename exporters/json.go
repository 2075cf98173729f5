package exporters

import (
	"encoding/json"
	"io"
)

// WriteJSON is the one JSON writer of ringside: indented, and without HTML
// escaping, so criteria read `<= -10%`, not `\u003c= -10%`. Nothing ringside
// writes is meant to be pasted into HTML unquoted; the HTML exports escape
// their own text.
func WriteJSON(w io.Writer, v any) error { return encodeJSON(w, v, "  ") }

// WriteJSONCompact is WriteJSON on one line, for output so large that
// indenting it would cost more than producing it (`health --json`).
func WriteJSONCompact(w io.Writer, v any) error { return encodeJSON(w, v, "") }

func encodeJSON(w io.Writer, v any, indent string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(v)
}
