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
	path := filepath.Join(t.TempDir(), "nested", "dir", "ringside.db")
	s, err := Open(path)
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
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(path)
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "upgrade ringside") {
		t.Fatalf("err = %v, want ErrNewerSchema with advice", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("a refused open changed the file")
	}
}

func TestOpenRefusesNonDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, []byte(strings.Repeat("this is not sqlite\n", 200)), 0o600)
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), "not a ringside database") {
		t.Fatalf("err = %v", err)
	}
}

func TestOpenUnwritablePath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain")
	os.WriteFile(file, nil, 0o600)
	_, err := Open(filepath.Join(file, "ringside.db"))
	if err == nil || !strings.Contains(err.Error(), "--db") {
		t.Fatalf("err = %v, want advice naming --db", err)
	}
}

// A migration to a newer schema first copies the file aside, and the copy
// is a readable database at the old version.
func TestMigrateBacksUpOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path)
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
