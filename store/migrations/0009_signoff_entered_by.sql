-- Schema v9 (issue 13): who entered a sign-off when it is not the signer's
-- own act. A sign-off read from a portfolio file is recorded as entered
-- by the applying actor on behalf of the person it names; '' when the
-- person recorded it themselves (ringside signoff, the cockpit).
ALTER TABLE signoffs ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
