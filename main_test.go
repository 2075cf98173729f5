package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ringside/internal/sqlite3cli"
)

// pinnedNow is the clock of every in-process run: the afternoon of the
// demo's evaluation day, so no test depends on today's date.
func pinnedNow() time.Time { return time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC) }

// ringside runs the command line in-process against db and returns its
// exit code and output.
func ringside(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	all := append([]string{"--db", db, "--as", "tester"}, args...)
	code = runAt(pinnedNow, all, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestGlobalFlagsBeforeOrAfterTheCommand(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--db", filepath.Join(dir, "a.db"), "demo"},
		{"demo", "--db", filepath.Join(dir, "b.db")},
		{"demo", "--db=" + filepath.Join(dir, "c.db"), "--as-of", "2026-11-20"},
	} {
		var out, errb bytes.Buffer
		if code := runAt(pinnedNow, args, nil, &out, &errb); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errb.String())
		}
	}
	for _, n := range []string{"a.db", "b.db", "c.db"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s not created: %v", n, err)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	for _, c := range commands(&cli{}) {
		code, out, _ := ringside(t, db, c.Name(), "--help")
		// fang's help: USAGE, then EXAMPLES, then the flags.
		if code != 0 || !strings.Contains(out, "USAGE") || !strings.Contains(out, "EXAMPLES") {
			t.Errorf("%s --help: exit %d, output %q", c.Name(), code, out)
		}
	}
	code, out, _ := ringside(t, db, "--version")
	if code != 0 || !strings.HasPrefix(out, "ringside ") {
		t.Errorf("--version: %d %q", code, out)
	}
	code, out, _ = ringside(t, db, "--help")
	if code != 0 || !strings.Contains(out, "Exit codes") {
		t.Errorf("--help: %d %q", code, out)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("--help and --version must not create the database")
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"apply"}, "-f FILE"},
		{[]string{"apply", "-f", "/no/such/file.yaml"}, "no such file"},
		{[]string{"apply", "--bogus"}, "flag provided but not defined"},
		{[]string{"--as-of", "2026-02-30", "verify"}, "not a date"},
		{[]string{"export", "nonsense"}, `cannot export "nonsense"`},
		{[]string{"--db"}, "--db needs a value"},
	}
	for _, c := range cases {
		code, _, errs := ringside(t, db, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errs, c.want)
		}
	}
}

// Every broken portfolio file is refused with FILE:LINE, exit 2, and the
// database exactly as it was.
func TestApplyBadInputLeavesDatabaseUntouched(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bad.db")
	if code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "demo"); code != 0 {
		t.Fatal(errs)
	}
	broken, _ := filepath.Glob("testdata/portfolio/bad-*.yaml")
	if len(broken) < 5 {
		t.Fatalf("want at least 5 broken portfolio files, found %v", broken)
	}
	before := fileSum(t, db)
	for _, f := range broken {
		code, _, errs := ringside(t, db, "apply", "-f", f)
		if code != 2 || !strings.Contains(errs, f+":") {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 naming %s:LINE", f, code, errs, f)
		}
	}
	if after := fileSum(t, db); after != before {
		t.Error("a refused apply changed the database file")
	}
}

func TestExportApplyRoundTripIsByteIdentical(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	if code, _, errs := ringside(t, a, "--as-of", "2026-11-20", "demo"); code != 0 {
		t.Fatal(errs)
	}
	first := filepath.Join(dir, "first.yaml")
	second := filepath.Join(dir, "second.yaml")
	if code, _, errs := ringside(t, a, "export", "portfolio", "-o", first); code != 0 {
		t.Fatal(errs)
	}
	if code, out, errs := ringside(t, b, "apply", "-f", first); code != 0 || !strings.Contains(out, "created 8") {
		t.Fatalf("apply: %d %s %s", code, out, errs)
	}
	if code, _, errs := ringside(t, b, "export", "portfolio", "-o", second); code != 0 {
		t.Fatal(errs)
	}
	x, _ := os.ReadFile(first)
	y, _ := os.ReadFile(second)
	// Byte-identical apart from the leading anchor comment: each file
	// anchors its own database's audit chain.
	ax, restX, _ := bytes.Cut(x, []byte("\n"))
	ay, restY, _ := bytes.Cut(y, []byte("\n"))
	if !bytes.HasPrefix(ax, []byte("# ringside-anchor seq=")) || !bytes.HasPrefix(ay, []byte("# ringside-anchor seq=")) {
		t.Errorf("exported portfolios do not start with their anchor line: %q, %q", ax, ay)
	}
	// And apart from who entered the sign-offs: a file's sign-offs are
	// recorded as entered by the applying actor on behalf of the people
	// they name, so the second file says so, and says nothing else new.
	told := []byte("        on_behalf: true\n        entered_by: tester\n")
	if n := bytes.Count(restY, told); n == 0 || !bytes.Equal(restX, bytes.ReplaceAll(restY, told, nil)) {
		t.Errorf("export → apply → export is not byte-identical apart from the anchor line and %d sign-offs entered on behalf", n)
	}
	// The demo's change calendar travels too.
	if !bytes.Contains(x, []byte("calendar:\n  windows:\n    - name: Release train\n")) || !bytes.Contains(x, []byte("Year-end close")) {
		t.Errorf("the export lacks the demo's change calendar:\n%.400s", x)
	}
	if code, out, _ := ringside(t, b, "apply", "-f", first); code != 0 || !strings.Contains(out, "unchanged 8") {
		t.Errorf("re-apply: %d %q, want all unchanged", code, out)
	}
}

func TestDemoIsIdempotentAcrossDays(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	ringside(t, db, "--as-of", "2026-11-20", "demo")
	code, out, _ := ringside(t, db, "--as-of", "2026-12-24", "demo")
	if code != 0 || !strings.Contains(out, "0 created, 0 updated, 8 unchanged") {
		t.Errorf("second demo load: %d %q", code, out)
	}
}

func TestNewerDatabaseIsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "n.db")
	ringside(t, db, "verify")
	sqlite3(t, db, "PRAGMA user_version = 99;")
	code, _, errs := ringside(t, db, "verify")
	if code != 2 || !strings.Contains(errs, "newer ringside") {
		t.Errorf("exit %d %q", code, errs)
	}
}

// sqlite3 edits the database behind ringside's back with the real CLI.
func sqlite3(t *testing.T, db, script string) { t.Helper(); sqlite3cli.Run(t, db, script) }

func TestVerifyCatchesEditsMadeWithTheSQLiteCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	if code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "demo"); code != 0 {
		t.Fatal(errs)
	}
	if code, out, _ := ringside(t, db, "verify"); code != 0 || !strings.Contains(out, "chain intact") {
		t.Fatalf("fresh verify: %d %q", code, out)
	}
	// The guard refuses a plain edit.
	cmd := exec.Command("sqlite3", db, "UPDATE audit SET actor='mallory' WHERE seq=3;")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "append-only") {
		t.Errorf("edit through the guard: err=%v out=%s", err, out)
	}
	// Dropping the guard and editing is caught, naming the entry.
	sqlite3(t, db, "DROP TRIGGER audit_no_update; UPDATE audit SET actor='mallory' WHERE seq=3;")
	code, _, errs := ringside(t, db, "verify")
	if code != 1 || !strings.Contains(errs, "audit entry 3") {
		t.Errorf("verify after tampering: exit %d, %q", code, errs)
	}
}
