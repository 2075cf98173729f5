package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"ringside/model"
)

// Calendar returns the portfolio's change calendar, nil when it has none.
func (s *Store) Calendar(ctx context.Context) (*model.Calendar, error) {
	return loadCalendar(ctx, s.read(), nil)
}

// Portfolio loads everything `export portfolio` writes: the portfolio's
// calendar and every pilot.
func (s *Store) Portfolio(ctx context.Context) (model.Portfolio, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return model.Portfolio{}, err
	}
	srcs, err := s.Sources(ctx)
	if err != nil {
		return model.Portfolio{}, err
	}
	pilots, err := s.Pilots(ctx)
	return model.Portfolio{Calendar: cal, Sources: srcs, Pilots: pilots}, err
}

// loadCalendar reads the calendar of a pilot (by row id), or the
// portfolio's when pilotID is nil; nil when there is none.
func loadCalendar(ctx context.Context, q querier, pilotID any) (*model.Calendar, error) {
	c := &model.Calendar{}
	rows, err := q.QueryContext(ctx, "SELECT name, rule, start, duration, end_time, zone FROM change_windows WHERE pilot_id IS ? ORDER BY ord", pilotID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var w model.ChangeWindow
		if err := rows.Scan(&w.Name, &w.Rule, &w.Start, &w.Duration, &w.End, &w.Zone); err != nil {
			rows.Close()
			return nil, err
		}
		c.Windows = append(c.Windows, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, "SELECT name, from_day, to_day, zone FROM freezes WHERE pilot_id IS ? ORDER BY ord", pilotID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f model.FreezePeriod
		if err := rows.Scan(&f.Name, &f.From, &f.To, &f.Zone); err != nil {
			return nil, err
		}
		c.Freezes = append(c.Freezes, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return model.CanonicalCalendar(c), nil
}

// writeCalendar replaces the calendar of a pilot (or the portfolio's when
// pilotID is nil) inside tx.
func writeCalendar(ctx context.Context, tx execer, pilotID any, c *model.Calendar) error {
	for _, table := range []string{"change_windows", "freezes"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE pilot_id IS ?", pilotID); err != nil {
			return err
		}
	}
	if c == nil {
		return nil
	}
	for i, w := range c.Windows {
		if _, err := tx.ExecContext(ctx, "INSERT INTO change_windows(pilot_id, ord, name, rule, start, duration, end_time, zone) VALUES (?,?,?,?,?,?,?,?)",
			pilotID, i, w.Name, w.Rule, w.Start, w.Duration, w.End, w.Zone); err != nil {
			return err
		}
	}
	for i, f := range c.Freezes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO freezes(pilot_id, ord, name, from_day, to_day, zone) VALUES (?,?,?,?,?,?)",
			pilotID, i, f.Name, int64(f.From), int64(f.To), f.Zone); err != nil {
			return err
		}
	}
	return nil
}

// applyCalendar replaces the portfolio's calendar with the one a file
// carries, with one audit entry, when it differs. A file without
// `calendar:` (c nil) leaves the stored one as it is.
func (s *Store) applyCalendar(ctx context.Context, tx *sql.Tx, ch Change, source string, c *model.Calendar) error {
	if c == nil {
		return nil
	}
	old, err := loadCalendar(ctx, tx, nil)
	if err != nil {
		return err
	}
	next := model.CanonicalCalendar(c)
	if calendarJSON(old) == calendarJSON(next) {
		return nil
	}
	if err := writeCalendar(ctx, tx, nil, next); err != nil {
		return err
	}
	e := ch.as(model.ActionCalendarUpdate, "portfolio change calendar updated from "+source).entry("", "calendar")
	e.Before, e.After = calendarJSON(old), calendarJSON(next)
	_, err = s.appendAudit(ctx, tx, e)
	return err
}

func calendarJSON(c *model.Calendar) string {
	if c == nil {
		return ""
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// EditCalendar changes the portfolio's change calendar in one
// transaction: change edits a copy of the stored one (an empty calendar
// when there is none); when the result differs it is written with one
// audit entry under c (calendar.update, before and after), when it does
// not nothing is written. change's error rolls everything back. It returns
// the calendar before and after (nil when empty).
func (s *Store) EditCalendar(ctx context.Context, c Change, change func(cal *model.Calendar) error) (before, after *model.Calendar, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		old, err := loadCalendar(ctx, tx, nil)
		if err != nil {
			return err
		}
		next := &model.Calendar{}
		if old != nil {
			next.Windows = append(next.Windows, old.Windows...)
			next.Freezes = append(next.Freezes, old.Freezes...)
		}
		if err := change(next); err != nil {
			return err
		}
		next = model.CanonicalCalendar(next)
		before, after = old, next
		if calendarJSON(old) == calendarJSON(next) {
			return nil
		}
		if err := writeCalendar(ctx, tx, nil, next); err != nil {
			return err
		}
		if c.Action == "" {
			c.Action = model.ActionCalendarUpdate
		}
		e := c.entry("", "calendar")
		e.Before, e.After = calendarJSON(old), calendarJSON(next)
		_, err = s.appendAudit(ctx, tx, e)
		return err
	})
	return before, after, err
}
