package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"ringside/model"
)

// Sources returns the saved import profiles, sorted by name.
func (s *Store) Sources(ctx context.Context) ([]model.ImportSource, error) {
	return loadSources(ctx, s.read())
}

// Source returns the saved import profile of that name, or ErrNotFound.
func (s *Store) Source(ctx context.Context, name string) (model.ImportSource, error) {
	var spec string
	err := s.read().QueryRowContext(ctx, "SELECT spec FROM import_sources WHERE name = ?", name).Scan(&spec)
	if errors.Is(err, sql.ErrNoRows) {
		return model.ImportSource{}, ErrNotFound
	}
	if err != nil {
		return model.ImportSource{}, err
	}
	var src model.ImportSource
	if err := json.Unmarshal([]byte(spec), &src); err != nil {
		return model.ImportSource{}, fmt.Errorf("source %s: %w", name, err)
	}
	return src, nil
}

func loadSources(ctx context.Context, q querier) ([]model.ImportSource, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, spec FROM import_sources ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.ImportSource
	for rows.Next() {
		var name, spec string
		if err := rows.Scan(&name, &spec); err != nil {
			return nil, err
		}
		var src model.ImportSource
		if err := json.Unmarshal([]byte(spec), &src); err != nil {
			return nil, fmt.Errorf("source %s: %w", name, err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

func sourcesJSON(srcs []model.ImportSource) string {
	if len(srcs) == 0 {
		return ""
	}
	b, _ := json.Marshal(srcs)
	return string(b)
}

// applySources replaces the saved import profiles with those a file
// carries, with one audit entry, when they differ. A file without
// `sources:` (srcs nil) leaves the stored ones as they are.
// changed is false when the file says what is stored already.
func (s *Store) applySources(ctx context.Context, tx *sql.Tx, c Change, from string, srcs []model.ImportSource) (changed bool, err error) {
	if srcs == nil {
		return false, nil
	}
	old, err := loadSources(ctx, tx)
	if err != nil {
		return false, err
	}
	next := model.CanonicalSources(srcs)
	if sourcesJSON(old) == sourcesJSON(next) {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM import_sources"); err != nil {
		return false, err
	}
	for _, src := range next {
		if err := writeSource(ctx, tx, src); err != nil {
			return false, err
		}
	}
	e := c.as(model.ActionSourcesUpdate, "saved import sources updated from "+from).entry("", "sources")
	e.Before, e.After = sourcesJSON(old), sourcesJSON(next)
	_, err = s.appendAudit(ctx, tx, e)
	return err == nil, err
}

func writeSource(ctx context.Context, tx *sql.Tx, src model.ImportSource) error {
	b, err := json.Marshal(src)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO import_sources(name, spec) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET spec = excluded.spec", src.Name, string(b))
	return err
}

// SaveSource adds or replaces one saved import profile (the cockpit's
// "save as a source"), in one audited transaction. The caller has checked
// it (importers.CheckSource). changed is false when it was saved already.
// c says who saves it and from where; its action is sources.update.
func (s *Store) SaveSource(ctx context.Context, c Change, src model.ImportSource) (changed bool, err error) {
	src = model.CanonicalSources([]model.ImportSource{src})[0]
	err = s.tx(ctx, func(tx *sql.Tx) error {
		old, err := loadSources(ctx, tx)
		if err != nil {
			return err
		}
		var next []model.ImportSource
		for _, o := range old {
			if o.Name == src.Name {
				if reflect.DeepEqual(o, src) {
					return nil
				}
				continue
			}
			next = append(next, o)
		}
		next = model.CanonicalSources(append(next, src))
		if err := writeSource(ctx, tx, src); err != nil {
			return err
		}
		changed = true
		e := c.as(model.ActionSourcesUpdate, "saved import source "+src.Name).entry(src.Pilot, "sources")
		e.Before, e.After = sourcesJSON(old), sourcesJSON(next)
		_, err = s.appendAudit(ctx, tx, e)
		return err
	})
	return changed, err
}
