package importers

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exportsDir = "../testdata/exports"

// TestWorkbookTypedCells reads excel_typed.xlsx (testdata/exports/README.md): dates are
// date cells, CSAT percent cells (0.81 shown as 81.00%), Tickets numbers
// shown as 1,480, Handled a formula whose cached value Excel (here
// LibreOffice) stored. Every value comes out as meant, no locale involved.
func TestWorkbookTypedCells(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join(exportsDir, "excel_typed.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	text, sheet, err := WorkbookCSV(f, "")
	if err != nil {
		t.Fatal(err)
	}
	defer text.Close()
	if sheet != "Ring health" {
		t.Errorf("sheet %q, want the first, Ring health", sheet)
	}
	_, rows, errs, err := readAllMetrics(t, text, "excel_typed.xlsx", claimsOpt)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	var got []string
	for _, r := range rows[:4] {
		got = append(got, metricRowText(r))
	}
	// Row 2: 2026-10-19, CSAT 0.81 → 81 points, 1480 tickets, 6 minutes,
	// handled = 1480 / 6 = 246.666… (the cached value, 15 significant digits).
	want := []string{
		"2 claims-triage pilot CSAT 2026-10-19 81",
		"2 claims-triage pilot Tickets 2026-10-19 1480",
		"2 claims-triage pilot Minutes 2026-10-19 6",
		"2 claims-triage pilot Handled 2026-10-19 246.666666666667",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if last := rows[len(rows)-1]; last.Day.String() != "2026-10-25" {
		t.Errorf("last row %v, want 2026-10-25", metricRowText(last))
	}
}

func TestWorkbookErrors(t *testing.T) {
	t.Parallel()
	ole := append(append([]byte{}, oleMagic...), make([]byte, 512)...)
	for _, tt := range []struct {
		name string
		in   []byte
		sheet,
		want string
	}{
		{"password-protected", ole, "", "is password-protected or an old .xls workbook"},
		{"not a workbook", []byte("date,ring,m\n"), "", "is not an Excel workbook (.xlsx)"},
		{"broken zip", []byte("PK\x03\x04 broken"), "", "is not an Excel workbook"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := WorkbookCSV(bytes.NewReader(tt.in), tt.sheet); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
	f, err := os.Open(filepath.Join(exportsDir, "excel_typed.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, _, err := WorkbookCSV(f, "Budget"); err == nil || !strings.Contains(err.Error(), `has no sheet "Budget": its sheets are "Ring health, Notes"`) {
		t.Errorf("unknown sheet: %v", err)
	}
	f.Seek(0, io.SeekStart)
	text, sheet, err := WorkbookCSV(f, "notes")
	if err != nil || sheet != "Notes" {
		t.Fatalf("--sheet notes: %q %v", sheet, err)
	}
	text.Close()
}
