package exporters

import (
	"encoding/csv"
	"io"
)

// UTF8BOM starts every CSV that ringside writes unless asked not to: Excel
// reads a CSV without it in the system's code page, which garbles accents
// and symbols such as ×.
const UTF8BOM = "\uFEFF"

// Options tune an export. The zero value is the default.
type Options struct {
	NoBOM bool // CSV: leave out the UTF-8 byte-order mark (--no-bom)
}

// NewCSVWriter returns a CSV writer for spreadsheets: the UTF-8 BOM first
// (unless o.NoBOM) and CRLF line ends, as RFC 4180 says. Cells still go
// through CSVSafe, which the caller applies.
func NewCSVWriter(w io.Writer, o Options) (*csv.Writer, error) {
	if !o.NoBOM {
		if _, err := io.WriteString(w, UTF8BOM); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw, nil
}
