-- Schema v6 (issue 13): evidence an auditor can check without trusting the
-- database.
--
-- Each audit entry records a digest of the state of what it changed, as
-- the entity stands after the change (JSON: entity key → digest, see
-- store/digest.go); `verify` recomputes every digest from the tables and
-- names any row changed, inserted or deleted beside the log. The state is
-- part of the entry's hash. Entries written before v6 carry ''; the
-- upgrade appends one baseline entry with the state of everything.
ALTER TABLE audit ADD COLUMN state TEXT NOT NULL DEFAULT '';

-- A series' observation digest (count and sum of row hashes), kept current
-- by each import so the next one adds its changes without a rescan. A
-- cache only: verify recomputes it from the observations.
ALTER TABLE series ADD COLUMN digest TEXT NOT NULL DEFAULT '';

-- Sign-offs lose UNIQUE(pilot_id, gate, role, at): two in the same second
-- are both kept, in the order they were recorded (id).
CREATE TABLE signoffs_v6 (
    id             INTEGER PRIMARY KEY,
    pilot_id       INTEGER NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    gate           TEXT NOT NULL,
    role           TEXT NOT NULL,
    person         TEXT NOT NULL,
    decision       TEXT NOT NULL,
    meaning        TEXT NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    at             TEXT NOT NULL,
    checklist_hash TEXT NOT NULL DEFAULT '',
    on_behalf      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO signoffs_v6(id, pilot_id, gate, role, person, decision, meaning, comment, at, checklist_hash, on_behalf)
    SELECT id, pilot_id, gate, role, person, decision, meaning, comment, at, checklist_hash, on_behalf FROM signoffs;
DROP TABLE signoffs;
ALTER TABLE signoffs_v6 RENAME TO signoffs;
CREATE INDEX signoffs_by_pilot ON signoffs(pilot_id, gate, role);
