package importers

// The header row, the look-ahead that settles each column, and the rows of each layout.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"ringside/model"
)

// readHeader maps the header's columns and settles the layout.
func (m *MetricReader) readHeader(fields [][]byte, line int) error {
	if len(fields) > ColumnLimit {
		return m.errorf(line, "the header has %d columns, more than the %d a metric CSV may have: is this a metric export?", len(fields), ColumnLimit)
	}
	m.ncols = len(fields)
	m.metricCol = make([]string, len(fields))
	byName := map[string][]int{}
	for i, f := range fields {
		raw := trimSpace(f)
		m.headers = append(m.headers, string(raw))
		name := strings.ToLower(string(raw))
		if name == "" {
			m.nameless = append(m.nameless, i)
			continue
		}
		if why := keyProblem(raw); why != "" {
			return m.errorf(line, "column %d of the header, %s, %s", i+1, echo(string(raw)), why)
		}
		byName[name] = append(byName[name], i)
	}
	found := clip(strings.Join(m.headers, string(m.delim)), 120)
	if m.headless {
		found += " (given with --columns or --format)"
	}
	if !m.headless && m.looksLikeData(fields) {
		return m.errorf(line, "no header row: the first row holds data (%s); add one like %s (long) or %s (wide)", found, longHeader, wideHeader)
	}
	used := map[int]string{} // column → what it is used for
	use := func(i int, role string) error {
		if prev, ok := used[i]; ok && prev != role {
			return m.errorf(line, "column %s is named for both %s and %s: name each once", echo(m.headers[i]), prev, role)
		}
		used[i] = role
		return nil
	}
	skipped := map[int]bool{}
	for _, s := range m.opt.Skip {
		cols := byName[strings.ToLower(strings.TrimSpace(s))]
		if len(cols) == 0 {
			return m.errorf(line, "--skip %s: no column has that name; the header is %s", echo(s), found)
		}
		for _, i := range cols {
			skipped[i] = true
		}
	}
	mappedByUser := map[string]bool{} // a source's skip yields to the user's --map
	for _, h := range m.opt.Map {
		mappedByUser[strings.ToLower(strings.TrimSpace(h))] = true
	}
	for _, s := range m.opt.SoftSkip {
		name := strings.ToLower(strings.TrimSpace(s))
		if mappedByUser[name] {
			continue
		}
		for _, i := range byName[name] {
			skipped[i] = true
		}
	}
	// Columns the user named with --map, then the built-in names.
	mapped := map[string]int{} // role → column
	roles := make([]string, 0, len(m.opt.Map))
	for role := range m.opt.Map {
		roles = append(roles, role)
	}
	sort.Strings(roles)
	var soft []string
	for role, header := range m.opt.SoftMap {
		if _, hard := m.opt.Map[role]; !hard && len(byName[strings.ToLower(strings.TrimSpace(header))]) == 1 {
			soft = append(soft, role)
		}
	}
	sort.Strings(soft)
	for _, role := range append(roles, soft...) {
		header, ok := m.opt.Map[role]
		if !ok {
			header = m.opt.SoftMap[role]
		}
		cols := byName[strings.ToLower(strings.TrimSpace(header))]
		switch {
		case len(cols) == 0:
			return m.errorf(line, "--map %s=%s: no column has that name; the header is %s", role, echo(header), found)
		case len(cols) > 1:
			return m.errorf(line, "--map %s=%s: %d columns have that name (columns %s): rename one", role, echo(header), len(cols), colList(cols))
		case skipped[cols[0]]:
			return m.errorf(line, "--map %s=%s names a column that --skip leaves out: drop one of them", role, echo(header))
		}
		if err := use(cols[0], role); err != nil {
			return err
		}
		mapped[strings.ToLower(role)] = cols[0]
	}
	pick := func(role string, names ...string) (int, error) {
		if i, ok := mapped[role]; ok {
			return i, nil
		}
		for _, n := range names {
			cols := byName[n]
			var live []int
			for _, i := range cols {
				if !skipped[i] {
					if _, taken := used[i]; !taken {
						live = append(live, i)
					}
				}
			}
			if len(live) > 1 {
				return -1, m.errorf(line, "column %s appears %d times in the header (columns %s): keep one, or --map %s to one of them", echo(m.headers[live[0]]), len(live), colList(live), role)
			}
			if len(live) == 1 {
				if err := use(live[0], role); err != nil {
					return -1, err
				}
				return live[0], nil
			}
		}
		return -1, nil
	}
	var err error
	if m.colDate, err = pick("date", append([]string{"date"}, dateAliases...)...); err != nil {
		return err
	}
	if m.colDate >= 0 && !strings.EqualFold(m.headers[m.colDate], "date") {
		m.note("dates from column %s", echo(m.headers[m.colDate]))
	}
	if m.colPilot, err = pick("pilot", "pilot"); err != nil {
		return err
	}
	if m.colMetric, err = pick("metric", "metric"); err != nil {
		return err
	}
	if m.colValue, err = pick("value", "value"); err != nil {
		return err
	}
	if m.opt.Rings != nil {
		// A per-user export: each row's ring is its user's.
		if m.opt.Ring != "" {
			return m.errorf(line, "--ring %s and --rings %s both say where the ring comes from: use one", echo(m.opt.Ring), echo(m.opt.Rings.File))
		}
		if i, ok := mapped["ring"]; ok {
			return m.errorf(line, "--map ring=%s and --rings %s both say where the ring comes from: use one", echo(m.headers[i]), echo(m.opt.Rings.File))
		}
		if m.colUser, err = pick("user", ringMapUserHeaders...); err != nil {
			return err
		}
		if m.colUser < 0 {
			return m.errorf(line, "--rings %s assigns users to rings, but no column names the user: name it with --map user=COLUMN (found %s)", echo(m.opt.Rings.File), found)
		}
		m.required = max(m.required, m.colUser+1)
	} else if m.opt.Ring != "" {
		if i, ok := mapped["ring"]; ok {
			return m.errorf(line, "--ring %s and --map ring=%s both say where the ring comes from: use one", echo(m.opt.Ring), echo(m.headers[i]))
		}
		for _, i := range byName["ring"] {
			if !skipped[i] {
				return m.errorf(line, "the file has a ring column and --ring %s was passed: drop --ring, or --skip ring to put every row in %s", echo(m.opt.Ring), echo(m.opt.Ring))
			}
		}
	} else if m.colRing, err = pick("ring", "ring"); err != nil {
		return err
	}
	var missing []string
	if m.colDate < 0 {
		missing = append(missing, "date")
	}
	if m.colRing < 0 && m.opt.Ring == "" && m.opt.Rings == nil {
		missing = append(missing, "ring")
	}
	isLong := m.colMetric >= 0 && m.colValue >= 0
	layout := m.opt.Layout
	events := m.opt.Count != "" || len(m.opt.Means) > 0 || len(m.opt.Active) > 0
	switch {
	case events:
		layout = LayoutEvents
	case layout == LayoutAuto && isLong, layout == LayoutLong:
		layout = LayoutLong
		if m.colMetric < 0 {
			missing = append(missing, "metric")
		}
		if m.colValue < 0 {
			missing = append(missing, "value")
		}
	case layout == LayoutWide && isLong:
		return m.errorf(line, "the header has metric and value columns, which is the long layout (%s): use --format long or auto", longHeader)
	case layout == LayoutAuto && m.colValue >= 0:
		return m.errorf(line, "the header has a value column but no metric column: a long file is %s; add the metric column, or name it with --map metric=COLUMN (found %s)", longHeader, found)
	case layout == LayoutAuto && m.colMetric >= 0:
		return m.errorf(line, "the header has a metric column but no value column: a long file is %s; add the value column, or name it with --map value=COLUMN (found %s)", longHeader, found)
	default:
		layout = LayoutWide
	}
	if len(missing) > 0 {
		hint := ""
		if slices.Contains(missing, "date") {
			hint += "; name the date column with --map date=COLUMN"
		}
		if slices.Contains(missing, "ring") {
			hint += "; pass --ring NAME when every row belongs to one ring, or --map ring=COLUMN"
		}
		return m.errorf(line, "missing column%s %s: the header should be %s (long) or %s (wide), plus pilot when the file covers several pilots; found %s%s",
			pluralS(len(missing)), strings.Join(missing, ", "), longHeader, wideHeader, found, hint)
	}
	m.dialect.Layout = layout
	m.dialect.HasPilot = m.colPilot >= 0
	for _, i := range []int{m.colDate, m.colRing, m.colPilot, m.colMetric, m.colValue} {
		if i >= 0 {
			m.required = max(m.required, i+1)
		}
	}
	if layout == LayoutEvents {
		var keys []string
		for k := range m.opt.Means {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			cols := byName[strings.ToLower(strings.TrimSpace(m.opt.Means[k]))]
			if len(cols) != 1 {
				return m.errorf(line, "--mean %s=%s: %d columns have that name; the header is %s", k, echo(m.opt.Means[k]), len(cols), found)
			}
			if why := keyProblem([]byte(k)); why != "" {
				return m.errorf(line, "--mean %s %s", echo(k), why)
			}
			m.metricCol[cols[0]] = m.intern([]byte(k))
			m.dialect.Metrics = append(m.dialect.Metrics, k)
			m.required = max(m.required, cols[0]+1)
		}
		if m.opt.Count != "" {
			m.dialect.Metrics = append(m.dialect.Metrics, m.opt.Count)
			m.counts = map[eventKey]*eventCount{}
		}
		keys = keys[:0]
		for k := range m.opt.Active {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			cols := byName[strings.ToLower(strings.TrimSpace(m.opt.Active[k]))]
			if len(cols) != 1 {
				return m.errorf(line, "--active %s=%s: %d columns have that name; the header is %s", k, echo(m.opt.Active[k]), len(cols), found)
			}
			if why := keyProblem([]byte(k)); why != "" {
				return m.errorf(line, "--active %s %s", echo(k), why)
			}
			m.activeCols = append(m.activeCols, cols[0])
			m.activeNames = append(m.activeNames, m.intern([]byte(k)))
			m.dialect.Metrics = append(m.dialect.Metrics, k)
			m.required = max(m.required, cols[0]+1)
		}
		if len(keys) > 0 {
			if m.colPeriod, err = pick("period", "report period"); err != nil {
				return err
			}
			if m.colPeriod >= 0 {
				m.required = max(m.required, m.colPeriod+1)
			}
			if m.counts == nil {
				m.counts = map[eventKey]*eventCount{}
			}
		}
	}
	if layout == LayoutWide {
		keyFor := map[int]string{}
		for role, i := range mapped {
			switch role {
			case "date", "ring", "pilot", "metric", "value":
			default:
				keyFor[i] = role
			}
		}
		seen := map[string]int{}
		for i := range fields {
			if _, isRole := used[i]; (isRole && keyFor[i] == "") || skipped[i] || m.headers[i] == "" {
				continue
			}
			name := m.headers[i]
			if k, ok := keyFor[i]; ok {
				name = k
			}
			lname := strings.ToLower(name)
			if j, dup := seen[lname]; dup {
				return m.errorf(line, "column %s appears twice in the header (columns %d and %d): --skip %s if it is no metric, or rename one", echo(name), j+1, i+1, quoteArg(name))
			}
			seen[lname] = i
			key := m.intern([]byte(name))
			m.metricCol[i] = key
			m.dialect.Metrics = append(m.dialect.Metrics, key)
			m.required = max(m.required, i+1)
		}
		if len(m.dialect.Metrics) == 0 {
			return m.errorf(line, "no metric columns: the header should be %s (long) or %s (wide); found %s", longHeader, wideHeader, found)
		}
	}
	if !m.dialect.HasPilot && m.opt.Pilot == "" {
		return m.errorf(line, "no pilot column and no --pilot: add a pilot column to the file or pass --pilot SLUG")
	}
	return nil
}

// looksLikeData says the header row is data: its first cell is a date, or
// every named cell is a number.
func (m *MetricReader) looksLikeData(fields [][]byte) bool {
	nums, named := 0, 0
	for i, f := range fields {
		f = trimSpace(f)
		if len(f) == 0 {
			continue
		}
		named++
		if i == 0 {
			if c, ok := parseDateCell(f); ok && c.mask&(kEpochS|kEpochMS) == 0 {
				return true
			}
		}
		if num, _ := splitUnit(f); len(num) > 0 && shapeOf(num).ok {
			nums++
		}
	}
	return named > 0 && nums == named
}

func colList(cols []int) string {
	s := make([]string, len(cols))
	for i, c := range cols {
		s[i] = strconv.Itoa(c + 1)
	}
	return strings.Join(s, " and ")
}

// quoteArg writes a header as a shell argument.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " \t'\"$`\\;&|<>()*?") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// isTotal says a record is the Total row of a pasted pivot table.
func (m *MetricReader) isTotal(fields [][]byte) bool {
	check := func(i int) bool {
		if i < 0 || i >= len(fields) {
			return false
		}
		f := trimSpace(fields[i])
		if len(f) == 0 || len(f) > 16 {
			return false
		}
		if c := f[0] | 0x20; c != 't' && c != 'g' && c != 's' { // every total word's first letter
			return false
		}
		f = bytes.TrimRight(f, ":")
		for _, w := range totalWords {
			if bytes.EqualFold(f, []byte(w)) {
				return true
			}
		}
		return false
	}
	// A cell checked once is not checked again (most files: the date first).
	return check(m.colDate) || m.colDate != 0 && check(0) || m.colRing != 0 && m.colRing != m.colDate && check(m.colRing)
}

// lookahead reads the first records into memory and settles, over all of
// them, the date column's format, the file's decimal mark and which
// columns hold text, not numbers.
func (m *MetricReader) lookahead() error {
	type colStat struct{ nums, texts, firstLine int }
	stats := make([]colStat, m.ncols)
	decLine, decText := 0, ""
	values := false // any column holds values whose decimal mark matters
	for i := range m.ncols {
		values = values || m.isValueColumn(i)
	}
	study := func(r bufRecord) {
		if m.isTotal(r.fields) {
			return
		}
		if m.colDate < len(r.fields) {
			if f := trimSpace(r.fields[m.colDate]); len(f) > 0 {
				m.dates.observe(f, r.line)
			}
		}
		for i := range min(m.ncols, len(r.fields)) {
			if !m.isValueColumn(i) {
				continue
			}
			f := trimSpace(r.fields[i])
			if len(f) == 0 {
				continue
			}
			num, _ := splitUnit(f)
			sh := numShape{}
			if len(num) > 0 {
				sh = shapeOf(num)
			}
			if !sh.ok {
				if stats[i].texts == 0 {
					stats[i].firstLine = r.line
				}
				stats[i].texts++
				continue
			}
			stats[i].nums++
			if m.dec == 0 && decLine == 0 {
				switch {
				case sh.dec != 0:
					decLine, decText, m.dec = r.line, string(f), sh.dec
				case sh.group == '.' || sh.group == ',':
					decLine, decText, m.dec = r.line, string(f), otherMark(sh.group)
				}
			}
		}
	}
	// settled says the rows read so far settle everything the read-ahead
	// is for: the date column has one reading and the decimal mark is
	// known. Reading further would only copy rows.
	settled := func() bool {
		dc := &m.dates
		datesDone := m.colDate < 0 || dc.forced != 0 || dc.mask != 0 && dc.mask&(dc.mask-1) == 0
		return datesDone && (m.dec != 0 || !values)
	}
	size := 0
	var slab []byte    // the bytes of the rows read ahead
	var heads [][]byte // their fields
	for len(m.ahead) < lookaheadRows && size < lookaheadBytes {
		if len(m.ahead) >= lookaheadMinRows && settled() {
			break
		}
		fields, line, err := m.readRecord()
		if err != nil {
			var re *RowError
			if errors.As(err, &re) {
				m.ahead = append(m.ahead, bufRecord{line: re.Line, err: err})
				continue
			}
			if err != io.EOF {
				m.err = err
			} else {
				m.err = io.EOF
			}
			break
		}
		n := 0
		for _, f := range fields {
			n += len(f)
		}
		// The copies are cut from shared slabs, not allocated per row: a
		// file whose dates settle late (M/D/Y until the first day above
		// 12) copies thousands of rows.
		if cap(slab)-len(slab) < n {
			slab = make([]byte, 0, max(n, aheadSlab))
		}
		if cap(heads)-len(heads) < len(fields) {
			heads = make([][]byte, 0, max(len(fields), aheadSlab/64))
		}
		cp := heads[len(heads) : len(heads)+len(fields) : len(heads)+len(fields)]
		heads = heads[:len(heads)+len(fields)]
		for i, f := range fields {
			from := len(slab)
			slab = append(slab, f...)
			cp[i] = slab[from:len(slab):len(slab)]
		}
		size += n + 24*len(fields) + 64
		r := bufRecord{fields: cp, line: line}
		m.ahead = append(m.ahead, r)
		study(r)
	}
	if decLine > 0 {
		m.decBy = fmt.Sprintf(", as line %d's %s shows", decLine, echo(decText))
		if m.dec == ',' {
			m.note("decimal comma, as line %d's %s shows", decLine, echo(decText))
		}
	} else if m.dec == 0 && m.delim == ',' {
		m.dec = '.' // a comma-separated file writes decimals with a point
		m.decBy = " (a comma-separated file)"
	}
	if m.dialect.Layout == LayoutWide {
		var text []string
		var skips []string
		for i, st := range stats {
			if m.metricCol[i] != "" && st.texts > st.nums {
				text = append(text, echo(m.headers[i]))
				skips = append(skips, "--skip "+quoteArg(m.headers[i]))
			}
		}
		if len(text) > 0 {
			return m.errorf(1, "column%s %s hold%s text, not numbers: leave %s out with %s, or say what %s with --map (e.g. --map ring=%s)",
				pluralS(len(text)), strings.Join(text, ", "), map[bool]string{true: "", false: "s"}[len(text) > 1],
				map[bool]string{true: "them", false: "it"}[len(text) > 1], strings.Join(skips, " "),
				map[bool]string{true: "they are", false: "it is"}[len(text) > 1], quoteArg(strings.Trim(text[0], "\"")))
		}
	}
	if msg := m.dates.settle(); msg != "" {
		return m.errorf(m.dates.ambLine, "%s", msg)
	}
	if k := m.dates.settled; k != 0 && !m.dates.tentative {
		m.dialect.DateFormat = k.formatName()
		switch k {
		case kISO:
		case kEpochS, kEpochMS:
			zone := "UTC"
			if m.opt.Location != nil {
				zone = m.opt.Location.String()
			}
			how := fmt.Sprintf("line %d: %s", m.dates.byLine, echo(m.dates.byText))
			if m.dates.forced != 0 {
				how = "as --date-format or --format says"
			}
			m.note("dates read as %s (%s), each the day it falls on in zone %s (--tz to change)", k.formatName(), how, zone)
		default:
			how := ""
			if m.dates.forced != 0 {
				how = " (--date-format)"
			} else if m.dates.byLine > 0 {
				how = fmt.Sprintf(", as line %d's %s shows", m.dates.byLine, echo(m.dates.byText))
			}
			m.note("dates read as %s%s", k.formatName(), how)
		}
	}
	return nil
}

func (m *MetricReader) isValueColumn(i int) bool {
	if m.dialect.Layout == LayoutLong {
		return i == m.colValue
	}
	return m.metricCol[i] != ""
}

// checkWidth makes sure a record has a field for every column, and nothing
// in columns the header does not name.
func (m *MetricReader) checkWidth(fields [][]byte, line int) error {
	if len(fields) < m.required {
		return m.errorf(line, "row has %d field%s but the header has %d columns: give every column a value (delimiter %s)",
			len(fields), pluralS(len(fields)), m.ncols, delimName(m.delim))
	}
	for i := m.ncols; i < len(fields); i++ {
		if len(trimSpace(fields[i])) > 0 {
			return m.errorf(line, "row has %d fields but the header has %d columns: remove the extra values or name their column in the header",
				len(fields), m.ncols)
		}
	}
	for _, i := range m.nameless {
		if i >= len(fields) {
			break
		}
		if v := trimSpace(fields[i]); len(v) > 0 {
			return m.errorf(line, "column %d has no name in the header but holds %s here: name the column or empty it", i+1, echo(string(v)))
		}
	}
	return nil
}

func (m *MetricReader) longRow(fields [][]byte, line int) (Row, error) {
	r := Row{Line: line}
	var err error
	if r.Day, err = m.day(fields[m.colDate], line); err != nil {
		return Row{}, err
	}
	if r.Pilot, err = m.pilot(fields, line); err != nil {
		return Row{}, err
	}
	if r.Ring, err = m.ring(fields, line); err != nil {
		return Row{}, err
	}
	if r.Metric, err = m.key("metric", fields[m.colMetric], line); err != nil {
		return Row{}, err
	}
	v := trimSpace(fields[m.colValue])
	if len(v) == 0 {
		return Row{}, m.errorf(line, "empty value for metric %s: fill it in or remove the row", echo(r.Metric))
	}
	if r.Value, err = m.value(v, line, r.Metric, ""); err != nil {
		return Row{}, err
	}
	return r, nil
}

// wideRow turns one wide record into a row per non-empty metric cell; an
// empty cell is a metric not measured that day, not a zero.
func (m *MetricReader) wideRow(fields [][]byte, line int) error {
	m.pending, m.next = m.pending[:0], 0
	day, err := m.day(fields[m.colDate], line)
	if err != nil {
		return err
	}
	pilot, err := m.pilot(fields, line)
	if err != nil {
		return err
	}
	ring, err := m.ring(fields, line)
	if err != nil {
		return err
	}
	for i, metric := range m.metricCol {
		if metric == "" {
			continue
		}
		cell := trimSpace(fields[i])
		if len(cell) == 0 {
			continue
		}
		v, err := m.value(cell, line, metric, m.headers[i])
		if err != nil {
			m.pending = m.pending[:0]
			return err
		}
		m.pending = append(m.pending, Row{Line: line, Pilot: pilot, Ring: ring, Metric: metric, Day: day, Value: v})
	}
	return nil
}

// eventRow takes one event: a reading of each --mean column, and one more
// for its day and ring's --count.
func (m *MetricReader) eventRow(fields [][]byte, line int) error {
	m.pending, m.next = m.pending[:0], 0
	day, err := m.day(fields[m.colDate], line)
	if err != nil {
		return err
	}
	pilot, err := m.pilot(fields, line)
	if err != nil {
		return err
	}
	ring, err := m.ring(fields, line)
	if err != nil {
		return err
	}
	for i, metric := range m.metricCol {
		if metric == "" || i >= len(fields) {
			continue
		}
		cell := trimSpace(fields[i])
		if len(cell) == 0 {
			continue
		}
		v, err := m.value(cell, line, metric, m.headers[i])
		if err != nil {
			m.pending = m.pending[:0]
			return err
		}
		m.pending = append(m.pending, Row{Line: line, Pilot: pilot, Ring: ring, Metric: metric, Day: day, Value: v})
	}
	if m.counts != nil {
		active, err := m.actives(fields, line, day)
		if err != nil {
			m.pending = m.pending[:0]
			return err
		}
		k := eventKey{pilot, ring, day}
		c := m.counts[k]
		if c == nil {
			if len(m.counts) >= maxEventKeys {
				m.pending = m.pending[:0]
				return m.fatalf(line, "more than %d days × rings to count: is the date column a date?", maxEventKeys)
			}
			c = &eventCount{line: line, active: make([]int, len(m.activeCols))}
			m.counts[k] = c
		}
		c.n++
		for i, a := range active {
			if a {
				c.active[i]++
			}
		}
	}
	return nil
}

// errUnmappedUser marks a row of a user the ring map does not name: it
// is counted (Notes says how many) and skipped.
var errUnmappedUser = errors.New("user not in the ring map")

func (m *MetricReader) ring(fields [][]byte, line int) (string, error) {
	if m.opt.Rings != nil {
		user := trimSpace(fields[m.colUser])
		if r, ok := m.opt.Rings.Ring(user); ok {
			return m.intern([]byte(r)), nil
		}
		if len(user) == 0 {
			return "", m.errorf(line, "empty user: every row of a per-user export needs one (the column %s)", echo(m.headers[m.colUser]))
		}
		if m.unmapped++; len(m.unmappedEx) < 3 {
			m.unmappedEx = append(m.unmappedEx, echo(string(user)))
		}
		return "", errUnmappedUser
	}
	if m.colRing < 0 {
		return m.opt.Ring, nil
	}
	return m.key("ring", fields[m.colRing], line)
}

func (m *MetricReader) pilot(fields [][]byte, line int) (string, error) {
	if m.colPilot >= 0 {
		if f := trimSpace(fields[m.colPilot]); len(f) > 0 {
			return m.key("pilot", f, line)
		}
	}
	if m.opt.Pilot == "" {
		return "", m.errorf(line, "empty pilot: fill in the pilot column or pass --pilot SLUG")
	}
	return m.opt.Pilot, nil
}

// actives says, for each --active metric, whether the row's date in its
// column falls within the report period ending on day.
func (m *MetricReader) actives(fields [][]byte, line int, day model.Date) ([]bool, error) {
	if len(m.activeCols) == 0 {
		return nil, nil
	}
	period := 0
	if m.colPeriod >= 0 {
		p := trimSpace(fields[m.colPeriod])
		n, err := strconv.Atoi(string(p))
		if err != nil || n < 1 || n > 3660 {
			return nil, m.errorf(line, "report period %s is not a number of days: the column %s should hold 7, 28, 30, 90 or 180", echo(string(p)), echo(m.headers[m.colPeriod]))
		}
		period = n
	}
	out := make([]bool, len(m.activeCols))
	for i, col := range m.activeCols {
		cell := trimSpace(fields[col])
		if len(cell) == 0 {
			continue // never active
		}
		d, msg := m.dates.parse(cell, line)
		if msg != "" {
			if m.dates.fatal {
				return nil, m.fatalf(line, "%s: %s", m.headers[col], msg)
			}
			return nil, m.errorf(line, "%s: %s", m.headers[col], msg)
		}
		out[i] = d <= day && (period == 0 || d > day-model.Date(period))
	}
	return out, nil
}

// keyProblem says what is wrong with a key, or "" when it is fine. Keys end
// up on screens and in file names, so control characters are refused.
func keyProblem(b []byte) string {
	if len(b) > maxKeyLen {
		return fmt.Sprintf("is %d bytes long: keep keys under %d", len(b), maxKeyLen)
	}
	if !utf8.Valid(b) {
		return "is not valid UTF-8: save the file as CSV UTF-8"
	}
	for _, r := range string(b) {
		if model.UnsafeRune(r) {
			return "contains control characters or escape sequences: remove them"
		}
	}
	return ""
}
