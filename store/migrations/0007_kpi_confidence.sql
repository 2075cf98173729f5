-- A KPI may ask how sure its verdict is (issue 15): the confidence level of
-- the interval its target must hold over, e.g. 0.95; 0 asks for none.
ALTER TABLE kpis ADD COLUMN confidence REAL NOT NULL DEFAULT 0;
