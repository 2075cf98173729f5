package store

import (
	"errors"
	"io/fs"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUnavailable marks a database file that could not be created or
// opened at all; Open wraps its file errors with it. (A file that is not a
// database is bad input, not this: point --db at another file.)
var ErrUnavailable = errors.New("database unavailable")

// CouldNotRun reports whether err means the work could not be done at all,
// as opposed to being refused: the database stayed locked past the busy
// timeout, could not be opened or read, or the disk is full. It reads the driver's result code (*sqlite.Error), never the text.
func CouldNotRun(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, fs.ErrPermission) {
		return true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff { // the primary code; extended codes add bits above
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN,
		sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
		return true
	}
	return false
}

// unavailableError is an error that means ErrUnavailable, worded as its cause.
type unavailableError struct{ err error }

func unavailable(err error) error                { return &unavailableError{err} }
func (e *unavailableError) Error() string        { return e.err.Error() }
func (e *unavailableError) Unwrap() error        { return e.err }
func (e *unavailableError) Is(target error) bool { return target == ErrUnavailable }

// isNotADatabase reports whether err is SQLite's "file is not a database".
func isNotADatabase(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB
}

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY
// or SQLITE_LOCKED), read from the result code.
func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}
