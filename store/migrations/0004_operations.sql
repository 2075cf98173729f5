-- Schema v4 (issue 8): rollout operations. Flags per ring, NFRs, the
-- 30/60/90 plan and the post-implementation review are small nested lists
-- never queried on their own, so they are JSON on the pilot, as gate plans
-- are; a KPI's SLO is JSON on the KPI.
ALTER TABLE pilots ADD COLUMN operations TEXT;  -- JSON {flags, nfrs, plan, pir}, NULL when none
ALTER TABLE kpis ADD COLUMN slo TEXT;           -- JSON of model.KPISLO, NULL when the KPI is no SLO
