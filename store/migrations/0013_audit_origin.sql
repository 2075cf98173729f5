-- Schema v13: where each audited change came from (store/change.go):
-- file, demo, cockpit or cli, in place of matching summaries.
--
-- Entries written before v13 did not record it. Those the demo wrote are
-- recognised once, here, by what the demo wrote (the rest stay ''); their
-- hashes do not cover origin, so this does not break the chain. Entries
-- from 'audit_origin_from' on hash their origin (store/audit.go, docs/audit.md).
-- The log is append-only: the trigger that says so steps aside for this
-- one update of the new column, in the migration's transaction.
ALTER TABLE audit ADD COLUMN origin TEXT NOT NULL DEFAULT '';
DROP TRIGGER audit_no_update;
UPDATE audit SET origin = 'demo'
    WHERE summary LIKE '% from the demo portfolio' OR entity LIKE 'metrics demo/%' OR action = 'signoff.stamp';
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
INSERT OR REPLACE INTO meta(key, value) SELECT 'audit_origin_from', CAST(coalesce(max(seq), 0) + 1 AS TEXT) FROM audit;
