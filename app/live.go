package app

import "context"

// DataVersion changes whenever another connection (another process, or
// this app's own writes) committed to the database since the last call,
// and stays put otherwise: the cockpit polls it to refresh in place.
func (a *App) DataVersion(ctx context.Context) (int64, error) { return a.store.DataVersion(ctx) }
