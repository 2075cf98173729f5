package exporters

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestOperationsRoundTrip: flags, an SLO, NFRs, a plan and a PIR survive
// read → write → read → write byte for byte and value for value.
func TestOperationsRoundTrip(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(portfolioDir, "operations.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	first := readPortfolio(t, src, "operations.yaml")
	p := first[0]
	if len(p.Flags) != 2 || p.KPIs[1].SLO == nil || len(p.NFRs) != 3 || len(p.Plan) != 3 || p.PIR == nil || len(p.Gates[0].Add[0].Categories) != 2 {
		t.Fatalf("operations not read: %+v", p)
	}
	out1 := writePortfolio(t, first)
	second := readPortfolio(t, out1, "written.yaml")
	out2 := writePortfolio(t, second)
	if !bytes.Equal(out1, out2) {
		t.Errorf("second write differs from the first:\n%s\n---\n%s", out1, out2)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("changed in the round trip:\n got %+v\nwant %+v", second, first)
	}
	checkGolden(t, filepath.Join(portfolioDir, "operations.golden.yaml"), out1)
}
