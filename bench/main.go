// Command bench measures ringside against the sqlite3 command-line shell on
// the data set of issue 3 (76 pilots × 3 rings × 12 metrics × 366 days =
// 1,001,376 rows): importing the CSV, and judging health over every pilot.
// Whole process against whole process, alternating who goes first, median
// of the rounds. Run it from the module root:
//
//	go run ./bench                 # 3 rounds, writes bench/RESULTS.md
//	go run ./bench -rounds 5 -keep # more rounds; keep the work folder
//
// It needs the sqlite3 shell on PATH (apt-get install sqlite3).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Targets of issue 3.
const (
	importTarget = 1.0 // ringside import ≤ 1.0 × sqlite3 .import
	healthTarget = 0.5 // ringside health ≤ 0.5 × the sqlite3 aggregate
	rssTargetMB  = 64  // peak RSS of ringside import
)

func main() {
	rounds := flag.Int("rounds", 3, "rounds to measure (the median is reported); at least 3")
	dir := flag.String("dir", "", "work folder for the data and databases (default: a new temporary folder)")
	keep := flag.Bool("keep", false, "keep the work folder")
	sqlite := flag.String("sqlite3", "sqlite3", "the sqlite3 shell to compare with")
	out := flag.String("o", "bench/RESULTS.md", "where to write the results (\"\" for nowhere)")
	flag.Parse()
	if *rounds < 3 {
		fail("-rounds must be at least 3 for a median worth reporting")
	}
	shell, err := exec.LookPath(*sqlite)
	if err != nil {
		fail("the sqlite3 shell is needed for the comparison: install it (apt-get install sqlite3) or pass -sqlite3 PATH")
	}
	work := *dir
	if work == "" {
		if work, err = os.MkdirTemp("", "ringside-bench-"); err != nil {
			fail(err.Error())
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		fail(err.Error())
	}
	if !*keep {
		defer os.RemoveAll(work)
	}
	root, err := moduleRoot()
	if err != nil {
		fail(err.Error())
	}
	b := &bench{work: work, shell: shell, root: root}
	if err := b.prepare(); err != nil {
		fail(err.Error())
	}
	res, err := b.measure(*rounds)
	if err != nil {
		fail(err.Error())
	}
	res.machine = machine(shell)
	res.command = "go run ./bench -rounds " + fmt.Sprint(*rounds)
	fmt.Print(res.table())
	if *out != "" {
		if err := os.WriteFile(filepath.Join(root, *out), []byte(res.markdown()), 0o644); err != nil {
			fail(err.Error())
		}
		fmt.Println("wrote", *out)
	}
	if *keep {
		fmt.Println("work folder:", work)
	}
	if !res.ok() {
		os.Exit(1)
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "bench:", msg)
	os.Exit(2)
}

// moduleRoot is the folder of ringside's go.mod.
func moduleRoot() (string, error) {
	outb, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(outb))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run the bench from inside the ringside module (go run ./bench)")
	}
	return filepath.Dir(mod), nil
}
