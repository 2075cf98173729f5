package model

import (
	"fmt"
	"testing"
)

func TestRingSetStatus(t *testing.T) {
	t.Parallel()
	d := func(s string) Date {
		day, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return day
	}
	today := d("2026-11-20")
	cases := []struct {
		name      string
		ring      Ring
		to        RingStatus
		wantStart Date
	}{
		{"activate a ring never started: starts today", Ring{Status: RingPlanned}, RingActive, today},
		{"activate ahead of its planned start: starts today", Ring{Status: RingPlanned, Start: d("2026-12-01")}, RingActive, today},
		{"activate a planned ring whose date has passed: keeps the plan", Ring{Status: RingPlanned, Start: d("2026-11-02")}, RingActive, d("2026-11-02")},
		{"resume a paused ring: keeps its first start", Ring{Status: RingPaused, Start: d("2026-10-05")}, RingActive, d("2026-10-05")},
		{"pause: start unchanged", Ring{Status: RingActive, Start: d("2026-10-05")}, RingPaused, d("2026-10-05")},
		{"roll back a ring never started: no start invented", Ring{Status: RingPlanned}, RingRolledBack, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.ring
			r.SetStatus(c.to, today)
			if r.Status != c.to || r.Start != c.wantStart {
				t.Fatalf("got %s from %s, want %s from %s", r.Status, r.Start, c.to, c.wantStart)
			}
		})
	}
}

// TestMoveOffered: a planned ring is offered activate alone; any other
// status every move but to itself (4 of the 5 statuses, counted by hand).
func TestMoveOffered(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from RingStatus
		want []RingStatus
	}{
		{RingPlanned, []RingStatus{RingActive}},
		{RingActive, []RingStatus{RingPlanned, RingPaused, RingRolledBack, RingComplete}},
		{RingPaused, []RingStatus{RingPlanned, RingActive, RingRolledBack, RingComplete}},
		{RingRolledBack, []RingStatus{RingPlanned, RingActive, RingPaused, RingComplete}},
		{RingComplete, []RingStatus{RingPlanned, RingActive, RingPaused, RingRolledBack}},
	}
	for _, c := range cases {
		var got []RingStatus
		for _, to := range RingStatuses {
			if MoveOffered(c.from, to) {
				got = append(got, to)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("from %s: offered %v, want %v", c.from, got, c.want)
		}
	}
}
