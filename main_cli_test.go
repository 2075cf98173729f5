package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringside/store"
)

// gate --json prints criteria as written: `<= -30%`, not `\u003c= -30%`.
func TestJSONIsNotHTMLEscaped(t *testing.T) {
	db := demoDB(t)
	for _, args := range [][]string{
		{"--as-of", "2026-11-20", "gate", "--pilot", "claims-triage", "--gate", "G3", "--json"},
		{"--as-of", "2026-11-20", "health", "--pilot", "claims-triage", "--json"},
		{"--as-of", "2026-11-20", "calendar", "--json"},
	} {
		code, out, errs := ringside(t, db, args...)
		if code > 1 {
			t.Fatalf("%v: exit %d %s", args, code, errs)
		}
		if strings.Contains(out, `\u003c`) || strings.Contains(out, `\u003e`) || strings.Contains(out, `\u0026`) {
			t.Errorf("%v: HTML-escaped JSON:\n%.300s", args, out)
		}
	}
	_, out, _ := ringside(t, db, "--as-of", "2026-11-20", "gate", "--pilot", "claims-triage", "--gate", "G3", "--json")
	if !strings.Contains(out, "target <= -30%") || !strings.Contains(out, "\n  \"pilot\": \"claims-triage\",\n") {
		t.Errorf("gate --json is not indented JSON with the criteria as written:\n%.400s", out)
	}
}

// Exit 3: the command could not run at all, which is not bad input.
func TestCouldNotRunExits3(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := ringside(t, dir, "verify") // a folder, not a file
	if code != 3 || !strings.Contains(errs, "cannot open the database") {
		t.Errorf("--db FOLDER: exit %d %q, want 3", code, errs)
	}
	// A file that is not a database is bad input: point --db elsewhere.
	notDB := filepath.Join(dir, "notes.db")
	os.WriteFile(notDB, []byte(strings.Repeat("not a database at all\n", 100)), 0o600)
	if code, _, errs := ringside(t, notDB, "verify"); code != 2 || !strings.Contains(errs, "not a ringside database") {
		t.Errorf("--db NOT-SQLITE: exit %d %q, want 2", code, errs)
	}
}

func TestVersionNamesTheCommitAndDate(t *testing.T) {
	defer func(c, d string) { commit, date = c, d }(commit, date)
	commit, date = "0123456789abcdef0123", "2026-11-30T17:00:00Z"
	for _, args := range [][]string{{"--version"}, {"health", "--version"}} {
		code, out, _ := ringside(t, filepath.Join(t.TempDir(), "v.db"), args...)
		want := fmt.Sprintf("ringside 0.1.0-dev (commit 0123456789ab, 2026-11-30T17:00:00Z), schema v%d\n", store.SchemaVersion())
		if code != 0 || out != want {
			t.Errorf("%v: exit %d %q", args, code, out)
		}
	}
	// `ringside --version` alone answers before the command tree is built:
	// the same line, without a database.
	var out, errs strings.Builder
	want := fmt.Sprintf("ringside 0.1.0-dev (commit 0123456789ab, 2026-11-30T17:00:00Z), schema v%d\n", store.SchemaVersion())
	if code := runAt(pinnedNow, []string{"--version"}, nil, &out, &errs); code != 0 || out.String() != want || errs.Len() > 0 {
		t.Errorf("--version alone: exit %d %q %q", code, out.String(), errs.String())
	}
}

func TestManPage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	code, out, errs := ringside(t, db, "man")
	if code != 0 || !strings.HasPrefix(out, ".TH RINGSIDE 1") || !strings.Contains(out, "signoff") || !strings.Contains(out, `\fB--as-of\fP`) {
		t.Errorf("man: exit %d %s\n%.300s", code, errs, out)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("man created the database")
	}
}

// Completion scripts for the three shells, and values from the database:
// slugs, ring names of the pilot given, gates, roles.
func TestCompletion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, errs := ringside(t, filepath.Join(t.TempDir(), "c.db"), "completion", sh)
		if code != 0 || !strings.Contains(out, "ringside") || len(out) < 1000 {
			t.Errorf("completion %s: exit %d %s %.100q", sh, code, errs, out)
		}
	}
	db := demoDB(t)
	complete := func(args ...string) []string {
		t.Helper()
		code, out, errs := ringside(t, db, append([]string{"__complete"}, args...)...)
		if code != 0 {
			t.Fatalf("__complete %v: exit %d %s", args, code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		return lines[:len(lines)-1] // the last line is cobra's directive
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"gate", "--pilot", ""}, []string{"claims-triage", "servicedesk-copilot", "invoice-matching"}},
		{[]string{"ring", "--pilot", "claims-triage", "--ring", ""}, []string{"pilot", "canary", "broad"}},
		{[]string{"signoff", "--gate", ""}, []string{"G1", "G3", "PRG"}},
		{[]string{"signoff", "--role", ""}, []string{"product_owner", "security", "legal"}},
		{[]string{"flag", "--pilot", "servicedesk-copilot", "--flag", ""}, []string{"kb-answers"}},
		{[]string{""}, []string{"health", "signoff", "completion", "man"}},
		{[]string{"gate", "--p"}, []string{"--pilot"}},
	} {
		got := strings.Join(complete(c.args...), "\n")
		for _, w := range c.want {
			if !strings.Contains("\n"+got+"\n", "\n"+w+"\n") && !strings.Contains("\n"+got, "\n"+w+"\t") {
				t.Errorf("__complete %q: %q missing from\n%s", c.args, w, got)
			}
		}
	}
	// Completing against a database that does not exist offers nothing and creates nothing.
	missing := filepath.Join(t.TempDir(), "none.db")
	code, out, _ := ringside(t, missing, "__complete", "gate", "--pilot", "")
	if code != 0 || strings.Contains(out, "claims-triage") {
		t.Errorf("completion without a database: %d %q", code, out)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("completion created the database")
	}
}
