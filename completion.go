package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/model"
)

// Shell completion (`ringside completion bash|zsh|fish`, cobra's): commands
// and flags complete by themselves; the functions here add what the
// database knows (pilot slugs, ring names, flag keys) and the fixed lists
// (gates, roles, decisions, statuses). Completing never creates a database:
// with no database file there is nothing to offer.

// registerGlobalCompletions completes the global flags' values.
func registerGlobalCompletions(a *cli, root *cobra.Command) {
	completeStatic(root, "theme", "dark", "light", "high-contrast", "no-color")
	_ = root.RegisterFlagCompletionFunc("db", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"db", "sqlite"}, cobra.ShellCompDirectiveFilterFileExt
	})
}

// completeStatic offers a fixed list of values for a flag.
func completeStatic(cmd *cobra.Command, flag string, values ...string) {
	if len(values) == 1 && strings.Contains(values[0], ", ") {
		values = strings.Split(values[0], ", ")
	}
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// completeGateFlag offers the gate ids.
func completeGateFlag(cmd *cobra.Command, flag string) {
	ids := make([]string, len(model.GateIDs))
	for i, id := range model.GateIDs {
		ids[i] = string(id)
	}
	completeStatic(cmd, flag, ids...)
}

// completePilotFlag offers the slugs of the pilots in the database.
func completePilotFlag(a *cli, cmd *cobra.Command, flag string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, func(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		return fromDatabase(a, cmd, func(ctx context.Context, ap *app.App) ([]string, error) { return ap.Slugs(ctx) })
	})
}

// completeRingFlag offers the ring names of the --pilot given, or of every
// pilot when none is.
func completeRingFlag(a *cli, cmd *cobra.Command, flag string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return fromPilots(a, cmd, func(p model.Pilot) []string {
			var names []string
			for _, r := range p.Rings {
				names = append(names, r.Name)
			}
			return names
		})
	})
}

// completeFlagKeys offers the feature flag keys of the --pilot given (or of all).
func completeFlagKeys(a *cli, cmd *cobra.Command, flag string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return fromPilots(a, cmd, func(p model.Pilot) []string {
			var keys []string
			for _, f := range p.Flags {
				keys = append(keys, f.Key)
			}
			return keys
		})
	})
}

// fromPilots collects values from the --pilot given, or from every pilot,
// without repeats.
func fromPilots(a *cli, cmd *cobra.Command, values func(model.Pilot) []string) ([]string, cobra.ShellCompDirective) {
	slug, _ := cmd.Flags().GetString("pilot")
	return fromDatabase(a, cmd, func(ctx context.Context, ap *app.App) ([]string, error) {
		return ap.PilotValues(ctx, slug, values)
	})
}

// fromDatabase opens the --db file (or the default) if it exists and asks
// it for completions; any failure offers nothing.
func fromDatabase(a *cli, cmd *cobra.Command, list func(context.Context, *app.App) ([]string, error)) ([]string, cobra.ShellCompDirective) {
	path := a.g.db
	if path == "" {
		path = defaultDBPath()
	}
	ap, err := app.OpenExisting(path, a.now)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer ap.Close()
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	values, err := list(ctx, ap)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	for i, v := range values {
		values[i] = model.Line(v)
	}
	return values, cobra.ShellCompDirectiveNoFileComp
}
