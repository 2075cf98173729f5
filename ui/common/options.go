package common

import (
	"time"

	"ringside/app"
	"ringside/model"
)

// Options configure the cockpit.
type Options struct {
	App     *app.App   // the use cases over the open database
	AsOf    model.Date // the evaluation day: today unless --as-of
	Actor   string
	Theme   string // "dark", "light", "high-contrast", "no-color"; "" follows the terminal
	NoColor bool   // NO_COLOR or --no-color: no colour at all
	NoMouse bool

	// Gate review: Review opens the cockpit straight into
	// the meeting for that gate; Now stamps sign-offs, ticks and exports
	// (when nil, a still clock at noon of AsOf); ExportDir is where `x` writes the checklist and
	// minutes ("" = the current directory).
	Review    *ReviewTarget
	Now       func() time.Time
	ExportDir string

	// Keys rebinds actions by name ("lists.down": {"ctrl+n"}); an empty
	// list unbinds the action. Names come from KeyMap.Bindings; an unknown
	// one is reported in the footer once, like Notice.
	Keys map[string][]string
	// Dates is how days are shown: "" or "iso" (2026-11-20), "text" (20 Nov 2026).
	Dates string
	// Notice is shown once in the footer when the cockpit opens (a config
	// file that could not be read: the cockpit runs on its defaults).
	Notice string
	// DebugLog is the file --debug (or RINGSIDE_DEBUG=1) writes, which the
	// help names so a problem report can attach it; DebugOn: written now.
	DebugLog string
	DebugOn  bool
	// AgentSocket is the ssh-agent the review's sign-off step signs
	// through (SSH_AUTH_SOCK); "" when none runs.
	AgentSocket string
}

// ReviewTarget names the gate a cockpit opened by `ringside review` meets on.
type ReviewTarget struct {
	Pilot string
	Gate  model.GateID
}
