package gates

import (
	"reflect"
	"strings"
	"testing"

	"ringside/model"
)

func TestDefaultsCoverEveryGateWithValidCriteria(t *testing.T) {
	t.Parallel()
	gs := Defaults()
	if len(gs) != len(model.GateIDs) {
		t.Fatalf("Defaults has %d gates, want %d", len(gs), len(model.GateIDs))
	}
	seen := map[string]bool{}
	p := claimsTriage()
	for i, g := range gs {
		if g.ID != model.GateIDs[i] || g.Name == "" || len(g.Criteria) == 0 {
			t.Errorf("gate %d = %s %q with %d criteria, want %s with a name and criteria", i, g.ID, g.Name, len(g.Criteria), model.GateIDs[i])
		}
		prefix := strings.ToLower(string(g.ID)) + "-"
		for _, c := range g.Criteria {
			if seen[c.ID] {
				t.Errorf("criterion id %q used twice", c.ID)
			}
			seen[c.ID] = true
			if !strings.HasPrefix(c.ID, prefix) {
				t.Errorf("criterion %q of %s should start with %q", c.ID, g.ID, prefix)
			}
			// The shipped criteria must pass the same checks as added ones.
			if err := checkAdded(p, c); err != nil {
				t.Errorf("default criterion of %s: %v", g.ID, err)
			}
		}
	}
}

func TestDefaultsHaveEveryKindAndEveryPRGDimension(t *testing.T) {
	t.Parallel()
	kinds := map[model.CriterionKind]bool{}
	for _, g := range Defaults() {
		for _, c := range g.Criteria {
			kinds[c.Kind] = true
		}
	}
	for _, k := range model.CriterionKinds {
		if !kinds[k] {
			t.Errorf("no default criterion of kind %s", k)
		}
	}
	prg, ok := Default(model.GatePRG)
	if !ok {
		t.Fatal("no PRG gate")
	}
	dims := map[string]int{}
	for _, c := range prg.Criteria {
		if c.Dimension == "" {
			t.Errorf("PRG criterion %q has no dimension", c.ID)
		}
		dims[c.Dimension]++
	}
	for _, d := range Dimensions {
		if dims[d] == 0 {
			t.Errorf("PRG has no criterion for dimension %q", d)
		}
	}
	if len(dims) != 8 {
		t.Errorf("PRG spans %d dimensions, want the spec's 8", len(dims))
	}
}

func TestDefaultReturnsAFreshCopy(t *testing.T) {
	t.Parallel()
	g, _ := Default(model.GateG3)
	g.Criteria[0].Text = "changed"
	again, _ := Default(model.GateG3)
	if again.Criteria[0].Text == "changed" {
		t.Fatal("changing a returned gate changed the shipped defaults")
	}
	// Default hands out copies of gates built once: the NFR categories of
	// a PRG criterion are the copy's own too.
	prg, _ := Default(model.GatePRG)
	for _, c := range prg.Criteria {
		if len(c.Categories) > 0 {
			c.Categories[0] = "changed"
		}
	}
	if again, _ := Default(model.GatePRG); !reflect.DeepEqual(again, Defaults()[len(Defaults())-1]) {
		t.Fatal("changing a returned gate's categories changed the shipped defaults")
	}
	if _, ok := Default("G9"); ok {
		t.Fatal("Default(G9) found a gate")
	}
}

func TestG3DefaultsAreTheBriefsCriteria(t *testing.T) {
	t.Parallel()
	g, _ := Default(model.GateG3)
	want := []string{"g3-kpis-pilot", "g3-adoption", "g3-po-approved", "g3-security-approved", "g3-legal-approved", "g3-no-critical-risk", "g3-rollback-drilled"}
	if got := idList(g.Criteria); got != strings.Join(want, ", ") {
		t.Fatalf("G3 criteria = %s, want %s", got, strings.Join(want, ", "))
	}
	risk := g.Criteria[5]
	rb := g.Criteria[6]
	if risk.MaxScore != 15 || rb.RunbookKind != model.RunbookRollback || rb.WithinDays != 90 || g.Criteria[0].Ring != RingPilot {
		t.Fatalf("G3 thresholds: risk %d, runbook %s/%d, ring %q", risk.MaxScore, rb.RunbookKind, rb.WithinDays, g.Criteria[0].Ring)
	}
}
