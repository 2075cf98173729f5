package app

import (
	"errors"
	"io"
	"slices"

	"ringside/importers"
	"ringside/model"
)

// Preview is what a look at the start of a file shows before importing
// it: the dialect the reader detected, the first rows as they will be
// stored, and the pilot, ring and metric keys met on the way.
type Preview struct {
	Dialect importers.Dialect
	Rows    []importers.Row // the first rows that read cleanly
	Errors  []string        // FILE:LINE problems met while scanning, the first few
	Pilots  []string        // keys found, sorted
	Rings   []string
	Metrics []string
	Scanned int  // rows scanned for keys
	Partial bool // the scan stopped before the end of the file
	// Fatal is set when the header itself cannot be read: the file is not
	// a metric CSV (or has no pilot to import into); nothing else is set.
	Fatal string
}

// maxPreviewErrors bounds the errors a preview keeps; the dry run counts all.
const maxPreviewErrors = 5

// ReadPreview reads up to scan rows of src (0: all of it), keeping the
// first rows rows. Only a bad option (*OptionsError) or a read failure is
// an error; problems with the file's content are in the Preview.
func ReadPreview(src io.Reader, file string, opt importers.Options, rows, scan int) (Preview, error) {
	var p Preview
	r, err := importers.NewMetricReader(src, file, opt)
	if err != nil {
		var re *importers.RowError
		if errors.As(err, &re) {
			p.Fatal = model.Line(re.Error())
			return p, nil
		}
		return p, &OptionsError{err}
	}
	pilots, rings, metrics := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for scan <= 0 || p.Scanned < scan {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *importers.RowError
			if !errors.As(err, &re) {
				return p, err
			}
			if len(p.Errors) < maxPreviewErrors {
				p.Errors = append(p.Errors, model.Line(re.Error()))
			}
			continue
		}
		p.Scanned++
		if len(p.Rows) < rows {
			p.Rows = append(p.Rows, row)
		}
		pilots[row.Pilot], rings[row.Ring], metrics[row.Metric] = true, true, true
	}
	if scan > 0 && p.Scanned >= scan {
		_, err := r.Next()
		p.Partial = err != io.EOF
	}
	p.Dialect = r.Dialect()
	p.Pilots, p.Rings, p.Metrics = sortedKeys(pilots), sortedKeys(rings), sortedKeys(metrics)
	return p, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
