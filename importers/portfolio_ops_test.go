package importers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// opsBase is a valid pilot; each bad case appends lines to it. Its last
// line is 12, so an appended block starts at line 13.
const opsBase = `pilots:
  - slug: p
    name: P
    stage: production
    rings:
      - {name: pilot, status: active}
      - {name: canary, status: planned}
    runbooks:
      - {title: Off, kind: rollback, body: "1. Turn it off"}
    kpis:
      - {key: t, better: lower, target: "<= 5"}
      - {key: avail, better: higher, slo: {good: ok, total: all, objective: 99}}
`

func TestReadPortfolioOperationsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, add, want string
	}{
		{"flag state for a missing ring", `    flags:
      - key: f
        states: {pilot: on, broad: off}
`, `ops.yaml:15: pilot "p": flags[0].states.broad: flag "f" has a state for ring "broad", which the pilot does not define: use one of pilot, canary`},
		{"flag state neither on nor off", `    flags:
      - key: f
        runbook: Off
        states:
          pilot: maybe
`, `ops.yaml:17: pilot "p": flags[0].states.pilot: unknown flag state "maybe": use one of on, off`},
		{"flag runbook missing", `    flags:
      - {key: f, runbook: Nope}
`, `ops.yaml:14: pilot "p": flags[0].runbook: no runbook is titled "Nope": name the runbook that turns the flag off, one of "Off"`},
		{"unknown NFR category", `    nfrs:
      - {category: speed, requirement: fast, status: open}
`, `ops.yaml:14: pilot "p": nfrs[0].category: unknown NFR category "speed": use one of security, privacy, performance, availability, supportability, data_boundaries`},
		{"unknown NFR status", `    nfrs:
      - category: security
        requirement: MFA
        status: done
`, `ops.yaml:16: pilot "p": nfrs[0].status: unknown NFR status "done": use one of open, verified, failed, waived`},
		{"milestone without due", `    plan:
      - {what: Train, bucket: 45}
`, `ops.yaml:14: pilot "p": plan[0].due: due is required: the day the milestone is due, YYYY-MM-DD` + "\n" +
			`ops.yaml:14: pilot "p": plan[0].bucket: bucket must be 30, 60 or 90 (days), or left out, got 45`},
		{"nfr criterion without categories", `    gates:
      PRG:
        add:
          - {id: x, kind: nfr, text: NFRs}
`, `ops.yaml:16: pilot "p": gates.PRG.add[0].categories: an nfr criterion needs categories: one or more of security, privacy, performance, availability, supportability, data_boundaries`},
		{"nfr criterion with an unknown category", `    gates:
      PRG:
        add:
          - id: x
            kind: nfr
            text: NFRs
            categories: [security, speed]
`, `ops.yaml:19: pilot "p": gates.PRG.add[0].categories[1]: unknown NFR category "speed": use one of security, privacy, performance, availability, supportability, data_boundaries`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPortfolio(strings.NewReader(opsBase+tt.add), "ops.yaml")
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestReadPortfolioSLOBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		slo, want string
	}{
		{"{good: ok, total: all, objective: 100}", "ops.yaml:12: pilot \"p\": kpis[1].slo.objective: objective 100 is outside (0, 100): give the percent of events that must be good, e.g. 99.5 (100 would leave no error budget)"},
		{"{good: ok, total: all, objective: 0}", "objective 0 is outside (0, 100)"},
		{"{good: ok, total: all, objective: -3}", "objective -3 is outside (0, 100)"},
		{"{good: ok, total: OK, objective: 99}", "kpis[1].slo.total: good and total name the same metric \"ok\""},
		{"{total: all, objective: 99}", "kpis[1].slo.good: good metric key is required"},
		{"{good: ok, total: all, objective: 99, short_days: 8}", "kpis[1].slo.short_days: short window of 8 days is longer than the long one of 7: swap them"},
		{"{good: ok, total: all, objective: 99, period_days: 5}", "kpis[1].slo.long_days: long window of 7 days is longer than the period of 5 days"},
		{"{good: ok, total: all, objective: high}", `ops.yaml:12: objective must be a number of percent, e.g. 99.5, got "high"`},
		{"{good: ok, total: all, objective: 99, budget: 1}", `ops.yaml:12: unknown field "budget"`},
	}
	for _, tt := range tests {
		src := strings.Replace(opsBase, "{good: ok, total: all, objective: 99}", tt.slo, 1)
		_, err := ReadPortfolio(strings.NewReader(src), "ops.yaml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("slo %s: error\n%v\nwant it to contain\n%s", tt.slo, err, tt.want)
		}
	}
	if _, err := ReadPortfolio(strings.NewReader(opsBase), "ops.yaml"); err != nil {
		t.Fatalf("the base portfolio must read: %v", err)
	}
}

func TestReadPortfolioPIRNeedsG5(t *testing.T) {
	t.Parallel()
	src := strings.Replace(opsBase, "stage: production", "stage: rollout", 1) + `    pir:
      date: 2026-10-20
      actions:
        - {who: Ana}
`
	_, err := ReadPortfolio(strings.NewReader(src), "ops.yaml")
	want := `ops.yaml:13: pilot "p": pir: a post-implementation review follows G5, but pilot p is in stage rollout with no G5 go: record it once the pilot is in production` + "\n" +
		`ops.yaml:16: pilot "p": pir.actions[0].what: what is required`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

// TestDocsOperationsExampleReads keeps the operations example of
// docs/portfolio.md (its second yaml block) a valid portfolio.
func TestDocsOperationsExampleReads(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "portfolio.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(doc), "```yaml\n")
	if len(blocks) < 3 {
		t.Fatal("docs/portfolio.md has no second ```yaml block")
	}
	example, _, _ := strings.Cut(blocks[2], "```")
	pilots, err := ReadPortfolio(strings.NewReader(example), "docs/portfolio.md")
	if err != nil {
		t.Fatalf("the documented example does not read: %v", err)
	}
	p := pilots[0]
	if len(p.Flags) != 1 || p.KPIs[0].SLO == nil || len(p.NFRs) != 1 || len(p.Plan) != 2 || p.PIR == nil {
		t.Errorf("example read as %+v", p)
	}
}
