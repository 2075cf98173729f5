package exporters

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ringside/importers"
	"ringside/model"
)

var portfolioDir = filepath.Join("..", "testdata", "portfolio")

func readPortfolio(t testing.TB, data []byte, name string) []model.Pilot {
	t.Helper()
	pilots, err := importers.ReadPortfolio(bytes.NewReader(data), name)
	if err != nil {
		t.Fatalf("reading %s: %v\n%s", name, err, data)
	}
	return pilots
}

func writePortfolio(t testing.TB, pilots []model.Pilot) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePortfolio(&buf, pilots); err != nil {
		t.Fatalf("WritePortfolio: %v", err)
	}
	return buf.Bytes()
}

// TestPortfolioRoundTrip: file → read → write → read → write gives the same
// bytes twice and the same model values twice.
func TestPortfolioRoundTrip(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(portfolioDir, "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	first := readPortfolio(t, src, "full.yaml")
	out1 := writePortfolio(t, first)
	second := readPortfolio(t, out1, "written.yaml")
	out2 := writePortfolio(t, second)
	if !bytes.Equal(out1, out2) {
		t.Errorf("second write differs from the first:\n%s\n---\n%s", out1, out2)
	}
	// full.yaml lists its pilots by slug, the order the writer uses.
	if !reflect.DeepEqual(first, second) {
		for i := range first {
			if !reflect.DeepEqual(first[i], second[i]) {
				t.Errorf("pilot %d changed in the round trip:\n got %+v\nwant %+v", i, second[i], first[i])
			}
		}
	}

	checkGolden(t, filepath.Join(portfolioDir, "full.golden.yaml"), out1)
}

func TestWritePortfolioSortsAndIsDeterministic(t *testing.T) {
	t.Parallel()
	pilots := []model.Pilot{
		{Slug: "zeta", Name: "Z", Stage: model.StageIdea, Owners: map[model.Role]string{model.RoleLegal: "L", model.RoleProductOwner: "P", model.RoleSupport: "S"}},
		{Slug: "alpha", Name: "A", Stage: model.StageMVP, Reviews: []model.GateReview{{Gate: model.GateG2, Date: model.MustDate("2026-01-02"),
			Notes: map[string]string{"c": "3", "a": "1", "b": "2"}}}},
	}
	want := `# ringside portfolio
pilots:
  - slug: alpha
    name: A
    stage: mvp
    reviews:
      - gate: G2
        date: 2026-01-02
        notes: {a: "1", b: "2", c: "3"}
  - slug: zeta
    name: Z
    stage: idea
    owners: {product_owner: P, support: S, legal: L}
`
	for i := 0; i < 5; i++ { // map iteration order differs between runs
		if got := string(writePortfolio(t, pilots)); got != want {
			t.Fatalf("got\n%s\nwant\n%s", got, want)
		}
	}
	if pilots[0].Slug != "zeta" {
		t.Error("WritePortfolio reordered the caller's slice")
	}
}

func TestWritePortfolioValues(t *testing.T) {
	t.Parallel()
	base := func() model.Pilot { return model.Pilot{Slug: "s", Name: "S", Stage: model.StageIdea} }
	head := "# ringside portfolio\npilots:\n  - slug: s\n    name: S\n    stage: idea\n"
	tests := []struct {
		name string
		edit func(p *model.Pilot)
		want string // what follows head
	}{
		{"nothing set", func(p *model.Pilot) {}, ""},
		{"plain hypothesis", func(p *model.Pilot) { p.Hypothesis.Text = "Cut triage" }, "    hypothesis: Cut triage\n"},
		{"locked hypothesis", func(p *model.Pilot) { p.Hypothesis = model.Hypothesis{Text: "Cut triage", Locked: true} },
			"    hypothesis:\n      text: Cut triage\n      locked: true\n"},
		{"multi-line body as a literal block", func(p *model.Pilot) {
			p.Runbooks = []model.Runbook{{Title: "R", Body: "1. One\n2. Two\n"}}
		}, "    runbooks:\n      - title: R\n        body: |\n          1. One\n          2. Two\n"},
		{"floats in shortest form", func(p *model.Pilot) {
			// 0.1+0.2 in float64 is 0.30000000000000004: shortest form keeps every
			// digit it needs (a variable, so the constant is not folded exactly).
			tenth := 0.1
			p.Payback = &model.PaybackModel{OneTimeCost: 1e6, AnnualRunCost: tenth + 0.2, CostPerMinute: 1e-7, Reduction: 0.5}
		}, "    payback:\n      one_time_cost: 1000000\n      annual_run_cost: 0.30000000000000004\n      cost_per_minute: 1e-07\n      reduction: 0.5\n"},
		{"empty payback kept", func(p *model.Pilot) { p.Payback = &model.PaybackModel{} }, "    payback: {}\n"},
		{"zero baseline kept, zero weight left out", func(p *model.Pilot) {
			zero := 0.0
			p.KPIs = []model.KPI{{Key: "k", Better: model.BetterLower, Baseline: &zero, Target: model.MustCriterion(">= 80"), Critical: true}}
		}, "    kpis:\n      - key: k\n        better: lower\n        baseline: 0\n        target: \">= 80\"\n"},
		{"weight 0 is written and reads back as 0, not as the default 1", func(p *model.Pilot) {
			p.KPIs = []model.KPI{{Key: "k", Better: model.BetterLower, Target: model.MustCriterion(">= 80"), Critical: true, Weight: new(0.0)},
				{Key: "j", Better: model.BetterLower, Target: model.MustCriterion(">= 80"), Critical: true, Weight: new(2.5)}}
		}, "    kpis:\n      - key: k\n        better: lower\n        target: \">= 80\"\n        weight: 0\n      - key: j\n        better: lower\n        target: \">= 80\"\n        weight: 2.5\n"},
		{"confidence asked is written", func(p *model.Pilot) {
			p.KPIs = []model.KPI{{Key: "k", Better: model.BetterLower, Target: model.MustCriterion(">= 80"), Critical: true, Confidence: 0.95}}
		}, "    kpis:\n      - key: k\n        better: lower\n        target: \">= 80\"\n        confidence: 0.95\n"},
		{"times in UTC", func(p *model.Pilot) {
			p.Signoffs = []model.Signoff{{Gate: model.GateG1, Role: model.RoleLegal, Person: "O", Decision: model.DecisionAbstain, Meaning: "M",
				At: time.Date(2026, 2, 3, 15, 5, 0, 0, time.FixedZone("CET", 3600))}}
		}, "    signoffs:\n      - gate: G1\n        role: legal\n        person: O\n        decision: abstain\n        meaning: M\n        at: 2026-02-03T14:05:00Z\n"},
		{"text that looks like other types is quoted", func(p *model.Pilot) {
			p.Risks = []model.Risk{{Title: "true", Owner: "2026-01-01", Mitigation: "12", Likelihood: 1, Impact: 1, Status: model.RiskOpen}}
		}, "    risks:\n      - {title: \"true\", likelihood: 1, impact: 1, owner: \"2026-01-01\", mitigation: \"12\", status: open}\n"},
		{"control characters escaped", func(p *model.Pilot) {
			p.Hypothesis.Text = "a\x1b[2Jb"
		}, "    hypothesis: \"a\\e[2Jb\"\n"},
		{"empty gate plan kept", func(p *model.Pilot) { p.Gates = []model.GatePlan{{Gate: model.GatePRG}, {Gate: model.GateG1}} },
			"    gates:\n      G1: {}\n      PRG: {}\n"},
	}
	// How the value read back differs from the one written, where it does.
	readBack := map[string]func(p *model.Pilot){
		"times in UTC":         func(p *model.Pilot) { p.Signoffs[0].At = p.Signoffs[0].At.UTC() },
		"empty gate plan kept": func(p *model.Pilot) { p.Gates[0], p.Gates[1] = p.Gates[1], p.Gates[0] },
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.edit(&p)
			got := string(writePortfolio(t, []model.Pilot{p}))
			if got != head+tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, head+tt.want)
			}
			// Whatever is written reads back as the same pilot.
			back := readPortfolio(t, []byte(got), tt.name)
			if fix := readBack[tt.name]; fix != nil {
				fix(&p)
			}
			if !reflect.DeepEqual(back[0], p) {
				t.Errorf("read back\n %+v\nwant\n %+v", back[0], p)
			}
		})
	}
}

func TestWritePortfolioEmpty(t *testing.T) {
	t.Parallel()
	if got := string(writePortfolio(t, nil)); got != "# ringside portfolio\npilots: []\n" {
		t.Errorf("got %q", got)
	}
}

func TestFormatFloat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {12, "12"}, {-3, "-3"}, {180000, "180000"}, {0.9, "0.9"}, {0.1, "0.1"},
		{22.5, "22.5"}, {1e15, "1e+15"}, {1e-5, "1e-05"}, {0.0001, "0.0001"}, {math.MaxFloat64, "1.7976931348623157e+308"},
	}
	for _, tt := range tests {
		if got := formatFloat(tt.in); got != tt.want {
			t.Errorf("formatFloat(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzPortfolioRoundTrip: any file the reader accepts is written and read
// back to the same pilots, and written again to the same bytes.
func FuzzPortfolioRoundTrip(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(portfolioDir, "*.yaml"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("pilots: [{slug: a, name: \"x\\ny \", stage: idea, hypothesis: \" lead\\n\\ttab\\n\\n\"}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		first, err := importers.ReadPortfolio(bytes.NewReader(data), "fuzz.yaml")
		if err != nil {
			return
		}
		out1 := writePortfolio(t, first)
		second, err := importers.ReadPortfolio(bytes.NewReader(out1), "written.yaml")
		if err != nil {
			t.Fatalf("written file does not read back: %v\n%s", err, out1)
		}
		sortBySlug(first)
		if !reflect.DeepEqual(first, second) {
			t.Fatalf("round trip changed the pilots:\n%+v\n%+v\n%s", first, second, out1)
		}
		if out2 := writePortfolio(t, second); !bytes.Equal(out1, out2) {
			t.Fatalf("second write differs:\n%s\n---\n%s", out1, out2)
		}
	})
}

func sortBySlug(ps []model.Pilot) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && strings.Compare(ps[j-1].Slug, ps[j].Slug) > 0; j-- {
			ps[j-1], ps[j] = ps[j], ps[j-1]
		}
	}
}
