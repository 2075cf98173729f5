-- Schema v3: change windows and freezes (issue 8). Rows with pilot_id NULL
-- are the portfolio's calendar; a pilot's own rows override it as
-- docs/portfolio.md says (its windows replace the portfolio's, freezes add
-- up). Texts are kept as written so export gives back the same file.

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
CREATE INDEX change_windows_by_pilot ON change_windows(pilot_id, ord);

CREATE TABLE freezes (
    id       INTEGER PRIMARY KEY,
    pilot_id INTEGER REFERENCES pilots(id) ON DELETE CASCADE,  -- NULL: the portfolio's
    ord      INTEGER NOT NULL,
    name     TEXT NOT NULL,
    from_day INTEGER NOT NULL,           -- model.Date, inclusive
    to_day   INTEGER NOT NULL,           -- model.Date, inclusive
    zone     TEXT NOT NULL
);
CREATE INDEX freezes_by_pilot ON freezes(pilot_id, ord);
