package app

import (
	"context"
	"strings"
	"testing"

	"ringside/internal/sqlite3cli"
)

// Verify checks every signed sign-off's signature as the store's own load
// of the pilots meets it, and, when that load did not run (the file's
// check failed), after reading the pilots itself: the same finding and
// the same count either way.
func TestVerifyChecksSignaturesWithOrWithoutTheStateLoad(t *testing.T) {
	ctx := context.Background()
	a, path := openTest(t)
	importRows(t, a, obs("pilot", "triage_min", "2026-08-17", 7), obs("pilot", "misroute_pct", "2026-08-17", 1))
	if _, err := a.Sign(ctx, signReq("")); err != nil {
		t.Fatal(err)
	}
	sqlite3cli.Run(t, path, "UPDATE signoffs SET signature = 'not a signature';")
	const line = "SSH signatures of 1 signed sign-offs, over their statements as stored"
	for _, c := range []struct {
		name string
		opts VerifyOptions
	}{
		{"the file sound", VerifyOptions{}},
		{"the file's check failed", VerifyOptions{FileCheck: "quick_check", FileFindings: []string{"Page 7: btreeInitPage() returns error code 11"}}},
	} {
		r, err := a.Verify(ctx, c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var sig []string
		for _, f := range r.Findings {
			if strings.Contains(f.Entity, "sign-off") {
				sig = append(sig, f.Entity+": "+f.Problem)
			}
		}
		if len(sig) != 1 || !strings.Contains(sig[0], "its signature does not parse") || !strings.Contains(strings.Join(r.Checked, "\n"), line) {
			t.Errorf("%s: signature findings %q, checked %q; want one that does not parse and %q", c.name, sig, r.Checked, line)
		}
	}
}
