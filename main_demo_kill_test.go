package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ringside/internal/sqlite3cli"
)

// The demo loads in one transaction: the real binary killed with SIGKILL
// inside it (after the portfolio, its anchor and every metric file were
// written, before the sign-offs are stamped) leaves the database exactly
// as it was, whether empty or holding an earlier portfolio; verify is ok
// and the next demo goes through whole.
func TestDemoKilledMidLoadLeavesTheDatabaseAsItWas(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	shell := sqlite3cli.Path(t) // its .dump is what the test compares
	bin := builtBinary(t)
	env := append(os.Environ(), "RINGSIDE_NOW=2026-11-20T15:04:05Z", "TZ=UTC")
	run := func(db string, args ...string) (int, string) {
		cmd := exec.Command(bin, append([]string{"--db", db, "--as", "tester"}, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	// dump is every row of every table, as the sqlite3 shell reads the
	// file after the kill (it recovers the write-ahead log first).
	dump := func(db string) string {
		out, err := exec.Command(shell, db, ".dump").CombinedOutput()
		if err != nil {
			t.Fatalf("sqlite3 .dump: %v: %s", err, out)
		}
		return string(out)
	}
	for _, c := range []struct {
		name   string
		before []string // the command that makes the state before the demo
	}{
		{"empty", []string{"health"}}, // creates the schema, nothing else
		{"a portfolio before", []string{"apply", "-f", "testdata/portfolio/roundtrip.yaml"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "demo.db")
			if code, out := run(db, c.before...); code != 0 {
				t.Fatalf("%v: exit %d\n%s", c.before, code, out)
			}
			was := dump(db)
			pause := filepath.Join(t.TempDir(), "paused")
			cmd := exec.Command(bin, "--db", db, "--as", "tester", "demo")
			cmd.Env = append(env, demoPauseEnv+"="+pause)
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Under load the load may take long to reach the pause: wait
			// for the file the binary writes there, not for a time.
			deadline := time.Now().Add(3 * time.Minute)
			for {
				if _, err := os.Stat(pause); err == nil {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("the demo never reached its pause in 3 minutes\n%s", out.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the demo was not killed by SIGKILL: %v\n%s", err, out.String())
			}
			if st, err := os.Stat(db + "-wal"); err != nil || st.Size() == 0 {
				t.Logf("no write-ahead log left behind (%v): the transaction's pages stayed in memory", err)
			}
			if now := dump(db); now != was {
				t.Fatalf("the database after the kill differs from before the demo:\nbefore:\n%.2000s\nafter:\n%.2000s", was, now)
			}
			if code, out := run(db, "verify"); code != 0 {
				t.Fatalf("verify after the kill: exit %d\n%s", code, out)
			}
			if code, out := run(db, "demo"); code != 0 || !strings.Contains(out, "demo portfolio: 8 created") {
				t.Fatalf("demo after the kill: exit %d\n%s", code, out)
			}
			if code, out := run(db, "verify"); code != 0 {
				t.Fatalf("verify after the second demo: exit %d\n%s", code, out)
			}
		})
	}
}
