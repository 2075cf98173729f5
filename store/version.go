package store

import (
	"context"
	"database/sql"
	"sync"
)

// versionWatch is one connection kept for PRAGMA data_version: SQLite
// counts commits per connection, so the question "did anyone else write?"
// must always be asked on the same one.
type versionWatch struct {
	mu   sync.Mutex
	conn *sql.Conn
}

func (w *versionWatch) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}

// DataVersion is SQLite's PRAGMA data_version on a connection the store
// keeps for it alone: the number changes whenever any other connection —
// another process, or this store's own writes — commits to the file, and
// stays put otherwise. The cockpit polls it to notice writes by others.
// It reads no table: a poll that finds nothing changed costs one pragma.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	w := &s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == nil {
		c, err := s.db.Conn(ctx)
		if err != nil {
			return 0, err
		}
		w.conn = c
	}
	var v int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		w.conn.Close() // a broken connection is not asked again
		w.conn = nil
		return 0, err
	}
	return v, nil
}
