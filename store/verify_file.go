package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// SQLite's own check of the file verify runs before the chain: whether it
// is a SQLite file at all, and PRAGMA quick_check or integrity_check.

// IsSQLiteFile reports whether the file at path starts with SQLite's
// 16-byte header.
func IsSQLiteFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [16]byte
	n, _ := io.ReadFull(f, b[:])
	return n == 16 && string(b[:]) == "SQLite format 3\x00"
}

// CheckFile runs SQLite's own consistency check on the file at path
// without migrating or writing it: PRAGMA quick_check, or integrity_check
// when full is set or quick_check finds something. It names the check
// that ran. A file that cannot even be read reports that as its finding.
func CheckFile(ctx context.Context, path string, full bool) (check string, findings []string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", nil, fmt.Errorf("no database at %s: %w (point --db at the file to verify)", path, err)
	}
	if st.Size() == 0 {
		return "file", []string{fmt.Sprintf("%s is empty (0 bytes): it holds no database, so nothing it once held can be vouched for", path)}, nil
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return "", nil, err
	}
	defer db.Close()
	if !full {
		if f := quickCheckTables(ctx, db); sound(f) {
			return "quick_check", f, nil
		}
	}
	return "integrity_check", pragmaLines(ctx, db, "PRAGMA integrity_check"), nil
}

func sound(f []string) bool { return len(f) == 1 && f[0] == "ok" }

const (
	scopeFile      = "file"
	scopeTables    = "tables but observations"
	scopeAllTables = "tables"
)

// fileCheckLine is the report's line for SQLite's check of the file.
func fileCheckLine(check, scope, path string) string {
	switch scope {
	case scopeTables:
		return "SQLite PRAGMA quick_check of sqlite_schema and every table but observations (whose pages the observation scan decodes) of " + path
	case scopeAllTables:
		return "SQLite PRAGMA quick_check of sqlite_schema and every table of " + path
	}
	return "SQLite PRAGMA " + check + " of " + path
}

// quickCheckTables runs PRAGMA quick_check on sqlite_schema and on every
// table but observations, each with its indexes: the cost of the file's
// quick check at ten million observations is almost all theirs, and the
// observation scan reads and checks those pages itself. Pages of no table
// (the free list) are left to the full check.
func quickCheckTables(ctx context.Context, db *sql.DB) []string {
	rows, err := db.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name != 'observations' ORDER BY name")
	if err != nil {
		return []string{err.Error()}
	}
	names := []string{"sqlite_schema"}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return []string{err.Error()}
		}
		names = append(names, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return []string{err.Error()}
	}
	// The tables are checked on every core (each check is a query of its
	// own, on a connection of its own), their findings kept in table order.
	found := make([][]string, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(names); i = int(next.Add(1) - 1) {
				found[i] = quickCheckTable(ctx, db, names[i])
			}
		})
	}
	wg.Wait()
	var out []string
	for _, f := range found {
		if !sound(f) {
			out = append(out, f...)
		}
	}
	if len(out) == 0 {
		return []string{"ok"}
	}
	return out
}

// quickCheckTable is PRAGMA quick_check of one table and its indexes.
func quickCheckTable(ctx context.Context, db *sql.DB, table string) []string {
	return pragmaLines(ctx, db, "PRAGMA quick_check('"+strings.ReplaceAll(table, "'", "''")+"')")
}

// pragmaLines runs a check pragma and returns the lines it reports; an
// error that stops it is reported as a line too, so a file too damaged to
// check says what stopped the check.
func pragmaLines(ctx context.Context, db *sql.DB, pragma string) []string {
	rows, err := db.QueryContext(ctx, pragma)
	if err != nil {
		return []string{err.Error()}
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return append(out, err.Error())
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		out = append(out, err.Error())
	}
	return out
}
