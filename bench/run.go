package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type bench struct {
	work, shell, root string
	csv, yaml, bin    string
	template          string // a database with the pilots applied, copied per round
}

// run is one measured child process.
type run struct {
	wall   time.Duration
	rssKB  int64
	stdout []byte
}

// cliAggregate is the naive query a user of the shell would write: per
// pilot × ring × metric, the latest day and the mean of the 7 days up to it.
const cliAggregate = `SELECT l.pilot, l.ring, l.metric, l.d, avg(m.value)
FROM (SELECT pilot, ring, metric, max(date) AS d FROM m GROUP BY pilot, ring, metric) AS l
JOIN m ON m.pilot = l.pilot AND m.ring = l.ring AND m.metric = l.metric
 AND m.date > date(l.d, '-7 days') AND m.date <= l.d
GROUP BY l.pilot, l.ring, l.metric;`

// prepare writes the data, builds ringside and applies the portfolio once.
func (b *bench) prepare() error {
	b.csv, b.yaml = filepath.Join(b.work, "metrics.csv"), filepath.Join(b.work, "portfolio.yaml")
	b.bin, b.template = filepath.Join(b.work, "ringside"), filepath.Join(b.work, "template.db")
	fmt.Println("generating", b.csv)
	rows, err := writeCSV(b.csv)
	if err != nil {
		return err
	}
	if rows != wantRows() {
		return fmt.Errorf("generated %d rows, want %d", rows, wantRows())
	}
	if err := writePortfolio(b.yaml); err != nil {
		return err
	}
	fmt.Println("building ringside")
	build := exec.Command("go", "build", "-o", b.bin, ".")
	build.Dir, build.Stdout, build.Stderr = b.root, os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %v", err)
	}
	if _, err := b.exec(nil, 0, b.bin, "--db", b.template, "apply", "-f", b.yaml); err != nil {
		return err
	}
	return nil
}

// exec runs a command and measures its wall time and peak RSS. Exit codes
// in okCodes (besides 0) count as success: health exits 1 when a ring fails.
func (b *bench) exec(stdin io.Reader, okCode int, name string, args ...string) (run, error) {
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start), stdout: out.Bytes()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.rssKB = ru.Maxrss // kilobytes on Linux
		}
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || okCode == 0 || ee.ExitCode() != okCode {
			return r, fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, errb.String())
		}
	}
	return r, nil
}

func copyFile(dst, src string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o600)
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// measure runs the rounds, alternating which side goes first.
func (b *bench) measure(rounds int) (*results, error) {
	res := &results{rows: wantRows()}
	db, cli := filepath.Join(b.work, "ringside.db"), filepath.Join(b.work, "cli.db")
	importScript := fmt.Sprintf("CREATE TABLE m(date, pilot, ring, metric, value, UNIQUE(pilot, ring, metric, date));\n.mode csv\n.import --skip 1 %s m\n", b.csv)
	asOf := lastDay()
	for round := range rounds {
		removeDB(db)
		removeDB(cli)
		if err := copyFile(db, b.template); err != nil {
			return nil, err
		}
		ours := func() error {
			r, err := b.exec(nil, 0, b.bin, "--db", db, "import", "metrics", b.csv)
			res.ringImport = append(res.ringImport, r.wall)
			res.rssKB = append(res.rssKB, r.rssKB)
			return err
		}
		theirs := func() error {
			r, err := b.exec(strings.NewReader(importScript), 0, b.shell, cli)
			res.cliImport = append(res.cliImport, r.wall)
			return err
		}
		if err := alternate(round, ours, theirs); err != nil {
			return nil, err
		}
		var healthOut, aggOut []byte
		ours = func() error {
			r, err := b.exec(nil, 1, b.bin, "--db", db, "--as-of", asOf, "health", "--json")
			res.ringHealth = append(res.ringHealth, r.wall)
			healthOut = r.stdout
			return err
		}
		theirs = func() error {
			r, err := b.exec(strings.NewReader(cliAggregate), 0, b.shell, cli)
			res.cliHealth = append(res.cliHealth, r.wall)
			aggOut = r.stdout
			return err
		}
		if err := alternate(round, ours, theirs); err != nil {
			return nil, err
		}
		if err := b.check(db, healthOut, aggOut); err != nil {
			return nil, err
		}
		fmt.Printf("round %d: import %v vs %v, health %v vs %v, import RSS %d MB\n", round+1,
			res.ringImport[round].Round(time.Millisecond), res.cliImport[round].Round(time.Millisecond),
			res.ringHealth[round].Round(time.Millisecond), res.cliHealth[round].Round(time.Millisecond), res.rssKB[round]/1024)
	}
	return res, nil
}

func alternate(round int, ours, theirs func() error) error {
	first, second := ours, theirs
	if round%2 == 1 {
		first, second = theirs, ours
	}
	if err := first(); err != nil {
		return err
	}
	return second()
}

// check makes sure both sides did the whole job: every row stored, a
// verdict for every ring × KPI, an aggregate row for every series.
func (b *bench) check(db string, healthOut, aggOut []byte) error {
	out, err := exec.Command(b.shell, db, "SELECT count(*) FROM observations").Output()
	if err != nil {
		return fmt.Errorf("count observations: %v", err)
	}
	if n, _ := strconv.Atoi(strings.TrimSpace(string(out))); n != wantRows() {
		return fmt.Errorf("ringside stored %d observations, want %d", n, wantRows())
	}
	var h struct {
		Pilots []struct {
			Rings []struct {
				KPIs []struct {
					Current *float64 `json:"current"`
				} `json:"kpis"`
			} `json:"rings"`
		} `json:"pilots"`
	}
	if err := json.Unmarshal(healthOut, &h); err != nil {
		return fmt.Errorf("health --json: %v", err)
	}
	judged := 0
	for _, p := range h.Pilots {
		for _, r := range p.Rings {
			for _, k := range r.KPIs {
				if k.Current != nil {
					judged++
				}
			}
		}
	}
	series := numPilots * len(benchRings) * numMetrics
	if judged != series {
		return fmt.Errorf("health judged %d ring × KPI with data, want %d", judged, series)
	}
	if n := bytes.Count(aggOut, []byte("\n")); n != series {
		return fmt.Errorf("the sqlite3 aggregate returned %d rows, want %d", n, series)
	}
	return nil
}
