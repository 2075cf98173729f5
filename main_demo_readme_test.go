package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ringside/model"
	"ringside/model/health"
)

// app/demo/README.md tells the demo's story in figures; each figure
// below is read from the README and compared with what ringside prints, so
// the two cannot drift apart (once the README said 8.7 months for a
// pessimistic payback ringside printed as 9.7).
func TestDemoReadmeFiguresMatch(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("app", "demo", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(raw)), " ") // figures may wrap across lines
	figure := func(pattern string) float64 {
		t.Helper()
		m := regexp.MustCompile(pattern).FindStringSubmatch(readme)
		if m == nil {
			t.Fatalf("the README no longer says %q", pattern)
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	db := demoDB(t)
	healthOf := func(asOf, slug string) health.PilotHealth {
		t.Helper()
		_, out, errs := ringside(t, db, "--as-of", asOf, "health", "--json", "--pilot", slug)
		var r struct{ Pilots []health.PilotHealth }
		if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Pilots) != 1 {
			t.Fatalf("health %s: %v %s", slug, err, errs)
		}
		return r.Pilots[0]
	}
	score := func(h health.PilotHealth, ring string) float64 {
		t.Helper()
		r, ok := h.Ring(ring)
		if !ok || r.Score == nil {
			t.Fatalf("%s ring %s has no score", h.Pilot, ring)
		}
		return *r.Score
	}
	code, out, errs := ringside(t, db, "--as-of", "2026-11-20", "payback", "--json", "--pilot", "claims-triage")
	if code != 0 {
		t.Fatalf("payback: %s", errs)
	}
	var pb struct {
		AnnualBenefit float64  `json:"annual_benefit"`
		PaybackMonths *float64 `json:"payback_months"`
		Scenarios     struct {
			Pessimistic struct {
				AnnualBenefit  float64  `json:"annual_benefit"`
				BreakEvenMonth *float64 `json:"break_even_month"`
			} `json:"pessimistic"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(out), &pb); err != nil || pb.PaybackMonths == nil || pb.Scenarios.Pessimistic.BreakEvenMonth == nil {
		t.Fatalf("payback --json: %v\n%s", err, out)
	}
	ct, sd := healthOf("2026-11-20", "claims-triage"), healthOf("2026-11-20", "servicedesk-copilot")
	sdEarly := healthOf("2026-11-05", "servicedesk-copilot")
	checks := []struct {
		what     string
		readme   float64
		printed  float64
		decimals int
	}{
		{"claims-triage pilot ring score", figure(`Pilot ring \(25 handlers[^)]*\) is \*\*warn\*\*, score (\d+(?:\.\d+)?)`), score(ct, "pilot"), 1},
		{"claims-triage annual benefit", figure(`0\.3317 ≈ ([\d,]+), net`), pb.AnnualBenefit, 0},
		{"claims-triage payback", figure(`\*\*payback ≈ (\d+(?:\.\d+)?) months\*\* \(pessimistic`), *pb.PaybackMonths, 1},
		{"claims-triage pessimistic benefit", figure(`0\.302: benefit ≈ ([\d,]+)`), pb.Scenarios.Pessimistic.AnnualBenefit, 0},
		{"claims-triage pessimistic break-even", figure(`benefit ≈ [\d,]+, ≈ (\d+(?:\.\d+)?)\)`), *pb.Scenarios.Pessimistic.BreakEvenMonth, 1},
		{"servicedesk canary score", figure(`canary ring is \*\*fail\*\* with rollback, score (\d+(?:\.\d+)?)`), score(sd, "canary"), 1},
		{"servicedesk canary score as of 2026-11-05", figure(`as of 2026-11-05 the canary is only warn, score (\d+(?:\.\d+)?)`), score(sdEarly, "canary"), 1},
	}
	for _, c := range checks {
		p := math.Pow10(c.decimals)
		if math.Round(c.printed*p)/p != c.readme {
			t.Errorf("%s: README says %v, ringside prints %v", c.what, c.readme, c.printed)
		}
	}
	if r, _ := sdEarly.Ring("canary"); r.Status != health.Warn {
		t.Errorf("servicedesk canary as of 2026-11-05 is %s, README says warn", r.Status)
	}
}

// One rounding rule: a KPI's percent change reads the same in the health
// table, its reason line and the gate's evidence (which checklists and the
// cockpit show), for every ring × KPI of the demo with a pct.
func TestPctReadsTheSameEverywhere(t *testing.T) {
	db := demoDB(t)
	_, out, _ := ringside(t, db, "--as-of", "2026-11-20", "health", "--json", "--pilot", "claims-triage")
	var r struct{ Pilots []health.PilotHealth }
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Pilots) != 1 {
		t.Fatal(err)
	}
	_, table, _ := ringside(t, db, "--as-of", "2026-11-20", "health", "--pilot", "claims-triage", "--no-pager")
	_, gate, _ := ringside(t, db, "--as-of", "2026-11-20", "gate", "--json", "--pilot", "claims-triage", "--gate", "G3")
	seen := 0
	for _, ring := range r.Pilots[0].Rings {
		for _, k := range ring.KPIs {
			if k.Pct == nil {
				continue
			}
			want := model.PctChange(*k.Pct) // e.g. -33.17 %
			if !strings.Contains(table, want) || !strings.Contains(strings.Join(k.Why.Lines(), "\n"), want) {
				t.Errorf("%s/%s: %q is not what the table and the reasons both show", ring.Ring, k.Key, want)
			}
			if ring.Ring == "pilot" && !strings.Contains(gate, "("+want+")") {
				t.Errorf("%s/%s: gate evidence lacks %q", ring.Ring, k.Key, want)
			}
			seen++
		}
	}
	if seen == 0 {
		t.Fatal("no KPI with a pct: the test checks nothing")
	}
}
