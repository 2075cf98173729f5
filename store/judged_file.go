package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"

	"ringside/model"
)

// The judged load, from the file. Through sqlite_dbpage every page of the
// three tables is copied three times (SQLite, the driver, database/sql):
// a fifth of `health` on a thousand pilots. So the pages are read from
// the database file itself, the way health's windows read the
// observations' (window_pages.go): under the write lock, with everything
// in the write-ahead log checkpointed into the file first, so the file
// alone holds the snapshot read. The lock is let go once every row is
// checked, before the first pilot goes out (the pages read are the
// load's own memory). When a writer holds the lock, or a reader still
// needs pages of the log, or the file is not what ringside writes, the
// load reads through sqlite_dbpage as before (and from there through SQL).

// judgedFilePages is how many pages the tables' roots must have below
// them for the load to read the file: the lock and the checkpoint cost
// about as much as copying 60 pages through sqlite_dbpage (ten pilots
// are 6 pages, a thousand 334).
const judgedFilePages = 64

// judgedSchemaAt is the three tables as a snapshot read them (no rows
// yet), and the schema's version in that snapshot (PRAGMA
// schema_version, which every change of the schema moves on): a later
// snapshot of the same version has the same tables, roots and columns.
type judgedSchemaAt struct {
	tables  map[string]*pageTable
	version int64
}

// judgedTablesOn reads the three tables as tx sees them, and says
// whether their roots have at least judgedFilePages pages below them (no
// on any error: the load then reads as before).
func judgedTablesOn(ctx context.Context, tx *sql.Tx) (at judgedSchemaAt, big bool) {
	tables, err := judgedSchema(ctx, tx)
	if err != nil {
		return judgedSchemaAt{}, false
	}
	at.tables = tables
	if judgedFileOff || tx.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&at.version) != nil {
		return at, false
	}
	roots := make([]uint32, 0, len(tables))
	for _, t := range tables {
		roots = append(roots, t.root)
	}
	pages, err := fetchPages(ctx, tx, roots)
	if err != nil {
		return at, false
	}
	below := 0
	for _, pg := range roots {
		if b, h := pages[pg], pageHeader(pg); len(b) >= h+8 && b[h] == 0x05 {
			below += int(binary.BigEndian.Uint16(b[h+3:])) + 1
		}
	}
	return at, below >= judgedFilePages
}

// judgedReadSplit is how many pages a level must have for the file read
// to take a second goroutine (a thousand pilots' leaves: 306).
var judgedReadSplit = 128 // a variable for tests

// judgedFileOff turns the file read off (tests compare it with sqlite_dbpage).
var judgedFileOff = false

// eachPilotJudgedFile is eachPilotJudgedPages read from the file. An
// errJudgedPages means nothing was passed to fn and the caller reads
// another way.
func (s *Store) eachPilotJudgedFile(ctx context.Context, fn func(p model.Pilot, def int) error) error {
	return s.eachPilotJudgedFileAt(ctx, judgedSchemaAt{}, fn)
}

// eachPilotJudgedFileAt is eachPilotJudgedFile with the tables as an
// earlier snapshot read them (judgedTablesOn): taken as they are when
// the schema's version under the lock is the same, read again otherwise.
func (s *Store) eachPilotJudgedFileAt(ctx context.Context, at judgedSchemaAt, fn func(p model.Pilot, def int) error) error {
	if judgedFileOff || s.bound != nil || s.path == "" {
		return errJudgedPages{"the file read is off"}
	}
	// The lock health's windows share (page_share.go): the definitions
	// and the windows are read from the file side by side.
	ps, release, err := s.sharePageScan(ctx)
	if err != nil {
		return errJudgedPages{"the file cannot be read alone: " + err.Error()}
	}
	defer release()
	f, err := s.file.get()
	if err != nil {
		return errJudgedPages{err.Error()}
	}
	var hdr [100]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return errJudgedPages{err.Error()}
	}
	size := int(binary.BigEndian.Uint16(hdr[16:18]))
	if size == 1 {
		size = 65536
	}
	if size < 512 || size&(size-1) != 0 {
		return errJudgedPages{fmt.Sprintf("page size %d", size)}
	}
	st, err := f.Stat()
	if err != nil {
		return errJudgedPages{err.Error()}
	}
	count := uint32(st.Size() / int64(size))
	var arenas pageArenas // the pages read, handed back once the load is done
	defer arenas.free()
	src := func(pgnos []uint32) (map[uint32][]byte, error) {
		arena := arenas.alloc(len(pgnos) * size) // one allocation a level
		read := func(from, to int) error {
			for i := from; i < to; i++ {
				pg := pgnos[i]
				if pg == 0 || pg > count {
					return errJudgedPages{fmt.Sprintf("page %d is not in the file", pg)}
				}
				if _, err := f.ReadAt(arena[i*size:(i+1)*size], int64(pg-1)*int64(size)); err != nil {
					return errJudgedPages{fmt.Sprintf("page %d: %v", pg, err)}
				}
			}
			return nil
		}
		// A level of many pages (the leaves) is read on both cores: a
		// read a page, each into memory new to the process.
		half := len(pgnos)
		if half >= judgedReadSplit {
			half /= 2
		}
		late := make(chan error, 1)
		if half < len(pgnos) {
			go func() { late <- read(half, len(pgnos)) }()
		} else {
			late <- nil
		}
		err := read(0, half)
		if e := <-late; err == nil {
			err = e
		}
		if err != nil {
			return nil, err
		}
		out := make(map[uint32][]byte, len(pgnos))
		for i, pg := range pgnos {
			out[pg] = arena[i*size : (i+1)*size : (i+1)*size]
		}
		return out, nil
	}
	// The schema's version under the lock is the file header's schema
	// cookie (the file is the snapshot): no query on the connection the
	// windows' reads share (with observations it waited about a
	// millisecond for them).
	tables := at.tables
	if tables == nil || schemaCookie(hdr) != at.version {
		if tables, err = judgedSchema(ctx, ps.conn); err != nil {
			return err
		}
	}
	return eachPilotJudgedFrom(ctx, tables, src, release, fn)
}

// schemaCookie is the schema's version as PRAGMA schema_version reads it:
// the database header's 4-byte big-endian schema cookie (offset 40), a
// signed 32-bit integer to SQLite.
func schemaCookie(hdr [100]byte) int64 {
	return int64(int32(binary.BigEndian.Uint32(hdr[40:44])))
}
