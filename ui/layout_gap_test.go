package ui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
)

// columnGaps reports each row cell that runs into the next column: for
// every header word after the first, the cell before the column's first
// cell must be blank in the header and in every row rowRe matches.
func columnGaps(screen, header string, words []string, rowRe *regexp.Regexp) (problems []string, rows int) {
	lines := strings.Split(screen, "\n")
	hi := -1
	for i, l := range lines {
		if strings.Contains(l, header) {
			hi = i
			break
		}
	}
	if hi < 0 {
		return []string{"no header " + header}, 0
	}
	head := []rune(lines[hi])
	var cols []int
	from := 0
	for _, w := range words {
		i := strings.Index(string(head[from:]), w)
		if i < 0 {
			return []string{fmt.Sprintf("header %q lacks %q", lines[hi], w)}, 0
		}
		col := from + len([]rune(string(head[from:])[:i]))
		cols, from = append(cols, col), col+len([]rune(w))
	}
	for _, l := range lines[hi+1:] {
		if !rowRe.MatchString(l) {
			continue
		}
		rows++
		r := []rune(l)
		for k, c := range cols[1:] {
			if c-1 < len(r) && r[c-1] != ' ' {
				problems = append(problems, fmt.Sprintf("%q runs into %q at cell %d: %q", words[k], words[k+1], c-1, l))
			}
		}
	}
	return problems, rows
}

// TestColumnsKeepTheirGap: on the Audit and Risks tables every column is
// parted from the next by a blank cell, at 80 and 160 columns, and when a
// field is as wide as its column or wider (a 40-character actor, owner and
// title, an action as wide as the action column).
func TestColumnsKeepTheirGap(t *testing.T) {
	s := uitest.OpenDemo(t)
	long := "Maximilian Featherstonehaugh-Smythe-Jones" // 41 cells
	_, _, err := app.New(s, nil).EditPilot(context.Background(), app.Change{Actor: long}, "servicedesk-copilot", func(p *model.Pilot) error {
		p.Risks[0].Title = "Copilot suggests an outdated knowledge article to the agent"
		p.Risks[0].Owner = long
		p.Risks[0].Status = model.RiskMitigating
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		d := newDriver(t, s, w, h)
		d.openPilot("servicedesk-copilot")
		d.Keys("8")
		d.Must(long[:8])
		probs, rows := columnGaps(d.Screen(), "when (UTC)", []string{"seq", "when (UTC)", "actor", "action", "summary"}, regexp.MustCompile(`^[› ] +\d+ \d{4}-`))
		if rows < 3 {
			t.Fatalf("%dx%d: %d audit rows:\n%s", w, h, rows, d.Screen())
		}
		for _, p := range probs {
			t.Errorf("%dx%d audit: %s", w, h, p)
		}
		d.Keys("3")
		words := []string{"Score", "L×I", "Title", "Status", "Review"}
		if w >= 160 {
			words = []string{"Score", "L×I", "Title", "Category", "Owner", "Res", "Status", "Review"}
		}
		probs, rows = columnGaps(d.Screen(), "L×I", words, regexp.MustCompile(`^[› ] +\d+ [LMHC] `))
		if rows < 3 {
			t.Fatalf("%dx%d: %d risk rows:\n%s", w, h, rows, d.Screen())
		}
		for _, p := range probs {
			t.Errorf("%dx%d risks: %s", w, h, p)
		}
	}
}

// TestWrappedFiguresStayWhole: wrapped texts break only at spaces
// outside figures. On invoice-matching's Gates tab at 80 columns a stale
// approval's time used to split "2026-" / "07-31 13:45 UTC"; the canary's
// trigger at 86 columns "< -" / "8%". No line of either ends inside a
// date or a sign, and none starts with a unit.
func TestWrappedFiguresStayWhole(t *testing.T) {
	s := uitest.OpenDemo(t)
	badEnd := regexp.MustCompile(`(\d-|[<>=≤≥(]-?|[<>]=)$`)
	badStart := regexp.MustCompile(`^\s*(%|mo\b|min\b|ms\b|UTC\b|\d{2}-\d{2}\s)`)
	check := func(name, screen string) {
		t.Helper()
		for _, l := range strings.Split(screen, "\n") {
			if badEnd.MatchString(l) || badStart.MatchString(l) {
				t.Errorf("%s: a figure split at %q:\n%s", name, l, screen)
			}
		}
	}
	d := newDriver(t, s, 80, 24)
	d.openPilot("invoice-matching")
	d.Keys("6")
	d.Must("on behalf of the role", "2026-07-31 13:45 UTC is stale")
	check("gates", d.Screen())
	checkGolden(t, "wrap_figures_gates_80x24", d.Screen())
	d = newDriver(t, s, 86, 24)
	d.openPilot("servicedesk-copilot")
	d.Keys("2", "down", "down", "down", "down") // canary's first row: its ring wraps whole
	d.Must("-8% of first_contact_resolution")
	check("kpis", d.Screen())
}
