package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"ringside/model/gates"
)

// pilotBlock returns the part of an exported portfolio that describes slug,
// with its start and end offsets, so a test can edit one pilot only.
func pilotBlock(t *testing.T, text, slug string) (start, end int) {
	t.Helper()
	start = strings.Index(text, "  - slug: "+slug+"\n")
	if start < 0 {
		t.Fatalf("no pilot %s in the exported portfolio", slug)
	}
	end = strings.Index(text[start+1:], "\n  - slug: ")
	if end < 0 {
		return start, len(text)
	}
	return start, start + 1 + end
}

// The issue's first attack: loosening servicedesk-copilot's targets to
// >= -100 % / <= +100 % and removing its rollback triggers, then apply, left
// the checklist hash and all its sign-offs current.
func TestLooseningKPITargetsMakesEverySignoffStale(t *testing.T) {
	db := demoDB(t)
	before := gateJSON(t, db, "--pilot", "servicedesk-copilot", "--gate", "G3")
	if len(before.Signoffs) != 3 {
		t.Fatalf("demo G3 sign-offs = %+v, want 3", before.Signoffs)
	}
	for _, s := range before.Signoffs {
		if s.Stale {
			t.Fatalf("demo sign-off %s is stale before any change", s.Role)
		}
	}
	exported := filepath.Join(t.TempDir(), "p.yaml")
	if code, _, errs := ringside(t, db, "export", "portfolio", "-o", exported); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(exported)
	text := string(b)
	start, end := pilotBlock(t, text, "servicedesk-copilot")
	block := text[start:end]
	edited := block
	for _, r := range []struct{ old, new string }{
		{`target: ">= +5%"`, `target: ">= -100%"`},
		{`target: "<= -15%"`, `target: "<= +100%"`},
	} {
		if !strings.Contains(edited, r.old) {
			t.Fatalf("no %s in servicedesk-copilot:\n%s", r.old, block)
		}
		edited = strings.Replace(edited, r.old, r.new, 1)
	}
	var kept []string
	for _, line := range strings.Split(edited, "\n") {
		if !strings.Contains(line, "rollback: \"") {
			kept = append(kept, line)
		}
	}
	edited = strings.Join(kept, "\n")
	os.WriteFile(exported, []byte(text[:start]+edited+text[end:]), 0o600)
	if code, out, errs := ringside(t, db, "apply", "-f", exported); code != 0 || !strings.Contains(out, "updated 1") {
		t.Fatalf("apply: %d %s %s", code, out, errs)
	}
	after := gateJSON(t, db, "--pilot", "servicedesk-copilot", "--gate", "G3")
	if after.ChecklistHash == before.ChecklistHash {
		t.Error("the checklist hash did not change when the KPI targets were loosened")
	}
	for _, s := range after.Signoffs {
		if !s.Stale {
			t.Errorf("sign-off %s (%s) is still current after its gate's targets were loosened", s.Role, s.Person)
		}
	}
}

// The issue's attacks with the sqlite3 CLI, each of which `verify` passed:
// every one is now named (exit 1), with the entity and what differs.
func TestVerifyNamesEveryAttackFromTheIssue(t *testing.T) {
	restoreGuard := "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\nBEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;"
	cases := []struct {
		name   string
		script string
		want   []string
	}{
		{"security reject flipped to approve",
			"UPDATE signoffs SET decision = 'approve' WHERE decision = 'reject' AND role = 'security';",
			[]string{"pilot hr-policy-bot", "Signoffs", `"reject" in the log, "approve" now`}},
		{"forged legal approve with a copied checklist hash",
			`INSERT INTO signoffs(pilot_id, gate, role, person, decision, meaning, at, checklist_hash)
			 SELECT pilot_id, gate, 'legal', 'Ola Berg', 'approve', 'forged', at, checklist_hash FROM signoffs
			 WHERE pilot_id = (SELECT id FROM pilots WHERE slug = 'servicedesk-copilot') AND gate = 'G4' LIMIT 1;`,
			[]string{"pilot servicedesk-copilot", "Signoffs"}},
		{"a KPI's observations halved",
			"UPDATE observations SET value = value / 2 WHERE series_id = (SELECT s.id FROM series s JOIN pilots p ON p.id = s.pilot_id WHERE p.slug = 'claims-triage' AND s.ring = 'pilot' AND s.metric = 'triage_min');",
			[]string{"observations claims-triage/pilot/triage_min", "values differ"}},
		{"the four highest-scoring risks deleted",
			"DELETE FROM risks WHERE rowid IN (SELECT rowid FROM risks ORDER BY likelihood * impact DESC LIMIT 4);",
			[]string{"pilot hr-policy-bot", "pilot kb-article-drafts", "Risks"}},
		{"an import deleted with its observations",
			"DELETE FROM observations WHERE import_id = 2; DELETE FROM imports WHERE id = 2;",
			[]string{"import 2", "gone from the database", "observations claims-triage/pilot/triage_min"}},
		{"the newest 3 audit entries deleted, guard put back",
			"DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > (SELECT max(seq) - 3 FROM audit);" + restoreGuard,
			[]string{"differs from what audit entry"}},
		{"every audit entry deleted, guard put back",
			"DROP TRIGGER audit_no_delete; DELETE FROM audit;" + restoreGuard,
			[]string{"pilot claims-triage: no audit entry records it", "import 1: no audit entry records it"}},
		{"no-op triggers under the guards' names",
			"DROP TRIGGER audit_no_update; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END;",
			[]string{"trigger audit_no_update", "not its SQL"}},
		{"a trigger that rewrites sign-offs as they land",
			"CREATE TRIGGER sneaky AFTER INSERT ON signoffs BEGIN UPDATE signoffs SET decision = 'approve' WHERE id = new.id; END;",
			[]string{"trigger sneaky", "never creates"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := demoDB(t)
			verifyFindsAttack(t, db, c.name, c.script, c.want)
		})
	}
}

func TestVerifyRefusesAnEmptyOrDamagedFile(t *testing.T) {
	t.Run("zero-length", func(t *testing.T) {
		db := demoDB(t)
		for _, suffix := range []string{"-wal", "-shm"} {
			os.Remove(db + suffix)
		}
		if err := os.Truncate(db, 0); err != nil {
			t.Fatal(err)
		}
		code, out, errs := ringside(t, db, "verify")
		if code != 1 || !strings.Contains(out+errs, "empty (0 bytes)") {
			t.Fatalf("verify of a zero-length file: exit %d\n%s%s", code, out, errs)
		}
		if st, _ := os.Stat(db); st.Size() != 0 {
			t.Error("verify wrote into the empty file")
		}
	})
	t.Run("damaged pages", func(t *testing.T) {
		db := demoDB(t)
		sqlite3(t, db, "PRAGMA wal_checkpoint(TRUNCATE);")
		f, err := os.OpenFile(db, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 256))
		for off := int64(4096 * 3); off+int64(len(junk)) < st.Size(); off += 4096 * 5 {
			f.WriteAt(junk, off+100)
		}
		f.Close()
		code, out, errs := ringside(t, db, "verify")
		if code != 1 || !strings.Contains(out, "FAILED") || !strings.Contains(out, "integrity_check") {
			t.Fatalf("verify of a damaged file: exit %d, want 1 with what integrity_check found\n%s%s", code, out, errs)
		}
		code, out, _ = ringside(t, db, "verify", "--full")
		if code != 1 || !strings.Contains(out, "integrity_check ran") {
			t.Fatalf("verify --full: exit %d\n%s", code, out)
		}
	})
	t.Run("quick by default, full on demand", func(t *testing.T) {
		db := demoDB(t)
		if code, out, _ := ringside(t, db, "verify"); code != 0 || !strings.Contains(out, "quick_check ok") ||
			!strings.Contains(out, "every table but observations") || !strings.Contains(out, "observations: every row digested, read page by page from the file") {
			t.Errorf("verify: %d %s; want the checks that ran named", code, out)
		}
		code, out, _ := ringside(t, db, "verify", "--json")
		var r struct {
			Scope string `json:"integrity_scope"`
			Scan  string `json:"observation_scan"`
			Pages int    `json:"observation_pages"`
		}
		if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil || r.Scope != "tables but observations" || r.Scan != "pages" || r.Pages == 0 {
			t.Errorf("verify --json: %d %+v %v\n%s", code, r, err, out)
		}
		if code, out, _ := ringside(t, db, "verify", "--full"); code != 0 || !strings.Contains(out, "integrity_check ok") || !strings.Contains(out, "read through SQL") {
			t.Errorf("verify --full: %d %s", code, out)
		}
	})
}

// Every export carries the chain's anchor, and verify --anchor accepts each
// file; after the newest entries are cut off, the anchor names the cut.
func TestExportsAnchorTheChainAndVerifyCatchesTruncation(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	if code, _, errs := ringside(t, db, "signoff", "--pilot", "claims-triage", "--gate", "G3",
		"--role", "security", "--decision", "approve", "--meaning", "Security controls verified"); code != 0 {
		t.Fatal(errs)
	}
	var files []string
	for _, f := range []string{"md", "csv", "json", "html"} {
		out := filepath.Join(dir, "checklist."+f)
		if code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", f, "-o", out); code != 0 {
			t.Fatalf("export %s: %s", f, errs)
		}
		files = append(files, out)
	}
	portfolio := filepath.Join(dir, "portfolio.yaml")
	if code, _, errs := ringside(t, db, "export", "portfolio", "-o", portfolio); code != 0 {
		t.Fatal(errs)
	}
	files = append(files, portfolio)
	_, vout, _ := ringside(t, db, "verify", "--json")
	var head struct {
		HeadSeq  int64  `json:"head_seq"`
		HeadHash string `json:"head_hash"`
	}
	if err := json.Unmarshal([]byte(vout), &head); err != nil || head.HeadSeq == 0 {
		t.Fatalf("verify --json: %v %s", err, vout)
	}
	token := fmt.Sprintf("ringside-anchor seq=%d head=%s", head.HeadSeq, head.HeadHash)
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if !strings.Contains(string(b), token) {
			t.Errorf("%s does not carry %q", filepath.Base(f), token)
		}
		code, out, errs := ringside(t, db, "verify", "--anchor", f)
		if code != 0 || !strings.Contains(out, "chain intact") {
			t.Errorf("verify --anchor %s: exit %d %s %s", filepath.Base(f), code, out, errs)
		}
	}
	if b, _ := os.ReadFile(portfolio); !strings.HasPrefix(string(b), "# "+token+"\n") {
		t.Errorf("the portfolio file does not start with its anchor comment:\n%.200s", b)
	}
	// Cut the newest two entries off (the guard dropped and put back).
	sqlite3(t, db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > (SELECT max(seq) - 2 FROM audit);"+
		"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\nBEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;")
	code, out, errs := ringside(t, db, "verify", "--anchor", files[0])
	if code != 1 || !strings.Contains(out, fmt.Sprintf("audit entry %d", head.HeadSeq)) || !strings.Contains(out, "cut off the end") {
		t.Errorf("verify --anchor after truncation: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = ringside(t, db, "verify", "--anchor", fmt.Sprintf("%d:%s", head.HeadSeq, head.HeadHash))
	if code != 1 || !strings.Contains(out, "cut off the end") {
		t.Errorf("verify --anchor SEQ:HASH after truncation: exit %d\n%s", code, out)
	}
}

// An anchor that does not parse is bad input: exit 2, and nothing is
// opened or written (no database appears).
func TestVerifyRefusesAnUnparseableAnchor(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "none.db")
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("no anchor here\n"), 0o600)
	for _, arg := range []string{"12", "12:abc", "x:" + strings.Repeat("a", 64), "0:" + strings.Repeat("a", 64), notes} {
		code, _, errs := ringside(t, db, "verify", "--anchor", arg)
		if code != 2 || !strings.Contains(errs, "anchor") {
			t.Errorf("verify --anchor %q: exit %d %q, want 2 saying what an anchor is", arg, code, errs)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused verify created the database")
	}
}

// exportEdit exports the portfolio, lets edit change the block of one pilot,
// and returns the file.
func exportEdit(t *testing.T, db, slug string, edit func(block string) string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "p.yaml")
	if code, _, errs := ringside(t, db, "export", "portfolio", "-o", f); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(f)
	text := string(b)
	start, end := pilotBlock(t, text, slug)
	edited := edit(text[start:end])
	if edited == text[start:end] {
		t.Fatalf("the edit changed nothing in %s", slug)
	}
	os.WriteFile(f, []byte(text[:start]+edited+text[end:]), 0o600)
	return f
}

// The issue: apply -f accepted sign-offs in a named owner's name,
// backdated, on_behalf false, bound to the current hash, and the audit
// summary did not mention them.
func TestApplyRecordsAFileSignoffAsEnteredOnBehalf(t *testing.T) {
	db := demoDB(t)
	hash := gateJSON(t, db, "--pilot", "claims-triage", "--gate", "G3").ChecklistHash
	f := exportEdit(t, db, "claims-triage", func(b string) string {
		return strings.Replace(b, "    signoffs:\n", "    signoffs:\n      - {gate: G3, role: legal, person: Ola Berg, decision: approve, meaning: Data processing approved, at: 2021-03-01T09:00:00Z, checklist_hash: "+hash+", on_behalf: false}\n", 1)
	})
	code, out, errs := ringside(t, db, "apply", "-f", f)
	if code != 0 || !strings.Contains(out, "entered by tester on behalf of the person named (G3 legal approve by Ola Berg)") {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errs)
	}
	r := gateJSON(t, db, "--pilot", "claims-triage", "--gate", "G3")
	var legal *gates.SignoffResult
	for i := range r.Signoffs {
		if r.Signoffs[i].Role == "legal" {
			legal = &r.Signoffs[i]
		}
	}
	if legal == nil || !legal.OnBehalf || legal.EnteredBy != "tester" {
		t.Fatalf("the file's sign-off is recorded as %+v, want entered by tester on behalf of Ola Berg", legal)
	}
	_, audit, _ := ringside(t, db, "verify", "--json")
	if !strings.Contains(audit, `"ok": true`) {
		t.Errorf("verify after apply: %s", audit)
	}
	md := filepath.Join(t.TempDir(), "c.md")
	ringside(t, db, "--as-of", "2026-11-20", "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "md", "-o", md)
	if b, _ := os.ReadFile(md); !strings.Contains(string(b), "entered by tester") {
		t.Errorf("the checklist does not show who entered the file's sign-off:\n%s", b)
	}
}

// The issue: a go written into a portfolio file over a reject was recorded;
// an older export reverted a later conditional review to hold and moved
// the stage back.
func TestApplyKeepsDecisionRulesAndHistory(t *testing.T) {
	t.Run("go over a reject is refused", func(t *testing.T) {
		for _, d := range []string{"go", "conditional"} {
			db := demoDB(t)
			before := fileSum(t, db)
			f := exportEdit(t, db, "hr-policy-bot", func(b string) string {
				return strings.Replace(b, "    reviews:\n", "    reviews:\n      - {gate: G3, date: 2026-11-19, attendees: [Mallory], decision: "+d+"}\n", 1)
			})
			code, _, errs := ringside(t, db, "apply", "-f", f)
			if code != 2 || !strings.Contains(errs, d+" is blocked on G3: rejected by security (Nadia Petrova)") {
				t.Errorf("apply of a %s over a reject: exit %d %q, want 2", d, code, errs)
			}
			if fileSum(t, db) != before {
				t.Error("a refused apply changed the database")
			}
		}
	})
	t.Run("an older file reverts no review and no stage", func(t *testing.T) {
		db := demoDB(t)
		old := filepath.Join(t.TempDir(), "old.yaml")
		ringside(t, db, "export", "portfolio", "-o", old)
		code, out, errs := ringside(t, db, "review", "--pilot", "contract-review", "--gate", "G2",
			"--decision", "conditional", "--attendee", "Dana Ruiz", "--condition", "Clause library reviewed by legal")
		if code != 0 || !strings.Contains(out, "stage: pilot now") {
			t.Fatalf("review: %d %s %s", code, out, errs)
		}
		code, out, errs = ringside(t, db, "apply", "-f", old)
		if code != 0 || !strings.Contains(out, "stage kept at pilot") {
			t.Fatalf("apply of the older file: %d %s %s", code, out, errs)
		}
		exported := filepath.Join(t.TempDir(), "now.yaml")
		ringside(t, db, "export", "portfolio", "-o", exported)
		b, _ := os.ReadFile(exported)
		start, end := pilotBlock(t, string(b), "contract-review")
		block := string(b)[start:end]
		if !strings.Contains(block, "    stage: pilot\n") || !strings.Contains(block, "decision: conditional") {
			t.Errorf("after the older file, contract-review lost its later review or stage:\n%s", block)
		}
	})
}

// The issue: 60 sign-offs run in parallel on one gate lost 46. Sixty
// processes of the built binary sign the same gate and role in the same
// second: each is recorded, or refused with "busy, try again" and exit 3;
// none is lost, and the chain verifies.
func TestSixtyParallelSignoffsLoseNone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs 60 processes")
	}
	bin := builtBinary(t)
	db := demoDB(t)
	const n = 60
	type result struct {
		code int
		out  string
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, "--db", db, "--as", "Lee Park", "signoff", "--pilot", "claims-triage",
				"--gate", "G3", "--role", "security", "--decision", "approve", "--meaning", fmt.Sprintf("parallel %02d", i))
			cmd.Env = append(os.Environ(), "RINGSIDE_NOW=2026-11-20T15:04:05Z", "TZ=UTC")
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				code = -1
			}
			results[i] = result{code, string(out)}
		}()
	}
	wg.Wait()
	recorded := 0
	for i, r := range results {
		switch {
		case r.code == 0:
			recorded++
		case r.code == 3 && strings.Contains(r.out, "busy") && strings.Contains(r.out, "try again"):
		default:
			t.Errorf("sign-off %d: exit %d %q, want 0 or 3 busy, try again", i, r.code, r.out)
		}
	}
	out, err := exec.Command("sqlite3", db, "SELECT count(*) FROM signoffs WHERE meaning LIKE 'parallel %';").CombinedOutput()
	if err != nil {
		t.Skipf("sqlite3: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != fmt.Sprint(recorded) {
		t.Errorf("%d sign-offs said recorded, %s are in the database: lost some", recorded, got)
	}
	t.Logf("%d of %d recorded, the rest refused busy", recorded, n)
	if code, vout, _ := ringside(t, db, "verify"); code != 0 {
		t.Errorf("verify after parallel sign-offs: %d %s", code, vout)
	}
}

// verifyFindsAttack runs an attack (a sqlite3 script) on db and wants
// verify to exit 1 and say each of want.
func verifyFindsAttack(t *testing.T, db, name, script string, want []string) {
	t.Helper()
	sqlite3(t, db, script)
	code, out, errs := ringside(t, db, "verify")
	if code != 1 {
		t.Fatalf("verify after %q: exit %d, want 1\n%s%s", name, code, out, errs)
	}
	for _, w := range want {
		if !strings.Contains(out+errs, w) {
			t.Errorf("verify does not say %q:\n%s%s", w, out, errs)
		}
	}
}
