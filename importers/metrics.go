// Package importers reads what users bring to ringside: metric CSVs and
// portfolio files. Readers stream, validate every value and report each
// problem as FILE:LINE: what is wrong and what to do.
package importers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"ringside/model"
)

// Layout is the shape of a metric CSV.
type Layout string

const (
	LayoutAuto Layout = ""     // detect from the header
	LayoutLong Layout = "long" // date,ring,metric,value
	LayoutWide Layout = "wide" // date,ring,METRIC1,METRIC2…
)

// ParseLayout reads a --format value: auto, long or wide.
func ParseLayout(s string) (Layout, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return LayoutAuto, nil
	case "long":
		return LayoutLong, nil
	case "wide":
		return LayoutWide, nil
	}
	return "", fmt.Errorf("unknown format %s: use one of auto, long, wide", echo(s))
}

// Options steer a MetricReader.
type Options struct {
	Layout Layout // "" detects it
	Pilot  string // the pilot of rows without a pilot column (or with an empty pilot cell)
}

// Row is one observation read from a file.
type Row struct {
	Line   int // line of the record in the file, from 1
	Pilot  string
	Ring   string
	Metric string
	Day    model.Date
	Value  float64
}

// Dialect is what the reader found out about a file.
type Dialect struct {
	Layout       Layout
	Delimiter    rune
	DecimalComma bool     // values use ',' as decimal separator (7,9)
	HasPilot     bool     // the file has a pilot column
	Metrics      []string // wide: the metric columns, in file order
}

// RowError is a problem with one record (or the header) of a file. The
// record is skipped; the caller decides whether to go on.
type RowError struct {
	File string
	Line int
	Msg  string
}

func (e *RowError) Error() string {
	return Sanitize(e.File) + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
}

// FieldLimit is the longest field a metric CSV may hold. Real fields are a
// few bytes; anything this long is a missing quote or not a metric file.
const FieldLimit = 64 << 10

// maxKeyLen bounds pilot, ring and metric keys.
const maxKeyLen = 200

// maxInterned bounds the table that shares key strings between rows.
const maxInterned = 1 << 16

const (
	longHeader = "date,ring,metric,value"
	wideHeader = "date,ring,METRIC1,METRIC2,…"
)

// MetricReader streams observations out of a metric CSV, long or wide,
// one record at a time; memory stays bounded whatever the file's size.
type MetricReader struct {
	file    string
	br      *bufio.Reader
	opt     Options
	dialect Dialect
	delim   byte

	line     int   // physical lines consumed so far
	consumed int64 // bytes consumed so far
	err      error // sticky: io.EOF or a read error

	ncols                                           int
	required                                        int // fields a record needs: up to the last named column
	colDate, colRing, colMetric, colValue, colPilot int
	metricCol                                       []string // wide: metric key per column, "" for other columns
	nameless                                        []int    // columns with no name in the header

	fields  [][]byte // the current record's fields (reused)
	rec     []byte   // slow path: the current record's bytes (reused)
	ends    []int    // slow path: end offset of each field in rec
	pending []Row    // wide: rows of the current record still to hand out
	next    int      // index of the next pending row

	interned map[string]string
	lastDate []byte
	lastDay  model.Date
	num      []byte // scratch for the slow number path
}

// NewMetricReader reads and checks the header of a metric CSV. file names
// the input in error messages. Errors about the file's content are
// *RowError (FILE:LINE: …).
func NewMetricReader(r io.Reader, file string, opt Options) (*MetricReader, error) {
	layout, err := ParseLayout(string(opt.Layout))
	if err != nil {
		return nil, err
	}
	opt.Layout = layout
	if opt.Pilot = strings.TrimSpace(opt.Pilot); opt.Pilot != "" {
		if why := keyProblem([]byte(opt.Pilot)); why != "" {
			return nil, fmt.Errorf("--pilot %s %s", echo(opt.Pilot), why)
		}
	}
	m := &MetricReader{
		file: file, br: bufio.NewReaderSize(r, FieldLimit), opt: opt,
		colDate: -1, colRing: -1, colMetric: -1, colValue: -1, colPilot: -1,
		interned: map[string]string{},
	}
	if b, _ := m.br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		m.br.Discard(3)
		m.consumed = 3
	}
	block, err := m.br.Peek(FieldLimit)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("%s: %w", Sanitize(file), err)
	}
	if err := m.checkText(block, len(block) == FieldLimit); err != nil {
		return nil, err
	}
	m.delim = sniffDelimiter(block)
	m.dialect.Delimiter = rune(m.delim)

	header, line, err := m.readRecord()
	if err == io.EOF {
		return nil, m.errorf(1, "the file is empty: a metric CSV starts with a header, %s (long) or %s (wide)", longHeader, wideHeader)
	}
	if err != nil {
		return nil, err
	}
	if err := m.readHeader(header, line); err != nil {
		return nil, err
	}
	m.sniffDecimalComma()
	return m, nil
}

// Dialect reports the layout, delimiter and number format of the file.
// DecimalComma may turn true while reading, once a value shows it.
func (m *MetricReader) Dialect() Dialect {
	d := m.dialect
	d.Metrics = append([]string(nil), d.Metrics...)
	return d
}

// BytesRead is how many bytes of the input have been consumed, for progress.
func (m *MetricReader) BytesRead() int64 { return m.consumed }

// Next returns the next observation, io.EOF at the end, or a *RowError for
// a record that cannot be read (that record is skipped; call Next again to
// go on). Any other error is final.
func (m *MetricReader) Next() (Row, error) {
	for {
		if m.next < len(m.pending) {
			m.next++
			return m.pending[m.next-1], nil
		}
		if m.err != nil {
			return Row{}, m.err
		}
		fields, line, err := m.readRecord()
		if err != nil {
			var re *RowError
			if errors.As(err, &re) {
				return Row{}, err
			}
			m.err = err
			return Row{}, err
		}
		if err := m.checkWidth(fields, line); err != nil {
			return Row{}, err
		}
		if m.dialect.Layout == LayoutLong {
			return m.longRow(fields, line)
		}
		if err := m.wideRow(fields, line); err != nil {
			return Row{}, err
		}
	}
}

func (m *MetricReader) errorf(line int, format string, args ...any) *RowError {
	return &RowError{File: m.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// checkText refuses binary files: a NUL byte or bytes that are not UTF-8
// in the first block. full says the block may end inside a character.
func (m *MetricReader) checkText(block []byte, full bool) error {
	lineAt := func(i int) int { return 1 + bytes.Count(block[:i], []byte{'\n'}) }
	if i := bytes.IndexByte(block, 0); i >= 0 {
		return m.errorf(lineAt(i), "this looks like a binary file (NUL byte), not CSV text: export the data as CSV (UTF-8) and import that")
	}
	if full {
		// Leave out a character cut in half by the end of the block.
		for i := len(block) - 1; i >= 0 && i >= len(block)-utf8.UTFMax; i-- {
			if utf8.RuneStart(block[i]) {
				if !utf8.FullRune(block[i:]) {
					block = block[:i]
				}
				break
			}
		}
	}
	for i := 0; i < len(block); {
		r, size := utf8.DecodeRune(block[i:])
		if r == utf8.RuneError && size == 1 {
			return m.errorf(lineAt(i), "byte 0x%02x is not UTF-8 text: save the file as CSV UTF-8 (in Excel: Save As → CSV UTF-8) and import it again", block[i])
		}
		i += size
	}
	return nil
}

// sniffDelimiter picks ',', ';' or tab: whichever occurs most often outside
// quotes in the first non-blank line (a comma on a tie or when none occurs).
func sniffDelimiter(block []byte) byte {
	line := block
	for len(line) > 0 {
		i := bytes.IndexByte(line, '\n')
		cur := line
		if i >= 0 {
			cur, line = line[:i], line[i+1:]
		} else {
			line = nil
		}
		if len(trimSpace(cur)) > 0 {
			line = cur
			break
		}
	}
	counts := map[byte]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// readHeader maps the header's columns and settles the layout.
func (m *MetricReader) readHeader(fields [][]byte, line int) error {
	m.ncols = len(fields)
	m.metricCol = make([]string, len(fields))
	seen := map[string]int{}
	var names []string
	for i, f := range fields {
		raw := trimSpace(f)
		name := strings.ToLower(string(raw))
		names = append(names, string(raw))
		if name == "" {
			m.nameless = append(m.nameless, i)
			continue
		}
		if why := keyProblem(raw); why != "" {
			return m.errorf(line, "column %d of the header, %s, %s", i+1, echo(string(raw)), why)
		}
		if j, dup := seen[name]; dup {
			return m.errorf(line, "column %s appears twice in the header (columns %d and %d): keep one", echo(string(raw)), j+1, i+1)
		}
		seen[name] = i
		m.required = i + 1
		switch name {
		case "date":
			m.colDate = i
		case "ring":
			m.colRing = i
		case "pilot":
			m.colPilot = i
		case "metric":
			m.colMetric = i
		case "value":
			m.colValue = i
		}
	}
	found := clip(strings.Join(names, string(m.delim)), 120)
	var missing []string
	if m.colDate < 0 {
		missing = append(missing, "date")
	}
	if m.colRing < 0 {
		missing = append(missing, "ring")
	}
	isLong := m.colMetric >= 0 && m.colValue >= 0
	layout := m.opt.Layout
	switch {
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
	default:
		layout = LayoutWide
	}
	if len(missing) > 0 {
		return m.errorf(line, "missing column%s %s: the header should be %s (long) or %s (wide), plus pilot when the file covers several pilots; found %s",
			pluralS(len(missing)), strings.Join(missing, ", "), longHeader, wideHeader, found)
	}
	m.dialect.Layout = layout
	m.dialect.HasPilot = m.colPilot >= 0
	if layout == LayoutWide {
		for i, f := range fields {
			if i == m.colDate || i == m.colRing || i == m.colPilot || len(trimSpace(f)) == 0 {
				continue
			}
			key := m.intern(trimSpace(f))
			m.metricCol[i] = key
			m.dialect.Metrics = append(m.dialect.Metrics, key)
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

// sniffDecimalComma looks at the values of the first buffered records: in
// a ';' or tab file, a value written 7,9 means a decimal comma.
func (m *MetricReader) sniffDecimalComma() {
	if m.delim == ',' {
		return
	}
	block, _ := m.br.Peek(m.br.Buffered())
	for n := 0; n < 100 && len(block) > 0; n++ {
		line := block
		if i := bytes.IndexByte(block, '\n'); i >= 0 {
			line, block = block[:i], block[i+1:]
		} else {
			block = nil
		}
		for i, f := range bytes.Split(line, []byte{m.delim}) {
			if i < m.ncols && m.isValueColumn(i) && bytes.IndexByte(f, ',') >= 0 {
				m.dialect.DecimalComma = true
				return
			}
		}
	}
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
	if r.Ring, err = m.key("ring", fields[m.colRing], line); err != nil {
		return Row{}, err
	}
	if r.Metric, err = m.key("metric", fields[m.colMetric], line); err != nil {
		return Row{}, err
	}
	v := trimSpace(fields[m.colValue])
	if len(v) == 0 {
		return Row{}, m.errorf(line, "empty value for metric %s: fill it in or remove the row", echo(r.Metric))
	}
	if r.Value, err = m.value(v, line, ""); err != nil {
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
	ring, err := m.key("ring", fields[m.colRing], line)
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
		v, err := m.value(cell, line, metric)
		if err != nil {
			m.pending = m.pending[:0]
			return err
		}
		m.pending = append(m.pending, Row{Line: line, Pilot: pilot, Ring: ring, Metric: metric, Day: day, Value: v})
	}
	return nil
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

// key validates a pilot, ring or metric key and returns it as a shared string.
func (m *MetricReader) key(what string, b []byte, line int) (string, error) {
	b = trimSpace(b)
	if s, ok := m.interned[string(b)]; ok {
		return s, nil
	}
	if len(b) == 0 {
		return "", m.errorf(line, "empty %s: every row needs one", what)
	}
	if why := keyProblem(b); why != "" {
		return "", m.errorf(line, "%s %s %s", what, echo(string(b)), why)
	}
	return m.intern(b), nil
}

func (m *MetricReader) intern(b []byte) string {
	if s, ok := m.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(m.interned) < maxInterned {
		m.interned[s] = s
	}
	return s
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

// day reads an ISO date or RFC 3339 timestamp. Consecutive rows usually
// share a date, so the last one is remembered.
func (m *MetricReader) day(b []byte, line int) (model.Date, error) {
	b = trimSpace(b)
	if m.lastDay != 0 && bytes.Equal(b, m.lastDate) {
		return m.lastDay, nil
	}
	if len(b) == 0 {
		return 0, m.errorf(line, "empty date: every row needs one, as YYYY-MM-DD (e.g. 2026-01-31)")
	}
	d, ok, valid := isoDate(b)
	if !ok {
		var err error
		if d, err = model.ParseDate(string(b)); err != nil {
			return 0, m.errorf(line, "date %s is not a date: use YYYY-MM-DD (e.g. 2026-01-31) or an RFC 3339 timestamp (2026-01-31T08:00:00Z)", echo(string(b)))
		}
	} else if !valid {
		return 0, m.errorf(line, "date %s does not exist: check the day and the month (YYYY-MM-DD)", echo(string(b)))
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

// value reads a finite number. In a ';' or tab file a decimal comma (7,9)
// is accepted. metric names the wide column, "" in long files.
func (m *MetricReader) value(b []byte, line int, metric string) (float64, error) {
	commaOK := m.delim != ','
	// Fast path: [sign] digits [sep digits] with at most 15 significant
	// digits: mantissa and power of ten are exact, so one division rounds
	// correctly (Clinger's fast path).
	i, neg := 0, false
	if b[0] == '+' || b[0] == '-' {
		neg, i = b[0] == '-', 1
	}
	var mant uint64
	digits, frac := 0, 0
	sep, sawDigit, fast := false, false, true
	for ; i < len(b) && fast; i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			sawDigit = true
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
		case (c == '.' || (c == ',' && commaOK)) && !sep:
			sep = true
			if c == ',' {
				m.dialect.DecimalComma = true
			}
		default:
			fast = false
		}
	}
	if fast && sawDigit && frac < len(pow10) {
		f := float64(mant) / pow10[frac]
		if neg {
			f = -f
		}
		return f, nil
	}
	return m.slowValue(b, line, metric, commaOK)
}

func (m *MetricReader) slowValue(b []byte, line int, metric string, commaOK bool) (float64, error) {
	where := ""
	if metric != "" {
		where = " in column " + echo(metric)
	}
	bad := func(hint string) (float64, error) {
		return 0, m.errorf(line, "value %s%s %s", echo(string(b)), where, hint)
	}
	example := "write it like 7.5"
	if commaOK {
		example = "write it like 7.5 or 7,5"
	}
	hasDot, hasComma := bytes.IndexByte(b, '.') >= 0, bytes.IndexByte(b, ',') >= 0
	switch {
	case hasDot && hasComma:
		return bad("mixes . and , : write it without thousands separators, like 1234.5")
	case hasComma && !commaOK:
		return bad("has a decimal comma in a comma-separated file: write it like 7.5, or use ; as the delimiter")
	}
	m.num = m.num[:0]
	for _, c := range b {
		switch {
		case c == ',':
			m.num = append(m.num, '.')
		case (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E':
			m.num = append(m.num, c)
		default:
			s := strings.ToLower(string(b))
			if s == "nan" || strings.TrimLeft(s, "+-") == "inf" || strings.TrimLeft(s, "+-") == "infinity" {
				return bad("is not a finite number: leave the cell empty or drop the row")
			}
			return bad("is not a number: " + example)
		}
	}
	f, err := strconv.ParseFloat(string(m.num), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return bad("is out of range: " + example)
		}
		return bad("is not a number: " + example)
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return bad("is not a finite number: leave the cell empty or drop the row")
	}
	if hasComma {
		m.dialect.DecimalComma = true
	}
	return f, nil
}

// readRecord returns the fields of the next non-blank record and the line
// it starts on. The fields are valid until the next call.
func (m *MetricReader) readRecord() ([][]byte, int, error) {
	for {
		chunk, complete, err := m.chunk()
		if err != nil {
			return nil, 0, err
		}
		start := m.line + 1
		var fields [][]byte
		if complete && bytes.IndexByte(chunk, '"') < 0 {
			// Fast path: a whole line without quotes, split in place. It fits
			// the buffer, so no field can exceed FieldLimit.
			m.line++
			fields = splitFields(m.fields[:0], trimEOL(chunk), m.delim)
			m.fields = fields
		} else if fields, err = m.slowRecord(chunk, complete, start); err != nil {
			return nil, start, err
		}
		if len(fields) == 1 && len(trimSpace(fields[0])) == 0 {
			continue // blank line
		}
		return fields, start, nil
	}
}

// chunk reads up to the next newline or a buffer's worth. complete says the
// chunk ends a line (with '\n', or at the end of the input).
func (m *MetricReader) chunk() ([]byte, bool, error) {
	b, err := m.br.ReadSlice('\n')
	m.consumed += int64(len(b))
	switch {
	case err == nil:
		return b, true, nil
	case err == bufio.ErrBufferFull:
		return b, false, nil
	case err == io.EOF && len(b) > 0:
		return b, true, nil
	case err == io.EOF:
		return nil, false, io.EOF
	}
	return nil, false, fmt.Errorf("%s: %w", Sanitize(m.file), err)
}

// Parser states of slowRecord.
const (
	stStart       = iota // at the start of a field
	stBare               // in an unquoted field
	stQuoted             // inside quotes
	stQuoteQuoted        // just saw a quote inside quotes: closing, or the first of ""
	stAfterQuote         // after the closing quote, before the delimiter
)

// slowRecord parses a record that has quotes or is longer than the buffer,
// copying its fields; quoted fields may span lines. Fields longer than
// FieldLimit are measured but not kept.
func (m *MetricReader) slowRecord(chunk []byte, complete bool, start int) ([][]byte, error) {
	m.rec, m.ends = m.rec[:0], m.ends[:0]
	st, flen, tooLong, quoteLine := stStart, 0, 0, 0
	add := func(c byte) {
		if flen < FieldLimit {
			m.rec = append(m.rec, c)
		}
		flen++
	}
	endField := func() {
		if flen > FieldLimit && tooLong == 0 {
			tooLong = flen
		}
		m.ends = append(m.ends, len(m.rec))
		flen, st = 0, stStart
	}
	for {
		body := chunk
		if complete {
			body = trimEOL(chunk)
		}
		for _, c := range body {
			switch st {
			case stStart:
				switch {
				case c == m.delim:
					endField()
				case c == ' ' || c == '\t':
					// leading blanks are trimmed anyway
				case c == '"':
					st, quoteLine = stQuoted, m.line+1
				default:
					add(c)
					st = stBare
				}
			case stBare, stAfterQuote:
				if c == m.delim {
					endField()
				} else {
					add(c)
				}
			case stQuoted:
				if c == '"' {
					st = stQuoteQuoted
				} else {
					add(c)
				}
			case stQuoteQuoted:
				switch c {
				case '"':
					add('"')
					st = stQuoted
				case m.delim:
					endField()
				default:
					add(c)
					st = stAfterQuote
				}
			}
		}
		var err error
		if !complete {
			// The line goes on past the buffer.
			if chunk, complete, err = m.chunk(); err == io.EOF {
				chunk, complete = nil, true
			} else if err != nil {
				return nil, err
			}
			continue
		}
		m.line++
		if st != stQuoted {
			break
		}
		// A newline inside quotes belongs to the field.
		if chunk, complete, err = m.chunk(); err == io.EOF {
			return nil, m.errorf(quoteLine, "unterminated quote: the quoted field that opens on this line never closes; add the closing \" or remove the stray one")
		} else if err != nil {
			return nil, err
		}
		add('\n')
	}
	endField()
	if tooLong > 0 {
		return nil, m.errorf(start, "field of %d bytes exceeds the %d KiB limit: is a closing quote missing, or is this not a metric CSV?", tooLong, FieldLimit>>10)
	}
	m.fields = m.fields[:0]
	from := 0
	for _, end := range m.ends {
		m.fields = append(m.fields, m.rec[from:end])
		from = end
	}
	return m.fields, nil
}

func splitFields(dst [][]byte, line []byte, delim byte) [][]byte {
	for {
		i := bytes.IndexByte(line, delim)
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// trimSpace trims blanks (and a stray CR) around a field.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func delimName(d byte) string {
	switch d {
	case '\t':
		return "tab"
	case ';':
		return "';'"
	}
	return "','"
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
