package store

import (
	"context"
	"database/sql"
)

// execer is what writing needs: a *sql.Tx, or a stmtTx over one.
type execer interface {
	querier
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// stmtTx runs a transaction's statements prepared once each: the first
// time a text runs it is prepared on the transaction, and every later run
// of the same text reuses it. Apply runs some 60 statements a pilot, the
// same texts for every pilot, and parsing them again each time was a
// fifth of its CPU at 4,000 pilots. The texts must be fixed (arguments
// bound, never formatted in) so the set stays small; a rows of one
// statement must be closed before the same text runs again.
type stmtTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtTx(tx *sql.Tx) *stmtTx { return &stmtTx{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (t *stmtTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

func (t *stmtTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (t *stmtTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, q)
	if err != nil { // the transaction's own row carries the same error
		return t.tx.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (t *stmtTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// Close closes every statement (the transaction's end would too; inside
// Atomically it ends later).
func (t *stmtTx) Close() {
	for _, st := range t.stmts {
		st.Close()
	}
	clear(t.stmts)
}
