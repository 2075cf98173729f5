package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ringside/internal/golden"
	"ringside/model"
)

const metricCSVDir = "../testdata/csv"

// readAllMetrics reads a whole input, collecting rows and row errors.
func readAllMetrics(t testing.TB, r io.Reader, name string, opt Options) (*MetricReader, []Row, []string, error) {
	t.Helper()
	m, err := NewMetricReader(r, name, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	var rows []Row
	var errs []string
	for i := 0; ; i++ {
		if i > 1_000_000 {
			t.Fatal("reader does not terminate")
		}
		row, err := m.Next()
		if err == io.EOF {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			errs = append(errs, err.Error())
			continue
		}
		if err != nil {
			t.Fatalf("unexpected final error: %v", err)
		}
		rows = append(rows, row)
	}
	return m, rows, errs, nil
}

func readMetricFile(t testing.TB, name string, opt Options) (*MetricReader, []Row, []string, error) {
	t.Helper()
	f, err := os.Open(filepath.Join(metricCSVDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAllMetrics(t, f, name, opt)
}

func metricRowText(r Row) string {
	return fmt.Sprintf("%d %s %s %s %s %s", r.Line, r.Pilot, r.Ring, r.Metric, r.Day, strconv.FormatFloat(r.Value, 'f', -1, 64))
}

var claimsOpt = Options{Pilot: "claims-triage"}

func TestMetricReaderDialects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file    string
		opt     Options
		dialect Dialect
		rows    []string
	}{
		{"long.csv", claimsOpt, Dialect{Layout: LayoutLong, Delimiter: ','}, []string{
			"2 claims-triage baseline triage_min 2026-01-05 12.1",
			"3 claims-triage baseline misroute_pct 2026-01-05 8",
			"4 claims-triage pilot triage_min 2026-01-26 7.9",
			"5 claims-triage pilot misroute_pct 2026-01-26 7.6",
			"6 claims-triage pilot triage_min 2026-01-27 7.4",
			"7 claims-triage pilot misroute_pct 2026-01-27 7.9",
			"8 claims-triage canary triage_min 2026-01-27 11.2",
			"9 claims-triage canary misroute_pct 2026-01-27 8.3",
		}},
		{"long_pilot.csv", Options{}, Dialect{Layout: LayoutLong, Delimiter: ',', HasPilot: true}, []string{
			"2 claims-triage pilot triage_min 2026-01-26 7.9",
			"3 claims-triage pilot misroute_pct 2026-01-26 7.6",
			"4 claims-triage canary triage_min 2026-01-27 11.2",
			"5 invoice-matching pilot match_rate 2026-01-27 91.5",
		}},
		{"wide.csv", claimsOpt, Dialect{Layout: LayoutWide, Delimiter: ',', Metrics: []string{"triage_min", "misroute_pct"}}, []string{
			"2 claims-triage baseline triage_min 2026-01-05 12.1",
			"2 claims-triage baseline misroute_pct 2026-01-05 8",
			"3 claims-triage pilot triage_min 2026-01-26 7.9",
			"3 claims-triage pilot misroute_pct 2026-01-26 7.6",
			"4 claims-triage pilot triage_min 2026-01-27 7.4", // empty misroute_pct cell: absent, not zero
			"5 claims-triage canary triage_min 2026-01-27 11.2",
			"5 claims-triage canary misroute_pct 2026-01-27 8.3",
		}},
		{"semicolon_decimal_comma.csv", claimsOpt, Dialect{Layout: LayoutLong, Delimiter: ';', DecimalComma: true}, []string{
			"2 claims-triage pilot triage_min 2026-01-26 7.9",
			"3 claims-triage pilot misroute_pct 2026-01-26 7.6",
			"4 claims-triage canary triage_min 2026-01-27 11",
		}},
		{"tab.tsv", claimsOpt, Dialect{Layout: LayoutWide, Delimiter: '\t', Metrics: []string{"triage_min", "misroute_pct"}}, []string{
			"2 claims-triage pilot triage_min 2026-01-26 7.9",
			"2 claims-triage pilot misroute_pct 2026-01-26 7.6",
			"3 claims-triage canary triage_min 2026-01-27 11.2",
			"3 claims-triage canary misroute_pct 2026-01-27 8.3",
		}},
		{"bom_crlf.csv", claimsOpt, Dialect{Layout: LayoutLong, Delimiter: ','}, []string{
			"2 claims-triage pilot triage_min 2026-01-26 7.9",
			"3 claims-triage pilot misroute_pct 2026-01-26 7.6",
		}},
		{"quoted_spaces.csv", claimsOpt, Dialect{Layout: LayoutLong, Delimiter: ','}, []string{
			"2 claims-triage pilot triage_min 2026-01-26 7.9",
			"3 claims-triage pilot misroute_pct 2026-01-26 7.6",
			"4 claims-triage canary triage_min 2026-01-27 11.2",
		}},
		{"timestamps.csv", claimsOpt, Dialect{Layout: LayoutLong, Delimiter: ','}, []string{
			"2 claims-triage pilot triage_min 2026-01-26 7.9",
			"3 claims-triage pilot triage_min 2026-01-26 8.1", // 23:30 at +01:00 is still the 26th there
			"4 claims-triage canary misroute_pct 2026-01-27 8.3",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, rows, errs, err := readMetricFile(t, tt.file, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) > 0 {
				t.Errorf("row errors: %q", errs)
			}
			if tt.dialect.Encoding == "" {
				tt.dialect.Encoding, tt.dialect.DateFormat = "UTF-8", "YYYY-MM-DD"
			}
			if got, want := fmt.Sprintf("%+v", m.Dialect()), fmt.Sprintf("%+v", tt.dialect); got != want {
				t.Errorf("dialect = %s, want %s", got, want)
			}
			var got []string
			for _, r := range rows {
				got = append(got, metricRowText(r))
			}
			if strings.Join(got, "\n") != strings.Join(tt.rows, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.rows, "\n"))
			}
			info, _ := os.Stat(filepath.Join(metricCSVDir, tt.file))
			if m.BytesRead() != info.Size() {
				t.Errorf("BytesRead = %d, want the file size %d", m.BytesRead(), info.Size())
			}
		})
	}
}

// TestMetricReaderBrokenFiles pins every message a broken file produces
// (rendered output: regenerate with -update) and checks that good rows
// around a bad one still come through.
func TestMetricReaderBrokenFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		opt      Options
		fatal    string // substring of the NewMetricReader error, or ""
		rows     int
		rowErrs  int
		contains string // substring of the first row error
	}{
		{file: "missing_column.csv", opt: claimsOpt, fatal: `missing_column.csv:1: missing column ring: the header should be date,ring,metric,value`},
		{file: "non_numeric.csv", opt: claimsOpt, rows: 2, rowErrs: 2, contains: `non_numeric.csv:3: value "about eight" of metric "triage_min" is not a number`},
		{file: "bad_date.csv", opt: claimsOpt, rows: 1, rowErrs: 2, contains: `bad_date.csv:3: date "2026-02-30" does not exist`},
		{file: "unterminated_quote.csv", opt: claimsOpt, rows: 1, rowErrs: 1, contains: `unterminated_quote.csv:3: unterminated quote`},
		{file: "empty.csv", opt: claimsOpt, fatal: `empty.csv:1: the file is empty`},
		{file: "binary.bin", opt: claimsOpt, fatal: `binary.bin:1: this looks like a binary file (NUL byte)`},
		{file: "control_chars.csv", opt: claimsOpt, rows: 2, rowErrs: 2, contains: `control_chars.csv:3: ring "pi\x1b[2Jlot" contains control characters`},
		{file: "long.csv", opt: Options{}, fatal: `long.csv:1: no pilot column and no --pilot`},
		{file: "wide.csv", opt: Options{Pilot: "claims-triage", Layout: LayoutLong}, fatal: `wide.csv:1: missing columns metric, value`},
		{file: "long.csv", opt: Options{Pilot: "claims-triage", Layout: LayoutWide}, fatal: `long.csv:1: the header has metric and value columns`},
	}
	var golden strings.Builder
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, rows, errs, err := readMetricFile(t, tt.file, tt.opt)
			fmt.Fprintf(&golden, "== %s layout=%q pilot=%q\n", tt.file, tt.opt.Layout, tt.opt.Pilot)
			if tt.fatal != "" {
				if err == nil {
					t.Fatalf("no error, want %q", tt.fatal)
				}
				var re *RowError
				if !errors.As(err, &re) {
					t.Errorf("error %T is not a *RowError", err)
				}
				if !strings.Contains(err.Error(), tt.fatal) {
					t.Errorf("error %q lacks %q", err, tt.fatal)
				}
				assertPrintable(t, err.Error())
				fmt.Fprintln(&golden, err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.rows || len(errs) != tt.rowErrs {
				t.Errorf("%d rows, %d errors %q; want %d rows, %d errors", len(rows), len(errs), errs, tt.rows, tt.rowErrs)
			}
			if len(errs) == 0 || !strings.Contains(errs[0], tt.contains) {
				t.Errorf("first error %q lacks %q", errs, tt.contains)
			}
			for _, e := range errs {
				assertPrintable(t, e)
				fmt.Fprintln(&golden, e)
			}
		})
	}
	checkMetricGolden(t, filepath.Join(metricCSVDir, "broken_errors.golden"), golden.String())
}

func checkMetricGolden(t *testing.T, path, got string) {
	t.Helper()
	golden.AssertString(t, path, got)
}

// assertPrintable fails when s could act on a terminal.
func assertPrintable(t testing.TB, s string) {
	t.Helper()
	if !metricUTF8Valid(s) {
		t.Errorf("message is not UTF-8: %q", s)
	}
	for _, r := range s {
		if model.UnsafeRune(r) {
			t.Errorf("message holds control character %U: %q", r, s)
			return
		}
	}
}

func metricUTF8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestMetricReaderHugeField(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("9", 200<<10) // past the field limit, within the record limit
	in := "date,ring,metric,value\n" +
		"2026-01-26,pilot,triage_min," + huge + "\n" +
		"2026-01-27,pilot,triage_min,\"" + huge + "\"\n" +
		"2026-01-28,pilot,triage_min,7.5\n"
	_, rows, errs, err := readAllMetrics(t, strings.NewReader(in), "huge.csv", claimsOpt)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"huge.csv:2: field of 204800 bytes exceeds the 64 KiB limit: is a closing quote missing, or is this not a metric CSV?",
		"huge.csv:3: field of 204800 bytes exceeds the 64 KiB limit: is a closing quote missing, or is this not a metric CSV?",
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors %q, want %q", errs, want)
	}
	if len(rows) != 1 || metricRowText(rows[0]) != "4 claims-triage pilot triage_min 2026-01-28 7.5" {
		t.Errorf("rows %v", rows)
	}
}

func TestMetricReaderFieldLimitBoundary(t *testing.T) {
	t.Parallel()
	// A key of exactly FieldLimit bytes passes the field limit (and fails as a
	// key); one byte more fails the field limit.
	for _, n := range []int{FieldLimit, FieldLimit + 1} {
		in := "date,ring,metric,value\n2026-01-26,pilot," + strings.Repeat("m", n) + ",7\n"
		_, _, errs, err := readAllMetrics(t, strings.NewReader(in), "f.csv", claimsOpt)
		if err != nil {
			t.Fatal(err)
		}
		want := "is 65536 bytes long"
		if n > FieldLimit {
			want = "field of 65537 bytes exceeds"
		}
		if len(errs) != 1 || !strings.Contains(errs[0], want) {
			t.Errorf("n=%d: errors %q, want %q", n, errs, want)
		}
		for _, e := range errs {
			if len(e) > 300 {
				t.Errorf("message of %d bytes: echoed values must be cut short", len(e))
			}
		}
	}
}

func TestMetricReaderRows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		opt  Options
		want string // rows and errors, one per line
	}{
		{"quoted newline inside a field is part of the field", "date,ring,metric,value\n2026-01-26,\"pi\nlot\",m,1\n2026-01-27,pilot,m,2\n", claimsOpt,
			"t.csv:2: ring \"pi\\x0alot\" contains control characters or escape sequences: remove them\n4 claims-triage pilot m 2026-01-27 2"},
		{"doubled quotes", "date,ring,metric,value\n2026-01-26,\"pi\"\"lot\",m,1\n", claimsOpt,
			"2 claims-triage pi\"lot m 2026-01-26 1"},
		{"blank lines are skipped", "\n\ndate,ring,metric,value\n\n2026-01-26,pilot,m,1\n   \n2026-01-27,pilot,m,2", claimsOpt,
			"5 claims-triage pilot m 2026-01-26 1\n7 claims-triage pilot m 2026-01-27 2"},
		{"too few fields", "date,ring,metric,value\n2026-01-26,pilot,m\n", claimsOpt,
			"t.csv:2: row has 3 fields but the header has 4 columns: give every column a value (delimiter ',')"},
		{"extra non-empty field", "date,ring,metric,value\n2026-01-26,pilot,m,1,2\n", claimsOpt,
			"t.csv:2: row has 5 fields but the header has 4 columns: remove the extra values or name their column in the header"},
		{"extra empty fields are fine", "date,ring,metric,value\n2026-01-26,pilot,m,1,,\n", claimsOpt,
			"2 claims-triage pilot m 2026-01-26 1"},
		{"trailing nameless column", "date,ring,metric,value,\n2026-01-26,pilot,m,1\n2026-01-27,pilot,m,2,x\n", claimsOpt,
			"2 claims-triage pilot m 2026-01-26 1\nt.csv:3: column 5 has no name in the header but holds \"x\" here: name the column or empty it"},
		{"empty value in long", "date,ring,metric,value\n2026-01-26,pilot,m,\n", claimsOpt,
			"t.csv:2: empty value for metric \"m\": fill it in or remove the row"},
		{"empty ring", "date,ring,metric,value\n2026-01-26,,m,1\n", claimsOpt,
			"t.csv:2: empty ring: every row needs one"},
		{"empty pilot cell falls back to --pilot", "pilot,date,ring,metric,value\n,2026-01-26,pilot,m,1\nother,2026-01-26,pilot,m,2\n", claimsOpt,
			"2 claims-triage pilot m 2026-01-26 1\n3 other pilot m 2026-01-26 2"},
		{"empty pilot cell without --pilot", "pilot,date,ring,metric,value\n,2026-01-26,pilot,m,1\n", Options{},
			"t.csv:2: empty pilot: fill in the pilot column or pass --pilot SLUG"},
		{"wide row with a bad cell is rejected whole", "date,ring,a,b\n2026-01-26,pilot,1,x\n2026-01-27,pilot,,\n2026-01-28,pilot,,3\n", claimsOpt,
			"t.csv:2: value \"x\" in column \"b\" is not a number: write it like 7.5, 1,234.5, 1.234,5 or 81.7%\n4 claims-triage pilot b 2026-01-28 3"},
		{"wide with pilot column anywhere", "a,pilot,date,ring\n5,p1,2026-01-26,pilot\n", Options{},
			"2 p1 pilot a 2026-01-26 5"},
		// A quoted 7,9 cannot group thousands: it shows a decimal comma.
		{"decimal comma in a comma file", "date,ring,metric,value\n2026-01-26,pilot,m,\"7,9\"\n", claimsOpt,
			"2 claims-triage pilot m 2026-01-26 7.9"},
		// US "2,472" in a comma file is 2472, never 2.472.
		{"US thousands in a comma file", "date,ring,metric,value\n2026-01-26,pilot,m,\"2,472\"\n2026-01-26,pilot,n,81.7\n", claimsOpt,
			"2 claims-triage pilot m 2026-01-26 2472\n3 claims-triage pilot n 2026-01-26 81.7"},
		{"thousands separators", "date;ring;metric;value\n2026-01-26;pilot;m;1.234,5\n", claimsOpt,
			"2 claims-triage pilot m 2026-01-26 1234.5"},
		{"two decimal marks in one file", "date;ring;metric;value\n2026-01-26;pilot;m;1,5\n2026-01-26;pilot;n;2.5\n", claimsOpt,
			"2 claims-triage pilot m 2026-01-26 1.5\nt.csv:3: value \"2.5\" of metric \"n\" has a decimal point, but the file's decimal mark is \",\", as line 2's \"1,5\" shows: one file has one decimal mark; fix the value or pass --decimal"},
		{"exponent and signs", "date,ring,metric,value\n2026-01-26,pilot,m,1e3\n2026-01-26,pilot,n,-0.25\n2026-01-26,pilot,o,+3\n", claimsOpt,
			"2 claims-triage pilot m 2026-01-26 1000\n3 claims-triage pilot n 2026-01-26 -0.25\n4 claims-triage pilot o 2026-01-26 3"},
		{"infinity and overflow", "date,ring,metric,value\n2026-01-26,pilot,m,-Inf\n2026-01-26,pilot,m,1e999\n2026-01-26,pilot,m,0x10\n", claimsOpt,
			"t.csv:2: value \"-Inf\" of metric \"m\" is not a finite number: leave the cell empty or drop the row\n" +
				"t.csv:3: value \"1e999\" of metric \"m\" is out of range: values beyond ±1e+100 are refused\n" +
				"t.csv:4: value \"0x10\" of metric \"m\" is not a number: write it like 7.5, 1,234.5, 1.234,5 or 81.7%"},
		{"date before 1970-01-02", "date,ring,metric,value\n1970-01-01,pilot,m,1\n", claimsOpt,
			"t.csv:2: date \"1970-01-01\" is before 1970-01-02: ringside counts days from 1970; check the year"},
		{"bidi override in a metric", "date,ring,metric,value\n2026-01-26,pilot,m\u202eab,1\n", claimsOpt,
			"t.csv:2: metric \"m\\u202eab\" contains control characters or escape sequences: remove them"},
		{"C1 CSI in a metric", "date,ring,metric,value\n2026-01-26,pilot,m\u009b31m,1\n", claimsOpt,
			"t.csv:2: metric \"m\\u009b31m\" contains control characters or escape sequences: remove them"},
		{"invalid UTF-8 past the first block is refused per row", "date,ring,metric,value\n" + strings.Repeat("\n", FieldLimit) + "2026-01-26,pilot,m\xff,1\n", claimsOpt,
			fmt.Sprintf("t.csv:%d: metric \"m\\xff\" is not valid UTF-8: save the file as CSV UTF-8", FieldLimit+2)},
		{"long echo is cut", "date,ring,metric,value\n2026-01-26,pilot,m," + strings.Repeat("x", 100) + "\n", claimsOpt,
			"t.csv:2: value \"" + strings.Repeat("x", 40) + "…\" of metric \"m\" is not a number: write it like 7.5, 1,234.5, 1.234,5 or 81.7%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := NewMetricReader(strings.NewReader(tt.in), "t.csv", tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for {
				row, err := m.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					assertPrintable(t, err.Error())
					got = append(got, err.Error())
					continue
				}
				got = append(got, metricRowText(row))
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}

func TestNewMetricReaderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		opt      Options
		want     string
	}{
		{"only a BOM", "\xef\xbb\xbf", claimsOpt, "t.csv:1: the file is empty: a metric CSV starts with a header, date,ring,metric,value (long) or date,ring,METRIC1,METRIC2,… (wide)"},
		{"only blank lines", "\n \r\n", claimsOpt, "t.csv:1: the file is empty"},
		{"NUL on line 3", "date,ring,metric,value\n2026-01-26,pilot,m,1\n\x00", claimsOpt, "t.csv:3: this looks like a binary file"},
		{"duplicate column", "date,ring,Ring,metric,value\n", claimsOpt, "t.csv:1: column \"ring\" appears 2 times in the header (columns 2 and 3): keep one"},
		{"duplicate metric column", "date,ring,a,A\n", claimsOpt, "t.csv:1: column \"A\" appears twice in the header (columns 3 and 4): --skip A if it is no metric"},
		{"value without metric", "date,ring,value\n", claimsOpt, "t.csv:1: the header has a value column but no metric column: a long file is date,ring,metric,value"},
		{"no header row", "2026-01-26,pilot,m,1\n", claimsOpt, "t.csv:1: no header row: the first row holds data"},
		{"too many columns", "date,ring" + strings.Repeat(",m", ColumnLimit) + "\n", claimsOpt, "t.csv:1: row has more than 10000 columns"},
		{"text columns", "Date,Ring,Queue,Report Period,aht\n2026-01-26,pilot,Billing,P7D,5\n", claimsOpt, "t.csv:1: columns \"Queue\", \"Report Period\" hold text"},
		{"wide without metrics", "date,ring\n", claimsOpt, "t.csv:1: no metric columns"},
		{"control character in a header", "date,ring,tri\x1bage\n", claimsOpt, "t.csv:1: column 3 of the header, \"tri\\x1bage\", contains control characters"},
		{"missing date and ring", "metric,value\n", claimsOpt, "t.csv:1: missing columns date, ring: the header should be date,ring,metric,value (long) or date,ring,METRIC1,METRIC2,… (wide), plus pilot when the file covers several pilots; found metric,value"},
		{"unknown format", "date,ring,m\n", Options{Pilot: "p", Layout: "tall"}, "unknown format \"tall\": use one of auto, long, wide"},
		{"bad --pilot", "date,ring,m\n", Options{Pilot: "p\x1b"}, "--pilot \"p\\x1b\" contains control characters"},
		{"header-only unterminated quote", "date,\"ring\n", claimsOpt, "t.csv:1: unterminated quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewMetricReader(strings.NewReader(tt.in), "t.csv", tt.opt)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %v, want prefix %q", err, tt.want)
			}
			assertPrintable(t, err.Error())
		})
	}
}

func TestHeaderOnlyFileHasNoRows(t *testing.T) {
	t.Parallel()
	m, err := NewMetricReader(strings.NewReader("date,ring,metric,value\n"), "t.csv", claimsOpt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Next(); err != io.EOF {
		t.Fatalf("Next = %v, want io.EOF", err)
	}
	if _, err := m.Next(); err != io.EOF {
		t.Fatalf("second Next = %v, want io.EOF again", err)
	}
}

// failingMetricReader serves some 70 KB of good rows, then fails.
type failingMetricReader struct{ data []byte }

func (f *failingMetricReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadErrorIsFinal(t *testing.T) {
	t.Parallel()
	data := "date,ring,metric,value\n" + strings.Repeat("2026-01-26,pilot,m,1\n", 70000/21)
	m, err := NewMetricReader(&failingMetricReader{data: []byte(data)}, "t.csv", claimsOpt)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for {
		_, err = m.Next()
		if err != nil {
			break
		}
		rows++
	}
	var re *RowError
	if errors.As(err, &re) || err.Error() != "t.csv: disk on fire" {
		t.Fatalf("Next = %v, want the read error", err)
	}
	if rows != 70000/21 {
		t.Errorf("%d rows before the error, want %d", rows, 70000/21)
	}
	if _, err2 := m.Next(); err2 != err {
		t.Fatalf("error not sticky: %v", err2)
	}
}

func TestIsoDateMatchesParseDate(t *testing.T) {
	t.Parallel()
	start := model.MustDate("1970-01-02")
	for d := start; d < model.MustDate("2100-12-31"); d += 17 {
		s := d.String()
		got, ok, valid := isoDate([]byte(s))
		if !ok || !valid || got != d {
			t.Fatalf("isoDate(%s) = %v %v %v, want %v", s, got, ok, valid, d)
		}
	}
	for _, s := range []string{"2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "1900-02-29"} {
		if _, ok, valid := isoDate([]byte(s)); !ok || valid {
			t.Errorf("isoDate(%s): ok %v valid %v, want shape ok and invalid", s, ok, valid)
		}
	}
	if d, _, valid := isoDate([]byte("2024-02-29")); !valid || d != model.MustDate("2024-02-29") {
		t.Errorf("leap day 2024-02-29 rejected")
	}
}

// TestFastNumbersMatchStrconv checks the fast number path against strconv
// on random decimals, the cases where a hand-made parser goes wrong.
func TestFastNumbersMatchStrconv(t *testing.T) {
	t.Parallel()
	m := &MetricReader{delim: ';', dec: '.', values: map[string]*valueColumn{}}
	mc := &MetricReader{delim: ';', dec: ',', values: map[string]*valueColumn{}}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		intDigits, fracDigits := rng.IntN(10), rng.IntN(10)
		var b strings.Builder
		if rng.IntN(3) == 0 {
			b.WriteByte('-')
		}
		for range intDigits {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		if fracDigits > 0 || intDigits == 0 {
			b.WriteByte('.')
			for range max(fracDigits, 1) {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
		}
		s := b.String()
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("strconv %q: %v", s, err)
		}
		got, err := m.value([]byte(s), 1, "", "")
		if err != nil || got != want || math.Signbit(got) != math.Signbit(want) {
			t.Fatalf("value(%q) = %v, %v; want %v", s, got, err, want)
		}
		comma := strings.Replace(s, ".", ",", 1)
		if got, err := mc.value([]byte(comma), 1, "", ""); err != nil || got != want {
			t.Fatalf("value(%q) = %v, %v; want %v", comma, got, err, want)
		}
	}
	for _, s := range []string{"0.1", "0.3", "123456789012345678", "0.000000000000000000000000001", "1e100", "5e-324", "000000000000000000000000000012.5"} {
		want, _ := strconv.ParseFloat(s, 64)
		if got, err := m.value([]byte(s), 1, "", ""); err != nil || got != want {
			t.Errorf("value(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	// Beyond ±1e100 a day's sum of squares could overflow: refused.
	for _, s := range []string{"1.7976931348623157e308", "-1e101", "1e309"} {
		if _, err := m.value([]byte(s), 1, "", ""); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("value(%q): err %v, want out of range", s, err)
		}
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"triage_min", "triage_min"},
		{"grüße", "grüße"},
		{"a\x1b[31mred", `a\x1b[31mred`},
		{"bell\x07", `bell\x07`},
		{"tab\tnl\ncr\r", `tab\x09nl\x0acr\x0d`},
		{"del\x7f", `del\x7f`},
		{"csi\u009b2J", `csi\u009b2J`},
		{"rlo\u202eevil", `rlo\u202eevil`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := echo(strings.Repeat("é", 50)); got != `"`+strings.Repeat("é", 40)+`…"` {
		t.Errorf("echo cuts by characters: %q", got)
	}
}

func TestParseLayout(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Layout{"": LayoutAuto, "auto": LayoutAuto, " Long ": LayoutLong, "WIDE": LayoutWide} {
		if got, err := ParseLayout(in); err != nil || got != want {
			t.Errorf("ParseLayout(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseLayout("csv"); err == nil {
		t.Error("ParseLayout(csv) should fail")
	}
}

// bigLongMetricFile is the benchmark data in memory: 76 pilots × 3 rings
// × 12 metrics × 366 days = 1,001,376 rows, long layout with a pilot column.
func bigLongMetricFile() ([]byte, int) {
	var b bytes.Buffer
	b.WriteString("date,pilot,ring,metric,value\n")
	rings := []string{"pilot", "canary", "broad"}
	start := model.MustDate("2025-01-01")
	n := 0
	for d := range 366 {
		day := start.AddDays(d).String()
		for p := range 76 {
			for _, r := range rings {
				for k := range 12 {
					fmt.Fprintf(&b, "%s,pilot-%02d,%s,metric_%02d,%d.%d\n", day, p, r, k, 5+(d+k)%20, (p+d)%10)
					n++
				}
			}
		}
	}
	return b.Bytes(), n
}

func BenchmarkMetricReader(b *testing.B) {
	data, rows := bigLongMetricFile()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m, err := NewMetricReader(bytes.NewReader(data), "bench.csv", Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := m.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != rows {
			b.Fatalf("%d rows, want %d", n, rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
