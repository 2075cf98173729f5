package importers

// Dates as real exports write them. A date column has one format, settled
// over the rows the reader looks ahead at (see lookahead in metrics.go),
// not cell by cell: 03/04/2026 is 3 April in a column that also holds
// 10/19/2026 and 4 March in one that holds 19/10/2026; a column that never
// says is refused with both readings and the --date-format that settles it.

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"ringside/model"
)

// dateKind is one way to read a date column; kinds combine as a bit mask
// of the readings a cell (or a whole column) allows.
type dateKind uint8

const (
	kISO     dateKind = 1 << iota // 2026-10-19, 2026/10/19, 20261019, with or without a time and zone
	kMDY                          // 10/19/2026, 10/19/26 (US)
	kDMY                          // 19/10/2026, 19.10.2026, 19-10-26
	kNamed                        // a month name: 19 Oct 2026, Oct 19, 2026, 14/Jul/25, 19. Oktober 2026
	kEpochS                       // seconds since 1970 (Grafana, VictoriaMetrics)
	kEpochMS                      // milliseconds since 1970
)

// formatName is how a reading is named in messages and --date-format.
func (k dateKind) formatName() string {
	switch k {
	case kISO:
		return "YYYY-MM-DD"
	case kMDY:
		return "MM/DD/YYYY"
	case kDMY:
		return "DD/MM/YYYY"
	case kNamed:
		return "a month name"
	case kEpochS:
		return "epoch-s"
	case kEpochMS:
		return "epoch-ms"
	}
	return "?"
}

// ParseDateFormat reads a --date-format value: YYYY-MM-DD (iso), DD/MM/YYYY
// (any separator, D.M.YY too), MM/DD/YYYY, epoch-s or epoch-ms.
func ParseDateFormat(s string) (dateKind, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	switch u {
	case "":
		return 0, nil
	case "ISO", "YMD":
		return kISO, nil
	case "DMY":
		return kDMY, nil
	case "MDY":
		return kMDY, nil
	case "EPOCH", "EPOCH-S", "EPOCH_S", "UNIX", "EPOCH-SECONDS":
		return kEpochS, nil
	case "EPOCH-MS", "EPOCH_MS", "UNIX-MS", "EPOCH-MILLISECONDS":
		return kEpochMS, nil
	}
	d, m, y := strings.IndexByte(u, 'D'), strings.IndexByte(u, 'M'), strings.IndexByte(u, 'Y')
	if d >= 0 && m >= 0 && y >= 0 {
		switch {
		case y < m && m < d:
			return kISO, nil
		case d < m:
			return kDMY, nil
		case m < d:
			return kMDY, nil
		}
	}
	return 0, fmt.Errorf("unknown date format %s: use DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD, epoch-s or epoch-ms", echo(s))
}

// dateCell is what one date cell says before the column settles which of
// its numbers is the day and which the month.
type dateCell struct {
	mask    dateKind
	y, m, d int   // kISO, kNamed: the date; kMDY/kDMY: y, and a, b below
	a, b    int   // kMDY/kDMY: the first and second number of the date
	epoch   int64 // kEpochS/kEpochMS: the value (whole seconds or milliseconds)
}

// day resolves a cell under one reading; ok is false when the cell does
// not read that way. loc is the zone of epoch times.
func (c *dateCell) day(k dateKind, loc *time.Location) (model.Date, bool) {
	if c.mask&k == 0 {
		return 0, false
	}
	switch k {
	case kISO, kNamed:
		return civil(c.y, c.m, c.d)
	case kMDY:
		return civil(c.y, c.a, c.b)
	case kDMY:
		return civil(c.y, c.b, c.a)
	case kEpochS, kEpochMS:
		sec := c.epoch
		if k == kEpochMS {
			sec = c.epoch / 1000
			if c.epoch < 0 && c.epoch%1000 != 0 {
				sec--
			}
		}
		if loc == nil {
			loc = time.UTC
		}
		return model.DateOf(time.Unix(sec, 0).In(loc)), true
	}
	return 0, false
}

func civil(y, m, d int) (model.Date, bool) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return model.Date(daysFromCivil(y, m, d)), true
}

// dcursor walks a date cell without allocating.
type dcursor struct {
	b []byte
	i int
}

func (c *dcursor) done() bool { return c.i >= len(c.b) }
func (c *dcursor) peek() byte {
	if c.i < len(c.b) {
		return c.b[c.i]
	}
	return 0
}

// num reads up to 18 digits: the value and how many digits.
func (c *dcursor) num() (int64, int) {
	var v int64
	n := 0
	for c.i < len(c.b) && c.b[c.i] >= '0' && c.b[c.i] <= '9' && n < 18 {
		v = v*10 + int64(c.b[c.i]-'0')
		c.i++
		n++
	}
	return v, n
}

func (c *dcursor) spaces() int {
	n := 0
	for c.i < len(c.b) && c.b[c.i] == ' ' {
		c.i++
		n++
	}
	return n
}

func isLetter(ch byte) bool { return (ch|0x20) >= 'a' && (ch|0x20) <= 'z' || ch >= 0x80 }

// word reads letters (UTF-8 letters of German and French month names too).
func (c *dcursor) word() []byte {
	from := c.i
	for c.i < len(c.b) && isLetter(c.b[c.i]) {
		c.i++
	}
	return c.b[from:c.i]
}

func (c *dcursor) eat(ch byte) bool {
	if c.peek() == ch {
		c.i++
		return true
	}
	return false
}

// year reads a two- or four-digit year: 26 is 2026, 95 is 1995.
func (c *dcursor) year() (int, bool) {
	v, n := c.num()
	switch n {
	case 4:
		return int(v), true
	case 2:
		if v < 70 {
			return 2000 + int(v), true
		}
		return 1900 + int(v), true
	}
	return 0, false
}

// parseDateCell reads what a cell allows. ok is false when the cell is no
// date in any format ringside knows.
func parseDateCell(b []byte) (dateCell, bool) {
	var cell dateCell
	c := dcursor{b: b}
	if c.done() {
		return cell, false
	}
	// A leading weekday: "Mon, 19 Oct 2026", "Monday, October 19, 2026".
	if isLetter(c.peek()) {
		save := c.i
		if w := c.word(); isWeekday(w) {
			c.eat('.')
			c.eat(',')
			c.spaces()
		} else {
			c.i = save
		}
	}
	switch ch := c.peek(); {
	case isLetter(ch): // Oct 19, 2026
		m := monthOf(c.word())
		if m == 0 {
			return cell, false
		}
		c.eat('.')
		if c.spaces() == 0 && !c.eat('-') {
			return cell, false
		}
		d, n := c.num()
		if n < 1 || n > 2 {
			return cell, false
		}
		c.eat(',')
		if c.spaces() == 0 && !c.eat('-') {
			return cell, false
		}
		y, ok := c.year()
		if !ok {
			return cell, false
		}
		cell.mask, cell.y, cell.m, cell.d = kNamed, y, m, int(d)
	case ch >= '0' && ch <= '9':
		v1, n1 := c.num()
		switch {
		case n1 == 4 && (c.peek() == '-' || c.peek() == '/' || c.peek() == '.'):
			sep := c.b[c.i]
			c.i++
			if isLetter(c.peek()) { // 2026-Oct-19
				m := monthOf(c.word())
				if m == 0 || !c.eat(sep) {
					return cell, false
				}
				d, n := c.num()
				if n < 1 || n > 2 {
					return cell, false
				}
				cell.mask, cell.y, cell.m, cell.d = kNamed, int(v1), m, int(d)
				break
			}
			m, n := c.num()
			if n < 1 || n > 2 || !c.eat(sep) {
				return cell, false
			}
			d, n := c.num()
			if n < 1 || n > 2 {
				return cell, false
			}
			cell.mask, cell.y, cell.m, cell.d = kISO, int(v1), int(m), int(d)
		case n1 == 8 && c.done(): // 20261019
			cell.mask, cell.y, cell.m, cell.d = kISO, int(v1/10000), int(v1/100%100), int(v1%100)
			if _, ok := civil(cell.y, cell.m, cell.d); !ok {
				cell.mask, cell.epoch = kEpochS, v1
			}
			return cell, true
		case n1 >= 9 && n1 <= 11:
			if c.eat('.') { // fractional seconds
				if _, n := c.num(); n == 0 {
					return cell, false
				}
			}
			if !c.done() {
				return cell, false
			}
			cell.mask, cell.epoch = kEpochS, v1
			return cell, true
		case n1 >= 12 && n1 <= 14:
			if !c.done() {
				return cell, false
			}
			cell.mask, cell.epoch = kEpochMS, v1
			return cell, true
		case n1 == 1 || n1 == 2:
			sep := c.peek()
			switch {
			case sep == '/' || sep == '-' || (sep == '.' && c.i+1 < len(c.b) && c.b[c.i+1] != ' '):
				c.i++
				if isLetter(c.peek()) { // 14/Jul/25, 19-Oct-2026
					m := monthOf(c.word())
					if m == 0 {
						return cell, false
					}
					if !c.eat(sep) && c.spaces() == 0 {
						return cell, false
					}
					y, ok := c.year()
					if !ok {
						return cell, false
					}
					cell.mask, cell.y, cell.m, cell.d = kNamed, y, m, int(v1)
					break
				}
				v2, n2 := c.num()
				if n2 < 1 || n2 > 2 || !c.eat(sep) {
					return cell, false
				}
				y, ok := c.year()
				if !ok {
					return cell, false
				}
				cell.y, cell.a, cell.b = y, int(v1), int(v2)
				if _, ok := civil(y, cell.a, cell.b); ok && sep != '.' {
					cell.mask |= kMDY
				}
				if _, ok := civil(y, cell.b, cell.a); ok {
					cell.mask |= kDMY
				}
				if cell.mask == 0 {
					return cell, false
				}
			case sep == ' ' || sep == '.': // 19 Oct 2026, 19. Oktober 2026
				c.eat('.')
				c.spaces()
				m := monthOf(c.word())
				if m == 0 {
					return cell, false
				}
				c.eat('.')
				c.eat(',')
				if c.spaces() == 0 {
					return cell, false
				}
				y, ok := c.year()
				if !ok {
					return cell, false
				}
				cell.mask, cell.y, cell.m, cell.d = kNamed, y, m, int(v1)
			default:
				return cell, false
			}
		default:
			return cell, false
		}
	default:
		return cell, false
	}
	if !timeTail(&c) {
		return dateCell{}, false
	}
	if cell.mask&(kISO|kNamed) != 0 {
		if _, ok := civil(cell.y, cell.m, cell.d); !ok {
			return dateCell{}, false
		}
	}
	return cell, true
}

// timeTail accepts what may follow a date: nothing, or a time
// ("T08:00", " 3:42 PM", ", 12:00:00.000 AM") with an optional zone ("Z",
// "+02:00", " UTC"). The day is the date as written.
func timeTail(c *dcursor) bool {
	if c.done() {
		return true
	}
	c.eat(',')
	if !c.eat('T') && c.spaces() == 0 {
		return false
	}
	h, n := c.num()
	if n < 1 || n > 2 || !c.eat(':') {
		return false
	}
	mi, n := c.num()
	if n != 2 || mi > 59 {
		return false
	}
	if c.eat(':') {
		s, n := c.num()
		if n != 2 || s > 60 {
			return false
		}
		if c.eat('.') || c.eat(',') {
			if _, n := c.num(); n == 0 {
				return false
			}
		}
	}
	save := c.i
	c.spaces()
	if w := c.word(); len(w) == 2 && (w[1]|0x20) == 'm' && ((w[0]|0x20) == 'a' || (w[0]|0x20) == 'p') {
		if h < 1 || h > 12 {
			return false
		}
	} else {
		c.i = save
		if h > 23 {
			return false
		}
	}
	// zone
	save = c.i
	c.spaces()
	switch ch := c.peek(); {
	case ch == 'Z' || ch == 'z':
		c.i++
	case ch == '+' || ch == '-':
		c.i++
		if _, n := c.num(); n != 2 && n != 4 {
			return false
		}
		if c.eat(':') {
			if _, n := c.num(); n != 2 {
				return false
			}
		}
	case isLetter(ch):
		if w := strings.ToUpper(string(c.word())); w != "UTC" && w != "GMT" {
			return false
		}
	default:
		c.i = save
	}
	c.spaces()
	return c.done()
}

// monthOf names a month in English, German or French, in full or cut
// short (case and a trailing dot do not matter); 0 when it is none.
func monthOf(w []byte) int {
	if len(w) < 3 || len(w) > 12 {
		return 0
	}
	var buf [16]byte
	n := 0
	for _, ch := range w {
		if ch >= 'A' && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[n] = ch
		n++
	}
	// Accented capitals (MÄRZ, FÉVRIER, DÉCEMBRE, AOÛT) fold below.
	s := string(buf[:n])
	if m, ok := months()[s]; ok {
		return m
	}
	s = strings.NewReplacer("Ä", "ä", "É", "é", "Û", "û").Replace(s)
	return months()[s]
}

var months = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	add := func(month int, names ...string) {
		for _, n := range names {
			m[n] = month
		}
	}
	// English
	add(1, "january", "jan")
	add(2, "february", "feb")
	add(3, "march", "mar")
	add(4, "april", "apr")
	add(5, "may")
	add(6, "june", "jun")
	add(7, "july", "jul")
	add(8, "august", "aug")
	add(9, "september", "sep", "sept")
	add(10, "october", "oct")
	add(11, "november", "nov")
	add(12, "december", "dec")
	// German
	add(1, "januar", "jänner", "jän")
	add(2, "februar")
	add(3, "märz", "maerz", "mär", "mrz")
	add(5, "mai")
	add(6, "juni")
	add(7, "juli")
	add(10, "oktober", "okt")
	add(12, "dezember", "dez")
	// French
	add(1, "janvier", "janv")
	add(2, "février", "fevrier", "févr", "fevr", "fév", "fev")
	add(3, "mars")
	add(4, "avril", "avr")
	add(6, "juin")
	add(7, "juillet", "juil")
	add(8, "août", "aout", "aoû")
	add(9, "septembre")
	add(10, "octobre")
	add(11, "novembre")
	add(12, "décembre", "decembre", "déc")
	return m
})

func isWeekday(w []byte) bool {
	switch strings.ToLower(string(w)) {
	case "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
		"fri", "friday", "sat", "saturday", "sun", "sunday",
		"mo", "di", "mi", "do", "fr", "sa", "so", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
		"lun", "mar", "mer", "jeu", "ven", "sam", "dim", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche":
		return true
	}
	return false
}

// dateColumn settles the format of the date column: the readings every
// dated cell seen so far allows (cells that allow none of them are the
// rows' own errors, reported on their lines).
type dateColumn struct {
	forced  dateKind // --date-format
	mask    dateKind // readings still possible; 0 before the first cell
	settled dateKind // the one reading, once known
	// evidence: the cell that narrowed the column to its reading
	byLine int
	byText string
	// ambiguous: a cell whose readings differ (03/04/2026)
	ambLine int
	ambText string
	ambCell dateCell
	loc     *time.Location
	// tentative: the rows read ahead allow day first and month first
	// alike, so the column is read month first until a later cell says
	// which (confirm), or the file ends: the whole file settles it.
	tentative bool
	// confirmed: the line and cell that settled a tentative column.
	confLine int
	confText string
	// fatal: a later cell contradicts what earlier cells were read as;
	// parse's message refuses the whole file.
	fatal bool
}

// observe narrows the column by one cell (lookahead).
func (dc *dateColumn) observe(b []byte, line int) {
	if dc.forced != 0 || dc.settled != 0 {
		return
	}
	cell, ok := parseDateCell(b)
	if !ok {
		return
	}
	mask := cell.mask
	if dc.mask != 0 {
		if dc.mask&mask == 0 {
			return // this row is wrong, not the column
		}
		mask &= dc.mask
	}
	if mask != dc.mask && mask&(mask-1) == 0 && dc.mask != 0 {
		dc.byLine, dc.byText = line, string(b)
	}
	if dc.mask == 0 && mask&(mask-1) == 0 {
		dc.byLine, dc.byText = line, string(b)
	}
	dc.mask = mask
	if mask == kMDY|kDMY && dc.ambLine == 0 && cell.a != cell.b {
		dc.ambLine, dc.ambText, dc.ambCell = line, string(b), cell
	}
}

// settle fixes the column's reading at the end of the lookahead. It
// returns a message when the column reads two ways.
func (dc *dateColumn) settle() string {
	if dc.forced != 0 {
		dc.settled = dc.forced
		return ""
	}
	switch {
	case dc.mask == 0:
		return "" // no dated cell yet: each row reports its own
	case dc.mask&(dc.mask-1) == 0:
		dc.settled = dc.mask
	case dc.mask == kMDY|kDMY:
		// Day first and month first both fit the rows read ahead: read on
		// month first, and let the rest of the file settle it.
		dc.settled, dc.tentative = kMDY, true
	default:
		// kISO with kNamed cannot overlap; take the first reading.
		for k := kISO; k <= kEpochMS; k <<= 1 {
			if dc.mask&k != 0 {
				dc.settled = k
				break
			}
		}
	}
	return ""
}

func longDate(d model.Date) string { return d.Time().Format("2 January 2006") }

// twoWays is the refusal of a column whose dates read two ways to the end
// of the file ("" when none of them does).
func (dc *dateColumn) twoWays() string {
	if !dc.tentative || dc.ambLine == 0 {
		return ""
	}
	c := dc.ambCell
	mdy, _ := c.day(kMDY, nil)
	dmy, _ := c.day(kDMY, nil)
	return fmt.Sprintf("dates like %s read two ways, %s (DD/MM/YYYY) or %s (MM/DD/YYYY), and no day above 12 in the whole file settles which: pass --date-format DD/MM/YYYY or --date-format MM/DD/YYYY",
		echo(dc.ambText), longDate(dmy), longDate(mdy))
}

// resolve settles a tentative column by a cell that reads one way only,
// kMDY or kDMY. It returns the refusal when cells read earlier as the
// other way differ under this one.
func (dc *dateColumn) resolve(k dateKind, b []byte, line int) string {
	dc.tentative = false
	dc.confLine, dc.confText = line, string(b)
	if k == dc.settled || dc.ambLine == 0 {
		dc.settled = k // earlier cells read the same either way (01/01, 02/02)
		return ""
	}
	dc.fatal = true
	c := dc.ambCell
	was, _ := c.day(dc.settled, nil)
	is, _ := c.day(k, nil)
	return fmt.Sprintf("date %s reads only as %s, but the rows before it read as %s: line %d's %s was taken as %s and would be %s; the whole file was refused, nothing stored: pass --date-format %s",
		echo(string(b)), k.formatName(), dc.settled.formatName(), dc.ambLine, echo(dc.ambText), longDate(was), longDate(is), k.formatName())
}

// parse reads one cell under the column's reading.
func (dc *dateColumn) parse(b []byte, line int) (model.Date, string) {
	cell, ok := parseDateCell(b)
	if dc.forced != 0 && dc.forced&(kEpochS|kEpochMS) != 0 && ok && cell.mask&(kEpochS|kEpochMS) != 0 {
		cell.mask = dc.forced // --date-format epoch-ms on a 10-digit value
	}
	if !ok {
		return 0, fmt.Sprintf("date %s is not a date: write it like 2026-01-31, 31/01/2026, 01/31/2026, 31.01.2026, 31 Jan 2026 or as epoch seconds", echo(string(b)))
	}
	k := dc.settled
	if k == 0 {
		// No reading settled (a column whose first dated cell comes after
		// the lookahead): take the cell's own if it has only one.
		if cell.mask&(cell.mask-1) != 0 {
			if cell.a == cell.b {
				cell.mask = kDMY
			} else {
				mdy, _ := cell.day(kMDY, nil)
				dmy, _ := cell.day(kDMY, nil)
				return 0, fmt.Sprintf("date %s reads two ways, %s (DD/MM/YYYY) or %s (MM/DD/YYYY): pass --date-format DD/MM/YYYY or --date-format MM/DD/YYYY",
					echo(string(b)), longDate(dmy), longDate(mdy))
			}
		}
		dc.settled, dc.byText = cell.mask, string(b)
		k = cell.mask
	}
	if k == kNamed && cell.mask == kISO || k == kISO && cell.mask == kNamed {
		k = cell.mask // both name the month: no ambiguity between them
	}
	if dc.tentative && cell.mask&(kMDY|kDMY) != 0 {
		switch m := cell.mask & (kMDY | kDMY); {
		case m == kMDY|kDMY:
			if dc.ambLine == 0 && cell.a != cell.b {
				dc.ambLine, dc.ambText, dc.ambCell = line, string(b), cell
			}
		default:
			if msg := dc.resolve(m, b, line); msg != "" {
				return 0, msg
			}
			k = dc.settled
		}
	}
	d, ok := cell.day(k, dc.loc)
	if !ok {
		how := k.formatName()
		if dc.byText != "" {
			how += " like " + echo(dc.byText)
			if dc.byLine > 0 {
				how += fmt.Sprintf(" on line %d", dc.byLine)
			}
		}
		return 0, fmt.Sprintf("date %s does not read as %s, the format of this column: fix the date, or pass --date-format", echo(string(b)), how)
	}
	return d, ""
}
