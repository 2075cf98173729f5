package widgets

import (
	"unicode"
	"unicode/utf8"
)

// FuzzyScore matches pattern as a case-insensitive subsequence of s. ok is
// false when some pattern character is missing. Higher scores are better:
// each matched character scores 1, plus 5 when it follows the previous match
// directly and 3 when it starts a word; a gap costs 1 per skipped character
// (capped), so "ct" ranks "claims-triage" (word starts) above "contract".
// An empty pattern matches everything with score 0.
func FuzzyScore(pattern, s string) (score int, ok bool) {
	if pattern == "" {
		return 0, true
	}
	pi := 0
	pr, psize := utf8.DecodeRuneInString(pattern)
	pr = unicode.ToLower(pr)
	prev := ' '
	last := -2 // index (in runes) of the previous match
	gap := 0
	idx := 0
	for _, r := range s {
		lr := unicode.ToLower(r)
		if lr == pr {
			score++
			if last == idx-1 {
				score += 5
			}
			if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) || unicode.IsLower(prev) && unicode.IsUpper(r) {
				score += 3
			}
			if last >= 0 {
				score -= min(gap, 3)
			}
			gap = 0
			last = idx
			pi += psize
			if pi >= len(pattern) {
				return score, true
			}
			pr, psize = utf8.DecodeRuneInString(pattern[pi:])
			pr = unicode.ToLower(pr)
		} else if last >= 0 {
			gap++
		}
		prev = r
		idx++
	}
	return 0, false
}

// FuzzyPositions are the rune indexes of s that a left-to-right match of
// pattern takes (case-insensitive), for highlighting; nil when pattern is
// empty or not a subsequence of s.
func FuzzyPositions(pattern, s string) []int {
	if pattern == "" {
		return nil
	}
	pr := []rune(pattern)
	var out []int
	pi := 0
	for i, r := range []rune(s) {
		if pi < len(pr) && unicode.ToLower(r) == unicode.ToLower(pr[pi]) {
			out = append(out, i)
			pi++
		}
	}
	if pi < len(pr) {
		return nil
	}
	return out
}
