package ui

import (
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

// TestFormPayback: the payback form shows the projection of the model as
// typed and saves it in one payback.edit entry. servicedesk-copilot's
// model: benefit 5200 × 14.5 × 0.75 × 12 × 0.15 = 101,790/yr, net 101,790 −
// 38,000 = 63,790/yr = 5,315.83/month, so payback 95,000 ÷ 5,315.83 = 17.9
// months; a one-time cost of 63,790 pays back in 63,790 ÷ 5,315.83 = 12.0.
func TestFormPayback(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("servicedesk-copilot")
	d.keys("7", "e")
	d.must("Payback model · servicedesk-copilot", "payback 17.9 mo", "net 63,790/yr")
	d.checkFrame(80, 24)
	checkGolden(t, "form_payback_80x24", d.screen())
	head := uitest.HeadHash(t, s)
	d.field("63790") // one-time cost: the projection follows before enter
	d.must("payback 12.0 mo")
	d.keys("enter")
	d.field("abc") // run cost: the field refuses it, the projection says why
	d.must(`"abc" is not a number`, "projection: annual run cost:")
	d.field("38000")
	d.keys("enter", "enter") // benefit blank: the drivers count
	d.keys("enter", "enter", "enter")
	d.field("nosuch_kpi") // reduction: a KPI key that does not exist
	d.must("projection waits for: payback.reduction: no KPI has the key")
	d.keys("enter", "enter", "enter", "enter", "enter", "enter") // ring, ramp, discount, horizon, risk: save
	d.must("not saved, fix these:", "payback.reduction")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused payback model wrote something")
	}
	// the form came back with the values typed: fix the reduction, save
	d.keys("enter", "enter", "enter", "enter", "enter", "enter")
	d.field("0.15")
	d.must("payback 12.0 mo")
	d.keys("enter", "enter", "enter", "enter", "enter", "enter")
	p := mustPilot(t, s, "servicedesk-copilot")
	if m := p.Payback; m == nil || m.OneTimeCost != 63790 || m.AnnualRunCost != 38000 || m.Reduction != 0.15 || m.ReductionKPI != "" || m.AnnualBenefit != nil {
		t.Fatalf("stored payback %+v", p.Payback)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPaybackEdit || e.Summary != "edited the payback model of servicedesk-copilot" {
		t.Fatalf("audit entry %+v", e)
	}
	d.must("Cumulative net benefit", "simple payback 12.0 mo")
	uitest.VerifyOK(t, s)
}
