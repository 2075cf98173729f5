package importers

// Cells: a row's date and value, read under the column's settled format.

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"ringside/model"
)

// day reads the date column under its settled format. Consecutive rows
// usually share a date, so the last one is remembered.
func (m *MetricReader) day(b []byte, line int) (model.Date, error) {
	b = trimSpace(b)
	if m.lastDay != 0 && bytes.Equal(b, m.lastDate) {
		return m.lastDay, nil
	}
	if len(b) == 0 {
		return 0, m.errorf(line, "empty date: every row needs one, as YYYY-MM-DD (e.g. 2026-01-31)")
	}
	var d model.Date
	if k := m.dates.settled; k == kISO || k == 0 {
		dd, ok, valid := isoDate(b)
		if ok && !valid {
			return 0, m.errorf(line, "date %s does not exist: check the day and the month (YYYY-MM-DD)", echo(string(b)))
		}
		d = dd
		if !ok {
			var msg string
			if d, msg = m.dates.parse(b, line); msg != "" {
				if c, ok := parseDateCell(b); ok && c.mask&(kISO|kNamed) != 0 {
					msg = fmt.Sprintf("date %s does not exist: check the day and the month", echo(string(b)))
				}
				return 0, m.errorf(line, "%s", msg)
			}
		}
	} else {
		var msg string
		if d, msg = m.dates.parse(b, line); msg != "" {
			if m.dates.fatal {
				return 0, m.fatalf(line, "%s", msg) // a switched reading: the file is not read further
			}
			return 0, m.errorf(line, "%s", msg)
		}
	}
	if d <= 0 {
		return 0, m.errorf(line, "date %s is before 1970-01-02: ringside counts days from 1970; check the year", echo(string(b)))
	}
	m.lastDate = append(m.lastDate[:0], b...)
	m.lastDay = d
	return d, nil
}

// isoDate reads YYYY-MM-DD without allocating. ok says b has that shape;
// valid says the day exists (2026-02-30 does not).
func isoDate(b []byte) (d model.Date, ok, valid bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, false, false
	}
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(b[0:4])
	mo, ok2 := num(b[5:7])
	dd, ok3 := num(b[8:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, false, false
	}
	if mo < 1 || mo > 12 || dd < 1 || dd > daysIn(y, mo) {
		return 0, true, false
	}
	return model.Date(daysFromCivil(y, mo, dd)), true, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// value reads a finite number under the file's decimal mark. metric is
// the row's metric; column names the wide column ("" in long files).
func (m *MetricReader) value(b []byte, line int, metric, column string) (float64, error) {
	// Fast path: [sign] digits [decimal mark digits] with at most 15
	// significant digits: mantissa and power of ten are exact, so one
	// division rounds correctly (Clinger's fast path).
	i, neg := 0, false
	if b[0] == '+' || b[0] == '-' {
		neg, i = b[0] == '-', 1
	}
	var mant uint64
	digits, frac := 0, 0
	sep, sawDigit, fast := false, false, true
	// Thousands separators (the other mark of the file's decimal mark):
	// run counts the digits since the last one, -1 before any.
	group, groups, run, lead := byte(0), 0, -1, 0
	if m.dec != 0 {
		group = otherMark(m.dec)
	}
	for ; i < len(b) && fast; i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			sawDigit = true
			if run >= 0 && !sep {
				run++
			} else if !sep {
				lead++
			}
			if mant == 0 && c == '0' {
				if sep {
					frac++
				}
				continue
			}
			mant = mant*10 + uint64(c-'0')
			digits++
			if sep {
				frac++
			}
			fast = digits <= 15
		case c == m.dec && m.dec != 0 && !sep:
			sep = true
			fast = groups == 0 || run == 3
		case c == group && group != 0 && !sep:
			// 1.487 in a decimal-comma file: a group of three after 1–3 digits.
			fast = (groups == 0 && lead >= 1 && lead <= 3 && b[i-lead] != '0') || (groups > 0 && run == 3)
			groups++
			run = 0
		default:
			fast = false
		}
	}
	if groups > 0 && !sep && run != 3 {
		fast = false
	}
	if fast && groups > 0 && metric != m.groupNoted {
		// Say once per metric that thousands separators were read; the
		// metric last found noted needs no look-up (a column of "1,487"s).
		if vc := m.values[metric]; vc == nil || !vc.groupNote {
			fast = false
		} else {
			m.groupNoted = metric
		}
	}
	if fast && sawDigit && frac < len(pow10) {
		f := float64(mant) / pow10[frac]
		if neg {
			f = -f
		}
		return f, nil
	}
	return m.slowValue(b, line, metric, column)
}

func (m *MetricReader) slowValue(b []byte, line int, metric, column string) (float64, error) {
	where := ""
	if column != "" {
		where = " in column " + echo(column)
	} else if metric != "" {
		where = " of metric " + echo(metric)
	}
	bad := func(hint string) (float64, error) {
		return 0, m.errorf(line, "value %s%s %s", echo(string(b)), where, hint)
	}
	s := strings.ToLower(string(b))
	if s == "nan" || strings.TrimLeft(s, "+-") == "inf" || strings.TrimLeft(s, "+-") == "infinity" {
		return bad("is not a finite number: leave the cell empty or drop the row")
	}
	num, unit := splitUnit(b)
	if len(num) == 0 {
		return bad(numberProblem("notnum", b, m.dec, m.decBy))
	}
	vc := m.values[metric]
	if vc == nil {
		vc = &valueColumn{name: metric}
		m.values[metric] = vc
	}
	if len(unit) > 0 {
		if vc.unit == "" {
			vc.unit, vc.unitLine = string(unit), line
		} else if vc.unit != string(unit) {
			return bad(fmt.Sprintf("is in %s, but the values of %s are in %s (line %d): one metric has one unit; convert it", echo(string(unit)), echo(metric), echo(vc.unit), vc.unitLine))
		}
	}
	if m.dec == 0 {
		// The first value that shows the file's decimal mark settles it.
		if sh := shapeOf(num); sh.ok {
			switch {
			case sh.dec != 0:
				m.dec = sh.dec
			case sh.group == '.' || sh.group == ',':
				m.dec = otherMark(sh.group)
			}
			if m.dec != 0 {
				m.decBy = fmt.Sprintf(", as line %d's %s shows", line, echo(string(b)))
			}
		}
	}
	f, grouped, problem, scratch := parseNumber(num, m.dec, m.num)
	m.num = scratch
	if problem != "" {
		return bad(numberProblem(problem, num, m.dec, m.decBy))
	}
	if len(unit) > 0 && !vc.noted {
		vc.noted = true
		if string(unit) == "%" {
			m.note("%s: values end in %% and are read as percent points (%s → %s)", echo(metric), echo(string(b)), strconv.FormatFloat(f, 'f', -1, 64))
		} else {
			m.note("%s: unit %s stripped (%s → %s)", echo(metric), echo(string(unit)), echo(string(b)), strconv.FormatFloat(f, 'f', -1, 64))
		}
	}
	if grouped && !vc.groupNote {
		vc.groupNote = true
		m.note("%s: %s read as %s, with thousands separators (the file's decimal mark is %s%s)", echo(metric), echo(string(b)),
			strconv.FormatFloat(f, 'f', -1, 64), echo(string(m.dec)), m.decBy)
	}
	return f, nil
}
