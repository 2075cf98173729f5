package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// review --minutes FILE.html writes the printable minutes page.
func TestReviewWritesPrintableMinutes(t *testing.T) {
	db := demoDB(t)
	minutes := filepath.Join(t.TempDir(), "minutes.html")
	code, _, errs := ringside(t, db, "review", "--pilot", "contract-review", "--gate", "G2",
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

func readLog(t *testing.T, state string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(state, "ringside", "ringside.log"))
	if err != nil {
		t.Fatalf("no debug log: %v", err)
	}
	return string(b)
}

// A failed import under --debug leaves a log that names the command, the
// database, the step that failed and why, and the exit code.
func TestDebugLogNamesTheFailingImportStep(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	db := demoDB(t) // without --debug: no log yet
	if _, err := os.Stat(filepath.Join(state, "ringside", "ringside.log")); err == nil {
		t.Fatal("a run without --debug wrote the log")
	}
	file := filepath.Join("testdata", "csv", "bad_date.csv")
	if code, _, errs := ringside(t, db, "--debug", "import", "metrics", "--pilot", "claims-triage", file); code != 2 {
		t.Fatalf("import of %s: exit %d %s", file, code, errs)
	}
	log := readLog(t, state)
	for _, want := range []string{
		"run: ringside import metrics --as=tester --db=" + db + " --debug=true --pilot=claims-triage " + file,
		"database: " + db + "; acting as tester",
		"step open database " + db + ": done in",
		"step open " + file + ": done in",
		"step read, check and store " + file + ": FAILED after",
		"rejected with 2 error(s), nothing written; the first: " + file + ":3:",
		"error: 1 of 1 file rejected",
		"exit 2 after",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the debug log lacks %q:\n%s", want, log)
		}
	}
	if st, _ := os.Stat(filepath.Join(state, "ringside", "ringside.log")); st.Mode().Perm() != 0o600 {
		t.Errorf("the log is mode %v, want 0600", st.Mode().Perm())
	}
}

// RINGSIDE_DEBUG=1 logs too, and the log never holds what a sign-off
// attests or comments.
func TestDebugLogKeepsNoStatement(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	db := demoDB(t)
	t.Setenv("RINGSIDE_DEBUG", "1")
	code, _, errs := ringside(t, db, "signoff", "--pilot", "claims-triage", "--gate", "G3", "--role", "security",
		"--decision", "approve", "--meaning", "Secret clause 7 verified", "--comment", "private remark about Lee")
	if code != 0 {
		t.Fatalf("signoff: %d %s", code, errs)
	}
	log := readLog(t, state)
	if strings.Contains(log, "Secret clause") || strings.Contains(log, "private remark") {
		t.Errorf("the debug log holds the sign-off's statement:\n%s", log)
	}
	for _, want := range []string{"--meaning=[redacted]", "--comment=[redacted]", "--role=security", "exit 0"} {
		if !strings.Contains(log, want) {
			t.Errorf("the debug log lacks %q:\n%s", want, log)
		}
	}
}

// A log that cannot be written is said once on stderr; the command runs.
func TestDebugLogUnwritable(t *testing.T) {
	if st, err := os.Stat("/sys/kernel"); err != nil || !st.IsDir() {
		t.Skip("no /sys/kernel to stand for an unwritable folder")
	}
	t.Setenv("XDG_STATE_HOME", "/sys/kernel")
	db := demoDB(t)
	code, _, errs := ringside(t, db, "--debug", "verify")
	if code != 0 || !strings.Contains(errs, "--debug: cannot write the log /sys/kernel/ringside/ringside.log") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestPagerChoice(t *testing.T) {
	env := func(kv map[string]string) (func(string) string, func(string) (string, bool)) {
		return func(k string) string { return kv[k] }, func(k string) (string, bool) { v, ok := kv[k]; return v, ok }
	}
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "less -R"},
		{map[string]string{"PAGER": "more"}, "more"},
		{map[string]string{"PAGER": "more", "RINGSIDE_PAGER": "most"}, "most"},
		{map[string]string{"PAGER": "more", "RINGSIDE_PAGER": ""}, ""}, // set but empty: off
	} {
		if got := pagerCommand(env(c.env)); got != c.want {
			t.Errorf("%v: pager %q, want %q", c.env, got, c.want)
		}
	}
	a := &cli{}
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"health"}, true},
		{[]string{"health", "--json"}, false},
		{[]string{"calendar", "--format", "ics"}, false},
		{[]string{"calendar", "-o", "x.txt"}, false},
		{[]string{"calendar", "--format", "text"}, true},
		{[]string{"gate", "--pilot", "x", "--gate", "G3"}, true},
		{[]string{"export", "checklist"}, false},
		{[]string{"demo"}, false},
	} {
		root := newRootCmd(a)
		cmd, rest, err := root.Find(c.args)
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Fatal(err)
		}
		if got := wantsPager(cmd); got != c.want {
			t.Errorf("%v: pages %v, want %v", c.args, got, c.want)
		}
	}
	if newPager(&bytes.Buffer{}, "less -R") != nil {
		t.Error("a pager for output that is not a terminal")
	}
}

func TestCausesNamesTheChain(t *testing.T) {
	inner := &fs.PathError{Op: "open", Path: "/x/y.db", Err: syscall.EACCES}
	err := badInput(fmt.Errorf("cannot open the database: %w", inner))
	got := causes(err)
	want := "cannot open the database: open /x/y.db: permission denied <- *fs.PathError: open /x/y.db: permission denied <- syscall.Errno: permission denied"
	if got != want {
		t.Errorf("causes:\n got %s\nwant %s", got, want)
	}
}

// A failed export under --debug names the file it could not write and why.
func TestDebugLogNamesTheFailedWrite(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	db := demoDB(t)
	out := filepath.Join(t.TempDir(), "missing", "w.ics")
	if code, _, _ := ringside(t, db, "--debug", "calendar", "--format", "ics", "-o", out); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	log := readLog(t, state)
	for _, want := range []string{"step write " + out + ": FAILED after", "no such file or directory", "exit 2"} {
		if !strings.Contains(log, want) {
			t.Errorf("the debug log lacks %q:\n%s", want, log)
		}
	}
}
