package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestAssertComparesAndUpdateRewrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "testdata", "x.golden")
	r := &recorder{TB: t}
	Assert(r, path, []byte("a")) // no file yet
	if !r.failed {
		t.Fatal("a missing golden file passed")
	}
	*update = true
	Assert(t, path, []byte("a"))
	*update = false
	if b, err := os.ReadFile(path); err != nil || string(b) != "a" {
		t.Fatalf("-update wrote %q, %v; want a", b, err)
	}
	r = &recorder{TB: t}
	Assert(r, path, []byte("a"))
	if r.failed {
		t.Error("the same bytes failed")
	}
	AssertString(r, path, "b")
	if !r.failed {
		t.Error("different bytes passed")
	}
}
