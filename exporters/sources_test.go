package exporters

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"ringside/importers"
	"ringside/model"
)

// TestSourcesRoundTrip: saved import sources survive read → write → read →
// write byte for byte and value for value, in the fields and order of
// docs/portfolio.md.
func TestSourcesRoundTrip(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(portfolioDir, "sources.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	read := func(data []byte, name string) model.Portfolio {
		t.Helper()
		pf, err := importers.ReadPortfolioFile(bytes.NewReader(data), name)
		if err != nil {
			t.Fatal(err)
		}
		return pf
	}
	write := func(pf model.Portfolio) []byte {
		t.Helper()
		var b bytes.Buffer
		if err := WritePortfolioFile(&b, pf); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := read(src, "sources.yaml")
	if len(first.Sources) != 6 {
		t.Fatalf("read %d sources, want 6: %+v", len(first.Sources), first.Sources)
	}
	// Sorted by name: copilot-users, excel-de, genesys-billing, grafana-latency, servicenow, vm-latency.
	if g := first.Sources[2]; g.Name != "genesys-billing" || g.Map["date"] != "Interval Start" || len(g.Skip) != 4 || g.Aggregation["offered"] != "sum" {
		t.Errorf("genesys-billing read as %+v", g)
	}
	if d := first.Sources[1]; d.Decimal != "," || d.DateFormat != "DD/MM/YYYY" {
		t.Errorf("excel-de read as %+v", d)
	}
	out1 := write(first)
	second := read(out1, "written.yaml")
	out2 := write(second)
	if !bytes.Equal(out1, out2) {
		t.Errorf("second write differs from the first:\n%s\n---\n%s", out1, out2)
	}
	if !reflect.DeepEqual(first.Sources, second.Sources) {
		t.Errorf("changed in the round trip:\n got %+v\nwant %+v", second.Sources, first.Sources)
	}
	checkGolden(t, filepath.Join(portfolioDir, "sources.golden.yaml"), out1)
}
