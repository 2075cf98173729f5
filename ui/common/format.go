package common

import (
	"fmt"
	"strconv"
	"strings"
)

func Itoa(n int) string { return strconv.Itoa(n) }

func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// TrimNum prints a number as briefly as it reads (1.5, 2), as minutes of
// a runbook step and a drill are shown.
func TrimNum(v float64) string { return fmt.Sprint(v) }

// Count is n and its noun in agreement: "1 risk", "2 risks", "1 day",
// "0 entries"; irregular plurals (person → people, entry → entries) are
// spelled out.
func Count(n int, noun string) string {
	return Itoa(n) + " " + Noun(n, noun)
}

// Noun is noun as n of it reads: singular for exactly one, else plural.
func Noun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	switch {
	case noun == "person":
		return "people"
	case noun == "criterion":
		return "criteria"
	case len(noun) > 1 && noun[len(noun)-1] == 'y' && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}
