package app

// Metric ingest: the one piece of glue between the metric-CSV reader
// (importers) and the store. It hashes the file as it streams, turns the
// reader's rows and row errors into the store's, and reports progress. The
// command line, the cockpit's import screen, the demo and the tests all
// import through ImportMetrics, so they count, reject and audit alike.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"ringside/importers"
	"ringside/model"
	"ringside/store"
)

// OptionsError is a bad import option (an invalid --pilot, an unknown
// layout): the caller's mistake, not the file's.
type OptionsError struct{ Err error }

func (e *OptionsError) Error() string { return e.Err.Error() }
func (e *OptionsError) Unwrap() error { return e.Err }

// progressEvery is how many rows pass between two progress reports.
const progressEvery = 1024

// ImportStats is what an import of one file did (or would do).
type ImportStats = store.ImportStats

// ImportOptions is how a metric CSV is read (its pilot, column map,
// layout): the cockpit's import screen builds them through app.
type ImportOptions = importers.Options

// SourceOptions are the options an import source (a saved or built-in
// profile) reads a file with, on top of o.
func SourceOptions(src model.ImportSource, o ImportOptions) (ImportOptions, error) {
	return importers.SourceOptions(src, o)
}

// UnknownPilot is a pilot a file names that the database does not have;
// each front end words its own remedy.
type UnknownPilot = store.UnknownPilot

// ImportMetrics imports one CSV stream read from src, named file in messages and
// the audit log, in one transaction. shift moves every day by that many
// days (the demo anchors its data to the day it is loaded). progress, when
// set, is called now and then with the bytes read so far, from the
// goroutine that parses (keep it cheap and safe to call concurrently).
//
// A file whose content is wrong comes back rejected (Accepted false, with
// FILE:LINE errors) and a nil error. Cancelling ctx stops the import and
// rolls its transaction back: the error then wraps ctx.Err() and nothing
// was written. Only a bad option (*OptionsError), a read or database
// failure, or a cancel is an error.
//
// A src that can seek (a file) is first measured: when an import of a file
// of that size read with the same options is recorded, the file is hashed,
// and if the latest import of the same bytes read the same way went into
// series nothing has changed since, the answer is every row unchanged
// (with a note naming that import) without reading a row.
func (a *App) ImportMetrics(ctx context.Context, c Change, file string, src io.Reader, opt importers.Options, dryRun bool, shift int,
	progress func(bytesRead int64)) (store.ImportStats, error) {
	orig := &Original{Size: -1}
	if f, ok := src.(io.ReadSeeker); ok {
		st, size, done, err := a.UnchangedFile(ctx, file, f, opt, dryRun, shift)
		if err != nil || done {
			if done && progress != nil {
				progress(size)
			}
			return st, err
		}
		orig.Size = size
	}
	return a.ImportMetricsHashed(ctx, c, file, src, opt, dryRun, shift, progress, orig)
}

// Original is the file the user named when the text an import reads was
// converted from it (a workbook's sheet): its size in bytes (-1 unknown)
// and, when set, its SHA-256, which the import records instead of the
// text's.
type Original struct {
	Size int64
	Hash func() string
}

// UnchangedFile answers an import of f whose bytes, read with opt, were
// already imported into series nothing has changed since (done true: st
// is the answer, every row unchanged). Otherwise f is back at its start
// and size is its length, for the import to record. A file that cannot
// seek is not asked about (size -1).
func (a *App) UnchangedFile(ctx context.Context, file string, f io.ReadSeeker, opt importers.Options, dryRun bool, shift int) (st store.ImportStats, size int64, done bool, err error) {
	size, err = f.Seek(0, io.SeekEnd)
	if err != nil {
		return st, -1, false, nil // not a plain file: read it as it comes
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return st, -1, false, fmt.Errorf("%s: %w", model.Line(file), err)
	}
	key := ImportKey(opt, shift)
	known, err := a.store.HasImportOf(ctx, key, size)
	if err != nil || !known {
		return st, size, false, err
	}
	sum := sha256.New()
	_, err = io.Copy(sum, f)
	if _, serr := f.Seek(0, io.SeekStart); err == nil {
		err = serr
	}
	if err != nil {
		return st, size, false, fmt.Errorf("%s: %w", model.Line(file), err)
	}
	st, done, err = a.store.UnchangedImport(ctx, store.ImportMeta{File: file, SHA256: hex.EncodeToString(sum.Sum(nil)), Options: key, Size: size, DryRun: dryRun})
	return st, size, done, err
}

// ImportKey is the canonical text of how an import reads a file: every
// reading option (pilot, layout, ring, mapping, skipped columns, date
// format, decimal mark, sheet, event counts and means, a source's own
// mapping, a headerless file's columns), the zone of epoch times and the
// demo's day shift, as JSON. The same bytes read with the same key give
// the same rows. "" when the options do not encode, or rings come from a
// user,ring file (--rings): that records nothing.
func ImportKey(opt importers.Options, shift int) string {
	if opt.Rings != nil || opt.RingsFrom != "" {
		// The rows' rings come from another file, which the key cannot
		// see: such a file is always read whole.
		return ""
	}
	zone := ""
	if loc := opt.Location; loc != nil {
		// Only the days epoch times fall on matter, and time.Local is
		// named "Local" whatever zone it is: the zone's offsets at days
		// around the usual changes over the years name it well enough.
		var b strings.Builder
		for _, y := range []int{1970, 1990, 2000, 2010, 2020, 2025, 2026, 2027, 2030} {
			for _, md := range [][2]int{{1, 1}, {3, 20}, {4, 2}, {7, 1}, {10, 29}, {11, 4}} {
				_, off := time.Date(y, time.Month(md[0]), md[1], 12, 0, 0, 0, time.UTC).In(loc).Zone()
				fmt.Fprintf(&b, "%d ", off)
			}
		}
		zone = strings.TrimSpace(b.String())
	}
	opt.Location = nil
	b, err := json.Marshal(struct {
		Options importers.Options `json:"options"`
		Zone    string            `json:"zone,omitempty"`
		Shift   int               `json:"shift,omitempty"`
	}{opt, zone, shift})
	if err != nil {
		return ""
	}
	return string(b)
}

// ImportMetricsHashed is ImportMetrics for text converted from another
// file (a workbook's sheet), described by orig (nil: nothing known), and
// without asking whether it is unchanged (UnchangedFile asks that of the
// original file).
func (a *App) ImportMetricsHashed(ctx context.Context, c Change, file string, src io.Reader, opt importers.Options, dryRun bool, shift int,
	progress func(bytesRead int64), orig *Original) (store.ImportStats, error) {
	sum := sha256.New()
	r, err := importers.NewMetricReader(io.TeeReader(src, sum), file, opt)
	if err != nil {
		var re *importers.RowError
		if errors.As(err, &re) {
			return store.ImportStats{File: file, Errors: []string{model.Line(re.Error())}}, nil
		}
		return store.ImportStats{}, &OptionsError{err}
	}
	rows := 0
	next := func() (store.ObsRow, error) {
		// A cancel is seen here as well as in the store's SQL: the parser
		// may be reading a slow file while the writer waits for rows.
		if rows%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return store.ObsRow{}, err
			}
			if progress != nil {
				progress(r.BytesRead())
			}
		}
		rows++
		row, err := r.Next()
		if err != nil {
			var re *importers.RowError
			if errors.As(err, &re) {
				return store.ObsRow{}, &store.RowError{Msg: re.Error()}
			}
			if err == io.EOF {
				if progress != nil {
					progress(r.BytesRead())
				}
			} else {
				err = fmt.Errorf("%s: %w", model.Line(file), err)
			}
			return store.ObsRow{}, err
		}
		return store.ObsRow{Line: row.Line, Pilot: row.Pilot, Ring: row.Ring, Metric: row.Metric, Day: row.Day.AddDays(shift), Value: row.Value}, nil
	}
	// The hash is complete once the reader has consumed every byte, which
	// is when the store asks for it.
	meta := store.ImportMeta{File: file, DryRun: dryRun, Hash: func() string { return hex.EncodeToString(sum.Sum(nil)) },
		Options: ImportKey(opt, shift), Size: -1, Notes: r.Notes}
	if orig != nil {
		meta.Size = orig.Size
		if orig.Hash != nil {
			meta.Hash = orig.Hash
		}
	}
	st, err := a.store.ImportObservations(ctx, c, meta, next)
	st.Notes = append(r.Notes(), st.Notes...)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return st, fmt.Errorf("import of %s cancelled: nothing was written from it: %w", model.Line(file), cerr)
		}
		return st, fmt.Errorf("import %s: %w (nothing was written from it)", model.Line(file), err)
	}
	return st, nil
}
