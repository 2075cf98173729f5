-- Schema v8: several readings a day. A day of a series keeps, besides the
-- mean of its readings (value), how many there were (n), their sum, sum
-- of squares, smallest, largest and last (in file order): what the 7-day
-- mean of the observations, a confidence interval and a KPI's daily
-- aggregation (mean, sum, min, max, last) need. NULL in all six means one
-- reading, equal to value: every row stored before this migration, and
-- most rows after it, so one reading a day costs no more than before.
ALTER TABLE observations ADD COLUMN n INTEGER;
ALTER TABLE observations ADD COLUMN sum REAL;
ALTER TABLE observations ADD COLUMN sumsq REAL;
ALTER TABLE observations ADD COLUMN min REAL;
ALTER TABLE observations ADD COLUMN max REAL;
ALTER TABLE observations ADD COLUMN last REAL;

-- How a KPI's readings of one day combine: '' (mean), sum, min, max, last.
ALTER TABLE kpis ADD COLUMN aggregation TEXT NOT NULL DEFAULT '';
