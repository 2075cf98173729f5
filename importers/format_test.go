package importers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in, cols, date, err string
	}{
		{in: "wide"},
		{in: "victoriametrics=__name__,__value__,__timestamp__:unix_s", cols: "metric|value|date", date: "epoch-s"},
		{in: "vm=__timestamp__:unix_ms, job ,__name__,__value__,value", cols: "date|job|metric|value|label value", date: "epoch-ms"},
		{in: "victoriametrics=__name__,__value__,__timestamp__:rfc3339", cols: "metric|value|date", date: "YYYY-MM-DD"},
		{in: "victoriametrics=__name__,__value__,__timestamp__:unix_ns", err: "reads unix_s, unix_ms and rfc3339"},
		{in: "victoriametrics=__name__,__value__,__timestamp__:custom:2006", err: "reads unix_s, unix_ms and rfc3339"},
		{in: "victoriametrics=__name__,__value__", err: "lacks __timestamp__"},
		{in: "victoriametrics=__name__,,__value__,__timestamp__:unix_s", err: "an empty column"},
		{in: "victoriametrics=__name__,job,job,__value__,__timestamp__:unix_s", err: `column "job" appears twice`},
		{in: "victoriametrics=__name__,job:x,__value__,__timestamp__:unix_s", err: "only __timestamp__ takes a :TYPE"},
		{in: "prometheus=__name__", err: `unknown format "prometheus"`},
		{in: "tall", err: `unknown format "tall"`},
	} {
		f, err := ParseFormat(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(f.Columns, "|") != tt.cols || f.DateFormat != tt.date {
			t.Errorf("%q: %+v, %v; want columns %q, date %q", tt.in, f, err, tt.cols, tt.date)
		}
	}
}

// FuzzParseFormat: any --format either is refused or names a header with
// date, metric and value once each; never a panic.
func FuzzParseFormat(f *testing.F) {
	for _, s := range []string{"auto", "victoriametrics=__name__,__value__,__timestamp__:unix_s,job", "vm=a,b", "vm="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fm, err := ParseFormat(s)
		if err != nil || fm.Columns == nil {
			return
		}
		for _, need := range []string{"date", "metric", "value"} {
			if !slices.Contains(fm.Columns, need) {
				t.Fatalf("%q: columns %q lack %s", s, fm.Columns, need)
			}
		}
		if _, err := ParseDateFormat(fm.DateFormat); err != nil {
			t.Fatalf("%q: date format %q: %v", s, fm.DateFormat, err)
		}
	})
}

// TestHeaderlessFile: --columns gives the header; the first line is data.
func TestHeaderlessFile(t *testing.T) {
	t.Parallel()
	_, rows, errs, err := readAllMetrics(t, strings.NewReader("2026-10-19,1082\n2026-10-20,1118\n"), "t.csv",
		Options{Pilot: "p", Ring: "grafana", Columns: []string{"Time", "latency_ms"}})
	if err != nil || len(errs) > 0 || len(rows) != 2 || rows[0].Line != 1 || rows[0].Value != 1082 || rows[1].Metric != "latency_ms" {
		t.Fatalf("rows %+v, errors %q, %v", rows, errs, err)
	}
	_, err = NewMetricReader(strings.NewReader("1,2\n"), "t.csv", Options{Pilot: "p", Ring: "r", Columns: []string{"a", "b"}})
	if err == nil || !strings.Contains(err.Error(), "found a,b (given with --columns or --format)") {
		t.Errorf("no date column: %v", err)
	}
}

// FuzzSplitQuoted: where the in-place split of a quoted line says ok, it
// gives the fields encoding/csv gives.
func FuzzSplitQuoted(f *testing.F) {
	for _, s := range []string{`10/19/2026,us,"1,482",81.7%`, `"a";"b;c";d`, `"a""b",c`, `"x" ,y`, `a"b,c`, `"",""`, `"open,x`, `a,`, `"a",`, `a,"b"`, `"a",b,"c"`, `"a",b"`, `a,,"b",`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if line == "" || strings.ContainsAny(line, "\r\n") { // a blank line is no record
			return
		}
		for _, delim := range []byte{',', ';'} {
			got, ok := splitQuoted(nil, []byte(line), delim)
			ref, refOK := splitQuotedPerField(nil, []byte(line), delim)
			if ok != refOK || fmt.Sprintf("%q", got) != fmt.Sprintf("%q", ref) {
				t.Fatalf("%q: %q %v, the per-field scan %q %v", line, got, ok, ref, refOK)
			}
			if !ok {
				continue
			}
			cr := csv.NewReader(strings.NewReader(line))
			cr.Comma = rune(delim)
			cr.FieldsPerRecord = -1
			want, err := cr.Read()
			if err != nil {
				t.Fatalf("%q: split ok, but encoding/csv: %v", line, err)
			}
			if len(got) != len(want) {
				t.Fatalf("%q: %q, encoding/csv %q", line, got, want)
			}
			for i := range got {
				if string(got[i]) != want[i] {
					t.Fatalf("%q: %q, encoding/csv %q", line, got, want)
				}
			}
		}
	})
}

// splitQuotedPerField is splitQuoted as it was before it scanned a line
// for quotes once: each bare field searched for a quote on its own. The
// fuzz test holds the two to the same answer.
func splitQuotedPerField(dst [][]byte, line []byte, delim byte) (_ [][]byte, ok bool) {
	for {
		if len(line) > 0 && line[0] == '"' {
			end := bytes.IndexByte(line[1:], '"')
			if end < 0 {
				return dst, false
			}
			dst = append(dst, line[1:1+end])
			line = line[2+end:]
			if len(line) == 0 {
				return dst, true
			}
			if line[0] != delim {
				return dst, false
			}
			line = line[1:]
			continue
		}
		i := bytes.IndexByte(line, delim)
		field := line
		if i >= 0 {
			field = line[:i]
		}
		if bytes.IndexByte(field, '"') >= 0 {
			return dst, false
		}
		dst = append(dst, field)
		if i < 0 {
			return dst, true
		}
		line = line[i+1:]
	}
}
