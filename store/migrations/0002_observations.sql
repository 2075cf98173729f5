-- Schema v2: metric observations, stored for fast imports and fast health
-- at a million rows and beyond.
--
-- A series is one pilot × ring × metric; its integer id stands in for the
-- three keys in every observation (dictionary encoding), and it carries a
-- summary (first and last day, count, sum) kept current at import time, so
-- `health` reads summaries plus a few days per series and never scans all
-- observations. The baseline ring's mean is sum / n.
CREATE TABLE series (
    id        INTEGER PRIMARY KEY,
    pilot_id  INTEGER NOT NULL REFERENCES pilots(id),
    ring      TEXT NOT NULL,
    metric    TEXT NOT NULL,
    first_day INTEGER,                 -- NULL while the series is empty
    last_day  INTEGER,
    n         INTEGER NOT NULL DEFAULT 0,
    sum       REAL NOT NULL DEFAULT 0,
    UNIQUE (pilot_id, ring, metric)
);

-- One value per series and day, clustered on (series_id, day): a series'
-- days lie together on disk, so a window is one short range scan. No
-- foreign key on series_id: the importer creates series itself, and a
-- parent lookup per row would cost a million lookups per million rows.
CREATE TABLE observations (
    series_id INTEGER NOT NULL,
    day       INTEGER NOT NULL,       -- days since 1970-01-01 (model.Date)
    value     REAL NOT NULL,
    import_id INTEGER NOT NULL,       -- the import that last wrote the value
    PRIMARY KEY (series_id, day)
) WITHOUT ROWID;

-- One row per import that changed something; the audit log holds the
-- same facts plus the values it replaced.
CREATE TABLE imports (
    id        INTEGER PRIMARY KEY,
    file      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    rows      INTEGER NOT NULL,
    new       INTEGER NOT NULL,
    updated   INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rejected  INTEGER NOT NULL
);
