package payback

// Result is a projection. Its JSON field names are part of the command
// line contract (`payback --json`). Money is rounded to cents and months
// to hundredths; the engine keeps full precision until the end.
type Result struct {
	AnnualBenefit           float64          `json:"annual_benefit"`
	AnnualRunCost           float64          `json:"annual_run_cost"`
	AnnualNet               float64          `json:"annual_net"`
	OneTimeCost             float64          `json:"one_time_cost"`
	PaybackMonths           *float64         `json:"payback_months"`
	BreakEvenMonth          *float64         `json:"break_even_month"`
	NPV                     float64          `json:"npv"`
	DiscountedPaybackMonths *float64         `json:"discounted_payback_months"`
	Months                  []Month          `json:"months"`
	Scenarios               Scenarios        `json:"scenarios"`
	Inputs                  Inputs           `json:"inputs"`
	Formula                 Formula          `json:"formula"`
	ReductionSource         *ReductionSource `json:"reduction_source,omitempty"`
	// Why holds the reasons a reader must see beside the figures, e.g. a
	// KPI that moved the wrong way and makes the benefit negative.
	Why []string `json:"why,omitempty"`
}

// Month is one point of the monthly curve. Month 0 holds the one-time
// cost: net = cumulative = −one_time_cost.
type Month struct {
	Month                int     `json:"month"`
	Ramp                 float64 `json:"ramp"`     // share of full benefit this month (0 in month 0)
	Benefit              float64 `json:"benefit"`  // annual benefit × ramp ÷ 12
	RunCost              float64 `json:"run_cost"` // annual run cost ÷ 12
	Net                  float64 `json:"net"`
	Cumulative           float64 `json:"cumulative"`
	DiscountedCumulative float64 `json:"discounted_cumulative"`
}

// Scenarios are the three projections a steering committee asks for.
type Scenarios struct {
	Pessimistic Scenario `json:"pessimistic"`
	Expected    Scenario `json:"expected"`
	Optimistic  Scenario `json:"optimistic"`
}

// Scenario is the headline of one projection.
type Scenario struct {
	AnnualBenefit  float64  `json:"annual_benefit"`
	AnnualNet      float64  `json:"annual_net"`
	PaybackMonths  *float64 `json:"payback_months"`
	BreakEvenMonth *float64 `json:"break_even_month"`
	NPV            float64  `json:"npv"`
	// Reduction is the fraction this scenario used; absent for a stated benefit.
	Reduction *float64 `json:"reduction,omitempty"`
	// Haircut is the share of benefit taken off (the risk adjustment).
	Haircut float64 `json:"haircut"`
}

// Inputs echoes every input the projection used, defaults filled in, so
// each figure can be recomputed by hand. Costs and benefit are as given,
// before the population scale.
type Inputs struct {
	OneTimeCost     float64   `json:"one_time_cost"`
	AnnualRunCost   float64   `json:"annual_run_cost"`
	AnnualBenefit   *float64  `json:"annual_benefit,omitempty"`
	VolumePerMonth  *float64  `json:"volume_per_month,omitempty"`
	MinutesPerUnit  *float64  `json:"minutes_per_unit,omitempty"`
	CostPerMinute   *float64  `json:"cost_per_minute,omitempty"`
	Reduction       *float64  `json:"reduction,omitempty"`
	ReductionKPI    string    `json:"reduction_kpi,omitempty"`
	Ramp            []float64 `json:"ramp"`
	DiscountRate    float64   `json:"discount_rate"`
	MonthlyRate     float64   `json:"monthly_rate"`
	HorizonMonths   int       `json:"horizon_months"`
	RiskAdjustment  float64   `json:"risk_adjustment"`
	PopulationScale float64   `json:"population_scale"`
}

// Formula shows the arithmetic behind each headline figure with the
// actual numbers, e.g. "9000 × 12 × 12 × 0.9 × 0.31 = 361584".
type Formula struct {
	Reduction         string `json:"reduction,omitempty"`
	AnnualBenefit     string `json:"annual_benefit"`
	AnnualRunCost     string `json:"annual_run_cost"`
	AnnualNet         string `json:"annual_net"`
	MonthlyNet        string `json:"monthly_net"`
	Payback           string `json:"payback"`
	BreakEven         string `json:"break_even"`
	MonthlyRate       string `json:"monthly_rate"`
	NPV               string `json:"npv"`
	DiscountedPayback string `json:"discounted_payback"`
}

// ReductionSource says which measurement supplied the reduction.
type ReductionSource struct {
	KPI      string  `json:"kpi"`
	Ring     string  `json:"ring"`
	AsOf     string  `json:"as_of"`
	Fraction float64 `json:"fraction"`
	Spread   float64 `json:"spread"`
}
