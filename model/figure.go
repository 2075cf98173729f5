package model

import (
	"strconv"
	"strings"
)

// The one rounding rule for figures shown as text (docs/numbers.md): as
// many decimals as the figure's unit needs (Decimals), trailing zeros
// dropped, never "-0"; a change signed; a percent change as "+8.57 %".
// JSON keeps full precision, and a figure shown in two places (the health
// table, a gate's evidence, a checklist, the cockpit) is written by these,
// so it reads the same in both.

// Decimals is how many decimals a figure in unit shows as text: 0 for
// counts (users, accounts, tickets, …) and milliseconds, 1 for hours and
// days, 2 for everything else — percent (an SLO's 99.95 % needs both),
// minutes and seconds, currency, scores and units ringside does not know.
func Decimals(unit string) int {
	u := strings.ToLower(strings.TrimSpace(unit))
	switch u {
	case "ms", "millisecond", "milliseconds", "#", "count", "n":
		return 0
	case "h", "hr", "hrs", "hour", "hours", "d", "day", "days", "week", "weeks":
		return 1
	}
	if countNouns[strings.TrimSuffix(u, "s")] {
		return 0
	}
	return 2
}

// countNouns are units that count things: a figure of them is whole.
var countNouns = map[string]bool{
	"user": true, "people": true, "person": true, "account": true, "ticket": true, "call": true,
	"case": true, "claim": true, "request": true, "event": true, "item": true, "incident": true,
	"agent": true, "seat": true, "license": true, "licence": true, "invoice": true, "email": true,
	"session": true, "order": true, "document": true, "error": true, "defect": true, "employee": true,
}

// Num formats a figure of unknown unit: 6.63, 12, -0.1 (two decimals).
func Num(v float64) string { return NumIn(v, "") }

// NumIn formats a figure in unit with the unit's decimals: 6.63 min,
// 12 users, 245 ms.
func NumIn(v float64, unit string) string {
	s := strconv.FormatFloat(v, 'f', Decimals(unit), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// Signed is Num with a + for a rise: +0.16, -2.81, 0.
func Signed(v float64) string { return SignedIn(v, "") }

// SignedIn is NumIn with a + for a rise: +0.16 min, -3 users.
func SignedIn(v float64, unit string) string {
	s := NumIn(v, unit)
	if v > 0 && s != "0" {
		return "+" + s
	}
	return s
}

// PctChange is a percent change: "+8.57 %", "-33.17 %".
func PctChange(v float64) string { return Signed(v) + " %" }
