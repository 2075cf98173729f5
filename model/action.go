package model

// The actions of audit entries, one word per kind of change. They are
// stored in the audit log and hashed into its chain, and `audit --json`
// and the cockpit's audit tab show them, so a value never changes once
// written: add a constant, never rename one. They live in model, not in
// store, because the cockpit names the actions of its edits and may not
// import store.
const (
	ActionImport           = "import"            // metrics imported from a file
	ActionPilotCreate      = "pilot.create"      // a pilot created (apply, demo, cockpit)
	ActionPilotUpdate      = "pilot.update"      // a pilot replaced by apply
	ActionPilotEdit        = "pilot.edit"        // name, stage or hypothesis edited
	ActionPilotDelete      = "pilot.delete"      // a pilot deleted in the cockpit
	ActionHypothesisRevise = "hypothesis.revise" // a locked hypothesis revised, with a reason
	ActionOwnersEdit       = "owners.edit"       // role owners edited
	ActionRingCreate       = "ring.create"
	ActionRingEdit         = "ring.edit"
	ActionRingDelete       = "ring.delete"
	ActionRingActivate     = "ring.activate"
	ActionRingPause        = "ring.pause"
	ActionRingRollback     = "ring.rollback"
	ActionRingComplete     = "ring.complete"
	ActionRingStatus       = "ring.status"   // a ring moved from the command line
	ActionRingExposure     = "ring.exposure" // a ring's exposure changed from the command line
	ActionKPICreate        = "kpi.create"
	ActionKPIEdit          = "kpi.edit"
	ActionKPIDelete        = "kpi.delete"
	ActionRiskCreate       = "risk.create"
	ActionRiskEdit         = "risk.edit"
	ActionRiskDelete       = "risk.delete"
	ActionRunbookCreate    = "runbook.create"
	ActionRunbookEdit      = "runbook.edit"
	ActionRunbookDelete    = "runbook.delete"
	ActionDrillCreate      = "drill.create" // a drill logged by hand
	ActionDrillDelete      = "drill.delete"
	ActionDrill            = "drill"             // a timed drill run in the cockpit
	ActionFlagSet          = "flag.set"          // a feature flag changed
	ActionSignoff          = "signoff"           // a role signed off a gate
	ActionSignoffStamp     = "signoff.stamp"     // the demo dates its sign-offs
	ActionReview           = "review"            // a gate review recorded or under way
	ActionWaiver           = "waiver"            // a criterion waived in a review
	ActionTick             = "tick"              // a manual criterion ticked in a review
	ActionUndo             = "undo"              // the inverse of a cockpit edit
	ActionCalendarUpdate   = "calendar.update"   // the change calendar replaced
	ActionCalendarOverride = "calendar.override" // a change inside a freeze, with a reason
	ActionSourcesUpdate    = "sources.update"    // the saved import sources replaced or one saved
	ActionAuditBaseline    = "audit.baseline"    // an upgrade's record of the state it found
	ActionPaybackEdit      = "payback.edit"      // the payback model edited in the cockpit
	ActionGatePlanEdit     = "gate.plan"         // a gate's criteria added, dropped or waived
	ActionPilotCalendar    = "pilot.calendar"    // a pilot's own change windows and freezes edited
	ActionNFREdit          = "nfr.edit"          // non-functional requirements edited
	ActionPlanEdit         = "plan.edit"         // plan milestones edited
	ActionPIREdit          = "pir.edit"          // the post-implementation review edited
)
