package common

import "strconv"

func Itoa(n int) string { return strconv.Itoa(n) }

func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
