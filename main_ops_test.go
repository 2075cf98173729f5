package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The demo's canary burns its answer-time error budget on its last day:
// 14 % of answers slow against 1 % allowed is a burn of 0.14 ÷ 0.01 = 14
// (13.996 after integer rounding of the counts) ≥ 13.44, so health --json
// shows the slo object and a rollback on the KPI.
func TestHealthJSONShowsSLOFastBurn(t *testing.T) {
	db := demoDB(t)
	code, out, _ := ringside(t, db, "--as-of", "2026-11-20", "health", "--pilot", "servicedesk-copilot", "--json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a rollback fired)", code)
	}
	var rep struct {
		Pilots []struct {
			Rings []struct {
				Ring     string `json:"ring"`
				Status   string `json:"status"`
				Rollback bool   `json:"rollback"`
				KPIs     []struct {
					Key      string `json:"key"`
					Status   string `json:"status"`
					Rollback bool   `json:"rollback"`
					SLO      *struct {
						Attainment      *float64 `json:"attainment"`
						BudgetRemaining float64  `json:"budget_remaining"`
						BurnShort       *float64 `json:"burn_short"`
						BurnLong        *float64 `json:"burn_long"`
						Fast, Slow      bool
					} `json:"slo"`
				} `json:"kpis"`
			} `json:"rings"`
		} `json:"pilots"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rep.Pilots[0].Rings {
		for _, k := range r.KPIs {
			if k.Key != "answer_within_3s" {
				continue
			}
			if k.SLO == nil {
				t.Fatalf("ring %s: no slo object", r.Ring)
			}
			s := k.SLO
			got[r.Ring] = k.Status
			if r.Ring == "canary" && (!k.Rollback || !s.Fast || s.Slow || !r.Rollback || r.Status != "fail" || *s.BurnShort < 13.44) {
				t.Errorf("canary: %+v %+v", k, *s)
			}
			if r.Ring == "pilot" && (k.Rollback || s.Fast || s.Attainment == nil || *s.Attainment < 99) {
				t.Errorf("pilot: %+v %+v", k, *s)
			}
		}
	}
	if got["pilot"] != "pass" || got["canary"] != "fail" || got["broad"] != "nodata" {
		t.Errorf("statuses = %v", got)
	}
}

func TestFlagCommands(t *testing.T) {
	db := demoDB(t)
	code, out, errs := ringside(t, db, "flag", "--pilot", "servicedesk-copilot", "--flag", "kb-answers", "--ring", "canary", "--state", "off", "--reason", "FCR trigger fired")
	if code != 0 || out != "flag kb-answers in ring canary: on → off, recorded by tester: FCR trigger fired\n" {
		t.Fatalf("flag: %d %q %q", code, out, errs)
	}
	code, out, _ = ringside(t, db, "flags", "--pilot", "servicedesk-copilot", "--ring", "canary", "--json")
	var rep flagsReport
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || len(rep.Rings) != 1 || rep.Rings[0].Flags[0].State != "off" {
		t.Errorf("flags --json: %d %v %s", code, err, out)
	}
	for _, bad := range [][]string{
		{"flag", "--pilot", "servicedesk-copilot", "--flag", "kb-answers", "--ring", "canary", "--state", "off"},
		{"flag", "--pilot", "servicedesk-copilot", "--flag", "kb-answers", "--ring", "moon", "--state", "off", "--reason", "x"},
		{"flag", "--pilot", "servicedesk-copilot", "--flag", "nope", "--ring", "canary", "--state", "off", "--reason", "x"},
		{"flag", "--pilot", "servicedesk-copilot", "--flag", "kb-answers", "--ring", "canary", "--state", "dim", "--reason", "x"},
		{"flag", "--pilot", "nobody", "--flag", "kb-answers", "--ring", "canary", "--state", "off", "--reason", "x"},
		{"flags"},
	} {
		if code, _, errs := ringside(t, db, bad...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d %q, want 2 with a message", bad, code, errs)
		}
	}
}

// Rolling back a ring through apply prints the flags still on in it and
// the steps of their runbook.
func TestApplyRollbackListsFlagsToTurnOff(t *testing.T) {
	db := demoDB(t)
	file := filepath.Join(t.TempDir(), "p.yaml")
	if code, _, errs := ringside(t, db, "export", "portfolio", "-o", file); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(file)
	src := strings.Replace(string(b), "{name: canary, population: 2400, exposure: 0.27, status: active", "{name: canary, population: 2400, exposure: 0.27, status: rolled_back", 1)
	if src == string(b) {
		t.Fatal("canary ring line not found in the export")
	}
	os.WriteFile(file, []byte(src), 0o644)
	code, out, errs := ringside(t, db, "apply", "-f", file)
	for _, want := range []string{
		"servicedesk-copilot: ring canary rolled back",
		"flags to turn off in ring canary:",
		`kb-answers (owner Tomasz Nowak): runbook "Switch a ring back to the classic agent desktop"`,
		"      2. In the ITSM admin console, remove the ring's agent group from the `copilot-enabled` role.",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("apply: %d %q lacks %q (%s)", code, out, want, errs)
		}
	}
	if strings.Contains(out, "ticket-summaries") {
		t.Errorf("a flag that is off in canary is listed: %s", out)
	}
}

func TestImportGoodAboveTotalExits2(t *testing.T) {
	db := demoDB(t)
	csv := filepath.Join(t.TempDir(), "slo.csv")
	os.WriteFile(csv, []byte("date,ring,metric,value\n2026-11-19,pilot,answers_all,100\n2026-11-19,pilot,answers_fast,101\n"), 0o644)
	code, _, errs := ringside(t, db, "import", "metrics", "--pilot", "servicedesk-copilot", csv)
	if code != 2 || !strings.Contains(errs, "rejected, nothing written") {
		t.Fatalf("exit %d, want 2: %s", code, errs)
	}
	code, out, _ := ringside(t, db, "import", "metrics", "--pilot", "servicedesk-copilot", "--json", csv)
	if code != 2 || !strings.Contains(out, "slo.csv:3: good count answers_fast = 101 is above total count answers_all = 100 for pilot servicedesk-copilot, ring pilot on 2026-11-19") {
		t.Errorf("--json: %d %s", code, out)
	}
}
