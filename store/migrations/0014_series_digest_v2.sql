-- Schema v14: a series' digest covers the per-day columns of migration
-- 0008 (n, sum, sumsq, min, max, last) besides day and value: digest
-- version 2, written "v2:<n>:<sum>" (store/digest.go, docs/audit.md).
--
-- Audit entries written before v14 recorded version 1 ("<n>:<sum>", day
-- and value alone); verify recomputes that version for them, and the
-- version is part of the text each entry's hash covers. A version-1
-- digest equals version 2 when no day of the series holds per-day
-- columns: the kept digest of such a series (series.digest, a cache) is
-- relabelled; the others are left as version 1, and the next import that
-- changes the series reads it once.
UPDATE series SET digest = 'v2:' || digest
    WHERE digest != '' AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.series_id = series.id
        AND (o.n IS NOT NULL OR o.sum IS NOT NULL OR o.sumsq IS NOT NULL OR o.min IS NOT NULL OR o.max IS NOT NULL OR o.last IS NOT NULL));
