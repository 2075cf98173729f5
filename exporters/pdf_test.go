package exporters

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ringside/model/gates"
)

// longChecklist is the claims-triage G3 checklist grown to span several
// printed pages: 60 criteria with long evidence and six sign-offs.
func longChecklist(t *testing.T) Checklist {
	c := claimsChecklist(t)
	c.Seq = 4711
	statuses := []string{gates.Met, gates.Unmet, gates.Waived, gates.Unknown}
	for i := 1; i <= 60; i++ {
		c.Readiness.Criteria = append(c.Readiness.Criteria, gates.CriterionResult{
			ID: fmt.Sprintf("x-crit-%02d", i), Kind: "manual", Status: statuses[i%4],
			Text:     fmt.Sprintf("Extra acceptance criterion number %d for the auditors", i),
			Evidence: strings.Repeat(fmt.Sprintf("evidence line of criterion %d, ", i), 4) + "3×5 checked",
		})
	}
	for i, who := range []string{"Sam Okafor", "Ana Lima", "Kim Weber", "Ola Berg"} {
		c.Readiness.Signoffs = append(c.Readiness.Signoffs, gates.SignoffResult{
			Role: fmt.Sprintf("extra_role_%d", i+1), Person: who, Decision: []string{"approve", "reject", "abstain", "approve"}[i],
			Meaning: "Reviewed the evidence of every criterion " + strconv.Itoa(i+1), At: "2026-02-10T1" + strconv.Itoa(i) + ":00:00Z",
			ChecklistHash: c.Readiness.ChecklistHash,
		})
	}
	return c
}

// needPrintTools returns the browser, or skips the test saying what is
// missing: .ci/run installs chromium and poppler-utils, so CI runs it.
func needPrintTools(t *testing.T) string {
	t.Helper()
	browser, err := FindBrowser(exec.LookPath)
	if err != nil {
		t.Skipf("SKIP: no Chromium on the PATH, so the printed layout is not checked (apt-get install chromium poppler-utils): %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("SKIP: pdftotext is not on the PATH, so the PDF cannot be read back (apt-get install poppler-utils)")
	}
	return browser
}

// pdfPages returns the text of each page of the PDF at path, as pdftotext
// reads it (-layout keeps a line's boxes on one line).
func pdfPages(t *testing.T, path string) []string {
	t.Helper()
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count in %q", path, info)
	}
	n, _ := strconv.Atoi(string(m[1]))
	var pages []string
	for i := 1; i <= n; i++ {
		out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %d: %v", i, err)
		}
		pages = append(pages, string(out))
	}
	return pages
}

// pdfText is the whole PDF's text in reading order with every run of
// white space made one space, so a table cell's wrapped lines read on.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// The printed checklist reads page by page without the first page: every
// page carries the document, pilot, gate, date, the audit anchor and
// "Page N of M"; the criteria table's header repeats; every criterion and
// sign-off is printed, and no sign-off block is split across two pages.
func TestChecklistPrintsPageByPage(t *testing.T) {
	t.Parallel()
	browser := needPrintTools(t)
	c := longChecklist(t)
	pdf := filepath.Join(t.TempDir(), "checklist.pdf")
	if err := RenderPDF(context.Background(), browser, pdf, func(w io.Writer) error { return WriteChecklist(w, c, "html") }); err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, pdf)
	if len(pages) < 3 {
		t.Fatalf("the long checklist printed on %d pages, want at least 3", len(pages))
	}
	anchor := "audit chain seq 4711 · head " + c.HeadHash
	for i, p := range pages {
		flat := strings.Join(strings.Fields(p), " ")
		for _, want := range []string{
			"Acceptance checklist · Claims email triage assistant", "G3 pilot exit · as of 2026-02-15",
			anchor, fmt.Sprintf("Page %d of %d", i+1, len(pages)),
		} {
			if !strings.Contains(flat, want) {
				t.Errorf("page %d of %d lacks %q:\n%s", i+1, len(pages), want, p)
			}
		}
	}
	// The criteria table runs over pages 1 and 2 at least; its header
	// repeats wherever it continues.
	header := regexp.MustCompile(`Criterion\s+Kind\s+Status\s+Evidence`)
	for i := 0; i < 2; i++ {
		if !header.MatchString(pages[i]) {
			t.Errorf("page %d does not repeat the criteria table's header:\n%s", i+1, pages[i])
		}
	}
	all := pdfText(t, pdf)
	for _, cr := range c.Readiness.Criteria {
		if !strings.Contains(all, cr.ID) || !strings.Contains(all, cr.Text) {
			t.Errorf("criterion %s (%s) is not printed", cr.ID, cr.Text)
		}
	}
	// Marks and words, so black and white prints read: ✓ met, ✗ unmet, — waived, ? unknown.
	for _, want := range []string{"✓ met", "✗ unmet", "— waived", "? unknown", "✓ approve", "✗ reject", "— abstain", "✗ stale", "3×5"} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// Each sign-off block prints whole on one page: its name and its
	// signing time are on the same page.
	for _, s := range c.Readiness.Signoffs {
		found := false
		for _, p := range pages {
			if strings.Contains(p, s.Person) && strings.Contains(p, s.At) && strings.Contains(strings.Join(strings.Fields(p), " "), s.Meaning) {
				found = true
			}
		}
		if !found {
			t.Errorf("the sign-off of %s (%s) is missing or split across pages", s.Person, s.At)
		}
	}
	if t.Failed() {
		keep := filepath.Join(os.TempDir(), "ringside-failed-checklist.pdf")
		if b, err := os.ReadFile(pdf); err == nil && os.WriteFile(keep, b, 0o644) == nil {
			t.Logf("the PDF is kept at %s", keep)
		}
	}
}

// The minutes print with the same running header and footer.
func TestMinutesPrintPageByPage(t *testing.T) {
	t.Parallel()
	browser := needPrintTools(t)
	c := longChecklist(t)
	m := Minutes{PilotName: c.PilotName, Review: *c.Review, Readiness: c.Readiness, HeadHash: c.HeadHash, Seq: 4711, ExportedAt: c.ExportedAt}
	pdf := filepath.Join(t.TempDir(), "minutes.pdf")
	if err := RenderPDF(context.Background(), browser, pdf, func(w io.Writer) error { return WriteMinutesAs(w, m, "html") }); err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, pdf)
	if len(pages) < 2 {
		t.Fatalf("the long minutes printed on %d pages, want at least 2", len(pages))
	}
	for i, p := range pages {
		flat := strings.Join(strings.Fields(p), " ")
		for _, want := range []string{"Minutes · Claims email triage assistant", "G3 pilot exit · review 2026-02-03",
			"audit chain seq 4711 · head " + c.HeadHash, fmt.Sprintf("Page %d of %d", i+1, len(pages))} {
			if !strings.Contains(flat, want) {
				t.Errorf("minutes page %d lacks %q:\n%s", i+1, want, p)
			}
		}
	}
	all := pdfText(t, pdf)
	for _, cr := range c.Readiness.Criteria {
		if !strings.Contains(all, cr.Text) {
			t.Errorf("the minutes PDF lacks criterion %q", cr.Text)
		}
	}
	for _, want := range []string{"Triage time down 32 %", "DLP rollout slipped a week", "Enforce DLP policy", "✓ conditional", "DLP policy enforced before canary"} {
		if !strings.Contains(all, want) {
			t.Errorf("the minutes PDF lacks %q", want)
		}
	}
}

// A print that fails leaves no file, and the error names the cause.
func TestRenderPDFFailureLeavesNoFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "c.pdf")
	err := RenderPDF(context.Background(), "/bin/false", out, func(w io.Writer) error { return WriteChecklist(w, claimsChecklist(t), "html") })
	if err == nil || !strings.Contains(err.Error(), "could not print") {
		t.Errorf("want a print error, got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed print left %v behind", entries)
	}
	err = RenderPDF(context.Background(), "/bin/true", filepath.Join(dir, "missing", "c.pdf"), func(w io.Writer) error { return WriteChecklist(w, claimsChecklist(t), "html") })
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "missing", "c.pdf")) {
		t.Errorf("a missing folder: want an error naming the path, got %v", err)
	}
}

func TestFindBrowser(t *testing.T) {
	t.Parallel()
	none := func(string) (string, error) { return "", exec.ErrNotFound }
	if _, err := FindBrowser(none); !errors.Is(err, ErrNoBrowser) || !strings.Contains(err.Error(), "apt-get install chromium") || !strings.Contains(err.Error(), "--format html") {
		t.Errorf("no browser: %v", err)
	}
	chrome := func(name string) (string, error) {
		if name == "google-chrome" {
			return "/opt/google/chrome/google-chrome", nil
		}
		return "", exec.ErrNotFound
	}
	if p, err := FindBrowser(chrome); err != nil || p != "/opt/google/chrome/google-chrome" {
		t.Errorf("chrome: %q %v", p, err)
	}
}

// Text in the running header is escaped for the CSS string it sits in: a
// hostile pilot name cannot end the string and restyle the page.
func TestPrintHeaderEscapesCSS(t *testing.T) {
	t.Parallel()
	c := claimsChecklist(t)
	c.PilotName = `x"; } body { display: none } @page { x: "`
	var buf bytes.Buffer
	if err := WriteChecklist(&buf, c, "html"); err != nil {
		t.Fatal(err)
	}
	style := buf.String()[strings.Index(buf.String(), "<style>"):strings.Index(buf.String(), "</style>")]
	if strings.Contains(style, `x"; }`) || strings.Contains(style, "body { display: none }") {
		t.Errorf("the pilot name escaped its CSS string:\n%s", style)
	}
}
