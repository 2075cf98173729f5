package app

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"ringside/importers"
)

// What export portfolio writes, apply takes back unchanged; calendar
// names a missing pilot as ErrNotFound; verify checks a sound database.
func TestPortfolioUseCases(t *testing.T) {
	t.Parallel()
	a, _ := openTest(t)
	ctx := context.Background()
	write, err := a.ExportPortfolio(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "# ringside-anchor seq=1 ") {
		t.Errorf("export does not start with the audit anchor:\n%s", buf.String())
	}
	pf, err := importers.ReadPortfolioFile(bytes.NewReader(buf.Bytes()), "export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Apply(ctx, Change{Actor: "tester", Origin: OriginFile}, pf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Unchanged, []string{"ct"}) || len(res.Created)+len(res.Updated) != 0 {
		t.Errorf("apply of the export = %+v, want ct unchanged", res)
	}
	if _, ps, err := a.Calendar(ctx, "ct"); err != nil || len(ps) != 1 {
		t.Errorf("Calendar(ct) = %d pilots, %v", len(ps), err)
	}
	if _, _, err := a.Calendar(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Calendar(nope) err = %v, want ErrNotFound", err)
	}
	r, err := a.Verify(ctx, VerifyOptions{})
	if err != nil || !r.OK || r.Entries != 1 {
		t.Errorf("Verify = %+v, %v", r, err)
	}
}
