package importers

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	var b bytes.Buffer
	if bigEndian {
		b.Write([]byte{0xfe, 0xff})
	} else {
		b.Write([]byte{0xff, 0xfe})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b.Write([]byte{byte(u >> 8), byte(u)})
		} else {
			b.Write([]byte{byte(u), byte(u >> 8)})
		}
	}
	return b.Bytes()
}

// TestEncodingsAndFraming: what Excel and Grafana write besides UTF-8
// CSV comes in as the same rows, and the notes say what was converted.
func TestEncodingsAndFraming(t *testing.T) {
	t.Parallel()
	const text = "date\tring\ttriage_min\n2026-01-26\tpilot\t7.9\n2026-01-27\tpilot\t7.4\n"
	const want = "2 claims-triage pilot triage_min 2026-01-26 7.9\n3 claims-triage pilot triage_min 2026-01-27 7.4"
	tests := []struct {
		name, encoding string
		in             []byte
		want           string
	}{
		{"UTF-16 LE (Excel Unicode text)", "UTF-16LE", utf16Bytes(text, false), want},
		{"UTF-16 BE", "UTF-16BE", utf16Bytes(text, true), want},
		{"Windows-1252", "Windows-1252", []byte("date,ring,gr\xf6\xdfe\n2026-01-26,pilot,7.9\n"), "2 claims-triage pilot größe 2026-01-26 7.9"},
		{"CR line ends (old Mac)", "UTF-8, CR line ends", []byte(strings.ReplaceAll(text, "\n", "\r")), want},
		{"sep= hint line", "UTF-8", []byte("sep=;\ndate;ring;triage_min\n2026-01-26;pilot;7,9\n"), "3 claims-triage pilot triage_min 2026-01-26 7.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, rows, errs, err := readAllMetrics(t, bytes.NewReader(tt.in), "t.csv", claimsOpt)
			if err != nil || len(errs) > 0 {
				t.Fatal(err, errs)
			}
			var got []string
			for _, r := range rows {
				got = append(got, metricRowText(r))
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("rows:\n%s\nwant:\n%s", g, tt.want)
			}
			if d := m.Dialect(); d.Encoding != tt.encoding {
				t.Errorf("encoding %q, want %q", d.Encoding, tt.encoding)
			}
			if tt.encoding != "UTF-8" && !strings.Contains(strings.Join(m.Notes(), "\n"), tt.encoding) {
				t.Errorf("notes %q do not name %s", m.Notes(), tt.encoding)
			}
			if m.BytesRead() != int64(len(tt.in)) {
				t.Errorf("BytesRead %d, want %d", m.BytesRead(), len(tt.in))
			}
		})
	}
}

// commas is a header then one record of n commas, made as it is read.
type commas struct {
	head string
	n    int
}

func (c *commas) Read(p []byte) (int, error) {
	if c.head != "" {
		k := copy(p, c.head)
		c.head = c.head[k:]
		return k, nil
	}
	if c.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), c.n)
	for i := range k {
		p[i] = ','
	}
	c.n -= k
	return k, nil
}

// TestLimitsHoldWhileReading: a 50 MB one-line record is refused after
// reading a bounded part of it, not after taking it all into memory.
func TestLimitsHoldWhileReading(t *testing.T) {
	t.Parallel()
	src := &commas{head: "date,ring,m\n2026-01-26,pilot,1\n", n: 50_000_000}
	_, rows, errs, err := readAllMetrics(t, src, "big.csv", claimsOpt)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(errs) != 1 || !strings.HasPrefix(errs[0], "big.csv:3: row has more than 10000 columns") {
		t.Fatalf("rows %v, errors %q; want the good row and one column-limit error", rows, errs)
	}
	if read := 50_000_000 - src.n; read > 8<<20 {
		t.Errorf("read %d bytes of the record before refusing it; want a bounded few MiB", read)
	}
	// A quoted field that never closes: refused at the record limit.
	quoted := "date,ring,m\n2026-01-26,pilot,\"" + strings.Repeat("x\n", RecordLimit) + "\"\n"
	_, _, errs, err = readAllMetrics(t, strings.NewReader(quoted), "q.csv", claimsOpt)
	if err != nil || len(errs) != 1 || !strings.HasPrefix(errs[0], "q.csv:2: record longer than the 1 MiB limit") {
		t.Errorf("errors %q, %v; want the record limit", errs, err)
	}
}

// TestColumnsAndRings: --ring, --map, --skip, header aliases, duplicate
// unused columns and a pivot's Total row.
func TestColumnsAndRings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		opt      Options
		want     string
	}{
		{"--ring for a file without ring column", "Date,aht\n2026-01-26,300\n", Options{Pilot: "p", Ring: "pilot"}, "2 p pilot aht 2026-01-26 300"},
		{"date aliases", "Report Date,ring,aht\n2026-01-26,pilot,300\n", Options{Pilot: "p"}, "2 p pilot aht 2026-01-26 300"},
		{"--map names the date, the ring and a metric", "Interval Start,Queue,Avg Handle Time,Offered\n2026-01-26,pilot,300,12\n",
			Options{Pilot: "p", Map: map[string]string{"date": "Interval Start", "ring": "Queue", "aht": "Avg Handle Time"}},
			"2 p pilot aht 2026-01-26 300\n2 p pilot Offered 2026-01-26 12"},
		{"--skip and duplicate unused columns", "date,ring,Labels,Labels,aht\n2026-01-26,pilot,a,b,300\n",
			Options{Pilot: "p", Skip: []string{"Labels"}}, "2 p pilot aht 2026-01-26 300"},
		{"Total row skipped", "date,ring,aht\n2026-01-26,pilot,300\nGrand Total,,300\n", Options{Pilot: "p"}, "2 p pilot aht 2026-01-26 300"},
		// The first column when it is neither date nor ring, and the ring
		// column: each cell is looked at once, but each is looked at.
		{"Total row skipped, first column", "region,date,ring,aht\nEU,2026-01-26,pilot,300\nTotal,,,300\n", Options{Pilot: "p", Skip: []string{"region"}}, "2 p pilot aht 2026-01-26 300"},
		{"Total row skipped, ring column", "date,ring,aht\n2026-01-26,pilot,300\n,Grand Total,300\n", Options{Pilot: "p"}, "2 p pilot aht 2026-01-26 300"},
		{"--ring and a ring column", "date,ring,aht\n", Options{Pilot: "p", Ring: "pilot"}, "t.csv:1: the file has a ring column and --ring"},
		{"--map to no column", "date,ring,aht\n", Options{Pilot: "p", Map: map[string]string{"date": "Day"}}, `t.csv:1: --map date="Day": no column has that name`},
		{"--skip no column", "date,ring,aht\n", Options{Pilot: "p", Skip: []string{"Queue"}}, `t.csv:1: --skip "Queue": no column has that name`},
		{"missing ring says --ring", "date,aht\n", Options{Pilot: "p"}, "t.csv:1: missing column ring"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, rows, errs, err := readAllMetrics(t, strings.NewReader(tt.in), "t.csv", tt.opt)
			var got []string
			if err != nil {
				got = append(got, err.Error())
			}
			for _, r := range rows {
				got = append(got, metricRowText(r))
			}
			got = append(got, errs...)
			if g := strings.Join(got, "\n"); !strings.HasPrefix(g, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
			if strings.Contains(tt.name, "Total") && !strings.Contains(strings.Join(m.Notes(), "\n"), "skipped 1 Total row (line 3)") {
				t.Errorf("notes %q do not report the Total row", m.Notes())
			}
		})
	}
}

// TestEventRows: --count counts a day's rows per ring, --mean takes a
// column's value from every row; a bad row is reported and not counted.
func TestEventRows(t *testing.T) {
	t.Parallel()
	in := "Created,Team,Hours,Summary\n2026-01-26,pilot,2,a\n2026-01-26,pilot,4,b\n2026-01-27,canary,,c\nsoon,pilot,1,d\n2026-01-27,pilot,6,\"e, f\"\n"
	_, rows, errs, err := readAllMetrics(t, strings.NewReader(in), "t.csv",
		Options{Pilot: "p", Count: "tickets", Means: map[string]string{"hours": "Hours"}, Map: map[string]string{"date": "Created", "ring": "Team"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, metricRowText(r))
	}
	// Readings as they come, then the counts in file order of their first row:
	// pilot Jan 26 ×2, canary Jan 27 ×1, pilot Jan 27 ×1 (line 5's date is no date).
	want := "2 p pilot hours 2026-01-26 2\n3 p pilot hours 2026-01-26 4\n6 p pilot hours 2026-01-27 6\n" +
		"2 p pilot tickets 2026-01-26 2\n4 p canary tickets 2026-01-27 1\n6 p pilot tickets 2026-01-27 1"
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("rows:\n%s\nwant:\n%s", g, want)
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], `t.csv:5: date "soon" is not a date`) {
		t.Errorf("errors %q, want line 5's date", errs)
	}
}
