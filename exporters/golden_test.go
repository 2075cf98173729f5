package exporters

import (
	"testing"

	"ringside/internal/golden"
)

// checkGolden compares got with the golden file at path (go test
// ./exporters -update rewrites it).
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	golden.Assert(t, path, got)
}
