package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sharedPortfolio is a portfolio without data of pilots made from one
// template: several of its definition (other names, one not ASCII, one to
// escape), and pilots that differ from it in one field of a
// KPI, a ring, or the order of rings or KPIs; each comes three times, so
// their definitions are met again.
func sharedPortfolio(t *testing.T) (db string, slugs []string) {
	t.Helper()
	const kpi1 = `{key: triage_min, name: Triage time, unit: min, better: lower, baseline: 12.5, target: "<= -10%", warning: "<= -5%", rollback: "> +20%", critical: true, weight: 2, window: 5, confidence: 0.9, aggregation: sum}`
	const kpi2 = `{key: csat, better: higher, baseline: 4, target: ">= 4.2"}`
	const rings = "      - {name: pilot, status: active, start: 2026-11-01}\n      - {name: canary, status: planned}\n"
	type variant struct {
		name, rings string
		kpis        []string
	}
	tmpl := variant{"name: Template %d", rings, []string{kpi1, kpi2}}
	edit := func(f func(v *variant)) variant {
		v := tmpl
		v.kpis = append([]string(nil), tmpl.kpis...)
		f(&v)
		return v
	}
	kpi := func(old, new string) variant {
		return edit(func(v *variant) { v.kpis[0] = strings.Replace(kpi1, old, new, 1) })
	}
	variants := []variant{
		tmpl,
		edit(func(v *variant) { v.name = "name: Pilote é №%d" }),
		edit(func(v *variant) { v.name = `name: "Quote \" and tab\t %d"` }),
		kpi("key: triage_min", "key: triage_minutes"),
		kpi("name: Triage time", "name: Triage"),
		kpi("unit: min", "unit: h"),
		kpi("better: lower", "better: higher"),
		kpi("baseline: 12.5", "baseline: 12.25"),
		kpi("target: \"<= -10%\"", "target: \"<= -11%\""),
		kpi(", warning: \"<= -5%\"", ""),
		kpi("rollback: \"> +20%\"", "rollback: \"> +21%\""),
		kpi("critical: true", "critical: false"),
		kpi("weight: 2", "weight: 0"),
		kpi("window: 5", "window: 6"),
		kpi("window: 5", "window: 30"), // a longer window: read again, judged alone
		kpi("confidence: 0.9", "confidence: 0.95"),
		kpi("aggregation: sum", "aggregation: max"),
		edit(func(v *variant) { v.kpis[1] = strings.Replace(kpi2, "csat", "nps", 1) }),
		edit(func(v *variant) { v.rings = strings.Replace(rings, "canary", "broad", 1) }),
		edit(func(v *variant) { v.rings += "      - {name: broad, status: planned}\n" }),
		edit(func(v *variant) {
			v.rings = "      - {name: canary, status: planned}\n      - {name: pilot, status: active, start: 2026-11-01}\n"
		}),
		edit(func(v *variant) { v.rings = "" }),
		edit(func(v *variant) { v.kpis[0], v.kpis[1] = v.kpis[1], v.kpis[0] }),
		edit(func(v *variant) { v.kpis = v.kpis[:1] }),
		edit(func(v *variant) { v.kpis = nil }),
	}
	var b strings.Builder
	b.WriteString("pilots:\n")
	for i := range 3 * len(variants) {
		v := variants[i%len(variants)]
		// Pilots alike are not neighbours in slug order.
		slug := fmt.Sprintf("s-%02d-%d", i%len(variants), i/len(variants))
		slugs = append(slugs, slug)
		fmt.Fprintf(&b, "  - slug: %s\n    stage: pilot\n", slug)
		b.WriteString("    " + strings.Replace(v.name, "%d", fmt.Sprint(i), 1) + "\n")
		if v.rings != "" {
			b.WriteString("    rings:\n" + v.rings)
		}
		if len(v.kpis) > 0 {
			b.WriteString("    kpis:\n")
			for _, k := range v.kpis {
				b.WriteString("      - " + k + "\n")
			}
		}
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "shared.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(dir, "shared.db")
	if code, _, errs := ringside(t, db, "apply", "-f", file); code != 0 {
		t.Fatalf("apply: exit %d: %s\n%s", code, errs, b.String())
	}
	slices.Sort(slugs)
	return db, slugs
}

// TestHealthOfSharedDefinitionsIsEachPilotsAlone: health over a portfolio
// whose pilots share definitions (their verdicts judged and rendered once,
// copied for the others) writes, as JSON and as text, exactly the bytes of
// each pilot judged alone (--pilot, which shares nothing), in slug order.
func TestHealthOfSharedDefinitionsIsEachPilotsAlone(t *testing.T) {
	db, slugs := sharedPortfolio(t)
	for _, asJSON := range []bool{true, false} {
		args := []string{"health"}
		if asJSON {
			args = append(args, "--json")
		}
		code, all, errs := ringside(t, db, args...)
		if code > 1 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var alone []string
		for _, slug := range slugs {
			c, out, errs := ringside(t, db, append(args, "--pilot", slug)...)
			if c > 1 {
				t.Fatalf("%v --pilot %s: exit %d: %s", args, slug, c, errs)
			}
			if asJSON { // {"as_of":…,"pilots":[ONE]}
				out = out[strings.Index(out, `"pilots":[`)+len(`"pilots":[`) : len(out)-len("]}\n")]
			}
			alone = append(alone, out)
		}
		want := strings.Join(alone, "\n")
		if asJSON {
			want = all[:strings.Index(all, `"pilots":[`)+len(`"pilots":[`)] + strings.Join(alone, ",") + "]}\n"
		}
		if all != want {
			i := 0
			for i < min(len(all), len(want)) && all[i] == want[i] {
				i++
			}
			t.Errorf("%v differs from each pilot alone at byte %d:\n%s\nwant\n%s", args, i, all[max(0, i-200):min(len(all), i+200)], want[max(0, i-200):min(len(want), i+200)])
		}
	}
}
