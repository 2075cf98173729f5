package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ringside/model/gates"
)

// demoDB loads the demo portfolio, anchored to 2026-11-20, into a fresh database.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	return db
}

func gateJSON(t *testing.T, db string, args ...string) gates.Readiness {
	t.Helper()
	code, out, errs := ringside(t, db, append([]string{"--as-of", "2026-11-20", "gate", "--json"}, args...)...)
	if code > 1 {
		t.Fatalf("gate: exit %d %s", code, errs)
	}
	var r gates.Readiness
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("gate --json: %v\n%s", err, out)
	}
	return r
}

func TestSignoffBindsTheChecklistAndGoesStale(t *testing.T) {
	db := demoDB(t)
	code, out, errs := ringside(t, db, "signoff", "--pilot", "claims-triage", "--gate", "G3",
		"--role", "security", "--decision", "approve", "--meaning", "Security controls verified")
	// ringside() passes --as tester, so this is a signature on behalf of Lee Park's role.
	if code != 0 || !strings.Contains(out, "on behalf") {
		t.Fatalf("signoff: %d %q %q", code, out, errs)
	}
	r := gateJSON(t, db, "--pilot", "claims-triage", "--gate", "G3")
	var sec *gates.SignoffResult
	for i := range r.Signoffs {
		if r.Signoffs[i].Role == "security" {
			sec = &r.Signoffs[i]
		}
	}
	if sec == nil || sec.Person != "tester" || sec.Decision != "approve" || sec.Stale || !sec.OnBehalf || sec.ChecklistHash != r.ChecklistHash {
		t.Fatalf("security sign-off = %+v (checklist %s)", sec, r.ChecklistHash)
	}
	// Changing the checklist (waiving a criterion) makes the signature stale.
	exported := filepath.Join(t.TempDir(), "p.yaml")
	ringside(t, db, "export", "portfolio", "-o", exported)
	text, _ := os.ReadFile(exported)
	edited := strings.Replace(string(text), "    gates:\n      G3:\n", "    gates:\n      G3:\n        waive:\n          - {criterion: g3-legal-approved, reason: No personal data leaves the tenant, role: security}\n", 1)
	if edited == string(text) {
		t.Fatal("the exported portfolio has no G3 plan for claims-triage to edit")
	}
	os.WriteFile(exported, []byte(edited), 0o600)
	if code, _, errs := ringside(t, db, "apply", "-f", exported); code != 0 {
		t.Fatalf("apply: %s", errs)
	}
	r = gateJSON(t, db, "--pilot", "claims-triage", "--gate", "G3")
	for _, s := range r.Signoffs {
		if s.Role == "security" && !s.Stale {
			t.Error("the sign-off did not go stale when the checklist changed")
		}
	}
	if code, out, _ := ringside(t, db, "verify"); code != 0 {
		t.Errorf("verify after sign-offs: %d %s", code, out)
	}
}

func TestSignoffBadInput(t *testing.T) {
	db := demoDB(t)
	base := []string{"signoff", "--pilot", "claims-triage", "--gate", "G3", "--role", "security", "--decision", "approve", "--meaning", "ok"}
	with := func(flag, value string) []string {
		out := append([]string(nil), base...)
		for i := range out {
			if out[i] == flag {
				out[i+1] = value
			}
		}
		return out
	}
	cases := []struct {
		args []string
		want string
	}{
		{with("--gate", "G9"), `unknown gate "G9"`},
		{with("--role", "cfo"), `unknown role "cfo"`},
		{with("--decision", "maybe"), `unknown decision "maybe"`},
		{with("--meaning", " "), "--meaning"},
		{with("--pilot", "nope"), `pilot "nope"`},
	}
	for _, c := range cases {
		code, _, errs := ringside(t, db, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", c.args, code, errs, c.want)
		}
	}
	// Without --as, a role the pilot names nobody for is refused.
	var out, errb strings.Builder
	code := runAt(pinnedNow, []string{"--db", db, "signoff", "--pilot", "claims-triage", "--gate", "G3", "--role", "legal", "--decision", "approve", "--meaning", "ok"}, nil, &out, &errb)
	if code != 0 {
		t.Errorf("signing as the named legal owner: exit %d %s", code, errb.String())
	}
}

func TestExportChecklistAgreesWithGate(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	r := gateJSON(t, db, "--pilot", "claims-triage", "--gate", "G3")
	for _, f := range []string{"md", "csv", "json", "html"} {
		path := filepath.Join(dir, "g3."+f)
		code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", f, "-o", path)
		if code != 0 {
			t.Fatalf("%s: %s", f, errs)
		}
		body, _ := os.ReadFile(path)
		for _, c := range r.Criteria {
			head := c.Text
			if len(head) > 16 {
				head = head[:16]
			}
			if f != "json" && !strings.Contains(string(body), head) {
				t.Errorf("%s export misses criterion %q", f, c.Text)
			}
		}
		if !strings.Contains(string(body), "audit") && !strings.Contains(string(body), "head") {
			t.Errorf("%s export carries no audit head", f)
		}
	}
	var exported struct {
		Criteria  []gates.CriterionResult `json:"criteria"`
		AuditHead string                  `json:"audit_head"`
	}
	body, _ := os.ReadFile(filepath.Join(dir, "g3.json"))
	if err := json.Unmarshal(body, &exported); err != nil {
		t.Fatal(err)
	}
	if len(exported.Criteria) != len(r.Criteria) {
		t.Fatalf("json export has %d criteria, gate --json %d", len(exported.Criteria), len(r.Criteria))
	}
	for i, c := range exported.Criteria {
		g := r.Criteria[i]
		if c.ID != g.ID || c.Status != g.Status || c.Evidence != g.Evidence {
			t.Errorf("criterion %d: export %+v, gate %+v", i, c, g)
		}
	}
	if len(exported.AuditHead) != 64 {
		t.Errorf("audit head %q", exported.AuditHead)
	}
	code, _, errs := ringside(t, db, "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "docx")
	if code != 2 || !strings.Contains(errs, "md, csv, json, html, pdf") {
		t.Errorf("unknown format: %d %q", code, errs)
	}
}

func TestReviewRecordsDecisionAdvancesStageAndWritesMinutes(t *testing.T) {
	db := demoDB(t)
	minutes := filepath.Join(t.TempDir(), "minutes.md")
	// No attendees: refused, nothing written.
	code, _, errs := ringside(t, db, "review", "--pilot", "contract-review", "--gate", "G2", "--decision", "go")
	if code != 2 || !strings.Contains(errs, "attendees") {
		t.Fatalf("review without attendees: %d %q", code, errs)
	}
	code, out, errs := ringside(t, db, "review", "--pilot", "contract-review", "--gate", "G2",
		"--decision", "conditional", "--attendee", "Dana Ruiz", "--attendee", "Lee Park",
		"--condition", "Clause library reviewed by legal", "--action", "Review clause library; Ola Berg; 2026-12-15",
		"--note", "g2-mvp-demo=Shown on three real contracts", "--minutes", minutes)
	if code != 0 || !strings.Contains(out, "stage: pilot now") {
		t.Fatalf("review: %d %q %q", code, out, errs)
	}
	md, _ := os.ReadFile(minutes)
	for _, want := range []string{"# Minutes: G2 review", "Dana Ruiz, Lee Park", "conditional", "Clause library reviewed by legal", "| Review clause library | Ola Berg | 2026-12-15 |", "Audit chain head"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("minutes lack %q:\n%s", want, md)
		}
	}
	if code, _, _ := ringside(t, db, "verify"); code != 0 {
		t.Error("verify fails after a review")
	}
}

func TestReviewGoIsBlockedByAReject(t *testing.T) {
	db := demoDB(t)
	ringside(t, db, "signoff", "--pilot", "claims-triage", "--gate", "G3", "--role", "security", "--decision", "reject", "--meaning", "DLP not enforced")
	before := fileSum(t, db)
	code, _, errs := ringside(t, db, "review", "--pilot", "claims-triage", "--gate", "G3", "--decision", "go", "--attendee", "Dana Ruiz")
	if code != 2 || !strings.Contains(errs, "rejected by security") {
		t.Fatalf("go over a reject: %d %q", code, errs)
	}
	if fileSum(t, db) != before {
		t.Error("a refused review changed the database")
	}
}

// A sign-off recorded now is visible to a gate judged as of a day on or
// after it, whatever the machine's time zone: days are UTC days. At 20:00
// in New York on 2026-11-20 it is 01:00 UTC on the 21st; the sign-off is
// dated 2026-11-21, today's gate (the 21st) shows it, a gate as of the 20th
// does not (it did not exist yet), and as of the 22nd it still does.
func TestSignoffRecordedNowIsVisibleAsOfItsDay(t *testing.T) {
	db := demoDB(t)
	ny := func() time.Time { return time.Date(2026, 11, 20, 20, 0, 0, 0, time.FixedZone("EST", -5*3600)) }
	at := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := runAt(ny, append([]string{"--db", db, "--as", "tester"}, args...), strings.NewReader(""), &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, errs := at("signoff", "--pilot", "claims-triage", "--gate", "G3", "--role", "security", "--decision", "approve", "--meaning", "m"); code != 0 {
		t.Fatalf("signoff: %s", errs)
	}
	for _, tt := range []struct {
		asOf    []string
		visible bool
	}{{nil, true}, {[]string{"--as-of", "2026-11-20"}, false}, {[]string{"--as-of", "2026-11-22"}, true}} {
		code, out, errs := at(append(tt.asOf, "gate", "--json", "--pilot", "claims-triage", "--gate", "G3")...)
		if code > 1 {
			t.Fatalf("gate %v: %s", tt.asOf, errs)
		}
		var r gates.Readiness
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		seen := false
		for _, s := range r.Signoffs {
			seen = seen || s.Role == "security" && s.Person == "tester"
		}
		if seen != tt.visible {
			t.Errorf("gate %v: tester's sign-off visible %v, want %v", tt.asOf, seen, tt.visible)
		}
	}
}
