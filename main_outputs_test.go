package main

import (
	"os"
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
