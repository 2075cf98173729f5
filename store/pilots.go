package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"ringside/model"
)

// nullDate stores an unset day as NULL.
func nullDate(d model.Date) any {
	if d.IsZero() {
		return nil
	}
	return int64(d)
}

func dateOf(n sql.NullInt64) model.Date {
	if !n.Valid {
		return 0
	}
	return model.Date(n.Int64)
}

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// Slugs lists every pilot's slug in order.
func (s *Store) Slugs(ctx context.Context) ([]string, error) {
	rows, err := s.read().QueryContext(ctx, "SELECT slug FROM pilots ORDER BY slug")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		out = append(out, slug)
	}
	return out, rows.Err()
}

// Pilots loads every pilot, sorted by slug, in a fixed number of queries
// (pilots_load.go).
func (s *Store) Pilots(ctx context.Context) ([]model.Pilot, error) {
	var out []model.Pilot
	err := eachPilot(ctx, s.read(), nil, func(p model.Pilot) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// EachPilot calls fn with every pilot in slug order, one at a time, so a
// whole portfolio can be written out without holding it in memory; all of
// them are read as of one moment, in a fixed number of queries.
func (s *Store) EachPilot(ctx context.Context, fn func(model.Pilot) error) error {
	return eachPilot(ctx, s.read(), nil, fn)
}

// EachPilotJudged is EachPilot reading only what the health engine judges
// (slug, name, stage, hypothesis text, rings, KPIs): `health` over a thousand
// pilots spent a third of its time loading the rest.
func (s *Store) EachPilotJudged(ctx context.Context, fn func(model.Pilot) error) error {
	return eachPilotOf(ctx, s.db, nil, loadJudged, fn)
}

// EachPilotJudgedDefs is EachPilotJudged with each pilot's definition
// number: pilots of one number (from 0) have equal rings and KPIs, and
// share them (the slices are read only); -1 is a definition shared with
// no other pilot as far as the load knows (judged_defs.go).
func (s *Store) EachPilotJudgedDefs(ctx context.Context, fn func(p model.Pilot, def int) error) error {
	// Through sqlite_dbpage, else SQL; tables of many pages from the file
	// (judged_file.go), whose lock costs more than a few pages' copies.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return busy(err)
	}
	defer func() { tx.Rollback() }()
	var unsupported errJudgedPages
	at, big := judgedTablesOn(ctx, tx)
	if big {
		tx.Rollback() // its snapshot would keep the log's pages from the checkpoint
		if err := s.eachPilotJudgedFileAt(ctx, at, fn); !errors.As(err, &unsupported) {
			return err
		}
		if tx, err = s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
			return busy(err)
		}
		at.tables = nil // walked by the file read, and of another snapshot
	}
	if at.tables != nil {
		err = eachPilotJudgedPagesOf(ctx, tx, at.tables, fn)
	} else {
		err = eachPilotJudgedPages(ctx, tx, fn)
	}
	if !errors.As(err, &unsupported) {
		return err
	}
	// Through SQL (a querier that is not a *sql.Tx), without definitions.
	return eachPilotOf(ctx, sqlOnly{tx}, nil, loadJudged, func(p model.Pilot) error { return fn(p, -1) })
}

// EachPilotJudgedDefsSharing is EachPilotJudgedDefs for a run whose page
// reads share the write lock (health with observations: its windows are
// read under HoldPages): the definitions are read from the file under
// that lock and on its connection, whatever the tables' size, so that
// the run opens one connection where the definitions' own read
// transaction and the lock's took two (each a parse of the schema, about
// 1.5 ms of the bench's 76-pilot run, on its critical path). When the
// file cannot be read so (a writer holds the lock, a reader pins the
// log), as EachPilotJudgedDefs.
func (s *Store) EachPilotJudgedDefsSharing(ctx context.Context, fn func(p model.Pilot, def int) error) error {
	err := s.eachPilotJudgedFileAt(ctx, judgedSchemaAt{}, fn)
	var unsupported errJudgedPages
	if !errors.As(err, &unsupported) {
		return err
	}
	return s.EachPilotJudgedDefs(ctx, fn)
}

// sqlOnly is a transaction the loads read through SQL only.
type sqlOnly struct{ *sql.Tx }

// PilotsListed reads every pilot with only what a list shows before
// anything is judged: slug, name, stage, hypothesis text, owners and
// risks (the cockpit's dashboard rows, 3 queries instead of 12).
func (s *Store) PilotsListed(ctx context.Context) ([]model.Pilot, error) {
	var out []model.Pilot
	err := eachPilotOf(ctx, s.db, nil, loadListed, func(p model.Pilot) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// Pilot loads one pilot with everything recorded about it.
func (s *Store) Pilot(ctx context.Context, slug string) (model.Pilot, error) {
	return loadPilot(ctx, s.read(), slug)
}

// querier is what loading needs: a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Normalize is model.Pilot.Canonical: one canonical in-memory form, so a
// pilot read from a file and the same pilot read back from the database
// compare equal.
func Normalize(p model.Pilot) model.Pilot { return p.Canonical() }

// writePilot replaces the stored definition of p (inserting it when new)
// inside tx. Sign-offs and reviews are written as given.
func writePilot(ctx context.Context, tx execer, p model.Pilot, now time.Time) error {
	var payback, gates any
	if p.Payback != nil {
		s, err := jsonText(p.Payback)
		if err != nil {
			return err
		}
		payback = s
	}
	if len(p.Gates) > 0 {
		s, err := jsonText(p.Gates)
		if err != nil {
			return err
		}
		gates = s
	}
	locked := 0
	if p.Hypothesis.Locked {
		locked = 1
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO pilots(slug, name, stage, stage_since, hypothesis, hypothesis_locked, payback, gates, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(slug) DO UPDATE SET name=excluded.name, stage=excluded.stage, stage_since=excluded.stage_since,
			hypothesis=excluded.hypothesis, hypothesis_locked=excluded.hypothesis_locked, payback=excluded.payback,
			gates=excluded.gates, updated_at=excluded.updated_at`,
		p.Slug, p.Name, string(p.Stage), nullDate(p.StageSince), p.Hypothesis.Text, locked, payback, gates, timeText(now), timeText(now))
	if err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM pilots WHERE slug = ?", p.Slug).Scan(&id); err != nil {
		return err
	}
	for _, table := range []string{"hypothesis_revisions", "owners", "drills", "runbooks", "rings", "kpis", "risks", "signoffs", "reviews"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE pilot_id = ?", id); err != nil {
			return err
		}
	}
	exec := func(q string, args ...any) {
		if err == nil {
			_, err = tx.ExecContext(ctx, q, args...)
		}
	}
	for i, h := range p.Hypothesis.Revisions {
		exec("INSERT INTO hypothesis_revisions(pilot_id, seq, text, reason, who, at) VALUES (?,?,?,?,?,?)", id, i+1, h.Text, h.Reason, h.By, timeText(h.At))
	}
	for role, person := range p.Owners {
		exec("INSERT INTO owners(pilot_id, role, person, pubkey) VALUES (?,?,?,?)", id, string(role), person, p.OwnerKeys[role])
	}
	for i, g := range p.Rings {
		exec("INSERT INTO rings(pilot_id, ord, name, population, exposure, status, start) VALUES (?,?,?,?,?,?,?)",
			id, i, g.Name, g.Population, g.Exposure, string(g.Status), nullDate(g.Start))
	}
	for i, k := range p.KPIs {
		var base any
		if k.Baseline != nil {
			base = *k.Baseline
		}
		exec(`INSERT INTO kpis(pilot_id, ord, kpi_key, name, unit, better, baseline, target, warning, rollback, critical, weight, window_days)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, i, k.Key, k.Name, k.Unit, string(k.Better), base, k.Target.String(), k.Warning.String(), k.Rollback.String(), boolInt(k.Critical), k.EffectiveWeight(), k.Window)
		if k.Confidence != 0 { // schema v7; a KPI that asks for none leaves the default 0
			exec("UPDATE kpis SET confidence = ? WHERE pilot_id = ? AND ord = ?", k.Confidence, id, i)
		}
		if k.Aggregation != "" { // schema v8; the mean is the default ''
			exec("UPDATE kpis SET aggregation = ? WHERE pilot_id = ? AND ord = ?", string(k.Aggregation), id, i)
		}
	}
	for i, r := range p.Risks {
		exec(`INSERT INTO risks(pilot_id, ord, title, category, likelihood, impact, residual_likelihood, residual_impact, owner, mitigation, status, due, last_review)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, i, r.Title, string(r.Category), r.Likelihood, r.Impact, r.ResidualLikelihood, r.ResidualImpact, r.Owner, r.Mitigation, string(r.Status), nullDate(r.Due), nullDate(r.LastReview))
	}
	for i, b := range p.Runbooks {
		exec("INSERT INTO runbooks(pilot_id, ord, title, kind, body, target_restore_min) VALUES (?,?,?,?,?,?)", id, i, b.Title, string(b.Kind), b.Body, b.TargetRestoreMin)
		for j, d := range b.Drills {
			var steps any
			if len(d.Steps) > 0 {
				s, jerr := jsonText(d.Steps)
				if jerr != nil {
					return jerr
				}
				steps = s
			}
			exec("INSERT INTO drills(pilot_id, runbook_ord, ord, day, who, outcome, restore_min, notes, steps) VALUES (?,?,?,?,?,?,?,?,?)",
				id, i, j, int64(d.Date), d.By, string(d.Outcome), d.RestoreMin, d.Notes, steps)
		}
	}
	for _, so := range p.Signoffs {
		exec(`INSERT INTO signoffs(pilot_id, gate, role, person, decision, meaning, comment, at, checklist_hash, on_behalf, entered_by, signature)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, string(so.Gate), string(so.Role), so.Person, string(so.Decision), so.Meaning, so.Comment, timeText(so.At), so.ChecklistHash, boolInt(so.OnBehalf), so.EnteredBy, so.Signature)
	}
	for _, rv := range p.Reviews {
		att, _ := jsonText(orEmpty(rv.Attendees))
		notes, _ := jsonText(orEmptyMap(rv.Notes))
		conds, _ := jsonText(orEmpty(rv.Conditions))
		acts, _ := jsonText(orEmpty(rv.Actions))
		exec("INSERT INTO reviews(pilot_id, gate, day, attendees, notes, decision, conditions, actions) VALUES (?,?,?,?,?,?,?,?)",
			id, string(rv.Gate), int64(rv.Date), att, notes, string(rv.Decision), conds, acts)
	}
	if err == nil { // the pilot's own change calendar (calendar.go)
		err = writeCalendar(ctx, tx, id, p.Calendar)
	}
	if err != nil {
		return err
	}
	return writeOperations(ctx, tx, id, p)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
