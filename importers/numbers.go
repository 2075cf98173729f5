package importers

// Numbers as real exports write them: thousands separators (1,234 1.234
// 1 234 2'134), a decimal comma, a percent sign, a unit after the number
// (1082 ms). The file has one decimal mark, settled by the first value
// that shows it; a value that could mean two things (1.487 with nothing to
// say whether '.' is the decimal point) is refused with both readings and
// never read 1000× off in silence.

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxValue bounds the magnitude of a value: sums and sums of squares of a
// day's readings (and a series') then never overflow to Inf.
const MaxValue = 1e100

// numShape is what one value cell shows about the file's number format.
type numShape struct {
	dec   byte // the decimal mark the cell proves: '.' or ',' (0: none)
	group byte // the thousands separator the cell proves ('.', ',', ' ', '\'')
	amb   byte // a lone '.' or ',' before exactly three digits: decimal or thousands?
	ok    bool // the cell is a number under some reading
}

// isGroupRune reports whether the bytes at b start a thousands separator
// other than '.' and ',': space, no-break space, narrow no-break space,
// apostrophe or right single quote. It returns its length.
func groupRuneLen(b []byte) int {
	switch {
	case b[0] == ' ' || b[0] == '\'':
		return 1
	case len(b) >= 2 && b[0] == 0xc2 && b[1] == 0xa0: // U+00A0
		return 2
	case len(b) >= 3 && b[0] == 0xe2 && b[1] == 0x80 && (b[2] == 0xaf || b[2] == 0x99): // U+202F, U+2019
		return 3
	}
	return 0
}

// splitUnit cuts a unit suffix off a value: "81.7%" → "81.7", "%"; "1082
// ms" → "1082", "ms". A unit is up to 12 bytes of letters, %, /, ° or µ.
func splitUnit(b []byte) (num, unit []byte) {
	i := len(b)
	for i > 0 {
		ch := b[i-1]
		if isLetter(ch) && ch != 'e' && ch != 'E' || ch == '%' || ch == '/' || ch >= 0x80 {
			i--
			continue
		}
		// 'e' belongs to the unit only if a letter follows it in the unit ("sec").
		if (ch == 'e' || ch == 'E') && i < len(b) {
			i--
			continue
		}
		break
	}
	if i == len(b) || len(b)-i > 12 || i == 0 {
		return b, nil
	}
	num, unit = b[:i], b[i:]
	for len(num) > 0 && num[len(num)-1] == ' ' {
		num = num[:len(num)-1]
	}
	return num, unit
}

// shapeOf looks at a value cell (without its unit).
func shapeOf(b []byte) numShape {
	var s numShape
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	var seps [4]byte // kinds of separator met, in order
	nseps := 0
	lastSep, lastCount := byte(0), 0
	digitsAfter, firstGroup := 0, 0
	seenDigit, exp := false, false
	for i < len(b) {
		ch := b[i]
		switch {
		case ch >= '0' && ch <= '9':
			seenDigit = true
			digitsAfter++
			if nseps == 0 {
				firstGroup++
			}
			i++
			continue
		case (ch == 'e' || ch == 'E') && seenDigit && !exp:
			exp = true
			i++
			if i < len(b) && (b[i] == '+' || b[i] == '-') {
				i++
			}
			for i < len(b) && b[i] >= '0' && b[i] <= '9' {
				i++
			}
			if i != len(b) {
				return s
			}
			continue
		}
		sep := ch
		n := 1
		if ch != '.' && ch != ',' {
			if n = groupRuneLen(b[i:]); n == 0 {
				return s
			}
			sep = ' '
		}
		if exp || (!seenDigit && (nseps > 0 || sep == ' ')) {
			return s // a leading decimal mark (.5) is fine, nothing else
		}
		if sep != lastSep {
			if nseps == len(seps) {
				return s
			}
			seps[nseps] = sep
			nseps++
			lastSep, lastCount = sep, 0
		}
		lastCount++
		digitsAfter = 0
		i += n
	}
	if !seenDigit {
		return s
	}
	s.ok = true
	leadZero := func() bool {
		j := 0
		if b[0] == '+' || b[0] == '-' {
			j = 1
		}
		return b[j] == '0'
	}
	switch {
	case exp && nseps == 0:
	case exp:
		if nseps == 1 && seps[0] == '.' && lastCount == 1 {
			s.dec = '.'
		} else if nseps == 1 && seps[0] == ',' && lastCount == 1 {
			s.dec = ','
		} else {
			s.ok = false
		}
	case nseps == 0:
	case nseps == 1 && seps[0] == ' ':
		s.group = ' '
	case nseps == 1 && lastCount > 1:
		s.group = seps[0] // 1.234.567
	case nseps == 1:
		if digitsAfter != 3 || leadZero() || firstGroup > 3 || firstGroup == 0 {
			s.dec = seps[0]
		} else {
			s.amb = seps[0]
		}
	case nseps == 2 && lastCount == 1 && seps[1] != ' ' && seps[0] != seps[1]:
		s.group, s.dec = seps[0], seps[1] // 1.234,5  1,234.5  1 234,5  1'234.5
	default:
		s.ok = false
	}
	return s
}

// parseNumber reads a value under the file's decimal mark dec ('.' or
// ','; 0 when not settled yet). It returns the value and, when the cell
// cannot be read, what is wrong with it. grouped says thousands separators
// were taken out.
func parseNumber(b []byte, dec byte, scratch []byte) (v float64, grouped bool, problem string, _ []byte) {
	scratch = scratch[:0]
	i := 0
	if b[0] == '+' || b[0] == '-' {
		if b[0] == '-' {
			scratch = append(scratch, '-')
		}
		i = 1
	}
	sh := shapeOf(b)
	if !sh.ok {
		return 0, false, "notnum", scratch
	}
	switch {
	case sh.amb != 0 && dec == 0:
		return 0, false, "amb", scratch
	case sh.amb != 0:
		if sh.amb != dec {
			sh.group = sh.amb
		} else {
			sh.dec = dec
		}
	case sh.dec != 0 && dec != 0 && sh.dec != dec:
		return 0, false, "dec", scratch
	case sh.group != 0 && sh.group == dec:
		return 0, false, "group", scratch
	}
	// Groups: the first of 1–3 digits, each next of exactly 3.
	run, first, groups, afterDec := 0, true, 0, false
	for ; i < len(b); i++ {
		ch := b[i]
		switch {
		case ch >= '0' && ch <= '9':
			scratch = append(scratch, ch)
			run++
			continue
		case ch == 'e' || ch == 'E':
			scratch = append(scratch, b[i:]...)
			i = len(b)
			continue
		}
		n := 1
		sep := ch
		if ch != '.' && ch != ',' {
			n = groupRuneLen(b[i:])
			sep = ' '
		}
		if sep == sh.dec && sep != ' ' && !afterDec {
			if groups > 0 && run != 3 {
				return 0, false, "groups", scratch
			}
			scratch = append(scratch, '.')
			afterDec = true
			continue
		}
		// a thousands separator
		if afterDec || (first && (run < 1 || run > 3)) || (!first && run != 3) {
			return 0, false, "groups", scratch
		}
		groups++
		first, run = false, 0
		i += n - 1
	}
	if groups > 0 && !afterDec && run != 3 {
		return 0, false, "groups", scratch
	}
	f, err := strconv.ParseFloat(string(scratch), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, false, "range", scratch
		}
		return 0, false, "notnum", scratch
	}
	if math.Abs(f) > MaxValue {
		return 0, false, "range", scratch
	}
	return f, groups > 0, "", scratch
}

// valueColumn is what the reader learnt about one metric's values: its
// unit suffix and whether thousands separators were read.
type valueColumn struct {
	name      string
	unit      string // the suffix its values carry ("" none)
	unitLine  int
	noted     bool // the unit note was given
	grouped   bool // a value with thousands separators was read
	groupNote bool
	example   string // such a value, for the note
	exampleV  float64
}

// readings formats the two readings of an ambiguous value.
func readings(b []byte, sep byte) (asDec, asGroup string) {
	s := string(b)
	other := "."
	if sep == '.' {
		other = ","
	}
	_ = other
	asDec = strings.ReplaceAll(s, string(sep), ".")
	asGroup = strings.ReplaceAll(s, string(sep), "")
	return asDec, asGroup
}

func decName(dec byte) string {
	if dec == ',' {
		return "decimal comma"
	}
	return "decimal point"
}

func numberProblem(problem string, b []byte, dec byte, decBy string) string {
	switch problem {
	case "amb":
		sep := byte('.')
		if shapeOf(b).amb == ',' {
			sep = ','
		}
		asDec, asGroup := readings(b, sep)
		return fmt.Sprintf("reads two ways, %s (%s as a decimal mark) or %s (%s between thousands), and no value of the file settles which: pass --decimal %c if %s is a decimal mark, or --decimal %c if it groups thousands",
			asDec, echo(string(sep)), asGroup, echo(string(sep)), sep, echo(string(sep)), otherMark(sep))
	case "dec":
		return fmt.Sprintf("has a %s, but the file's decimal mark is %s%s: one file has one decimal mark; fix the value or pass --decimal", decName(otherMark(dec)), echo(string(dec)), decBy)
	case "group":
		return fmt.Sprintf("groups thousands with %s, the file's decimal mark%s: write it without thousands separators", echo(string(dec)), decBy)
	case "groups":
		return "has thousands separators out of place (groups of three digits): write it like 1234.5"
	case "range":
		return fmt.Sprintf("is out of range: values beyond ±%g are refused", MaxValue)
	}
	return "is not a number: write it like 7.5, 1,234.5, 1.234,5 or 81.7%"
}

func otherMark(c byte) byte {
	if c == ',' {
		return '.'
	}
	return ','
}

// ParseDecimal reads a --decimal value: "." or ",".
func ParseDecimal(s string) (byte, error) {
	switch strings.TrimSpace(strings.ToLower(s)) {
	case "":
		return 0, nil
	case ".", "point", "dot":
		return '.', nil
	case ",", "comma":
		return ',', nil
	}
	return 0, fmt.Errorf("unknown decimal mark %s: use . or ,", echo(s))
}
