package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestOpenCreatesPrivateFileAndFolder(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "nested", "dir", "ringside.db")
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	var v int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() || v < 1 {
		t.Errorf("user_version = %d, want %d", v, SchemaVersion())
	}
	var mode string
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(path, testClock)
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "upgrade ringside") {
		t.Fatalf("err = %v, want ErrNewerSchema with advice", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("a refused open changed the file")
	}
}

func TestOpenRefusesNonDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, []byte(strings.Repeat("this is not sqlite\n", 200)), 0o600)
	_, err := Open(path, testClock)
	if err == nil || !strings.Contains(err.Error(), "not a ringside database") {
		t.Fatalf("err = %v", err)
	}
}

func TestOpenUnwritablePath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "plain")
	os.WriteFile(file, nil, 0o600)
	_, err := Open(filepath.Join(file, "ringside.db"), testClock)
	if err == nil || !strings.Contains(err.Error(), "--db") {
		t.Fatalf("err = %v, want advice naming --db", err)
	}
}

// A migration to a newer schema first copies the file aside, and the copy
// is a readable database at the old version.
func TestMigrateBacksUpOldFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := migrations()
	cur := SchemaVersion()
	next := append(ms, migration{version: cur + 1, name: "test", sql: "CREATE TABLE extra(x INTEGER);"})
	if err := s.migrateWith(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	s.Close()
	backup := path + ".bak-v" + itoa(cur)
	db, err := sql.Open("sqlite", backup)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatalf("backup %s unreadable: %v", backup, err)
	}
	if v != cur {
		t.Errorf("backup version = %d, want %d", v, cur)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The issue: --db at another application's SQLite file silently added
// ringside's tables and switched it to WAL. It is refused untouched, with
// its path and what it holds.
func TestOpenRefusesAnotherApplicationsDatabaseUntouched(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "contacts.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE contacts(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts(name) VALUES ('Ada')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(path, testClock)
	if !errors.Is(err, ErrForeignDatabase) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "contacts") {
		t.Fatalf("err = %v, want ErrForeignDatabase naming the file and its tables", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("a refused open changed the file")
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("a refused open left %s beside it (switched to WAL)", suffix)
		}
	}
}

// A file from a newer ringside, in rollback-journal mode, stays so.
func TestRefusedNewerSchemaIsNotSwitchedToWAL(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "newer.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE pilots(id INTEGER); PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(path, testClock); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	db, _ = sql.Open("sqlite", path)
	defer db.Close()
	var mode string
	db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "delete" {
		t.Errorf("journal_mode after a refused open = %q, want delete (untouched)", mode)
	}
}

// A migration backup is written aside and renamed: when the copy cannot
// be completed, the previous backup is still there, whole, and nothing is
// migrated.
func TestMigrationBackupNeverReplacesAGoodOneWithAPartialCopy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	cur := SchemaVersion()
	backup := path + ".bak-v" + itoa(cur)
	if err := os.WriteFile(backup, []byte("the previous backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The copy cannot be written: its temporary name is taken by a folder.
	if err := os.Mkdir(backup+".tmp", 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(backup+".tmp", "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ms, _ := migrations()
	next := append(ms, migration{version: cur + 1, name: "test", sql: "CREATE TABLE extra(x INTEGER);"})
	if err := s.migrateWith(ctx, next); err == nil {
		t.Fatal("the migration went ahead without a backup")
	}
	if b, _ := os.ReadFile(backup); string(b) != "the previous backup" {
		t.Errorf("the previous backup is gone or changed: %q", b)
	}
	var v int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != cur {
		t.Errorf("user_version = %d, want %d (not migrated)", v, cur)
	}
	s.Close()
}

// A migration's version is the 4-digit number its name starts with.
func TestVersionPrefix(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		v    int
		ok   bool
	}{
		{"0001_init.sql", 1, true},
		{"0014_origin.sql", 14, true},
		{"1234_x.sql", 1234, true},
		{"014_origin.sql", 0, false}, // three digits
		{"00a1_x.sql", 0, false},
		{"0001-init.sql", 0, false}, // no underscore
		{"0001", 0, false},
		{"", 0, false},
	} {
		v, ok := versionPrefix(c.name)
		if v != c.v || ok != c.ok {
			t.Errorf("versionPrefix(%q) = %d, %v; want %d, %v", c.name, v, ok, c.v, c.ok)
		}
	}
}
