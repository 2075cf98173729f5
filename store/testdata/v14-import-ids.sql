-- A database written by ringside before series digests covered which import
-- wrote each day (schema v14, commit e7655d6): a pilot applied, then two
-- imports (b.csv replaces a day of a.csv and adds days of several readings),
-- written by that build (apply -f, import metrics; p.yaml, a.csv and b.csv
-- are in the comment of TestOldDigestsStillVerifyAndNewOnesCoverImportIDs).
-- Version-2 entries must still verify after the upgrade. sqlite3 .dump leaves
-- out PRAGMA user_version: it is added by hand before COMMIT.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
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
, operations TEXT);
INSERT INTO pilots VALUES(1,'ct','Claims triage','pilot',NULL,'',0,NULL,NULL,'2026-02-01T12:00:00Z','2026-02-01T12:00:00Z',NULL);
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
    person   TEXT NOT NULL, pubkey TEXT NOT NULL DEFAULT '',
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
INSERT INTO rings VALUES(1,0,'pilot',0,0.0,'planned',20454);
INSERT INTO rings VALUES(1,1,'canary',0,0.0,'planned',20454);
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
    window_days INTEGER NOT NULL DEFAULT 0, slo TEXT, confidence REAL NOT NULL DEFAULT 0, aggregation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (pilot_id, ord),
    UNIQUE (pilot_id, kpi_key)
);
INSERT INTO kpis VALUES(1,0,'triage_min','Triage time','min','lower',9.0,'<= -10%','','',1,1.0,0,NULL,0.0,'');
INSERT INTO kpis VALUES(1,1,'misroute_pct','Misroutes','%','lower',9.0,'<= -10%','','',1,1.0,0,NULL,0.0,'');
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
, state TEXT NOT NULL DEFAULT '', origin TEXT NOT NULL DEFAULT '');
INSERT INTO audit VALUES(1,'2026-02-01T12:00:00Z','root','pilot.create','ct','pilot','created ct from a portfolio file','','{"Slug":"ct","Name":"Claims triage","Stage":"pilot","StageSince":0,"Hypothesis":{"Text":"","Locked":false,"Revisions":null,"Reason":""},"Owners":null,"Rings":[{"Name":"pilot","Population":0,"Exposure":0,"Status":"planned","Start":20454},{"Name":"canary","Population":0,"Exposure":0,"Status":"planned","Start":20454}],"KPIs":[{"Key":"triage_min","Name":"Triage time","Unit":"min","Better":"lower","Baseline":9,"Target":{"Subject":"pct","Op":"\u003c=","Value":-10,"Raw":"\u003c= -10%"},"Warning":{"Subject":"","Op":"","Value":0,"Raw":""},"Rollback":{"Subject":"","Op":"","Value":0,"Raw":""},"Critical":true,"Weight":null,"Window":0,"SLO":null,"Confidence":0,"Aggregation":""},{"Key":"misroute_pct","Name":"Misroutes","Unit":"%","Better":"lower","Baseline":9,"Target":{"Subject":"pct","Op":"\u003c=","Value":-10,"Raw":"\u003c= -10%"},"Warning":{"Subject":"","Op":"","Value":0,"Raw":""},"Rollback":{"Subject":"","Op":"","Value":0,"Raw":""},"Critical":true,"Weight":null,"Window":0,"SLO":null,"Confidence":0,"Aggregation":""}],"Payback":null,"Risks":null,"Runbooks":null,"Gates":null,"Signoffs":null,"Reviews":null,"Calendar":null,"Flags":null,"NFRs":null,"Plan":null,"PIR":null}','0000000000000000000000000000000000000000000000000000000000000000','14539744ca008af33bec2b0d87de278ce41359f7ae65a9fd49799af5ed4a692e','{"pilot/ct":"162d7deb67c9ca240901dd6eb626282e196864335cf19cfcb76c6a70055f9c4c"}','file');
INSERT INTO audit VALUES(2,'2026-02-01T12:00:00Z','root','import','ct','metrics a.csv','imported a.csv: 6 rows, 6 new, 0 updated, 0 unchanged','','{"file":"a.csv","sha256":"223dedee2502d9ba4a723c14c6ae480d11927d45ad67a5b46e31801db0cb2ec5","import_id":1,"pilots":["ct"],"rows":6,"new":6,"updated":0,"unchanged":0,"replaced":[],"replaced_total":0,"options":{"options":{"Layout":"","Pilot":"","Ring":"","Map":null,"Skip":null,"SoftMap":null,"SoftSkip":null,"DateFormat":"","Decimal":"","Location":null,"Sheet":"","Count":"","Means":null,"Active":null,"Columns":null,"RingsFrom":"","Rings":null},"zone":"0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"}}','14539744ca008af33bec2b0d87de278ce41359f7ae65a9fd49799af5ed4a692e','0e37aca19298cba9fefd44f4580ea97af6e852e437d387aaba68980612da0a47','{"import/1":"v2:9a3a2e26cc1f720316928efc706a6b5999918edd25a61432bdafc8524d470b24","series/ct/canary/misroute_pct":"v2:2:3970b6e3cbe5fba957d34d38e696b2c2","series/ct/pilot/triage_min":"v2:2:c41b28b064c218d3e54151feda384225"}','file');
INSERT INTO audit VALUES(3,'2026-02-02T12:00:00Z','root','import','ct','metrics b.csv','imported b.csv: 4 rows, 3 new, 1 updated, 0 unchanged','','{"file":"b.csv","sha256":"95d854d16d7361fc01a7f45aeb4c160feae23125f07913de4560440d91ded710","import_id":2,"pilots":["ct"],"rows":4,"new":3,"updated":1,"unchanged":0,"replaced":[{"pilot":"ct","ring":"pilot","metric":"triage_min","day":"2026-01-27","old":7.5,"new":7.1}],"replaced_total":1,"options":{"options":{"Layout":"","Pilot":"","Ring":"","Map":null,"Skip":null,"SoftMap":null,"SoftSkip":null,"DateFormat":"","Decimal":"","Location":null,"Sheet":"","Count":"","Means":null,"Active":null,"Columns":null,"RingsFrom":"","Rings":null},"zone":"0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"}}','0e37aca19298cba9fefd44f4580ea97af6e852e437d387aaba68980612da0a47','576cb6a14e65be8e056149bf11bac321244e18144e2517869632f7bc7489efa2','{"import/2":"v2:307231b4e18bd4acbcc0d98f113c48656b2fa65aafa535c2b052dd9469bb2486","series/ct/canary/misroute_pct":"v2:3:12bee2983b740bbbb7abaae8d805aca8","series/ct/pilot/triage_min":"v2:3:311936cc5253d4c1ff414311173df113"}','file');
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta VALUES('audit_origin_from','1');
CREATE TABLE series (
    id        INTEGER PRIMARY KEY,
    pilot_id  INTEGER NOT NULL REFERENCES pilots(id),
    ring      TEXT NOT NULL,
    metric    TEXT NOT NULL,
    first_day INTEGER,                 -- NULL while the series is empty
    last_day  INTEGER,
    n         INTEGER NOT NULL DEFAULT 0,
    sum       REAL NOT NULL DEFAULT 0, digest TEXT NOT NULL DEFAULT '', changed INTEGER NOT NULL DEFAULT 0,
    UNIQUE (pilot_id, ring, metric)
);
INSERT INTO series VALUES(1,1,'pilot','triage_min',20479,20481,3,22.60000000000000142,'v2:3:311936cc5253d4c1ff414311173df113',2);
INSERT INTO series VALUES(2,1,'canary','misroute_pct',20480,20482,3,22.0,'v2:3:12bee2983b740bbbb7abaae8d805aca8',2);
CREATE TABLE observations (
    series_id INTEGER NOT NULL,
    day       INTEGER NOT NULL,       -- days since 1970-01-01 (model.Date)
    value     REAL NOT NULL,
    import_id INTEGER NOT NULL, n INTEGER, sum REAL, sumsq REAL, min REAL, max REAL, last REAL,       -- the import that last wrote the value
    PRIMARY KEY (series_id, day)
) WITHOUT ROWID;
INSERT INTO observations VALUES(1,20479,8.2000000000000010658,1,3,24.60000000000000142,201.98000000000001818,7.9000000000000003552,8.5999999999999996447,8.5999999999999996447);
INSERT INTO observations VALUES(1,20480,7.0999999999999996447,2,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO observations VALUES(1,20481,7.2999999999999998223,2,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO observations VALUES(2,20480,8.3000000000000007105,1,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO observations VALUES(2,20481,7.0,1,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO observations VALUES(2,20482,6.7000000000000001776,2,2,13.400000000000000354,89.86000000000001364,6.5,6.9000000000000003552,6.5);
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
, options TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT -1, series TEXT NOT NULL DEFAULT '', context TEXT NOT NULL DEFAULT '', report TEXT NOT NULL DEFAULT '');
INSERT INTO imports VALUES(1,'a.csv','223dedee2502d9ba4a723c14c6ae480d11927d45ad67a5b46e31801db0cb2ec5','2026-02-01T12:00:00Z','root',6,6,0,0,0,'{"options":{"Layout":"","Pilot":"","Ring":"","Map":null,"Skip":null,"SoftMap":null,"SoftSkip":null,"DateFormat":"","Decimal":"","Location":null,"Sheet":"","Count":"","Means":null,"Active":null,"Columns":null,"RingsFrom":"","Rings":null},"zone":"0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"}',245,'1-2','1:bf2610241c044102178707d903c2d39b3d5969f8a5b4bdcad3590c1ec7c2e97d','{}');
INSERT INTO imports VALUES(2,'b.csv','95d854d16d7361fc01a7f45aeb4c160feae23125f07913de4560440d91ded710','2026-02-02T12:00:00Z','root',4,3,1,0,0,'{"options":{"Layout":"","Pilot":"","Ring":"","Map":null,"Skip":null,"SoftMap":null,"SoftSkip":null,"DateFormat":"","Decimal":"","Location":null,"Sheet":"","Count":"","Means":null,"Active":null,"Columns":null,"RingsFrom":"","Rings":null},"zone":"0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"}',175,'1-2','1:bf2610241c044102178707d903c2d39b3d5969f8a5b4bdcad3590c1ec7c2e97d','{}');
CREATE TABLE change_windows (
    id       INTEGER PRIMARY KEY,
    pilot_id INTEGER REFERENCES pilots(id) ON DELETE CASCADE,  -- NULL: the portfolio's
    ord      INTEGER NOT NULL,
    name     TEXT NOT NULL,
    rule     TEXT NOT NULL,              -- RRULE subset as written
    start    TEXT NOT NULL,              -- "18:00", local time in zone
    duration TEXT NOT NULL DEFAULT '',   -- "2h"; or end
    end_time TEXT NOT NULL DEFAULT '',   -- "20:00"
    zone     TEXT NOT NULL
);
CREATE TABLE freezes (
    id       INTEGER PRIMARY KEY,
    pilot_id INTEGER REFERENCES pilots(id) ON DELETE CASCADE,  -- NULL: the portfolio's
    ord      INTEGER NOT NULL,
    name     TEXT NOT NULL,
    from_day INTEGER NOT NULL,           -- model.Date, inclusive
    to_day   INTEGER NOT NULL,           -- model.Date, inclusive
    zone     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "signoffs" (
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
, entered_by TEXT NOT NULL DEFAULT '', signature TEXT NOT NULL DEFAULT '');
CREATE TABLE import_sources (
    name TEXT PRIMARY KEY,
    spec TEXT NOT NULL
);
CREATE INDEX audit_pilot ON audit(pilot, seq);
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;
CREATE INDEX change_windows_by_pilot ON change_windows(pilot_id, ord);
CREATE INDEX freezes_by_pilot ON freezes(pilot_id, ord);
CREATE INDEX signoffs_by_pilot ON signoffs(pilot_id, gate, role);
CREATE INDEX imports_by_read ON imports(size, options);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
PRAGMA user_version = 14;
COMMIT;
