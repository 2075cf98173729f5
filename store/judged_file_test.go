package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"ringside/model"
)

// readTx is a read transaction of s, rolled back when the test ends.
func readTx(t testing.TB, s *Store) *sql.Tx {
	t.Helper()
	tx, err := s.db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	return tx
}

// judgedViaSQL is every pilot's judged load through SQL alone.
func judgedViaSQL(t *testing.T, s *Store) []model.Pilot {
	t.Helper()
	ctx := context.Background()
	tx := readTx(t, s)
	defer tx.Rollback()
	var out []model.Pilot
	if err := eachPilotOf(ctx, &countingQuerier{tx: tx}, nil, loadJudged, func(p model.Pilot) error { out = append(out, p); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// smallPageStore is a store of 512-byte pages: a few pilots' tables
// spread over as many pages as a thousand pilots' do over 4 KiB ones.
func smallPageStore(t *testing.T) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "small.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA page_size = 512; VACUUM"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestJudgedTablesBigCountsPages: the file is read for tables of at least
// judgedFilePages pages below their roots (80 pilots in 512-byte pages),
// not for a few pilots' (4, each table a page or two).
func TestJudgedTablesBigCountsPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range []struct {
		s      *Store
		pilots int
		big    bool
	}{{openTest(t), 4, false}, {smallPageStore(t), 80, true}} {
		if _, err := c.s.ApplyPilots(ctx, "tester", variedPilots(c.pilots)); err != nil {
			t.Fatal(err)
		}
		tx, err := c.s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		leaves := dbstatPages(t, c.s, "kpis", "leaf") + dbstatPages(t, c.s, "rings", "leaf") + dbstatPages(t, c.s, "pilots", "leaf")
		if _, got := judgedTablesOn(ctx, tx); got != c.big {
			t.Errorf("%d pilots, %d leaves: big %v, want %v", c.pilots, leaves, got, c.big)
		}
		tx.Rollback()
	}
}

// renamed applies ps again with pilot i renamed: a commit that sits in the
// write-ahead log (far below the autocheckpoint's thousand pages).
func renamed(t *testing.T, s *Store, ps []model.Pilot, i int, name string) {
	t.Helper()
	ps[i].Name = name
	if _, err := s.ApplyPilots(context.Background(), "tester", ps); err != nil {
		t.Fatal(err)
	}
}

// TestJudgedFileReadsTheSnapshot: the judged load read from the file sees
// a commit still in the write-ahead log (it checkpoints first), and lets
// go of the write lock before the first pilot goes out: a writer that
// does not wait gets the lock from inside fn.
func TestJudgedFileReadsTheSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	ps := variedPilots(5)
	if _, err := s.ApplyPilots(ctx, "tester", ps); err != nil {
		t.Fatal(err)
	}
	renamed(t, s, ps, 2, "renamed in the log")
	var got []model.Pilot
	err := s.eachPilotJudgedFile(ctx, func(p model.Pilot, _ int) error {
		if len(got) == 0 {
			conn, err := s.db.Conn(ctx)
			if err != nil {
				return err
			}
			defer conn.Close()
			if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
				return err
			}
			if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
				t.Errorf("a writer inside fn: %v (the file read still holds the write lock)", err)
			} else {
				conn.ExecContext(ctx, "ROLLBACK")
			}
			conn.ExecContext(ctx, "PRAGMA busy_timeout = 5000")
		}
		got = append(got, p)
		return nil
	})
	want := judgedViaSQL(t, s)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("the file read (%v) gave\n%+v\nSQL gives\n%+v", err, got, want)
	}
	found := false
	for _, p := range got {
		found = found || p.Name == "renamed in the log"
	}
	if !found {
		t.Error("the file read missed the commit in the write-ahead log")
	}
}

// TestJudgedFileFallsBack: with a writer holding the lock, or a reader
// whose snapshot keeps a later commit in the write-ahead log, the file
// read gives nothing and says errJudgedPages, and EachPilotJudgedDefs
// and EachPilotJudgedDefsSharing read the same pilots another way.
func TestJudgedFileFallsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range []struct {
		name string
		hold func(t *testing.T, s *Store, conn *sql.Conn, ps []model.Pilot)
	}{
		{"a writer", func(t *testing.T, s *Store, conn *sql.Conn, ps []model.Pilot) {
			if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
				t.Fatal(err)
			}
		}},
		{"a reader of an older snapshot", func(t *testing.T, s *Store, conn *sql.Conn, ps []model.Pilot) {
			var n int
			if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
				t.Fatal(err)
			}
			if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM pilots").Scan(&n); err != nil {
				t.Fatal(err)
			}
			renamed(t, s, ps, 1, "after the reader's snapshot")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := smallPageStore(t) // big enough for EachPilotJudgedDefs to try the file
			ps := variedPilots(80)
			if _, err := s.ApplyPilots(ctx, "tester", ps); err != nil {
				t.Fatal(err)
			}
			conn, err := s.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			c.hold(t, s, conn, ps)
			var file []model.Pilot
			err = s.eachPilotJudgedFile(ctx, func(p model.Pilot, _ int) error { file = append(file, p); return nil })
			var unsupported errJudgedPages
			if !errors.As(err, &unsupported) || len(file) != 0 {
				t.Fatalf("the file read gave %d pilots and %v; want none and errJudgedPages", len(file), err)
			}
			want := judgedViaSQL(t, s)
			for name, each := range map[string]func(context.Context, func(model.Pilot, int) error) error{
				"EachPilotJudgedDefs": s.EachPilotJudgedDefs, "EachPilotJudgedDefsSharing": s.EachPilotJudgedDefsSharing,
			} {
				var got []model.Pilot
				if err := each(ctx, func(p model.Pilot, _ int) error { got = append(got, p); return nil }); err != nil {
					t.Fatal(err)
				}
				if len(got) != 80 || !reflect.DeepEqual(got, want) {
					t.Errorf("%s gave\n%+v\nSQL gives\n%+v", name, got, want)
				}
			}
			conn.ExecContext(ctx, "ROLLBACK")
		})
	}
}

// TestPageLockSkipsTheCheckpointOfAnEmptyLog: with the write-ahead log
// empty, a reader that does not wait takes the lock without checkpointing
// (no second connection, the schema not parsed again); verify's lock
// still has SQLite checkpoint; and a log with a commit in it is still
// checkpointed, read through the name SQLite gives the file: an empty
// decoy next to a symbolic link to the database is not taken for its log.
func TestPageLockSkipsTheCheckpointOfAnEmptyLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("empty", func(t *testing.T) {
		t.Parallel()
		s := openTest(t)
		if _, err := s.ApplyPilots(ctx, "tester", variedPilots(3)); err != nil {
			t.Fatal(err)
		}
		s.db.SetMaxIdleConns(4)
		if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			wait bool
			more int // connections the lock opens
		}{{false, 0}, {true, 1}} {
			s.db.SetMaxIdleConns(0) // one connection left: the next lock's
			s.db.SetMaxIdleConns(4)
			conn, err := s.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conn.Close()
			before := s.ConnectionsOpened()
			p, err := s.beginPageLock(ctx, c.wait)
			if err != nil {
				t.Fatal(err)
			}
			p.end()
			if got := s.ConnectionsOpened() - before; got != c.more {
				t.Errorf("wait %v: the lock opened %d connections, want %d", c.wait, got, c.more)
			}
		}
	})
	t.Run("through a link", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		real := filepath.Join(dir, "real.db")
		first, err := Open(real, testClock)
		if err != nil {
			t.Fatal(err)
		}
		first.Close()
		link := filepath.Join(t.TempDir(), "link.db")
		if err := os.Symlink(real, link); err != nil {
			t.Fatal(err)
		}
		s, err := Open(link, testClock)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ps := variedPilots(4)
		if _, err := s.ApplyPilots(ctx, "tester", ps); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			t.Fatal(err)
		}
		renamed(t, s, ps, 1, "renamed in the log")
		if err := os.WriteFile(link+"-wal", nil, 0o600); err != nil { // the decoy
			t.Fatal(err)
		}
		found := false
		if err := s.eachPilotJudgedFile(ctx, func(p model.Pilot, _ int) error {
			found = found || p.Name == "renamed in the log"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !found {
			t.Error("the file read missed the commit in the log: it took the decoy for the log")
		}
	})
}

// TestJudgedFileTakesTheTablesOfTheSameSchema: the file read takes the
// tables an earlier snapshot read when the schema's version under its
// lock is the same (tables of swapped roots are taken, and refused
// when their rows are checked), and reads them again when it moved on.
func TestJudgedFileTakesTheTablesOfTheSameSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := smallPageStore(t)
	if _, err := s.ApplyPilots(ctx, "tester", variedPilots(80)); err != nil {
		t.Fatal(err)
	}
	want := judgedViaSQL(t, s)
	read := func(t *testing.T, swap bool, moved int64) ([]model.Pilot, error) {
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		at, big := judgedTablesOn(ctx, tx)
		tx.Rollback()
		if !big || at.tables == nil {
			t.Fatalf("the tables are not big enough to read the file (%v, %v)", big, at.tables)
		}
		if swap {
			at.tables["pilots"].root, at.tables["kpis"].root = at.tables["kpis"].root, at.tables["pilots"].root
		}
		at.version += moved
		var got []model.Pilot
		err = s.eachPilotJudgedFileAt(ctx, at, func(p model.Pilot, _ int) error { got = append(got, p); return nil })
		return got, err
	}
	if got, err := read(t, false, 0); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("the same schema: %d pilots, %v; want the %d SQL reads", len(got), err, len(want))
	}
	if got, err := read(t, true, 1); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("the schema moved on: %d pilots, %v; want the tables read again, and the %d SQL reads", len(got), err, len(want))
	}
	var unsupported errJudgedPages
	if got, err := read(t, true, 0); !errors.As(err, &unsupported) || len(got) != 0 {
		t.Errorf("swapped roots at the same version: %d pilots, %v; want them taken and refused", len(got), err)
	}
}

// TestSchemaCookieIsTheSchemaVersion: the header's schema cookie, read
// from the file with the log checkpointed, is what PRAGMA schema_version
// says, before and after the schema changes.
func TestSchemaCookieIsTheSchemaVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	for i, change := range []string{"", "CREATE TABLE extra(x)", "CREATE INDEX extra_x ON extra(x)", "DROP TABLE extra"} {
		if change != "" {
			if _, err := s.db.ExecContext(ctx, change); err != nil {
				t.Fatal(err)
			}
		}
		var version int64
		if err := s.db.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&version); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(s.path)
		if err != nil {
			t.Fatal(err)
		}
		var hdr [100]byte
		_, err = f.ReadAt(hdr[:], 0)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := schemaCookie(hdr); got != version || (i > 0 && got == 0) {
			t.Errorf("after %q the header's cookie reads %d, PRAGMA schema_version %d", change, got, version)
		}
	}
	var hdr [100]byte
	hdr[40], hdr[41], hdr[42], hdr[43] = 0xff, 0xff, 0xff, 0xfe
	if got := schemaCookie(hdr); got != -2 {
		t.Errorf("a cookie of 0xfffffffe reads %d, want -2 (SQLite's signed 32 bits)", got)
	}
}
