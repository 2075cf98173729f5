package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
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
	rows, err := s.db.QueryContext(ctx, "SELECT slug FROM pilots ORDER BY slug")
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

// Pilots loads every pilot, sorted by slug.
func (s *Store) Pilots(ctx context.Context) ([]model.Pilot, error) {
	slugs, err := s.Slugs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]model.Pilot, 0, len(slugs))
	for _, slug := range slugs {
		p, err := s.Pilot(ctx, slug)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Pilot loads one pilot with everything recorded about it.
func (s *Store) Pilot(ctx context.Context, slug string) (model.Pilot, error) {
	return loadPilot(ctx, s.db, slug)
}

// querier is what loading needs: a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func loadPilot(ctx context.Context, q querier, slug string) (model.Pilot, error) {
	var p model.Pilot
	var id int64
	var since sql.NullInt64
	var locked int
	var payback, gates sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, slug, name, stage, stage_since, hypothesis, hypothesis_locked, payback, gates
		FROM pilots WHERE slug = ?`, slug).Scan(&id, &p.Slug, &p.Name, &p.Stage, &since, &p.Hypothesis.Text, &locked, &payback, &gates)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("pilot %q: %w (list pilots with `ringside health` or load some with `ringside apply -f FILE`)", slug, ErrNotFound)
	}
	if err != nil {
		return p, err
	}
	p.StageSince = dateOf(since)
	p.Hypothesis.Locked = locked != 0
	if payback.Valid {
		p.Payback = new(model.PaybackModel)
		if err := json.Unmarshal([]byte(payback.String), p.Payback); err != nil {
			return p, fmt.Errorf("pilot %s: payback: %w", slug, err)
		}
	}
	if gates.Valid {
		if err := json.Unmarshal([]byte(gates.String), &p.Gates); err != nil {
			return p, fmt.Errorf("pilot %s: gates: %w", slug, err)
		}
	}
	each := func(query string, scan func(*sql.Rows) error) {
		if err != nil {
			return
		}
		var rows *sql.Rows
		rows, err = q.QueryContext(ctx, query, id)
		if err != nil {
			return
		}
		defer rows.Close()
		for rows.Next() {
			if err = scan(rows); err != nil {
				return
			}
		}
		err = rows.Err()
	}
	each("SELECT text, reason, who, at FROM hypothesis_revisions WHERE pilot_id = ? ORDER BY seq", func(r *sql.Rows) error {
		var h model.HypothesisRevision
		var at string
		if err := r.Scan(&h.Text, &h.Reason, &h.By, &at); err != nil {
			return err
		}
		h.At = parseTime(at)
		p.Hypothesis.Revisions = append(p.Hypothesis.Revisions, h)
		return nil
	})
	each("SELECT role, person FROM owners WHERE pilot_id = ?", func(r *sql.Rows) error {
		var role, person string
		if err := r.Scan(&role, &person); err != nil {
			return err
		}
		if p.Owners == nil {
			p.Owners = map[model.Role]string{}
		}
		p.Owners[model.Role(role)] = person
		return nil
	})
	each("SELECT name, population, exposure, status, start FROM rings WHERE pilot_id = ? ORDER BY ord", func(r *sql.Rows) error {
		var g model.Ring
		var start sql.NullInt64
		if err := r.Scan(&g.Name, &g.Population, &g.Exposure, &g.Status, &start); err != nil {
			return err
		}
		g.Start = dateOf(start)
		p.Rings = append(p.Rings, g)
		return nil
	})
	each(`SELECT kpi_key, name, unit, better, baseline, target, warning, rollback, critical, weight, window_days
		FROM kpis WHERE pilot_id = ? ORDER BY ord`, func(r *sql.Rows) error {
		var k model.KPI
		var base sql.NullFloat64
		var target, warning, rollback string
		var critical int
		if err := r.Scan(&k.Key, &k.Name, &k.Unit, &k.Better, &base, &target, &warning, &rollback, &critical, &k.Weight, &k.Window); err != nil {
			return err
		}
		if base.Valid {
			v := base.Float64
			k.Baseline = &v
		}
		k.Critical = critical != 0
		var perr error
		parse := func(s string) model.Criterion {
			if s == "" {
				return model.Criterion{}
			}
			c, err := model.ParseCriterion(s)
			if err != nil && perr == nil {
				perr = fmt.Errorf("pilot %s KPI %s: stored criterion: %w", slug, k.Key, err)
			}
			return c
		}
		k.Target, k.Warning, k.Rollback = parse(target), parse(warning), parse(rollback)
		p.KPIs = append(p.KPIs, k)
		return perr
	})
	each(`SELECT title, category, likelihood, impact, residual_likelihood, residual_impact, owner, mitigation, status, due, last_review
		FROM risks WHERE pilot_id = ? ORDER BY ord`, func(r *sql.Rows) error {
		var k model.Risk
		var due, rev sql.NullInt64
		if err := r.Scan(&k.Title, &k.Category, &k.Likelihood, &k.Impact, &k.ResidualLikelihood, &k.ResidualImpact, &k.Owner, &k.Mitigation, &k.Status, &due, &rev); err != nil {
			return err
		}
		k.Due, k.LastReview = dateOf(due), dateOf(rev)
		p.Risks = append(p.Risks, k)
		return nil
	})
	each("SELECT title, kind, body, target_restore_min FROM runbooks WHERE pilot_id = ? ORDER BY ord", func(r *sql.Rows) error {
		var b model.Runbook
		if err := r.Scan(&b.Title, &b.Kind, &b.Body, &b.TargetRestoreMin); err != nil {
			return err
		}
		p.Runbooks = append(p.Runbooks, b)
		return nil
	})
	each("SELECT runbook_ord, day, who, outcome, restore_min, notes, steps FROM drills WHERE pilot_id = ? ORDER BY runbook_ord, ord", func(r *sql.Rows) error {
		var d model.Drill
		var rb int
		var day int64
		var steps sql.NullString
		if err := r.Scan(&rb, &day, &d.By, &d.Outcome, &d.RestoreMin, &d.Notes, &steps); err != nil {
			return err
		}
		d.Date = model.Date(day)
		if steps.Valid {
			if err := json.Unmarshal([]byte(steps.String), &d.Steps); err != nil {
				return err
			}
		}
		if rb < 0 || rb >= len(p.Runbooks) {
			return fmt.Errorf("pilot %s: drill of missing runbook %d", slug, rb)
		}
		p.Runbooks[rb].Drills = append(p.Runbooks[rb].Drills, d)
		return nil
	})
	each(`SELECT gate, role, person, decision, meaning, comment, at, checklist_hash, on_behalf
		FROM signoffs WHERE pilot_id = ? ORDER BY at, id`, func(r *sql.Rows) error {
		var so model.Signoff
		var at string
		var behalf int
		if err := r.Scan(&so.Gate, &so.Role, &so.Person, &so.Decision, &so.Meaning, &so.Comment, &at, &so.ChecklistHash, &behalf); err != nil {
			return err
		}
		so.At = parseTime(at)
		so.OnBehalf = behalf != 0
		p.Signoffs = append(p.Signoffs, so)
		return nil
	})
	each(`SELECT gate, day, attendees, notes, decision, conditions, actions FROM reviews WHERE pilot_id = ? ORDER BY day, id`, func(r *sql.Rows) error {
		var rv model.GateReview
		var day int64
		var att, notes, conds, acts string
		if err := r.Scan(&rv.Gate, &day, &att, &notes, &rv.Decision, &conds, &acts); err != nil {
			return err
		}
		rv.Date = model.Date(day)
		for _, x := range []struct {
			s string
			v any
		}{{att, &rv.Attendees}, {notes, &rv.Notes}, {conds, &rv.Conditions}, {acts, &rv.Actions}} {
			if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
				return err
			}
		}
		p.Reviews = append(p.Reviews, rv)
		return nil
	})
	if err == nil { // the pilot's own change calendar (calendar.go)
		p.Calendar, err = loadCalendar(ctx, q, id)
	}
	if err != nil {
		return p, err
	}
	if err := loadOperations(ctx, q, slug, &p); err != nil { // issue 8
		return p, err
	}
	return Normalize(p), nil
}

// Normalize gives a pilot one canonical in-memory form (empty collections
// nil, times in UTC to the second), so a pilot read from a file and the same
// pilot read back from the database compare equal.
func Normalize(p model.Pilot) model.Pilot {
	if len(p.Owners) == 0 {
		p.Owners = nil
	}
	if len(p.Hypothesis.Revisions) == 0 {
		p.Hypothesis.Revisions = nil
	}
	for i := range p.Hypothesis.Revisions {
		p.Hypothesis.Revisions[i].At = p.Hypothesis.Revisions[i].At.UTC().Truncate(time.Second)
	}
	p.Hypothesis.Reason = ""
	if len(p.Rings) == 0 {
		p.Rings = nil
	}
	if len(p.KPIs) == 0 {
		p.KPIs = nil
	}
	if len(p.Risks) == 0 {
		p.Risks = nil
	}
	if len(p.Runbooks) == 0 {
		p.Runbooks = nil
	}
	for i := range p.Runbooks {
		if len(p.Runbooks[i].Drills) == 0 {
			p.Runbooks[i].Drills = nil
		}
		for j := range p.Runbooks[i].Drills {
			if len(p.Runbooks[i].Drills[j].Steps) == 0 {
				p.Runbooks[i].Drills[j].Steps = nil
			}
		}
	}
	if len(p.Gates) == 0 {
		p.Gates = nil
	}
	for i := range p.Gates {
		for j := range p.Gates[i].Ticks {
			p.Gates[i].Ticks[j].At = p.Gates[i].Ticks[j].At.UTC().Truncate(time.Second)
		}
	}
	if len(p.Signoffs) == 0 {
		p.Signoffs = nil
	}
	for i := range p.Signoffs {
		p.Signoffs[i].At = p.Signoffs[i].At.UTC().Truncate(time.Second)
	}
	sort.SliceStable(p.Signoffs, func(i, j int) bool { return p.Signoffs[i].At.Before(p.Signoffs[j].At) })
	if len(p.Reviews) == 0 {
		p.Reviews = nil
	}
	for i := range p.Reviews {
		r := &p.Reviews[i]
		if len(r.Attendees) == 0 {
			r.Attendees = nil
		}
		if len(r.Notes) == 0 {
			r.Notes = nil
		}
		if len(r.Conditions) == 0 {
			r.Conditions = nil
		}
		if len(r.Actions) == 0 {
			r.Actions = nil
		}
	}
	sort.SliceStable(p.Reviews, func(i, j int) bool { return p.Reviews[i].Date < p.Reviews[j].Date })
	if p.Payback != nil && len(p.Payback.Ramp) == 0 {
		p.Payback.Ramp = nil
	}
	p.Calendar = normalCalendar(p.Calendar) // change windows (calendar.go)
	normalizeOperations(&p)                 // issue 8
	return p
}

// writePilot replaces the stored definition of p (inserting it when new)
// inside tx. Sign-offs and reviews are written as given.
func writePilot(ctx context.Context, tx *sql.Tx, p model.Pilot, now time.Time) error {
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
		exec("INSERT INTO owners(pilot_id, role, person) VALUES (?,?,?)", id, string(role), person)
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
			id, i, k.Key, k.Name, k.Unit, string(k.Better), base, k.Target.String(), k.Warning.String(), k.Rollback.String(), boolInt(k.Critical), k.Weight, k.Window)
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
		exec(`INSERT INTO signoffs(pilot_id, gate, role, person, decision, meaning, comment, at, checklist_hash, on_behalf)
			VALUES (?,?,?,?,?,?,?,?,?,?)`,
			id, string(so.Gate), string(so.Role), so.Person, string(so.Decision), so.Meaning, so.Comment, timeText(so.At), so.ChecklistHash, boolInt(so.OnBehalf))
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
	return writeOperations(ctx, tx, id, p) // issue 8
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
