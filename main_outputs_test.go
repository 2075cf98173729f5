package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// review --minutes FILE.html writes the printable minutes page.
func TestReviewWritesPrintableMinutes(t *testing.T) {
	db := demoDB(t)
	minutes := filepath.Join(t.TempDir(), "minutes.html")
	code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "review", "--pilot", "contract-review", "--gate", "G2",
		"--decision", "conditional", "--attendee", "Dana Ruiz", "--condition", "Clause library reviewed by legal", "--minutes", minutes)
	if code != 0 {
		t.Fatalf("review: %d %q", code, errs)
	}
	page, _ := os.ReadFile(minutes)
	for _, want := range []string{"<!DOCTYPE html>", "<h1>Minutes: G2 review of", `counter(page) " of " counter(pages)`, "✓ conditional", "Clause library reviewed by legal"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("html minutes lack %q", want)
		}
	}
}

// export checklist --format pdf prints the HTML checklist through headless
// Chromium when one is on the PATH; without one it exits 2 saying what to
// install and that --format html prints from any browser.
func TestExportChecklistPDF(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	if _, err := exec.LookPath("chromium"); err == nil {
		out := filepath.Join(dir, "g3.pdf")
		code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "pdf", "-o", out)
		if code != 0 {
			t.Fatalf("pdf: exit %d: %s", code, errs)
		}
		if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s is not a PDF: %v", out, err)
		}
		if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
			text, _ := exec.Command(pdftotext, out, "-").Output()
			if !strings.Contains(string(text), "Page 1 of") || !strings.Contains(string(text), "audit chain seq ") {
				t.Errorf("the PDF lacks its page numbers or audit anchor:\n%s", text)
			}
		}
	} else {
		t.Log("no chromium on the PATH: only the refusal is checked")
	}
	t.Setenv("PATH", dir) // no browser here
	out := filepath.Join(dir, "none.pdf")
	code, _, errs := ringside(t, db, "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "pdf", "-o", out)
	if code != 2 || !strings.Contains(errs, "apt-get install chromium") || !strings.Contains(errs, "--format html") {
		t.Errorf("pdf without a browser: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused pdf export left a file")
	}
	if code, _, errs := ringside(t, db, "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "pdf"); code != 2 || !strings.Contains(errs, "-o g3.pdf") {
		t.Errorf("pdf to the terminal: exit %d, %q", code, errs)
	}
}

// CSV starts with the BOM; --no-bom leaves it out.
func TestExportChecklistCSVBOM(t *testing.T) {
	db := demoDB(t)
	args := []string{"--as-of", "2026-11-20", "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "csv"}
	_, with, _ := ringside(t, db, args...)
	_, without, _ := ringside(t, db, append(args, "--no-bom")...)
	if !strings.HasPrefix(with, "\uFEFFsection,") || !strings.HasPrefix(without, "section,") || !strings.Contains(without, "\r\n") {
		t.Errorf("BOM %q, --no-bom %q", with[:12], without[:12])
	}
}

// An output path in a missing folder or where nothing may be written:
// exit 2 naming the path, and no file, whole or partial.
func TestOutputPathErrors(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	targets := []string{filepath.Join(dir, "missing", "out")}
	if st, err := os.Stat("/sys/kernel"); err == nil && st.IsDir() {
		targets = append(targets, "/sys/kernel/ringside-out") // sysfs refuses new files, even to root
	}
	for _, target := range targets {
		for _, args := range [][]string{
			{"export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "csv", "-o", target + ".csv"},
			{"export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "html", "-o", target + ".html"},
			{"calendar", "--format", "ics", "-o", target + ".ics"},
			{"export", "portfolio", "-o", target + ".yaml"},
		} {
			path := args[len(args)-1]
			code, _, errs := ringside(t, db, append([]string{"--as-of", "2026-11-20"}, args...)...)
			if code != 2 || !strings.Contains(errs, path) {
				t.Errorf("%v: exit %d, %q; want 2 naming %s", args, code, errs, path)
			}
			if _, err := os.Stat(path); err == nil {
				t.Errorf("%v left %s", args, path)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed exports left %v", entries)
	}
}
