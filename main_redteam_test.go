package main

import (
	"os"
	"path/filepath"
	"testing"
)

// Variations of issue 13's attacks (bench/scripts/attacks.sh runs them
// all against a built binary): another table, another column, UPDATE vs
// DELETE vs INSERT, the guards dropped or weakened, entries edited or cut
// out of the middle. Each is made with the sqlite3 CLI on a copy of the
// demo database, and verify names it (exit 1) with the entity and what
// differs. TestVerifyNamesEveryAttackFromTheIssue holds the issue's own.
func TestVerifyNamesVariationsOfTheIssuesAttacks(t *testing.T) {
	base := demoDB(t)
	sqlite3(t, base, "PRAGMA wal_checkpoint(TRUNCATE);")
	demo, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	unguard := "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update;"
	reguard := "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\nBEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;\n" +
		"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\nBEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;"
	firstSignoff := " WHERE id = (SELECT min(id) FROM signoffs);" // claims-triage's G2 approve by Dana Ruiz
	hr := "(SELECT id FROM pilots WHERE slug = 'hr-policy-bot')"
	tm := "(SELECT s.id FROM series s JOIN pilots p ON p.id = s.pilot_id WHERE p.slug = 'claims-triage' AND s.ring = 'pilot' AND s.metric = 'triage_min')"
	firstDay := " WHERE series_id = " + tm + " AND day = (SELECT min(day) FROM observations WHERE series_id = " + tm + ");"
	cases := []struct {
		name, script string
		want         []string
	}{
		// the log and its guards
		{"the newest entry deleted", unguard + "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);" + reguard,
			[]string{"pilot servicedesk-copilot", "differs from what audit entry"}},
		{"a middle entry deleted", unguard + "DELETE FROM audit WHERE seq = 10;" + reguard, []string{"audit entry 11", "expected entry 10 here"}},
		{"an entry's summary edited", unguard + "UPDATE audit SET summary = 'nothing to see' WHERE seq = 5;" + reguard,
			[]string{"audit entry 5", "no longer matches its hash"}},
		{"an entry's state emptied", unguard + "UPDATE audit SET state = '' WHERE seq = (SELECT max(seq) FROM audit);" + reguard,
			[]string{"no longer matches its hash"}},
		{"an entry's origin changed", unguard + "UPDATE audit SET origin = 'cli' WHERE seq = 5;" + reguard, []string{"audit entry 5", "no longer matches its hash"}},
		{"the origin marker moved", "UPDATE meta SET value = '99999' WHERE key = 'audit_origin_from';", []string{"audit entry 1", "no longer matches its hash"}},
		{"the origin marker deleted", "DELETE FROM meta WHERE key = 'audit_origin_from';", []string{"audit entry 1", "no longer matches its hash"}},
		{"the delete guard replaced by a no-op", "DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END;",
			[]string{"trigger audit_no_delete", "not its SQL"}},
		{"a guard that never fires (WHEN 0)", "DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit WHEN 0 BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;",
			[]string{"trigger audit_no_delete", "not its SQL"}},
		{"both guards dropped", unguard, []string{"trigger audit_no_delete", "trigger audit_no_update", "guard is missing"}},
		// sign-offs, column by column
		{"a reject deleted", "DELETE FROM signoffs WHERE decision = 'reject';", []string{"pilot hr-policy-bot", "Signoffs: 3 in the log, 2 now"}},
		{"a sign-off's person", "UPDATE signoffs SET person = 'Mallory'" + firstSignoff, []string{"pilot claims-triage", `Signoffs[0].Person: "Dana Ruiz" in the log, "Mallory" now`}},
		{"a sign-off's meaning", "UPDATE signoffs SET meaning = 'nothing'" + firstSignoff, []string{"Signoffs[0].Meaning"}},
		{"a sign-off backdated", "UPDATE signoffs SET at = '2021-03-01T09:00:00Z'" + firstSignoff, []string{`Signoffs[0].At: "2026-09-04T15:10:00Z" in the log, "2021-03-01T09:00:00Z" now`}},
		{"a sign-off's checklist hash", "UPDATE signoffs SET checklist_hash = (SELECT checklist_hash FROM signoffs ORDER BY id DESC LIMIT 1)" + firstSignoff, []string{"Signoffs[0].ChecklistHash"}},
		{"a sign-off's on_behalf", "UPDATE signoffs SET on_behalf = 1 - on_behalf" + firstSignoff, []string{"Signoffs[0].OnBehalf: false in the log, true now"}},
		{"a sign-off's entered_by", "UPDATE signoffs SET entered_by = 'Mallory'" + firstSignoff, []string{`Signoffs[0].EnteredBy: "" in the log, "Mallory" now`}},
		{"a signature planted", "UPDATE signoffs SET signature = 'junk'" + firstSignoff, []string{"Signoffs[0].Signature"}},
		{"a sign-off moved to another gate", "UPDATE signoffs SET gate = 'G4'" + firstSignoff, []string{`Signoffs[0].Gate: "G2" in the log, "G4" now`}},
		// reviews and the rest of a pilot
		{"a review's decision", "UPDATE reviews SET decision = 'go' WHERE id = (SELECT min(id) FROM reviews);", []string{"pilot kb-article-drafts", `Reviews[0].Decision: "conditional" in the log, "go" now`}},
		{"a review deleted", "DELETE FROM reviews WHERE id = (SELECT min(id) FROM reviews);", []string{"pilot kb-article-drafts", "Reviews: 1 in the log, none now"}},
		{"a review inserted", "INSERT INTO reviews(pilot_id, gate, day, decision) VALUES (" + hr + ", 'G3', 20700, 'go');", []string{"pilot hr-policy-bot", "Reviews: 1 in the log, 2 now"}},
		{"a review's actions emptied", "UPDATE reviews SET conditions = '[]', actions = '[]';", []string{"pilot claims-triage", "Reviews[0].Actions"}},
		{"a stage jumped", "UPDATE pilots SET stage = 'production' WHERE slug = 'hr-policy-bot';", []string{`Stage: "stopped" in the log, "production" now`}},
		{"a gate plan emptied", "UPDATE pilots SET gates = NULL WHERE slug = 'claims-triage';", []string{"pilot claims-triage", "Gates: 1 in the log, none now"}},
		{"a waiver planted in a gate plan", `UPDATE pilots SET gates = replace(gates, '"Waivers":null', '"Waivers":[{"Criterion":"g3-legal-approved","Reason":"x","Role":"legal"}]') WHERE slug = 'claims-triage';`,
			[]string{"pilot claims-triage", "Gates[0].Waivers: none in the log, 1 now"}},
		{"a pilot deleted with all it holds", "PRAGMA foreign_keys = ON; DELETE FROM observations WHERE series_id IN (SELECT id FROM series WHERE pilot_id = " + hr + "); DELETE FROM series WHERE pilot_id = " + hr + "; DELETE FROM pilots WHERE slug = 'hr-policy-bot';",
			[]string{"pilot hr-policy-bot", "gone from the database"}},
		{"a pilot inserted", "INSERT INTO pilots(slug, name, stage, created_at, updated_at) VALUES ('ghost', 'Ghost', 'production', '2026-01-01', '2026-01-01');",
			[]string{"pilot ghost", "no audit entry records it"}},
		{"a KPI's target loosened", "UPDATE kpis SET target = '>= -100%', rollback = '' WHERE pilot_id = (SELECT id FROM pilots WHERE slug = 'servicedesk-copilot');",
			[]string{"pilot servicedesk-copilot", "KPIs[0].Rollback"}},
		{"a KPI deleted", "DELETE FROM kpis WHERE rowid = (SELECT min(rowid) FROM kpis);", []string{"KPIs: 2 in the log, 1 now"}},
		{"a ring's exposure", "UPDATE rings SET exposure = 1 WHERE rowid = (SELECT min(rowid) FROM rings);", []string{"Rings[0].Exposure: 0.07 in the log, 1 now"}},
		{"an owner renamed", "UPDATE owners SET person = 'Mallory' WHERE role = 'security';", []string{`Owners.security: "Nadia Petrova" in the log, "Mallory" now`}},
		{"an owner's key swapped", "UPDATE owners SET pubkey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOv5fZzPaZ2m0oHgMv1FKzm0lWqBzaAqgL1k8w4p5sTq mallory' WHERE role = 'security';",
			[]string{"OwnerKeys: null in the log"}},
		{"an owner deleted", "DELETE FROM owners WHERE role = 'legal';", []string{`Owners.legal: "Ola Berg" in the log, null now`}},
		{"a risk closed", "UPDATE risks SET status = 'closed' WHERE rowid = (SELECT min(rowid) FROM risks);", []string{`Risks[0].Status: "open" in the log, "closed" now`}},
		{"risks made harmless", "UPDATE risks SET impact = 1, likelihood = 1;", []string{"Risks[0].Impact: 3 in the log, 1 now"}},
		{"a runbook's body", "UPDATE runbooks SET body = 'x' WHERE rowid = (SELECT min(rowid) FROM runbooks);", []string{"Runbooks[0].Body"}},
		{"a drill's outcome", "UPDATE drills SET outcome = 'pass', restore_min = 1;", []string{`Runbooks[0].Drills[0].Outcome: "success" in the log, "pass" now`}},
		{"drills deleted", "DELETE FROM drills;", []string{"Runbooks[0].Drills: 1 in the log, none now"}},
		{"a hypothesis revision deleted", "DELETE FROM hypothesis_revisions;", []string{"pilot servicedesk-copilot", "Hypothesis.Revisions: 1 in the log, none now"}},
		// the portfolio's calendar and saved sources
		{"a change window moved", "UPDATE change_windows SET start = '03:00';", []string{"calendar", "differs from what audit entry 9 recorded"}},
		{"a freeze shortened", "UPDATE freezes SET to_day = from_day;", []string{"calendar", "differs from what audit entry 9 recorded"}},
		{"a freeze deleted", "DELETE FROM freezes;", []string{"calendar", "differs from what audit entry 9 recorded"}},
		{"a saved source planted", "INSERT INTO import_sources(name, spec) VALUES ('evil', '{}');", []string{"sources", "no audit entry records it"}},
		// observations, series and imports
		{"one observation changed", "UPDATE observations SET value = value + 1" + firstDay, []string{"observations claims-triage/pilot/triage_min", "values differ"}},
		{"one observation deleted", "DELETE FROM observations" + firstDay, []string{"48 observations now, audit entry 11 recorded 49"}},
		{"one observation inserted", "INSERT INTO observations(series_id, day, value, import_id) SELECT series_id, max(day) + 1, 1, import_id FROM observations WHERE series_id = " + tm + ";",
			[]string{"50 observations now, audit entry 11 recorded 49"}},
		{"one observation moved a day", "UPDATE observations SET day = day - 1000" + firstDay, []string{"observations claims-triage/pilot/triage_min", "values differ"}},
		{"a one-reading day given a day's readings", "UPDATE observations SET n = 2, sum = 2 * value, sumsq = 2 * value * value, min = value, max = value, last = value" + firstDay,
			[]string{"observations claims-triage/pilot/triage_min", "per-day readings"}},
		{"a series' cached count", "UPDATE series SET n = n * 2, sum = sum * 2;", []string{"the series row counts 122 observations, 61 are stored"}},
		{"a series' kept digest", "UPDATE series SET digest = 'v2:1:00' WHERE id = " + tm + ";", []string{"observations claims-triage/pilot/triage_min", "keeps digest v2:1:00"}},
		// which import wrote a day (series digest version 3)
		{"an observation's import reassigned", "UPDATE observations SET import_id = import_id + 1" + firstDay,
			[]string{"observations claims-triage/pilot/triage_min", "import_id", "changed beside ringside"}},
		{"every observation of an import moved to another", "UPDATE observations SET import_id = 1 WHERE import_id = 2;",
			[]string{"observations claims-triage/pilot/triage_min", "import_id"}},
		{"a series deleted with its observations", "DELETE FROM observations WHERE series_id = " + tm + "; DELETE FROM series WHERE id = " + tm + ";",
			[]string{"observations claims-triage/pilot/triage_min", "gone from the database"}},
		{"an import's row alone deleted", "DELETE FROM imports WHERE id = 2;", []string{"import 2", "gone from the database"}},
		{"an import's checksum", "UPDATE imports SET sha256 = 'aaaa' WHERE id = 2;", []string{"import 2", "differs from what audit entry 11 recorded"}},
		{"an import's rejected rows hidden", "UPDATE imports SET rejected = 0, rows = rows + 5 WHERE id = 2;", []string{"import 2", "differs"}},
		{"an import's options", `UPDATE imports SET options = '{"shift":5}' WHERE id = 2;`, []string{"import 2", "differs"}},
		{"an import's report", "UPDATE imports SET report = '' WHERE id = 2;", []string{"import 2", "differs"}},
		{"an import's size", "UPDATE imports SET size = 1 WHERE id = 2;", []string{"import 2", "differs"}},
		{"an import inserted", "INSERT INTO imports(file, sha256, at, actor, rows, new, updated, unchanged, rejected) VALUES ('x.csv', 'ab', '2026-01-01T00:00:00Z', 'm', 1, 1, 0, 0, 0);",
			[]string{"import 10", "no audit entry records it"}},
	}
	copyDemo := func(t *testing.T) string {
		db := filepath.Join(t.TempDir(), "attacked.db")
		if err := os.WriteFile(db, demo, 0o600); err != nil {
			t.Fatal(err)
		}
		return db
	}
	// The copy untouched verifies: every finding below is the attack's.
	if code, out, errs := ringside(t, copyDemo(t), "verify"); code != 0 {
		t.Fatalf("verify of the untouched copy: exit %d\n%s%s", code, out, errs)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := copyDemo(t)
			verifyFindsAttack(t, db, c.name, c.script, c.want)
		})
	}
}
