package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain points the config file at an empty folder: no in-process test
// reads the machine's own ~/.config/ringside/config.yaml. It removes the
// binary the process tests built (builtBinary).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ringside-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	if e2eBin != "" {
		os.RemoveAll(filepath.Dir(e2eBin))
	}
	os.Exit(code)
}

// ringsideNoDB runs a command line without --db (the config file may name it).
func ringsideNoDB(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runAt(pinnedNow, args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestConfigPathInitShow(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path := filepath.Join(dir, "ringside", "config.yaml")

	if code, out, _ := ringsideNoDB(t, "config", "path"); code != 0 || strings.TrimSpace(out) != path {
		t.Fatalf("config path: %d %q, want %s", code, out, path)
	}
	code, out, _ := ringsideNoDB(t, "config", "show")
	if code != 0 || !strings.Contains(out, "(no file: every setting is the default)") || !strings.Contains(out, "mouse: true") {
		t.Errorf("config show without a file: %d\n%s", code, out)
	}
	if code, out, errs := ringsideNoDB(t, "config", "init"); code != 0 || !strings.Contains(out, "wrote "+path) {
		t.Fatalf("config init: %d %s %s", code, out, errs)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"theme: \"\"", "mouse: true", "dates: iso", "global.quit: [q] # quit", "lists.down: [down, j]", "review.sign: [s, enter]", "drill.step-done: [enter, d]", "import.change-pilot: [p]"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("init file lacks %q", want)
		}
	}
	// init again refuses; --force replaces
	if code, _, errs := ringsideNoDB(t, "config", "init"); code != 2 || !strings.Contains(errs, "exists") {
		t.Errorf("second init: %d %s", code, errs)
	}
	if code, _, _ := ringsideNoDB(t, "config", "init", "--force"); code != 0 {
		t.Errorf("init --force: %d", code)
	}
	// the init file sets exactly the defaults: show lists every key as given
	code, out, errs := ringsideNoDB(t, "config", "show")
	if code != 0 || !strings.Contains(out, "lists.down: [down, j] # default [down, j]") {
		t.Errorf("config show of the init file: %d %s\n%s", code, errs, out)
	}
	if code, _, errs := ringsideNoDB(t, "config", "sideways"); code != 2 || !strings.Contains(errs, "use path, show or init") {
		t.Errorf("config sideways: %d %s", code, errs)
	}
}

// An invalid config file: the command line exits 2 naming FILE:LINE and
// touches nothing.
func TestConfigInvalidFileExits2WithFileLine(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path := filepath.Join(dir, "ringside", "config.yaml")
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte("theme: light\nkeys:\n  lists.down: [j]\n  lists.sideways: [x]\n"), 0o644)
	db := filepath.Join(t.TempDir(), "r.db")
	code, _, errs := ringside(t, db, "demo")
	if code != 2 || !strings.Contains(errs, path+`:4: unknown key action "lists.sideways"`) {
		t.Errorf("demo with an invalid config: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("the database was created despite the invalid config file")
	}
	if code, _, errs := ringsideNoDB(t, "config", "show"); code != 2 || !strings.Contains(errs, path+":4:") {
		t.Errorf("config show: exit %d, %s", code, errs)
	}
	if code, out, _ := ringsideNoDB(t, "config", "path"); code != 0 || strings.TrimSpace(out) != path {
		t.Errorf("config path with an invalid file: %d %q", code, out)
	}
}

// The config file's database is used when neither --db nor $RINGSIDE_DB names one.
func TestConfigDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("RINGSIDE_DB", "")
	db := filepath.Join(t.TempDir(), "from-config.db")
	os.MkdirAll(filepath.Join(dir, "ringside"), 0o755)
	os.WriteFile(filepath.Join(dir, "ringside", "config.yaml"), []byte("database: "+db+"\n"), 0o644)
	if code, _, errs := ringsideNoDB(t, "--as", "tester", "demo"); code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("the config file's database was not used: %v", err)
	}
	// --db wins over the file
	other := filepath.Join(t.TempDir(), "flag.db")
	if code, _, _ := ringsideNoDB(t, "--db", other, "--as", "tester", "demo"); code != 0 {
		t.Fatal("demo --db")
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("--db did not win over the config file")
	}
}
