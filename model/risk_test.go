package model

import "testing"

func TestRiskScoreAndBand(t *testing.T) {
	t.Parallel()
	cases := []struct {
		l, i, rl, ri int
		score        int
		band         Band
		residual     int
	}{
		{1, 1, 0, 0, 1, BandLow, 1},
		{2, 2, 0, 0, 4, BandLow, 4},
		{1, 5, 0, 0, 5, BandMedium, 5},
		{3, 3, 0, 0, 9, BandMedium, 9},
		{2, 5, 1, 5, 10, BandHigh, 5},
		{2, 7, 0, 0, 14, BandHigh, 14},
		{3, 5, 1, 5, 15, BandCritical, 5},
		{5, 5, 2, 0, 25, BandCritical, 25}, // half a residual assessment is none
	}
	for _, c := range cases {
		r := Risk{Likelihood: c.l, Impact: c.i, ResidualLikelihood: c.rl, ResidualImpact: c.ri}
		if r.Score() != c.score || r.Band() != c.band || r.ResidualScore() != c.residual {
			t.Errorf("%d×%d (residual %d×%d): score %d band %s residual %d, want %d %s %d",
				c.l, c.i, c.rl, c.ri, r.Score(), r.Band(), r.ResidualScore(), c.score, c.band, c.residual)
		}
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"2026-01-31":                "2026-01-31",
		"2026-03-29T23:30:00+02:00": "2026-03-29", // the day as written, in its own offset
		"2026-03-29T00:30:00Z":      "2026-03-29",
		"2028-02-29":                "2028-02-29",
	}
	for in, want := range cases {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, bad := range []string{"2026-02-30", "31/01/2026", "2026-1-5", "", "yesterday"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	if MustDate("2026-03-01").AddDays(-1).String() != "2026-02-28" {
		t.Error("AddDays across a month end")
	}
}
