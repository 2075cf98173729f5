// Package app holds the use cases both front ends call: the command line
// (package main) and the cockpit (ui). A use case loads what it needs,
// runs the pure engines of model over it and, when it records something,
// judges and writes in one transaction, so what is judged is what is
// written over. Neither front end composes store calls for a use case
// that app offers (soft-serve's pkg/backend is the model).
//
// app may import model, store, importers and exporters; ui reaches store
// types only through the aliases below.
package app

import (
	"time"

	"ringside/store"
)

// App is an open ringside database and the clock that stamps what is
// recorded through it.
type App struct {
	store *store.Store
	now   func() time.Time
}

// New wraps an open store; now stamps sign-offs, reviews and exports
// (nil: the store's clock).
func New(s *store.Store, now func() time.Time) *App {
	if now == nil {
		now = func() time.Time { return s.Now() }
	}
	return &App{store: s, now: now}
}

// WithClock is the app over the same database with another clock: the
// cockpit stamps its sign-offs and exports with its own.
func (a *App) WithClock(now func() time.Time) *App { return &App{store: a.store, now: now} }

// Store is the database under the app, for what is not yet a use case of
// its own (the cockpit's edit forms, the audit list). Front ends should
// prefer a use case when one exists.
func (a *App) Store() *store.Store { return a.store }

// Now is the app's clock.
func (a *App) Now() time.Time { return a.now() }

// Close closes the database.
func (a *App) Close() error { return a.store.Close() }
