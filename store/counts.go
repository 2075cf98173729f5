package store

import "context"

// Counts are how many pilots, sign-offs, observations and audit entries the
// database holds: what a checkpoint states beside the chain's head.
type Counts struct {
	Pilots, Signoffs, Observations, AuditEntries int64
}

// Counts counts the rows of the tables a checkpoint states.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	for _, q := range []struct {
		table string
		n     *int64
	}{{"pilots", &c.Pilots}, {"signoffs", &c.Signoffs}, {"observations", &c.Observations}, {"audit", &c.AuditEntries}} {
		if err := s.read().QueryRowContext(ctx, "SELECT count(*) FROM "+q.table).Scan(q.n); err != nil {
			return Counts{}, err
		}
	}
	return c, nil
}
