package payback

import (
	"errors"
	"math"
	"strings"
	"testing"

	"ringside/model"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := model.PaybackModel{OneTimeCost: 1000, AnnualRunCost: 100, VolumePerMonth: 10, MinutesPerUnit: 2, CostPerMinute: 1, Reduction: 0.3}
	with := func(change func(*model.PaybackModel)) model.PaybackModel {
		m := ok
		change(&m)
		return m
	}
	tests := []struct {
		name  string
		model model.PaybackModel
		want  string // "" = valid
	}{
		{"valid drivers", ok, ""},
		{"valid stated benefit", model.PaybackModel{AnnualBenefit: f64(0)}, ""},
		{"valid KPI reduction", with(func(m *model.PaybackModel) { m.Reduction, m.ReductionKPI = 0, "triage_min" }), ""},
		{"valid edges", with(func(m *model.PaybackModel) {
			m.Reduction, m.Ramp, m.RiskAdjustment, m.HorizonMonths = 1, []float64{0, 1}, 1, MaxHorizonMonths
			m.DiscountRate = f64(-0.5)
		}), ""},
		{"negative one-time cost", with(func(m *model.PaybackModel) { m.OneTimeCost = -1 }), "one_time_cost is -1: use a number of 0 or more"},
		{"negative run cost", with(func(m *model.PaybackModel) { m.AnnualRunCost = -5 }), "annual_run_cost is -5: use a number of 0 or more"},
		{"NaN cost", with(func(m *model.PaybackModel) { m.OneTimeCost = math.NaN() }), "one_time_cost is NaN"},
		{"infinite cost", with(func(m *model.PaybackModel) { m.AnnualRunCost = math.Inf(1) }), "annual_run_cost is +Inf"},
		{"negative stated benefit", model.PaybackModel{AnnualBenefit: f64(-3)}, "annual_benefit is -3: use a number of 0 or more"},
		{"negative volume", with(func(m *model.PaybackModel) { m.VolumePerMonth = -10 }), "volume_per_month is -10"},
		{"reduction above 1", with(func(m *model.PaybackModel) { m.Reduction = 1.5 }), "reduction is 1.5: use a fraction from 0 to 1"},
		{"reduction below 0", with(func(m *model.PaybackModel) { m.Reduction = -0.1 }), "reduction is -0.1: use a fraction from 0 to 1"},
		{"negative horizon", with(func(m *model.PaybackModel) { m.HorizonMonths = -1 }), "horizon_months is -1: use a whole number of months from 1 to 1200"},
		{"horizon too long", with(func(m *model.PaybackModel) { m.HorizonMonths = 5000 }), "horizon_months is 5000"},
		{"ramp share above 1", with(func(m *model.PaybackModel) { m.Ramp = []float64{0.5, 1.2} }), "ramp share of month 2 is 1.2: use a fraction from 0 to 1"},
		{"ramp share below 0", with(func(m *model.PaybackModel) { m.Ramp = []float64{-0.5} }), "ramp share of month 1 is -0.5"},
		{"discount rate -100 %", with(func(m *model.PaybackModel) { m.DiscountRate = f64(-1) }), "discount_rate is -1: use an annual rate above -1"},
		{"risk adjustment above 1", with(func(m *model.PaybackModel) { m.RiskAdjustment = 1.5 }), "risk_adjustment is 1.5: use a fraction from 0 to 1"},
		{"no benefit at all", model.PaybackModel{OneTimeCost: 10}, "no benefit: give annual_benefit, or volume_per_month, minutes_per_unit, cost_per_minute and reduction"},
		{"drivers missing", model.PaybackModel{VolumePerMonth: 10, Reduction: 0.2}, "benefit drivers missing: minutes_per_unit, cost_per_minute"},
		{"reduction missing", model.PaybackModel{VolumePerMonth: 10, MinutesPerUnit: 1, CostPerMinute: 1}, "benefit drivers missing: reduction"},
		{"benefit given twice", with(func(m *model.PaybackModel) { m.AnnualBenefit = f64(5) }), "annual_benefit is given together with volume_per_month, minutes_per_unit, cost_per_minute, reduction: give either"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.model)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error is not ErrInvalid: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	t.Parallel()
	err := Validate(model.PaybackModel{OneTimeCost: -1, AnnualRunCost: -2, AnnualBenefit: f64(1), HorizonMonths: -3})
	var inv *InvalidError
	if !errors.As(err, &inv) || len(inv.Problems) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
}
