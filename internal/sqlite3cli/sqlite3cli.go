// Package sqlite3cli runs the real sqlite3 shell for tests that edit a
// database behind ringside's back, as an attacker or a careless operator
// would. Without the shell a test is skipped, except in CI (.ci/run
// installs it), where its absence fails the test.
package sqlite3cli

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Path is the sqlite3 shell's path; it skips the test (fails it in CI)
// when the shell is not installed.
func Path(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("sqlite3 CLI missing in CI: .ci/run installs it")
		}
		t.Skip("sqlite3 CLI not installed")
	}
	return bin
}

// Run runs script on the database file at path with the sqlite3 shell and
// fails the test if the shell reports an error.
func Run(t testing.TB, path, script string) {
	t.Helper()
	cmd := exec.Command(Path(t), path)
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v: %s", err, out)
	}
}
