package widgets

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestFitAndCut(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		cut  string
		fit  string
		left string
	}{
		{"abc", 5, "abc", "abc  ", "  abc"},
		{"abcdef", 4, "abc…", "abc…", "abc…"},
		{"abcd", 4, "abcd", "abcd", "abcd"},
		{"", 2, "", "  ", "  "},
		{"x", 0, "", "", ""},
		{"Zürich", 4, "Zür…", "Zür…", "Zür…"}, // é-like runes: 1 cell each
		{"日本語", 4, "日…", "日… ", " 日…"},        // wide runes: 2 cells; 日 + … = 3, padded to 4
		{"\x1b[1mbold\x1b[0m", 3, "\x1b[1mbo…\x1b[0m", "\x1b[1mbo…\x1b[0m", "\x1b[1mbo…\x1b[0m"},
	}
	for _, tt := range tests {
		if got := Cut(tt.in, tt.w); got != tt.cut {
			t.Errorf("Cut(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.cut)
		}
		if got := Fit(tt.in, tt.w); got != tt.fit {
			t.Errorf("Fit(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.fit)
		}
		if got := FitLeft(tt.in, tt.w); got != tt.left {
			t.Errorf("FitLeft(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.left)
		}
	}
}

func TestWrap(t *testing.T) {
	got := Wrap("one two three four", 9)
	want := []string{"one two", "three", "four"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
	if got := Wrap("abcdefghij", 4); strings.Join(got, "|") != "abcd|efgh|ij" {
		t.Errorf("Wrap long word = %q", got)
	}
}

// TestWrapKeepsFiguresWhole: lines break only at spaces outside figures.
// Each want is the greedy fill worked by hand: a chunk goes on the line
// when the line's width + 1 + its width ≤ w.
func TestWrapKeepsFiguresWhole(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want []string
	}{
		// "mean"(4) + " 12.5 min"(9) = 13 > 10; "12.5 min" + " over" = 13 > 10
		{"mean 12.5 min over target", 10, []string{"mean", "12.5 min", "over", "target"}},
		// a hyphen is no break: "due"(3) + " 2026-01-31"(11) = 14 > 10
		{"due 2026-01-31 now", 10, []string{"due", "2026-01-31", "now"}},
		// "(-30" keeps "%)": "drop"(4) + " (-30 %)"(8) = 12 > 8
		{"drop (-30 %) here", 8, []string{"drop", "(-30 %)", "here"}},
		// a comparison keeps its figure, the figure its unit: "≤ 60 ms" is 7
		{"target ≤ 60 ms", 9, []string{"target", "≤ 60 ms"}},
		// "key"(3) + " SHA256:abcdefgh"(16) = 19 > 16, and 15 + 3 > 16
		{"key SHA256:abcdefgh ok", 16, []string{"key", "SHA256:abcdefgh", "ok"}},
		// a word wider than the line is cut where it must: 8 + 8 + 1
		{"SHA256:0123456789", 8, []string{"SHA256:0", "12345678", "9"}},
		// "5 d" is 3: "is"(2) + 4 = 6 > 5
		{"is 5 d late", 5, []string{"is", "5 d", "late"}},
		// a count is not a unit: "3" and "pilots" may part
		{"3 pilots", 6, []string{"3", "pilots"}},
		// payback 17.9 mo: "payback"(7) + " 17.9 mo"(8) = 15 > 12
		{"payback 17.9 mo.", 12, []string{"payback", "17.9 mo."}},
		// the indent stays, spaces inside a line stay
		{"  two  words", 20, []string{"  two  words"}},
		{"a\n\nb", 5, []string{"a", "", "b"}},
	}
	for _, tt := range tests {
		if got := Wrap(tt.in, tt.w); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
	}
}

// TestOptionsLine: the chosen option stays on the line. The six roles'
// cells (option + 2) are 15, 18, 9, 10, 15 and 7: 74 in all. Each run
// grows right then left around the chosen one while it and its markers
// fit, worked by hand in the comments.
func TestOptionsLine(t *testing.T) {
	roles := []string{"product_owner", "it_service_owner", "support", "security", "adoption_lead", "legal"}
	br := func(s string) string { return "[" + s + "]" }
	tests := []struct {
		choice, w int
		want      string
	}{
		{0, 80, "[product_owner] it_service_owner  support  security  adoption_lead  legal "}, // 74 ≤ 80: all
		{5, 40, "‹ security  adoption_lead [legal]"},                                          // 7+15+1, +10 = 33; +9 = 42 > 40
		{0, 40, "[product_owner] it_service_owner ›"},                                         // 15+18+1 = 34; +9 = 43 > 40
		{3, 40, "‹ support [security] adoption_lead ›"},                                       // 10+15+2, +9 = 36; +7 or +18 > 40
		{1, 10, "‹[it_se…]›"},                                                                 // 18 > 10: cut to 10-2 markers
		{9, 80, " product_owner  it_service_owner  support  security  adoption_lead [legal]"}, // out of range: the last
	}
	for _, tt := range tests {
		got := OptionsLine(roles, tt.choice, tt.w, br)
		if got != tt.want {
			t.Errorf("OptionsLine(choice %d, w %d) = %q, want %q", tt.choice, tt.w, got, tt.want)
		}
		if Width(got) > tt.w {
			t.Errorf("OptionsLine(choice %d, w %d) is %d cells", tt.choice, tt.w, Width(got))
		}
	}
}

func TestScroll(t *testing.T) {
	tests := []struct {
		name                         string
		cursor, offset, height, n, w int
	}{
		{"inside stays", 5, 3, 10, 100, 3},
		{"above moves up", 2, 3, 10, 100, 2},
		{"below moves down", 13, 3, 10, 100, 4}, // 13 − 10 + 1
		{"end clamps", 99, 95, 10, 100, 90},     // last page starts at 100 − 10
		{"short list", 2, 0, 10, 5, 0},
		{"empty", 0, 7, 10, 0, 0},
		{"no height", 3, 2, 0, 10, 0},
	}
	for _, tt := range tests {
		if got := Scroll(tt.cursor, tt.offset, tt.height, tt.n); got != tt.w {
			t.Errorf("%s: Scroll = %d, want %d", tt.name, got, tt.w)
		}
	}
}

func TestSparkline(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		in   []float64
		w    int
		want string
	}{
		// (v − 0) ÷ 7 × 7 → levels 0…7
		{"ramp", []float64{0, 1, 2, 3, 4, 5, 6, 7}, 8, "▁▂▃▄▅▆▇█"},
		{"keeps the newest", []float64{100, 0, 7}, 2, "▁█"},
		{"flat", []float64{3, 3, 3}, 5, "▄▄▄"},
		{"gap", []float64{0, nan, 7}, 3, "▁ █"},
		// 5 of 0–10 is 3.5 levels → round to 4 (▅)
		{"middle", []float64{0, 5, 10}, 3, "▁▅█"},
		{"empty", nil, 5, ""},
		{"no width", []float64{1}, 0, ""},
	}
	for _, tt := range tests {
		if got := Sparkline(tt.in, tt.w); got != tt.want {
			t.Errorf("%s: Sparkline = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestResample(t *testing.T) {
	nan := math.NaN()
	// 6 values onto 3 columns: means of pairs (1+3)/2, (5+7)/2, (9+11)/2
	if got := Resample([]float64{1, 3, 5, 7, 9, 11}, 3); !equal(got, []float64{2, 6, 10}) {
		t.Errorf("down = %v", got)
	}
	// 2 values onto 4 columns: column c takes value c×2÷4 → 0,0,1,1
	if got := Resample([]float64{1, 2}, 4); !equal(got, []float64{1, 1, 2, 2}) {
		t.Errorf("up = %v", got)
	}
	if got := Resample([]float64{nan, nan, 4, nan}, 2); !math.IsNaN(got[0]) || got[1] != 4 {
		t.Errorf("nan buckets = %v", got)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLineChart(t *testing.T) {
	// Values 0..4 over 5 columns and 5 rows; range 0–4, so value v sits on
	// row round((4 − v) ÷ 4 × 4) = 4 − v. Target 4 overlaps the top point.
	got := LineChart([]float64{0, 1, 2, 3, 4}, []RefLine{{"target 4", 4, '='}, {"baseline 2", 2, '-'}}, 8, 7)
	// width 8 is raised to the minimum 20: cols = 20 − 1 (label) − 2 = 17
	if len(got) != 7 {
		t.Fatalf("got %d lines: %q", len(got), got)
	}
	if !strings.HasPrefix(got[0], "4 │") || !strings.HasSuffix(got[0], string(PointGlyph)) {
		t.Errorf("top row %q: want label 4 and the last point on it", got[0])
	}
	if !strings.Contains(got[0], "=") || !strings.Contains(got[2], "-") {
		t.Errorf("reference lines missing: %q", got)
	}
	if !strings.HasPrefix(got[4], "0 │"+string(PointGlyph)) {
		t.Errorf("bottom row %q: want label 0 and the first point", got[4])
	}
	if got[6] != "• value  = target 4…" { // legend cut to 20 cells
		t.Errorf("legend %q", got[6])
	}
	for _, l := range got {
		if w := Width(l); w > 20 {
			t.Errorf("line wider than 20: %q (%d)", l, w)
		}
	}
	if got := LineChart(nil, nil, 30, 6); got[0] != "no values to chart" {
		t.Errorf("empty chart = %q", got)
	}
}

func TestShortNum(t *testing.T) {
	for in, want := range map[float64]string{12: "12", 6.634: "6.63", 12500: "12.5k", -193279: "-193.3k", 1237976: "1.2M", 0: "0"} {
		if got := shortNum(in); got != want {
			t.Errorf("shortNum(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestFuzzyScore(t *testing.T) {
	tests := []struct {
		pattern, s string
		ok         bool
	}{
		{"", "anything", true},
		{"ct", "claims-triage", true},
		{"CLAIMS", "claims-triage", true},
		{"xyz", "claims-triage", false},
		{"tc", "ct", false},
		{"dana", "Dana Ruiz", true},
	}
	for _, tt := range tests {
		if _, ok := FuzzyScore(tt.pattern, tt.s); ok != tt.ok {
			t.Errorf("FuzzyScore(%q, %q) ok = %v, want %v", tt.pattern, tt.s, ok, tt.ok)
		}
	}
	// Word starts and runs rank higher: "ct" in claims-triage scores
	// c(1+3) t(1+3−gap 3) = 5, in "contract" c(1+3) t(1−3)… lower.
	a, _ := FuzzyScore("ct", "claims-triage")
	b, _ := FuzzyScore("ct", "contract")
	if a <= b {
		t.Errorf("claims-triage %d should outrank contract %d", a, b)
	}
	c, _ := FuzzyScore("inv", "invoice-matching")
	d, _ := FuzzyScore("inv", "kb-article-drafts invented")
	if c <= d {
		t.Errorf("prefix run %d should outrank later run %d", c, d)
	}
}

func FuzzFuzzyScore(f *testing.F) {
	for _, s := range [][2]string{{"ct", "claims-triage"}, {"", ""}, {"é", "É"}, {"\xff", "a\xffb"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		_, ok := FuzzyScore(p, s)
		if ok && p != "" && len(s) == 0 {
			t.Fatalf("non-empty pattern %q matched empty string", p)
		}
		if _, ok := FuzzyScore(s, s); !ok {
			t.Fatalf("%q does not match itself", s)
		}
	})
}

var plainMD = MarkdownStyles{Heading: lipgloss.NewStyle(), Bold: lipgloss.NewStyle(), Code: lipgloss.NewStyle(), Text: lipgloss.NewStyle()}

func TestMarkdown(t *testing.T) {
	src := "# Roll back\n\n1. Disable the **flag** in `admin`\n2. Tell the service desk that triage is manual again today\n- check the queue\n```\nkubectl rollout undo\n```\nDone."
	got := Markdown(src, 30, plainMD)
	want := []string{
		"Roll back",
		"",
		"1. Disable the flag in admin",
		"2. Tell the service desk that",
		"   triage is manual again",
		"   today",
		"• check the queue",
		"  kubectl rollout undo",
		"Done.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Markdown =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	bold := MarkdownStyles{Heading: plainMD.Heading, Bold: lipgloss.NewStyle().Bold(true), Code: plainMD.Code, Text: plainMD.Text}
	if got := Markdown("a **b** c", 20, bold)[0]; !strings.Contains(got, "\x1b[1mb") {
		t.Errorf("bold span not styled: %q", got)
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"# h\n1. a **b** `c`\n- d", "```\ncode", "**unclosed", "`", "1) x\n   2. y"} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, src string, w int) {
		w = w%200 + 10
		if w < 10 {
			w = 10
		}
		for _, l := range Markdown(src, w, plainMD) {
			if n := ansi.StringWidth(l); n > w {
				t.Fatalf("line %q is %d cells, wider than %d", l, n, w)
			}
		}
	})
}

func TestLineChartDays(t *testing.T) {
	days := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("11-%02d", i+1)
		}
		return out
	}
	for _, tc := range []struct {
		name         string
		n, width     int
		axis, labels string
	}{
		// width 30, label "4" (values 0…n−1 top out at 3 or more): cols = 30 − lw − 2.
		// 10 values, lw 1, cols 27: first 11-01 at 0–4, last 11-10 at 22–26;
		// middle column 13 draws value 13×10÷27 = 4, day 11-05, centred at
		// 13 − 2 = 11 (11–15): six spaces either side; ticks at 0, 13, 26.
		{"three labels", 10, 30, "┬────────────┬────────────┬", "11-01      11-05      11-10"},
		// 2 values: first and last only (no day between them).
		{"two days", 2, 30, "┬─────────────────────────┬", "11-01                 11-02"},
		// 1 value: its day under the start. A flat range is widened to
		// −1…1, so lw 2 and cols 26.
		{"one day", 1, 30, "┬─────────────────────────", "11-01"},
		// 10 values at width 20 (cols 17): 11-01 and 11-10 fit (5+2+5), the
		// middle (at 8−2 = 6, needs 6 ≥ 7) does not.
		{"narrow", 10, 20, "┬───────────────┬", "11-01       11-10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals := make([]float64, tc.n)
			for i := range vals {
				vals[i] = float64(i)
			}
			got := LineChartDays(vals, days(tc.n), nil, tc.width, 8)
			if len(got) != 8 {
				t.Fatalf("got %d lines, want 8: %q", len(got), got)
			}
			axis := strings.TrimLeft(got[5], " ")
			if !strings.HasPrefix(axis, "└") || strings.TrimPrefix(axis, "└") != tc.axis {
				t.Errorf("axis %q, want └%s", axis, tc.axis)
			}
			if l := strings.TrimRight(strings.TrimLeft(got[6], " "), " "); l != tc.labels {
				t.Errorf("labels %q, want %q", l, tc.labels)
			}
			for _, l := range got {
				if Width(l) > max(tc.width, 20) {
					t.Errorf("line wider than %d: %q", tc.width, l)
				}
			}
		})
	}
	// Days that do not match the values are ignored: the chart of LineChart.
	if got, want := LineChartDays([]float64{1, 2}, []string{"x"}, nil, 30, 6), LineChart([]float64{1, 2}, nil, 30, 6); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("mismatched days drew %q, want %q", got, want)
	}
	// A KPI with no observation yet charts no values and no days (an empty,
	// not nil, list): a bare axis and its reference lines, not a panic.
	for _, days := range [][]string{nil, {}} {
		got := LineChartDays(nil, days, []RefLine{{Label: "target", Value: 5, Glyph: '='}}, 40, 8)
		if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), "└") || !strings.Contains(strings.Join(got, "\n"), "= target") {
			t.Errorf("no values, days %#v: %q, want a bare axis and the target's line", days, got)
		}
	}
}
