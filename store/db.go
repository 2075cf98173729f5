// Package store keeps ringside's one SQLite file: schema and migrations,
// pilots and everything recorded about them, and the hash-chained audit
// log. It is the only package that speaks SQL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"ringside/model"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is an open ringside database.
type Store struct {
	db   *sql.DB
	path string
	// Now is the clock used for audit entries and timestamps; tests pin it.
	Now func() time.Time
	// watch is the connection DataVersion reads on (version.go).
	watch versionWatch
	// bound is the transaction every read and write goes through, in the
	// store Atomically hands its function; nil otherwise.
	bound *sql.Tx
	// file is the database file as verify's page scan reads it (pagescan.go).
	file *rawFile
	// pages is the write lock the page reads of a run share (page_share.go).
	pages pageShare
}

// ErrNewerSchema is returned when the file was written by a newer ringside.
var ErrNewerSchema = errors.New("database written by a newer ringside")

// ErrNotFound is returned when a pilot (or other record) does not exist.
var ErrNotFound = errors.New("not found")

// Open opens (creating if needed) the database at path and brings its
// schema up to date. A new file is created with mode 0600; an existing file
// is copied aside to PATH.bak-vN before it is migrated; a file from a newer
// ringside is refused, never downgraded.
func Open(path string, now func() time.Time) (*Store, error) {
	if now == nil {
		return nil, errors.New("store.Open: no clock given")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, unavailable(fmt.Errorf("cannot create the database folder %s: %w (choose another place with --db or $RINGSIDE_DB)", dir, err))
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, unavailable(fmt.Errorf("cannot open the database %s for writing: %w (check its permissions, or choose another place with --db)", path, err))
	}
	f.Close()
	// WAL is set only once the file is known to be ringside's (below): a
	// refused file is left exactly as it was, journal mode included.
	dsn := "file:" + path + "?_pragma=busy_timeout(" + strconv.Itoa(busyTimeoutMS) + ")&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, Now: func() time.Time { return now().UTC() }, file: &rawFile{path: path}}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.Exec("PRAGMA journal_mode = WAL"); err != nil {
		db.Close()
		return nil, busy(fmt.Errorf("switch %s to WAL: %w", path, err))
	}
	return s, nil
}

// busyTimeoutMS is how long a connection waits for another's lock.
const busyTimeoutMS = 10000

// Close closes the database.
func (s *Store) Close() error {
	s.watch.close()
	err := s.db.Close()
	s.file.close() // only now: closing it drops SQLite's locks on the file
	return err
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

type migration struct {
	version int
	name    string
	sql     string // empty: the embedded file's, read when it is applied (text)
}

// migrationVersions names the embedded migration files in version order
// and checks that their versions run 1, 2, 3… without a gap. It reads the
// directory only: SchemaVersion (which `ringside --version` prints) needs
// no file's text.
func migrationVersions() ([]string, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations") // sorted by name
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for i, e := range entries {
		v, ok := versionPrefix(e.Name())
		if !ok {
			return nil, fmt.Errorf("migration %s: name must start with a 4-digit version", e.Name())
		}
		if v != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", e.Name(), i+1)
		}
		names = append(names, e.Name())
	}
	return names, nil
}

// versionPrefix reads the 4-digit version that starts a migration's name
// ("0007_rollout.sql" is 7).
func versionPrefix(name string) (int, bool) {
	if len(name) < 5 || name[4] != '_' {
		return 0, false
	}
	v := 0
	for _, c := range name[:4] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// migrations lists the embedded migrations; each one's SQL is read only
// when it is applied (text), so opening an up-to-date database reads none.
func migrations() ([]migration, error) {
	names, err := migrationVersions()
	if err != nil {
		return nil, err
	}
	ms := make([]migration, len(names))
	for i, name := range names {
		ms[i] = migration{version: i + 1, name: name}
	}
	return ms, nil
}

// text is the migration's SQL: its own when it has some (tests build such
// migrations), else its embedded file's.
func (m migration) text() (string, error) {
	if m.sql != "" {
		return m.sql, nil
	}
	b, err := migrationFiles.ReadFile("migrations/" + m.name)
	return string(b), err
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	names, _ := migrationVersions()
	return len(names)
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return s.migrateWith(ctx, ms)
}

func (s *Store) migrateWith(ctx context.Context, ms []migration) error {
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		if isNotADatabase(err) {
			return fmt.Errorf("%s is not a ringside database (not SQLite): point --db at another file", s.path)
		}
		return fmt.Errorf("read schema version of %s: %w", s.path, err)
	}
	if current > len(ms) {
		return fmt.Errorf("%w: %s has schema v%d, this ringside knows up to v%d; upgrade ringside (the file is left untouched)", ErrNewerSchema, s.path, current, len(ms))
	}
	if current == len(ms) {
		return nil
	}
	if current == 0 {
		if err := s.refuseForeign(ctx); err != nil {
			return err
		}
	}
	if current > 0 {
		// The copy is written beside the backup and renamed over it only
		// when complete: a copy cut short never replaces a good backup.
		backup := fmt.Sprintf("%s.bak-v%d", s.path, current)
		tmp := backup + ".tmp"
		os.Remove(tmp)
		if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("copy %s aside to %s before migrating: %w (the file is left untouched)", s.path, backup, err)
		}
		if err := os.Rename(tmp, backup); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("copy %s aside to %s before migrating: %w (the file is left untouched)", s.path, backup, err)
		}
	}
	for _, m := range ms[current:] {
		text, err := m.text()
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, text); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return err
		}
	}
	if current > 0 && current < stateVersion && len(ms) >= stateVersion {
		return s.recordBaseline(ctx)
	}
	return nil
}

// tx runs fn in one transaction: committed when fn returns nil, rolled back
// otherwise, so a multi-row change lands whole or not at all.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.bound != nil { // inside Atomically: a savepoint of its transaction
		if _, err := s.bound.ExecContext(ctx, "SAVEPOINT nested"); err != nil {
			return err
		}
		if err := fn(s.bound); err != nil {
			if _, rerr := s.bound.ExecContext(ctx, "ROLLBACK TO nested"); rerr != nil {
				return rerr
			}
			s.bound.ExecContext(ctx, "RELEASE nested")
			return err
		}
		_, err := s.bound.ExecContext(ctx, "RELEASE nested")
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return busy(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return busy(tx.Commit())
}

// read is where reads go: the bound transaction inside Atomically (so
// they see its writes), the database otherwise.
func (s *Store) read() querier {
	if s.bound != nil {
		return s.bound
	}
	return s.db
}

// Atomically runs fn with a store whose every read and write goes through
// one transaction: what fn writes is committed together when it returns
// nil, and none of it when it fails or the process dies before. The store
// fn gets is valid only during fn.
func (s *Store) Atomically(ctx context.Context, fn func(s *Store) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		bound := &Store{db: s.db, path: s.path, Now: s.Now, bound: tx, file: s.file}
		return fn(bound)
	})
}

// busy turns SQLite's "database is locked" into advice.
func busy(err error) error {
	if isBusy(err) {
		return fmt.Errorf("the database is busy with another ringside command; try again when it finishes: %w", err)
	}
	return err
}

// IntegrityCheck runs SQLite's own consistency check and returns its
// findings ("ok" when sound).
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		out = append(out, line)
	}
	return out, rows.Err()
}

// ErrForeignDatabase is a SQLite file that holds another application's
// tables and no ringside schema.
var ErrForeignDatabase = errors.New("a SQLite database that is not ringside's")

// refuseForeign refuses a file at schema version 0 that already holds
// tables: it belongs to something else, and ringside adds nothing to it.
func (s *Store) refuseForeign(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil
	}
	shown := names
	if len(shown) > 5 {
		shown = append(append([]string{}, shown[:5]...), fmt.Sprintf("and %d more", len(names)-5))
	}
	return fmt.Errorf("%w: %s holds %d tables of another application (%s) and no ringside schema; ringside left it untouched: point --db at a ringside database or a new file",
		ErrForeignDatabase, s.path, len(names), model.Line(strings.Join(shown, ", ")))
}

// ConnectionsOpened is how many SQLite connections the store has opened
// so far (the pool's open ones and those it closed): each costs a parse
// of the whole schema, so a run that needs one should open one.
func (s *Store) ConnectionsOpened() int {
	st := s.db.Stats()
	return st.OpenConnections + int(st.MaxIdleClosed+st.MaxIdleTimeClosed+st.MaxLifetimeClosed)
}
