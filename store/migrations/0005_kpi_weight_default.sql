-- A KPI weight of 0 used to be stored for a KPI that stated no weight and
-- was scored as 1. Weight 0 now means 0, so the rows written under the old
-- rule keep the weight they were scored with.
UPDATE kpis SET weight = 1 WHERE weight = 0;
