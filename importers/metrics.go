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
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"ringside/model"
)

// Layout is the shape of a metric CSV.
type Layout string

const (
	LayoutAuto Layout = ""     // detect from the header
	LayoutLong Layout = "long" // date,ring,metric,value
	LayoutWide Layout = "wide" // date,ring,METRIC1,METRIC2…
	// LayoutEvents is a file of one row per event (a ticket, a call, a
	// user): --count and --mean turn it into daily metrics.
	LayoutEvents Layout = "events"
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
	Ring   string // the ring of every row, for files without a ring column (--ring)
	// Map names columns (--map ROLE=HEADER): the role is date, ring,
	// pilot, metric or value, or a metric key that a wide column's values
	// go to.
	Map  map[string]string
	Skip []string // headers of columns that are not metrics (--skip)
	// SoftMap and SoftSkip are a source's --map and --skip: a column they
	// name may be missing from the file; Map and Skip win over them.
	SoftMap    map[string]string
	SoftSkip   []string
	DateFormat string         // --date-format: settles a date column that reads two ways
	Decimal    string         // --decimal . or ,: settles the file's decimal mark
	Location   *time.Location // zone whose day an epoch time falls on (nil: UTC)
	Sheet      string         // the sheet of a workbook (--sheet; "" the first), see WorkbookCSV
	// Count names a metric that counts the rows of each day and ring
	// (--count tickets): a file of one row per event.
	Count string
	// Means maps a metric to the column whose values it takes, one reading
	// per row (--mean resolution_h="Resolution Hours"); the day's value
	// is their mean.
	Means map[string]string
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
	Encoding     string   // "UTF-8", "UTF-16LE", "UTF-16BE" or "Windows-1252"
	DateFormat   string   // how the date column was read: YYYY-MM-DD, DD/MM/YYYY, …
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

// Limits on what one record may hold, enforced while reading so no input
// can take more memory than they allow.
const (
	// FieldLimit is the longest field a metric CSV may hold. Real fields
	// are a few bytes; anything this long is a missing quote or not a
	// metric file.
	FieldLimit = 64 << 10
	// RecordLimit is the longest record (line, or lines of one quoted record).
	RecordLimit = 1 << 20
	// ColumnLimit is the most columns a header or record may have.
	ColumnLimit = 10_000
	// MaxNotes is how many notes a reader keeps before counting the rest.
	MaxNotes = 20
)

// maxKeyLen bounds pilot, ring and metric keys.
const maxKeyLen = 200

// maxInterned bounds the table that shares key strings between rows.
const maxInterned = 1 << 16

// Lookahead bounds: the rows read before the first is handed out, over
// which the date format, the decimal mark and text columns are settled.
const (
	lookaheadBytes = 4 << 20
	lookaheadRows  = 100_000
)

const (
	longHeader = "date,ring,metric,value"
	wideHeader = "date,ring,METRIC1,METRIC2,…"
)

// dateAliases are the headers taken for the date column when none is
// called date (in this order of preference).
var dateAliases = []string{"day", "datum", "report date", "reporting date", "interval start", "interval", "timestamp",
	"time", "_time", "timegenerated", "timegenerated [utc]", "timestamp [utc]", "date (utc)", "time (utc)", "period", "jour", "date du jour", "tag"}

// totalWords mark the summary rows of a pasted pivot table.
var totalWords = []string{"total", "grand total", "totals", "sum", "gesamtergebnis", "gesamt", "summe", "total général", "total general", "totaal"}

type eventKey struct {
	pilot, ring string
	day         model.Date
}

type eventCount struct {
	n, line int
}

// maxEventKeys bounds the days × rings a --count file may have.
const maxEventKeys = 1 << 20

// bufRecord is a record read ahead: its fields (copied) or its error.
type bufRecord struct {
	fields [][]byte
	line   int
	err    error
}

// MetricReader streams observations out of a metric CSV, long or wide,
// one record at a time; memory stays bounded whatever the file's size.
type MetricReader struct {
	file    string
	br      *bufio.Reader
	opt     Options
	dialect Dialect
	delim   byte

	line     int          // physical lines consumed so far
	consumed int64        // bytes consumed so far
	counted  *countReader // converted input: counts the bytes taken from it
	err      error        // sticky: io.EOF or a read error

	ncols                                           int
	required                                        int // fields a record needs: up to the last used column
	colDate, colRing, colMetric, colValue, colPilot int
	metricCol                                       []string // wide: metric key per column, "" for other columns
	nameless                                        []int    // columns with no name in the header
	headers                                         []string // the header's names, trimmed

	fields  [][]byte // the current record's fields (reused)
	rec     []byte   // slow path: the current record's bytes (reused)
	ends    []int    // slow path: end offset of each field in rec
	pending []Row    // wide: rows of the current record still to hand out
	next    int      // index of the next pending row

	ahead    []bufRecord // records read ahead, still to hand out
	aheadPos int

	interned map[string]string
	lastDate []byte
	lastDay  model.Date
	num      []byte // scratch for the slow number path

	dates  dateColumn
	dec    byte   // the file's decimal mark, 0 until settled
	decBy  string // ", as line N's V shows" for messages
	values map[string]*valueColumn

	counts     map[eventKey]*eventCount // --count: rows per pilot, ring and day
	countsDone bool

	notes     []string
	moreNotes int
	totals    int // Total rows skipped
	totalLine int
}

// NewMetricReader reads and checks the header of a metric CSV, then reads
// ahead to settle the date format and the decimal mark. file names the
// input in error messages. Errors about the file's content are *RowError
// (FILE:LINE: …).
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
	if opt.Count = strings.TrimSpace(opt.Count); opt.Count != "" {
		if why := keyProblem([]byte(opt.Count)); why != "" {
			return nil, fmt.Errorf("--count %s %s", echo(opt.Count), why)
		}
	}
	if opt.Ring = strings.TrimSpace(opt.Ring); opt.Ring != "" {
		if why := keyProblem([]byte(opt.Ring)); why != "" {
			return nil, fmt.Errorf("--ring %s %s", echo(opt.Ring), why)
		}
	}
	m := &MetricReader{
		file: file, opt: opt,
		colDate: -1, colRing: -1, colMetric: -1, colValue: -1, colPilot: -1,
		interned: map[string]string{}, values: map[string]*valueColumn{},
	}
	if m.dates.forced, err = ParseDateFormat(opt.DateFormat); err != nil {
		return nil, fmt.Errorf("--date-format: %w", err)
	}
	if m.dec, err = ParseDecimal(opt.Decimal); err != nil {
		return nil, fmt.Errorf("--decimal: %w", err)
	}
	if m.dec != 0 {
		m.decBy = " (--decimal)"
	}
	m.dates.loc = opt.Location
	src, enc, consumed, counted, err := decodeInput(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Sanitize(file), err)
	}
	m.br, m.consumed, m.counted = src, consumed, counted
	m.dialect.Encoding = enc
	if enc != "UTF-8" {
		m.note("read as %s text and converted to UTF-8", enc)
	}
	block, err := m.br.Peek(FieldLimit)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("%s: %w", Sanitize(file), err)
	}
	if err := m.checkText(block, len(block) == FieldLimit); err != nil {
		return nil, err
	}
	// Excel's hint line: sep=; names the delimiter.
	if d, n := sepLine(block); n > 0 {
		m.br.Discard(n)
		m.consumed += int64(n)
		m.line++
		m.delim = d
		block = block[n:]
	} else {
		m.delim = sniffDelimiter(block)
	}
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
	if err := m.lookahead(); err != nil {
		return nil, err
	}
	return m, nil
}

// sepLine recognises a first line "sep=X" and returns X and the line's length.
func sepLine(block []byte) (byte, int) {
	if len(block) < 5 || !bytes.EqualFold(block[:4], []byte("sep=")) {
		return 0, 0
	}
	d := block[4]
	rest := block[5:]
	n := 5
	if len(rest) > 0 && rest[0] == '\r' {
		rest, n = rest[1:], n+1
	}
	if len(rest) > 0 && rest[0] == '\n' {
		n++
	} else if len(rest) > 0 {
		return 0, 0
	}
	if d == '\n' || d == '\r' || d == '"' || d == 0 {
		return 0, 0
	}
	return d, n
}

// Dialect reports the layout, delimiter and number format of the file.
func (m *MetricReader) Dialect() Dialect {
	d := m.dialect
	d.Metrics = append([]string(nil), d.Metrics...)
	d.DecimalComma = m.dec == ','
	return d
}

// Notes are what the reader did that the user should know: the encoding
// it converted, the date format and decimal mark it settled, units it
// stripped, thousands separators it read, Total rows it skipped. At most
// MaxNotes, then a count.
func (m *MetricReader) Notes() []string {
	out := append([]string{}, m.notes...)
	if m.totals > 0 {
		out = append(out, fmt.Sprintf("skipped %d Total row%s (line %d): a pivot table's sums are not observations", m.totals, pluralS(m.totals), m.totalLine))
	}
	if m.moreNotes > 0 {
		out = append(out, fmt.Sprintf("… and %d more notes", m.moreNotes))
	}
	for i, n := range out {
		out[i] = model.Line(n)
	}
	return out
}

func (m *MetricReader) note(format string, args ...any) {
	if len(m.notes) < MaxNotes {
		m.notes = append(m.notes, fmt.Sprintf(format, args...))
	} else {
		m.moreNotes++
	}
}

// BytesRead is how many bytes of the input have been consumed, for progress.
func (m *MetricReader) BytesRead() int64 {
	if m.counted != nil {
		return m.counted.n
	}
	return m.consumed
}

// Next returns the next observation, io.EOF at the end, or a *RowError for
// a record that cannot be read (that record is skipped; call Next again to
// go on). Any other error is final.
func (m *MetricReader) Next() (Row, error) {
	for {
		if m.next < len(m.pending) {
			m.next++
			return m.pending[m.next-1], nil
		}
		var fields [][]byte
		var line int
		if m.dialect.Layout == LayoutEvents && m.opt.Count != "" && !m.countsDone && m.aheadPos >= len(m.ahead) && m.err != nil {
			// The end of an events file: hand out the counts, by day.
			m.countsDone = true
			m.pending, m.next = m.pending[:0], 0
			for k, c := range m.counts {
				m.pending = append(m.pending, Row{Line: c.line, Pilot: k.pilot, Ring: k.ring, Metric: m.opt.Count, Day: k.day, Value: float64(c.n)})
			}
			slices.SortFunc(m.pending, func(a, b Row) int { return a.Line - b.Line })
			continue
		}
		if m.aheadPos < len(m.ahead) {
			br := m.ahead[m.aheadPos]
			m.ahead[m.aheadPos] = bufRecord{}
			m.aheadPos++
			if m.aheadPos == len(m.ahead) {
				m.ahead, m.aheadPos = nil, 0
			}
			if br.err != nil {
				return Row{}, br.err
			}
			fields, line = br.fields, br.line
		} else {
			if m.err != nil {
				return Row{}, m.err
			}
			var err error
			fields, line, err = m.readRecord()
			if err != nil {
				var re *RowError
				if errors.As(err, &re) {
					return Row{}, err
				}
				m.err = err
				if err == io.EOF && m.dialect.Layout == LayoutEvents && !m.countsDone {
					continue
				}
				return Row{}, err
			}
		}
		if m.isTotal(fields) {
			if m.totals++; m.totals == 1 {
				m.totalLine = line
			}
			continue
		}
		if err := m.checkWidth(fields, line); err != nil {
			return Row{}, err
		}
		if m.dialect.Layout == LayoutLong {
			return m.longRow(fields, line)
		}
		if m.dialect.Layout == LayoutEvents {
			if err := m.eventRow(fields, line); err != nil {
				return Row{}, err
			}
			continue
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
	if m.looksLikeData(fields) {
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
	for _, s := range m.opt.SoftSkip {
		for _, i := range byName[strings.ToLower(strings.TrimSpace(s))] {
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
	if m.opt.Ring != "" {
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
	if m.colRing < 0 && m.opt.Ring == "" {
		missing = append(missing, "ring")
	}
	isLong := m.colMetric >= 0 && m.colValue >= 0
	layout := m.opt.Layout
	events := m.opt.Count != "" || len(m.opt.Means) > 0
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
		if len(f) == 0 || len(f) > 16 || !isLetter(f[0]) {
			return false
		}
		s := strings.ToLower(strings.TrimRight(string(f), ":"))
		return slices.Contains(totalWords, s)
	}
	return check(m.colDate) || check(0) || check(m.colRing)
}

// lookahead reads the first records into memory and settles, over all of
// them, the date column's format, the file's decimal mark and which
// columns hold text, not numbers.
func (m *MetricReader) lookahead() error {
	size := 0
	for len(m.ahead) < lookaheadRows && size < lookaheadBytes {
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
		buf := make([]byte, 0, n)
		cp := make([][]byte, len(fields))
		for i, f := range fields {
			from := len(buf)
			buf = append(buf, f...)
			cp[i] = buf[from:len(buf):len(buf)]
		}
		size += n + 24*len(fields) + 64
		m.ahead = append(m.ahead, bufRecord{fields: cp, line: line})
	}
	type colStat struct{ nums, texts, firstLine int }
	stats := make([]colStat, m.ncols)
	decLine, decText := 0, ""
	for _, r := range m.ahead {
		if r.err != nil || m.isTotal(r.fields) {
			continue
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
	if k := m.dates.settled; k != 0 {
		m.dialect.DateFormat = k.formatName()
		switch k {
		case kISO:
		case kEpochS, kEpochMS:
			zone := "UTC"
			if m.opt.Location != nil {
				zone = m.opt.Location.String()
			}
			m.note("dates read as %s (line %d: %s), each the day it falls on in zone %s (--tz to change)", k.formatName(), m.dates.byLine, echo(m.dates.byText), zone)
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
		k := eventKey{pilot, ring, day}
		if c := m.counts[k]; c != nil {
			c.n++
		} else if len(m.counts) < maxEventKeys {
			m.counts[k] = &eventCount{n: 1, line: line}
		} else {
			m.pending = m.pending[:0]
			return m.fatalf(line, "more than %d days × rings to count: is the date column a date?", maxEventKeys)
		}
	}
	return nil
}

func (m *MetricReader) ring(fields [][]byte, line int) (string, error) {
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
			if d, msg = m.dates.parse(b); msg != "" {
				if c, ok := parseDateCell(b); ok && c.mask&(kISO|kNamed) != 0 {
					msg = fmt.Sprintf("date %s does not exist: check the day and the month", echo(string(b)))
				}
				return 0, m.errorf(line, "%s", msg)
			}
		}
	} else {
		var msg string
		if d, msg = m.dates.parse(b); msg != "" {
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
	if fast && groups > 0 {
		// Say once per metric that thousands separators were read.
		if vc := m.values[metric]; vc == nil || !vc.groupNote {
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

// readRecord returns the fields of the next non-blank record and the line
// it starts on. The fields are valid until the next call.
func (m *MetricReader) readRecord() ([][]byte, int, error) {
	if m.err != nil {
		return nil, 0, m.err
	}
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
			if len(fields) > ColumnLimit {
				return nil, start, m.fatalf(start, "row has more than %d columns, the most a metric CSV may have: is this a metric export?", ColumnLimit)
			}
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
	total := 0
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
		if len(m.ends) <= ColumnLimit {
			m.ends = append(m.ends, len(m.rec))
		}
		flen, st = 0, stStart
	}
	for {
		if total += len(chunk); total > RecordLimit {
			return nil, m.fatalf(start, "record longer than the %d MiB limit: is a closing quote missing, or is this not a metric CSV? Nothing after this line was read", RecordLimit>>20)
		}
		if len(m.ends) > ColumnLimit {
			return nil, m.fatalf(start, "row has more than %d columns, the most a metric CSV may have: is this a metric export?", ColumnLimit)
		}
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

// fatalf is an error after which the reader reads no further: the
// record is too big to find where it ends.
func (m *MetricReader) fatalf(line int, format string, args ...any) *RowError {
	m.err = io.EOF
	return m.errorf(line, format, args...)
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
