package common

import (
	"fmt"
	"strconv"
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
