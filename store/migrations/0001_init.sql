-- Schema v1: pilots and everything agreed about them, and the audit log.
-- Days are stored as INTEGER days since 1970-01-01 (model.Date); times as
-- RFC 3339 text in UTC. Small nested lists that are never queried on their
-- own (ramp, attendees, actions, gate plans) are JSON text.

CREATE TABLE pilots (
    id                INTEGER PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    stage             TEXT NOT NULL,
    stage_since       INTEGER,
    hypothesis        TEXT NOT NULL DEFAULT '',
    hypothesis_locked INTEGER NOT NULL DEFAULT 0,
    payback           TEXT,            -- JSON of model.PaybackModel, NULL when none
    gates             TEXT,            -- JSON of []model.GatePlan, NULL when none
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE hypothesis_revisions (
    pilot_id INTEGER NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    who      TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (pilot_id, seq)
);

CREATE TABLE owners (
    pilot_id INTEGER NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    person   TEXT NOT NULL,
    PRIMARY KEY (pilot_id, role)
);

CREATE TABLE rings (
    pilot_id   INTEGER NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    exposure   REAL NOT NULL DEFAULT 0,
    status     TEXT NOT NULL,
    start      INTEGER,
    PRIMARY KEY (pilot_id, ord),
    UNIQUE (pilot_id, name)
);

CREATE TABLE kpis (
    pilot_id INTEGER NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    ord      INTEGER NOT NULL,
    kpi_key  TEXT NOT NULL,
    name     TEXT NOT NULL DEFAULT '',
    unit     TEXT NOT NULL DEFAULT '',
    better   TEXT NOT NULL,
    baseline REAL,
    target   TEXT NOT NULL,
    warning  TEXT NOT NULL DEFAULT '',
    rollback TEXT NOT NULL DEFAULT '',
    critical INTEGER NOT NULL DEFAULT 1,
    weight   REAL NOT NULL DEFAULT 1,
    window_days INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pilot_id, ord),
    UNIQUE (pilot_id, kpi_key)
);

CREATE TABLE risks (
    pilot_id            INTEGER NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    ord                 INTEGER NOT NULL,
    title               TEXT NOT NULL,
    category            TEXT NOT NULL DEFAULT '',
    likelihood          INTEGER NOT NULL,
    impact              INTEGER NOT NULL,
    residual_likelihood INTEGER NOT NULL DEFAULT 0,
    residual_impact     INTEGER NOT NULL DEFAULT 0,
    owner               TEXT NOT NULL DEFAULT '',
    mitigation          TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    due                 INTEGER,
    last_review         INTEGER,
    PRIMARY KEY (pilot_id, ord)
);

CREATE TABLE runbooks (
    pilot_id           INTEGER NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    ord                INTEGER NOT NULL,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL,
    body               TEXT NOT NULL DEFAULT '',
    target_restore_min REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (pilot_id, ord)
);

CREATE TABLE drills (
    pilot_id    INTEGER NOT NULL,
    runbook_ord INTEGER NOT NULL,
    ord         INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    who         TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL,
    restore_min REAL NOT NULL DEFAULT 0,
    notes       TEXT NOT NULL DEFAULT '',
    steps       TEXT,                  -- JSON of []model.DrillStep for timed drills
    PRIMARY KEY (pilot_id, runbook_ord, ord),
    FOREIGN KEY (pilot_id, runbook_ord) REFERENCES runbooks(pilot_id, ord) ON DELETE CASCADE
);

CREATE TABLE signoffs (
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
    on_behalf      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (pilot_id, gate, role, at)
);

CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    pilot_id   INTEGER NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    gate       TEXT NOT NULL,
    day        INTEGER NOT NULL,
    attendees  TEXT NOT NULL DEFAULT '[]',   -- JSON []string
    notes      TEXT NOT NULL DEFAULT '{}',   -- JSON criterion id → note
    decision   TEXT NOT NULL DEFAULT '',     -- '' while the meeting is under way
    conditions TEXT NOT NULL DEFAULT '[]',   -- JSON []string
    actions    TEXT NOT NULL DEFAULT '[]',   -- JSON []model.ActionItem
    UNIQUE (pilot_id, gate, day)
);

-- The audit log: append-only and hash-chained. Each entry's hash is the
-- SHA-256 of the previous entry's hash and this entry's canonical content
-- (see store/audit.go), so an edit anywhere in history breaks the chain.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    pilot     TEXT NOT NULL DEFAULT '',
    entity    TEXT NOT NULL DEFAULT '',
    summary   TEXT NOT NULL DEFAULT '',
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_pilot ON audit(pilot, seq);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;

-- Small facts about the database itself (e.g. the day the demo was anchored to).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
