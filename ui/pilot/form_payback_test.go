package pilot

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
	d, s := openWithForms(t, "servicedesk-copilot", 80, 22)
	d.Keys("7", "e")
	d.Must("Payback model · servicedesk-copilot", "payback 17.9 mo", "net 63,790/yr")
	d.CheckSize()
	// ui's TestFrameGoldens draws this screen in the whole frame: testdata/form_payback_80x24.golden
	head := uitest.HeadHash(t, s)
	d.Field("63790") // one-time cost: the projection follows before enter
	d.Must("payback 12.0 mo")
	d.Keys("enter")
	d.Field("abc") // run cost: the field refuses it, the projection says why
	d.Must(`"abc" is not a number`, "projection: annual run cost:")
	d.Field("38000")
	d.Keys("enter", "enter") // benefit blank: the drivers count
	d.Keys("enter", "enter", "enter")
	d.Field("nosuch_kpi") // reduction: a KPI key that does not exist
	d.Must("projection waits for: payback.reduction: no KPI has the key")
	d.Keys("enter", "enter", "enter", "enter", "enter", "enter") // ring, ramp, discount, horizon, risk: save
	d.Must("not saved, fix these:", "payback.reduction")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused payback model wrote something")
	}
	// the form came back with the values typed: fix the reduction, save
	d.Keys("enter", "enter", "enter", "enter", "enter", "enter")
	d.Field("0.15")
	d.Must("payback 12.0 mo")
	d.Keys("enter", "enter", "enter", "enter", "enter", "enter")
	p := uitest.MustPilot(t, s, "servicedesk-copilot")
	if m := p.Payback; m == nil || m.OneTimeCost != 63790 || m.AnnualRunCost != 38000 || m.Reduction != 0.15 || m.ReductionKPI != "" || m.AnnualBenefit != nil {
		t.Fatalf("stored payback %+v", p.Payback)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPaybackEdit || e.Summary != "edited the payback model of servicedesk-copilot" {
		t.Fatalf("audit entry %+v", e)
	}
	d.Must("Cumulative net benefit", "simple payback 12.0 mo")
	uitest.VerifyOK(t, s)
}
