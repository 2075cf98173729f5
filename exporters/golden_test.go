package exporters

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// checkGolden compares got with the golden file at path; -update rewrites
// the file first. rerun is the command that creates or rewrites it.
func checkGolden(t *testing.T, path string, got []byte, rerun string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run %s to create it)", err, rerun)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run %s if the change is intended):\n%s", path, rerun, got)
	}
}
