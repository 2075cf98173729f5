package exporters

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ringside/model/gates"
)

// Every CSV starts with the UTF-8 BOM and ends its lines with CRLF; --no-bom
// leaves the BOM out and nothing else.
func TestChecklistCSVHasBOMAndCRLF(t *testing.T) {
	t.Parallel()
	c := claimsChecklist(t)
	var with, without bytes.Buffer
	if err := WriteChecklist(&with, c, "csv"); err != nil {
		t.Fatal(err)
	}
	if err := WriteChecklistWith(&without, c, "csv", Options{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(with.Bytes(), []byte{0xEF, 0xBB, 0xBF, 's'}) {
		t.Errorf("the CSV does not start with the UTF-8 BOM: % x", with.Bytes()[:8])
	}
	if !bytes.Equal(with.Bytes()[3:], without.Bytes()) {
		t.Error("--no-bom changed more than the BOM")
	}
	lines := strings.SplitAfter(without.String(), "\n")
	for i, l := range lines[:len(lines)-1] {
		if !strings.HasSuffix(l, "\r\n") {
			t.Errorf("line %d does not end in CRLF: %q", i+1, l)
		}
	}
	// Other formats carry no BOM.
	var md bytes.Buffer
	if err := WriteChecklist(&md, c, "md"); err != nil || bytes.HasPrefix(md.Bytes(), []byte(UTF8BOM)) {
		t.Errorf("md starts with a BOM or fails: %v", err)
	}
}

// A spreadsheet program reads the CSV with names, accents and 3×5 intact,
// the BOM taken as the encoding mark and not as part of the first header,
// and no formula in any cell. LibreOffice stands in for Excel: Excel
// chooses UTF-8 from the BOM, while LibreOffice 7.4 ignores the BOM and is
// told UTF-8 (filter option 76) — without it it reads the file in a Western
// code page, as Excel does a CSV without a BOM.
func TestChecklistCSVSurvivesASpreadsheet(t *testing.T) {
	t.Parallel()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("SKIP: no LibreOffice (soffice) on the PATH, so the CSV is not converted to xlsx (apt-get install libreoffice-calc-nogui)")
	}
	c := claimsChecklist(t)
	c.PilotName = "Schadenmeldungen für Zoë Müller"
	c.Readiness.Signoffs = append(c.Readiness.Signoffs,
		gates.SignoffResult{Role: "legal", Person: "José Núñez", Decision: "approve", Meaning: "Datenschutz geprüft – Łódź office", At: "2026-02-10T10:00:00Z"},
		gates.SignoffResult{Role: "support", Person: "Łukasz Żółć", Decision: "abstain", Meaning: "=1+1 is not a formula", At: "2026-02-10T11:00:00Z"})
	c.Readiness.Criteria = append(c.Readiness.Criteria,
		gates.CriterionResult{ID: "x-formula", Kind: "manual", Text: "Formula in evidence", Status: gates.Met, Evidence: "=1+2"},
		gates.CriterionResult{ID: "x-link", Kind: "manual", Text: "Link in evidence", Status: gates.Met, Evidence: hostileFormula})
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "checklist.csv")
	if err := WriteFileAtomic(csvPath, func(w io.Writer) error { return WriteChecklist(w, c, "csv") }); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", dir, csvPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	cells, formulas := xlsxCells(t, filepath.Join(dir, "checklist.xlsx"))
	if formulas > 0 {
		t.Errorf("the workbook has %d formula cells: formula injection was not neutralised", formulas)
	}
	if len(cells) == 0 || cells[0] != "section" {
		t.Errorf("the first header reads %q, want section (the BOM must not become part of it)", cells[:1])
	}
	all := strings.Join(cells, "\n")
	for _, want := range []string{"Schadenmeldungen für Zoë Müller (claims-triage)", "José Núñez", "Łukasz Żółć",
		"at 2026-02-10T10:00:00Z; unsigned (recorded in ringside, no key signature); meaning: Datenschutz geprüft – Łódź office", "3×5, critical", "Dana Ruiz", "'=1+2"} {
		if !strings.Contains(all, want) {
			t.Errorf("the workbook lacks %q; its cells:\n%s", want, all)
		}
	}
}

// xlsxCells reads a workbook's shared strings in order, and counts the
// formula cells of its first sheet.
func xlsxCells(t *testing.T, path string) (cells []string, formulas int) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read := func(name string) []byte {
		f, err := zr.Open(name)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		return b
	}
	var sst struct {
		SI []struct {
			T string `xml:"t"`
			R []struct {
				T string `xml:"t"`
			} `xml:"r"`
		} `xml:"si"`
	}
	if err := xml.Unmarshal(read("xl/sharedStrings.xml"), &sst); err != nil {
		t.Fatal(err)
	}
	for _, si := range sst.SI {
		s := si.T
		for _, r := range si.R {
			s += r.T
		}
		cells = append(cells, s)
	}
	formulas = bytes.Count(read("xl/worksheets/sheet1.xml"), []byte("<f"))
	if os.Getenv("RINGSIDE_KEEP_XLSX") != "" {
		t.Logf("cells: %q", cells)
	}
	return cells, formulas
}
