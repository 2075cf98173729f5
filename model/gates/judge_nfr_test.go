package gates

import (
	"strings"
	"testing"

	"ringside/model"
)

func TestJudgeNFR(t *testing.T) {
	t.Parallel()
	sec := func(req string, st model.NFRStatus) model.NFR {
		return model.NFR{Category: model.NFRSecurity, Requirement: req, Verification: "pen test", Evidence: "PT-7", Status: st}
	}
	priv := model.NFR{Category: model.NFRPrivacy, Requirement: "No PII in prompts", Verification: "DPIA", Status: model.NFRWaived}
	perf := model.NFR{Category: model.NFRPerformance, Requirement: "2 s p95", Status: model.NFROpen}
	c := nfr("x", "Security NFRs", model.NFRSecurity, model.NFRPrivacy)
	tests := []struct {
		name     string
		nfrs     []model.NFR
		status   string
		evidence string
	}{
		{"all verified or waived", []model.NFR{sec("MFA", model.NFRVerified), priv, perf}, Met,
			`all 2 security, privacy NFRs settled: security "MFA" verified (PT-7); privacy "No PII in prompts" waived`},
		{"one open, one failed", []model.NFR{sec("MFA", model.NFROpen), sec("Secrets vault", model.NFRFailed), priv}, Unmet,
			`2 of 3 security, privacy NFRs not verified: security "MFA" is open, to be verified by pen test; security "Secrets vault" is failed, to be verified by pen test`},
		{"none of those categories", []model.NFR{perf}, Unknown,
			"no NFR recorded for security, privacy: add them under nfrs: with how each is verified"},
		{"no NFRs at all", nil, Unknown, "no NFR recorded for security, privacy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := claimsTriage()
			p.NFRs = tt.nfrs
			v := judgeNFR(p, c)
			if v.status != tt.status || !strings.HasPrefix(v.evidence, tt.evidence) {
				t.Errorf("= %s %q, want %s %q", v.status, v.evidence, tt.status, tt.evidence)
			}
		})
	}
}

// The production-readiness gate judges NFRs through its defaults, and an
// unmet one is a blocker naming the open NFR.
func TestPRGUsesNFRCriteria(t *testing.T) {
	t.Parallel()
	p := claimsTriage()
	p.NFRs = []model.NFR{{Category: model.NFRSecurity, Requirement: "MFA", Status: model.NFROpen}}
	r, err := Evaluate(Input{Pilot: p, Gate: model.GatePRG, AsOf: model.MustDate("2026-02-01")})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, c := range r.Criteria {
		if c.Kind == string(model.KindNFR) {
			found[c.ID] = c.Status + " / " + c.Dimension
		}
	}
	want := map[string]string{
		"prg-latency-nfrs":    "unknown / " + DimLatency,
		"prg-security-nfrs":   "unmet / " + DimSecurity,
		"prg-obs-nfrs":        "unknown / " + DimObservability,
		"prg-compliance-nfrs": "unknown / " + DimCompliance,
	}
	for id, w := range want {
		if found[id] != w {
			t.Errorf("%s = %q, want %q", id, found[id], w)
		}
	}
	if !strings.Contains(strings.Join(r.Blockers, "\n"), `Security and privacy NFRs verified or waived: 1 of 1 security, privacy NFRs not verified: security "MFA" is open`) {
		t.Errorf("blockers lack the open NFR: %q", r.Blockers)
	}
}

func TestAddedNFRCriterionNeedsCategories(t *testing.T) {
	t.Parallel()
	p := claimsTriage()
	for _, tt := range []struct {
		c    model.GateCriterion
		want string
	}{
		{model.GateCriterion{ID: "n", Kind: model.KindNFR, Text: "t"}, `"n": an nfr criterion needs categories`},
		{model.GateCriterion{ID: "n", Kind: model.KindNFR, Text: "t", Categories: []model.NFRCategory{"speed"}}, `"n": unknown NFR category "speed"`},
	} {
		if err := checkAdded(p, tt.c); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.c, err, tt.want)
		}
	}
}
