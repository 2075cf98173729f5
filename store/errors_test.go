package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
)

// A database locked by another writer is "could not run" (exit 3), read
// from the driver's result code; a bad statement is not.
func TestCouldNotRunReadsTheDriverCode(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "busy.db")
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil) // _txlock=immediate: takes the write lock now
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, busy := other.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('x', 'y')")
	if busy == nil {
		t.Fatal("a second writer got in while the first held the lock")
	}
	if !CouldNotRun(busy) || !CouldNotRun(fmt.Errorf("apply: %w", busy)) {
		t.Errorf("locked database not recognised: %v", busy)
	}
	_, bad := other.ExecContext(ctx, "SELECT * FROM no_such_table")
	if bad == nil || CouldNotRun(bad) {
		t.Errorf("a bad statement counts as could-not-run: %v", bad)
	}
	for _, err := range []error{nil, ErrNotFound, ErrNewerSchema, errors.New("database is locked")} {
		if CouldNotRun(err) {
			t.Errorf("CouldNotRun(%v) = true", err)
		}
	}
	if !CouldNotRun(fmt.Errorf("write: %w", syscall.ENOSPC)) {
		t.Error("a full disk is could-not-run")
	}
	if _, err := Open(t.TempDir(), testClock); !CouldNotRun(err) {
		t.Errorf("opening a folder: %v", err)
	}
}
