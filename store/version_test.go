package store

import (
	"context"
	"path/filepath"
	"testing"
)

// DataVersion moves when another connection (here another Store on the
// same file, as another process would be) commits, and stays put when
// nobody writes.
func TestDataVersionSeesOtherWriters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	a, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	v1, err := a.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v2, _ := a.DataVersion(ctx); v2 != v1 {
		t.Fatalf("data_version moved with no write: %d then %d", v1, v2)
	}
	if _, err := b.db.ExecContext(ctx, "CREATE TABLE poke(x)"); err != nil {
		t.Fatal(err)
	}
	v3, err := a.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v3 == v1 {
		t.Fatalf("data_version did not move after another connection's commit: %d", v3)
	}
}

// A poll that finds nothing changed is one pragma on a kept connection.
func BenchmarkDataVersion(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "v.db"), testClock)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := s.DataVersion(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
