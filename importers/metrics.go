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
	// Active maps a metric to a date column (--active
	// copilot_active_users="Last Activity Date"): the metric counts, per
	// day and ring, the rows whose date in that column falls within the
	// report period (a "period" column, e.g. Report Period 7, ending on the
	// row's date; without one, on or before the row's date).
	Active map[string]string
	// Columns is the header of a file that has none (--columns, or
	// --format victoriametrics=…): its first line is data.
	Columns []string
	// RingsFrom names a user,ring file (--rings, a source's rings_from);
	// the caller reads it into Rings.
	RingsFrom string
	// Rings assigns each row of a per-user export to the ring of its user
	// (the column mapped to "user", or one called User Principal Name).
	Rings *RingMap
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
	// lookaheadMinRows is how many rows are read ahead at least, even when
	// the first already settle the date format and the decimal mark: the
	// sample over which a wide file's text columns are found.
	lookaheadMinRows = 1_000
	// aheadSlab is the size of the slabs the rows read ahead are copied
	// into.
	aheadSlab = 64 << 10
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
	active  []int // per --active metric: the rows active in the report period
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

	headless                                        bool // the header came from Options.Columns
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
	guesses  [3]keyGuess // pilot, ring, metric: see key
	lastDate []byte
	lastDay  model.Date
	num      []byte // scratch for the slow number path

	dates  dateColumn
	dec    byte   // the file's decimal mark, 0 until settled
	decBy  string // ", as line N's V shows" for messages
	values map[string]*valueColumn
	// groupNoted is the metric whose thousands separators were last found
	// already noted (value's fast path skips the look-up).
	groupNoted string

	twoWaysSaid bool                     // the refusal of dates that read two ways to the end was handed out
	counts      map[eventKey]*eventCount // --count, --active: rows per pilot, ring and day
	colUser     int                      // --rings: the user column
	colPeriod   int                      // --active: the report period column, -1 for none
	activeCols  []int                    // --active: the date column of each metric
	activeNames []string
	unmapped    int      // --rings: rows of users the map does not name
	unmappedEx  []string // a few of those users
	countsDone  bool

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
		colDate: -1, colRing: -1, colMetric: -1, colValue: -1, colPilot: -1, colUser: -1, colPeriod: -1,
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

	var header [][]byte
	line := 1
	if opt.Columns != nil {
		// A headerless export: the header is what the command line says.
		for _, c := range opt.Columns {
			header = append(header, []byte(c))
		}
		m.headless = true
	} else {
		header, line, err = m.readRecord()
		if err == io.EOF {
			return nil, m.errorf(1, "the file is empty: a metric CSV starts with a header, %s (long) or %s (wide)", longHeader, wideHeader)
		}
		if err != nil {
			return nil, err
		}
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
	if k := m.dates.settled; k != 0 {
		d.DateFormat = k.formatName() // a column the whole file settled
	}
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
	if m.dates.confLine > 0 && !m.dates.fatal && m.dates.settled&(kMDY|kDMY) != 0 {
		out = append(out, fmt.Sprintf("dates read as %s, as line %d's %s shows (the rows before it read both ways)",
			m.dates.settled.formatName(), m.dates.confLine, echo(m.dates.confText)))
	}
	if m.unmapped > 0 {
		out = append(out, fmt.Sprintf("%d row%s of users %s does not name (e.g. %s) counted in no ring: add them to %s with their ring",
			m.unmapped, pluralS(m.unmapped), Sanitize(m.opt.Rings.File), strings.Join(m.unmappedEx, ", "), Sanitize(m.opt.Rings.File)))
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
		if m.dialect.Layout == LayoutEvents && m.counts != nil && !m.countsDone && m.aheadPos >= len(m.ahead) && m.err != nil {
			// The end of an events file: hand out the counts, by day.
			m.countsDone = true
			m.pending, m.next = m.pending[:0], 0
			for k, c := range m.counts {
				if m.opt.Count != "" {
					m.pending = append(m.pending, Row{Line: c.line, Pilot: k.pilot, Ring: k.ring, Metric: m.opt.Count, Day: k.day, Value: float64(c.n)})
				}
				for i, a := range m.activeNames {
					m.pending = append(m.pending, Row{Line: c.line, Pilot: k.pilot, Ring: k.ring, Metric: a, Day: k.day, Value: float64(c.active[i])})
				}
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
			if err := m.twoWaysAtEnd(); err != nil {
				return Row{}, err
			}
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
				if err := m.twoWaysAtEnd(); err != nil {
					return Row{}, err
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
			r, err := m.longRow(fields, line)
			if err == errUnmappedUser {
				continue
			}
			return r, err
		}
		if m.dialect.Layout == LayoutEvents {
			if err := m.eventRow(fields, line); err != nil && err != errUnmappedUser {
				return Row{}, err
			}
			continue
		}
		if err := m.wideRow(fields, line); err != nil && err != errUnmappedUser {
			return Row{}, err
		}
	}
}

// twoWaysAtEnd is, once the whole file is read, the refusal of a date
// column that still reads two ways (nil otherwise, or when said already).
func (m *MetricReader) twoWaysAtEnd() error {
	if m.err != io.EOF || m.twoWaysSaid {
		return nil
	}
	if msg := m.dates.twoWays(); msg != "" {
		m.twoWaysSaid = true
		return m.errorf(m.dates.ambLine, "%s", msg)
	}
	return nil
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
