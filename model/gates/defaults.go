// Package gates holds the gate definitions (as data), the readiness engine
// that judges a pilot against a gate, and the checklist hash a sign-off binds to.
package gates

import (
	"slices"
	"sync"

	"ringside/model"
)

// The eight production-readiness dimensions of the PRG gate, as the spec names them.
const (
	DimLatency       = "latency and throughput"
	DimFailure       = "failure handling"
	DimSecurity      = "security and access control"
	DimDataPipeline  = "data pipeline reliability"
	DimObservability = "observability"
	DimCompliance    = "compliance audit trail"
	DimRollback      = "rollback capability"
	DimSignoff       = "cross-functional sign-off"
)

// GuardDimensions are the PRG dimensions that embed controls: access
// (security and access control), the audit trail and data boundaries
// (compliance audit trail, which holds the data-boundary NFRs) and
// rollback. A pilot exposed beyond its pilot ring while one of them is not
// in place has a governance gap.
var GuardDimensions = []string{DimSecurity, DimCompliance, DimRollback}

// Dimensions lists the PRG dimensions in display order.
var Dimensions = []string{DimLatency, DimFailure, DimSecurity, DimDataPipeline, DimObservability, DimCompliance, DimRollback, DimSignoff}

// Ring names a default criterion may name. A pilot without a ring of that
// name is judged on the ring in that position (see resolveRing).
const (
	RingPilot  = "pilot"
	RingCanary = "canary"
	RingBroad  = "broad"
)

func manual(id, text string) model.GateCriterion {
	return model.GateCriterion{ID: id, Kind: model.KindManual, Text: text}
}

func signoff(id string, role model.Role, text string) model.GateCriterion {
	return model.GateCriterion{ID: id, Kind: model.KindSignoff, Role: role, Text: text}
}

func kpis(id, ring, text string) model.GateCriterion {
	return model.GateCriterion{ID: id, Kind: model.KindKPI, Ring: ring, Text: text}
}

func risk(id string, max int, text string) model.GateCriterion {
	return model.GateCriterion{ID: id, Kind: model.KindRisk, MaxScore: max, Text: text}
}

// runbook with within == 0 asks only that such a runbook exists.
func runbook(id string, kind model.RunbookKind, within int, text string) model.GateCriterion {
	return model.GateCriterion{ID: id, Kind: model.KindRunbook, RunbookKind: kind, WithinDays: within, Text: text}
}

func dim(d string, cs ...model.GateCriterion) []model.GateCriterion {
	for i := range cs {
		cs[i].Dimension = d
	}
	return cs
}

func concat(groups ...[]model.GateCriterion) []model.GateCriterion {
	var out []model.GateCriterion
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// Defaults returns the shipped gates with their default criteria, built
// afresh on every call so a caller may change its copy freely.
// Criterion ids are stable: portfolio files drop, waive and tick them by id.
func Defaults() []model.Gate {
	return []model.Gate{
		{ID: model.GateG1, Name: "idea review", Criteria: []model.GateCriterion{
			manual("g1-hypothesis", "Problem statement and measurable outcome agreed"),
			manual("g1-kpis-defined", "KPIs with baselines and targets defined before the pilot starts"),
			manual("g1-business-case", "Business case with a payback estimate drafted"),
			manual("g1-risk-screen", "Initial risk screening done (privacy, security, compliance)"),
			signoff("g1-po-approved", model.RoleProductOwner, "Product owner approved the idea"),
			signoff("g1-itso-approved", model.RoleITServiceOwner, "IT service owner agreed to run it"),
		}},
		{ID: model.GateG2, Name: "MVP exit", Criteria: []model.GateCriterion{
			manual("g2-mvp-demo", "MVP demonstrated end to end on real sample data"),
			manual("g2-baselines", "Baseline measured for every KPI"),
			manual("g2-pilot-ring", "Pilot ring users named and briefed"),
			risk("g2-no-critical-risk", 15, "No open critical risk (score 15 or more)"),
			runbook("g2-rollback-runbook", model.RunbookRollback, 0, "A rollback runbook exists"),
			signoff("g2-security-approved", model.RoleSecurity, "Security approved the pilot's data access"),
			signoff("g2-po-approved", model.RoleProductOwner, "Product owner approved starting the pilot"),
		}},
		{ID: model.GateG3, Name: "pilot exit", Criteria: []model.GateCriterion{
			kpis("g3-kpis-pilot", RingPilot, "Every must-meet KPI meets its target in the pilot ring"),
			manual("g3-adoption", "Adoption measured in the pilot ring (active users, usage)"),
			signoff("g3-po-approved", model.RoleProductOwner, "Product owner approved"),
			signoff("g3-security-approved", model.RoleSecurity, "Security approved"),
			signoff("g3-legal-approved", model.RoleLegal, "Legal approved the data processing"),
			risk("g3-no-critical-risk", 15, "No open critical risk (score 15 or more)"),
			runbook("g3-rollback-drilled", model.RunbookRollback, 90, "Rollback runbook drilled within 90 days"),
		}},
		{ID: model.GateG4, Name: "hardening exit", Criteria: []model.GateCriterion{
			kpis("g4-kpis-canary", RingCanary, "Every must-meet KPI meets its target in the canary ring"),
			runbook("g4-support-sop", model.RunbookSupportSOP, 0, "A support SOP runbook exists for L2/L3"),
			runbook("g4-incident-runbook", model.RunbookIncident, 0, "An incident runbook exists"),
			manual("g4-monitoring", "Monitoring and alerting in place"),
			risk("g4-no-high-risk", 10, "No open high or critical risk (score 10 or more)"),
			signoff("g4-itso-approved", model.RoleITServiceOwner, "IT service owner approved"),
			signoff("g4-support-approved", model.RoleSupport, "Support approved"),
		}},
		{ID: model.GateG5, Name: "rollout complete", Criteria: []model.GateCriterion{
			kpis("g5-kpis-broad", RingBroad, "Every must-meet KPI meets its target in the broad ring"),
			manual("g5-training", "Users trained and knowledge articles published"),
			risk("g5-no-high-risk", 10, "No open high or critical risk (score 10 or more)"),
			runbook("g5-rollback-drilled", model.RunbookRollback, 180, "Rollback runbook drilled within 180 days"),
			signoff("g5-adoption-approved", model.RoleAdoptionLead, "Adoption lead approved"),
			signoff("g5-po-approved", model.RoleProductOwner, "Product owner accepted the benefits"),
		}},
		{ID: model.GatePRG, Name: "production readiness", Criteria: concat(
			dim(DimLatency,
				kpis("prg-latency-kpis", RingBroad, "Every must-meet KPI meets its target in the broad ring"),
				manual("prg-latency-load-test", "Load test at expected peak volume met latency targets"),
				nfr("prg-latency-nfrs", "Performance and availability NFRs verified or waived", model.NFRPerformance, model.NFRAvailability)),
			dim(DimFailure,
				runbook("prg-failure-incident-drilled", model.RunbookIncident, 180, "Incident runbook drilled within 180 days"),
				manual("prg-failure-fallback", "Fallback to the manual process verified with the service down")),
			dim(DimSecurity,
				signoff("prg-security-approved", model.RoleSecurity, "Security approved"),
				risk("prg-security-no-high-risk", 10, "No open high or critical risk (score 10 or more)"),
				manual("prg-security-access-review", "Access reviewed: least privilege, service accounts, secrets rotation"),
				nfr("prg-security-nfrs", "Security and privacy NFRs verified or waived", model.NFRSecurity, model.NFRPrivacy)),
			dim(DimDataPipeline,
				manual("prg-data-feeds", "Data feeds monitored, with retries and alerts on failure"),
				manual("prg-data-quality", "Input data quality checks in place")),
			dim(DimObservability,
				manual("prg-obs-dashboards", "Dashboards and alerts cover the KPIs and error rates"),
				manual("prg-obs-oncall", "On-call rota and escalation path agreed"),
				nfr("prg-obs-nfrs", "Supportability NFRs verified or waived", model.NFRSupportability)),
			dim(DimCompliance,
				signoff("prg-compliance-legal-approved", model.RoleLegal, "Legal approved"),
				manual("prg-compliance-records", "Audit trail retained as the records policy requires"),
				nfr("prg-compliance-nfrs", "Data-boundary NFRs verified or waived", model.NFRDataBoundaries)),
			dim(DimRollback,
				runbook("prg-rollback-drilled", model.RunbookRollback, 90, "Rollback runbook drilled within 90 days")),
			dim(DimSignoff,
				signoff("prg-po-approved", model.RoleProductOwner, "Product owner approved"),
				signoff("prg-itso-approved", model.RoleITServiceOwner, "IT service owner approved"),
				signoff("prg-support-approved", model.RoleSupport, "Support approved"),
				signoff("prg-adoption-approved", model.RoleAdoptionLead, "Adoption lead approved")),
		)},
	}
}

// shipped is Defaults built once, for Default: every gate evaluation,
// checklist hash and plan asks for its gate's definition, and building all
// six gates each time was an eighth of a 1,000-pilot dashboard's fill.
var shipped = sync.OnceValue(Defaults)

// Default returns the shipped definition of one gate, a copy the caller
// may change.
func Default(id model.GateID) (model.Gate, bool) {
	for _, g := range shipped() {
		if g.ID == id {
			g.Criteria = slices.Clone(g.Criteria)
			for i := range g.Criteria {
				g.Criteria[i].Categories = slices.Clone(g.Criteria[i].Categories)
			}
			return g, true
		}
	}
	return model.Gate{}, false
}
