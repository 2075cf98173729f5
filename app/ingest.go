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
	"errors"
	"fmt"
	"io"

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
func (a *App) ImportMetrics(ctx context.Context, actor, file string, src io.Reader, opt importers.Options, dryRun bool, shift int,
	progress func(bytesRead int64)) (store.ImportStats, error) {
	return a.ImportMetricsHashed(ctx, actor, file, src, opt, dryRun, shift, progress, nil)
}

// ImportMetricsHashed is ImportMetrics for text converted from another
// file (a workbook's sheet): fileHash, when set, gives the SHA-256 of the
// file the user named, which the audit records instead of the text's.
func (a *App) ImportMetricsHashed(ctx context.Context, actor, file string, src io.Reader, opt importers.Options, dryRun bool, shift int,
	progress func(bytesRead int64), fileHash func() string) (store.ImportStats, error) {
	sum := sha256.New()
	r, err := importers.NewMetricReader(io.TeeReader(src, sum), file, opt)
	if err != nil {
		var re *importers.RowError
		if errors.As(err, &re) {
			return store.ImportStats{File: file, Rejected: 1, Errors: []string{model.Line(re.Error())}}, nil
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
	meta := store.ImportMeta{File: file, DryRun: dryRun, Hash: func() string { return hex.EncodeToString(sum.Sum(nil)) }}
	if fileHash != nil {
		meta.Hash = fileHash
	}
	st, err := a.store.ImportObservations(ctx, actor, meta, next)
	st.Notes = append(r.Notes(), st.Notes...)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return st, fmt.Errorf("import of %s cancelled: nothing was written from it: %w", model.Line(file), cerr)
		}
		return st, fmt.Errorf("import %s: %w (nothing was written from it)", model.Line(file), err)
	}
	return st, nil
}
