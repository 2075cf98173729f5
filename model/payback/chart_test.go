package payback

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"ringside/internal/golden"
	"ringside/model"
)

// checkGolden compares got with testdata/name (go test -update rewrites it).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.AssertString(t, filepath.Join("testdata", name), got)
}

func TestChartGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		model model.PaybackModel
	}{
		// The spec's claims-triage case with a ramp: breaks even in month 8.66.
		{"chart_breakeven_60x12.golden", model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000,
			MinutesPerUnit: 12, CostPerMinute: 0.9, Reduction: 0.31, Ramp: []float64{0.25, 0.5, 1}}},
		// Run cost above benefit: falls for 36 months, no marker.
		{"chart_never_60x12.golden", model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 400000, AnnualBenefit: f64(350000)}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, err := Project(tt.model, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.file, Chart(r, 60, 12))
		})
	}
}

func TestChartShape(t *testing.T) {
	t.Parallel()
	r, err := Project(model.PaybackModel{OneTimeCost: 10000, AnnualBenefit: f64(48000), Ramp: []float64{0.25, 0.5, 1}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct{ w, h, wantW, wantH int }{
		{60, 12, 60, 12}, {80, 20, 80, 20}, {120, 8, 120, 8},
		{5, 2, minChartWidth, minChartHeight}, // raised to the smallest legible chart
		{0, 0, minChartWidth, minChartHeight},
	} {
		out := Chart(r, size.w, size.h)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != size.wantH {
			t.Errorf("%d×%d: %d lines, want %d", size.w, size.h, len(lines), size.wantH)
		}
		for _, l := range lines {
			if n := utf8.RuneCountInString(l); n > size.wantW {
				t.Errorf("%d×%d: line %q is %d wide", size.w, size.h, l, n)
			}
		}
		if !strings.Contains(out, "◆") || !strings.Contains(out, "break-even month 3.75") {
			t.Errorf("%d×%d: break-even not marked:\n%s", size.w, size.h, out)
		}
	}
	if got := Chart(Result{}, 60, 12); got != "no monthly curve to chart\n" {
		t.Errorf("empty result chart = %q", got)
	}
}

func TestChartAgreesWithJSON(t *testing.T) {
	t.Parallel()
	// The marker sits on the zero line at the column of the break-even month.
	// Labels 129k, 0, -10k are 4 wide, so the plot has 60 − 4 − 2 = 54 columns,
	// 0…53 spanning months 0…36: round(3.75 × 53 ÷ 36) = round(5.52) = 6.
	r, err := Project(model.PaybackModel{OneTimeCost: 10000, AnnualBenefit: f64(48000), Ramp: []float64{0.25, 0.5, 1}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(Chart(r, 60, 12), "\n") {
		if i := strings.IndexRune(line, '┼'); i >= 0 {
			plot := []rune(line[i+len("┼"):])
			if string(plot[6]) != "◆" {
				t.Errorf("zero line %q: marker not at column 6", line)
			}
			return
		}
	}
	t.Fatal("no zero line")
}
