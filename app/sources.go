package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"ringside/importers"
	"ringside/model"
	"ringside/store"
)

// ImportSources are the import profiles a user can pick: those saved in
// the portfolio file's sources:, then the built-in ones a saved source of
// the same name does not override, sorted by name.
func (a *App) ImportSources(ctx context.Context) ([]model.ImportSource, error) {
	saved, err := a.store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(saved)
	for _, name := range importers.SourceNames() {
		if !slices.ContainsFunc(saved, func(s model.ImportSource) bool { return s.Name == name }) {
			b, _ := importers.BuiltinSource(name)
			out = append(out, b)
		}
	}
	return model.CanonicalSources(out), nil
}

// SaveSource checks a source and saves it (adding or replacing the one of
// its name) in one audited transaction; changed is false when it was
// saved as it is already.
func (a *App) SaveSource(ctx context.Context, actor string, src model.ImportSource) (changed bool, err error) {
	if probs := importers.CheckSource(src); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, p := range probs {
			msgs[i] = p.Msg
		}
		return false, &OptionsError{Err: errors.New(strings.Join(msgs, "; "))}
	}
	changed, err = a.store.SaveSource(ctx, store.Change{Actor: actor, Origin: store.OriginCockpit}, src)
	if err != nil {
		return false, fmt.Errorf("saving source %s: %w", src.Name, err)
	}
	return changed, nil
}

// LoadRingMap reads the user,ring file opt.RingsFrom names into opt.Rings
// (a source's rings_from), when not read yet.
func LoadRingMap(opt *importers.Options) error {
	if opt.RingsFrom == "" || opt.Rings != nil {
		return nil
	}
	f, err := os.Open(opt.RingsFrom)
	if err != nil {
		return &OptionsError{Err: fmt.Errorf("the ring map %s: %w", model.Line(opt.RingsFrom), err)}
	}
	defer f.Close()
	rm, err := importers.ReadRingMap(f, opt.RingsFrom)
	if err != nil {
		return &OptionsError{Err: err}
	}
	opt.Rings = rm
	return nil
}
