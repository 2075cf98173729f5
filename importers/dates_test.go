package importers

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"ringside/model"
)

// TestDateColumns reads one date column per case: the format is settled
// over the whole column, so the same cell can be two different days.
func TestDateColumns(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	tests := []struct {
		name  string
		cells []string
		opt   Options
		want  string // the days, or the error
	}{
		{"ISO", []string{"2026-10-19", "2026-10-20"}, claimsOpt, "2026-10-19 2026-10-20"},
		{"ISO with time", []string{"2026-10-19 00:00:00", "2026-10-19T23:59:59", "2026-10-20T08:00:00.250"}, claimsOpt, "2026-10-19 2026-10-19 2026-10-20"},
		{"RFC 3339 keeps the written day", []string{"2026-10-19T23:30:00+02:00", "2026-10-19T23:30:00Z"}, claimsOpt, "2026-10-19 2026-10-19"},
		{"US settled by a day above 12", []string{"10/05/2026", "10/19/2026"}, claimsOpt, "2026-10-05 2026-10-19"},
		{"European settled by a day above 12", []string{"10/05/2026", "19/10/2026"}, claimsOpt, "2026-05-10 2026-10-19"},
		{"German dots", []string{"19.10.2026", "01.02.26"}, claimsOpt, "2026-10-19 2026-02-01"},
		{"Azure Monitor", []string{"10/19/2026, 12:00:00.000 AM", "10/20/2026, 1:00:00.000 PM"}, claimsOpt, "2026-10-19 2026-10-20"},
		{"Power BI", []string{"10/19/2026 12:00:00 AM", "10/20/2026 11:59:59 PM"}, claimsOpt, "2026-10-19 2026-10-20"},
		{"Jira", []string{"14/Jul/25 3:42 PM", "01/Aug/25 9:05 AM"}, claimsOpt, "2025-07-14 2025-08-01"},
		{"English names", []string{"Oct 19, 2026", "October 20 2026", "Mon, 26 Oct 2026", "27-Oct-2026"}, claimsOpt, "2026-10-19 2026-10-20 2026-10-26 2026-10-27"},
		{"German names", []string{"19. Oktober 2026", "3. März 2026", "1 Dez 2026"}, claimsOpt, "2026-10-19 2026-03-03 2026-12-01"},
		{"French names", []string{"19 octobre 2026", "1 févr. 2026", "15 août 2026"}, claimsOpt, "2026-10-19 2026-02-01 2026-08-15"},
		// 1760832000 s is 2025-10-19T00:00:00Z, 22:00 on the 18th… no: it is
		// midnight UTC of the 19th, 02:00 in Berlin (CEST, +2).
		{"epoch seconds", []string{"1760832000", "1760918399"}, claimsOpt, "2025-10-19 2025-10-19"},
		{"epoch ms", []string{"1760832000000", "1760918400000"}, claimsOpt, "2025-10-19 2025-10-20"},
		// 1760914800 s is 2025-10-19T23:00:00Z: the 20th in Berlin.
		{"epoch in a zone", []string{"1760914800"}, Options{Pilot: "claims-triage", Location: berlin}, "2025-10-20"},
		{"compact ISO", []string{"20261019"}, claimsOpt, "2026-10-19"},
		// Refused when the whole file has been read (the rows handed out
		// before are rolled back with the file).
		{"ambiguous refused with both readings", []string{"03/04/2026", "05/06/2026"}, claimsOpt,
			`2026-03-04 2026-05-06 t.csv:2: dates like "03/04/2026" read two ways, 3 April 2026 (DD/MM/YYYY) or 4 March 2026 (MM/DD/YYYY), and no day above 12 in the whole file settles which: pass --date-format DD/MM/YYYY or --date-format MM/DD/YYYY`},
		{"--date-format settles it", []string{"03/04/2026", "05/06/2026"}, Options{Pilot: "claims-triage", DateFormat: "MM/DD/YYYY"}, "2026-03-04 2026-05-06"},
		{"--date-format DD.MM.YYYY", []string{"03/04/2026"}, Options{Pilot: "claims-triage", DateFormat: "DD.MM.YYYY"}, "2026-04-03"},
		{"same both ways is no ambiguity", []string{"01/01/2026", "02/02/2026"}, claimsOpt, "2026-01-01 2026-02-02"},
		{"a row against the column's format", []string{"10/19/2026", "19/10/2026"}, claimsOpt,
			`2026-10-19 t.csv:3: date "19/10/2026" does not read as MM/DD/YYYY like "10/19/2026" on line 2, the format of this column: fix the date, or pass --date-format`},
		{"--date-format epoch-ms", []string{"1760832000000"}, Options{Pilot: "claims-triage", DateFormat: "epoch-ms"}, "2025-10-19"},
		{"not a date", []string{"2026-10-19", "soon"}, claimsOpt, `2026-10-19 t.csv:3: date "soon" is not a date`},
		{"impossible day", []string{"31/02/2026"}, claimsOpt, `t.csv:2: date "31/02/2026" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "date;ring;m\n"
			for _, c := range tt.cells {
				in += c + ";pilot;1\n"
			}
			_, rows, errs, err := readAllMetrics(t, strings.NewReader(in), "t.csv", tt.opt)
			var got []string
			if err != nil {
				got = append(got, err.Error())
			}
			for _, r := range rows {
				got = append(got, r.Day.String())
			}
			got = append(got, errs...)
			if g := strings.Join(got, " "); !strings.HasPrefix(g, tt.want) {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}

// TestDatesSettledOverTheWholeFile: a date column whose read-ahead rows
// (the first 100,000) read day first and month first alike is settled by
// the rest of the file: a later day above 12 that agrees with the reading
// taken confirms it; one that contradicts it refuses the file with both
// readings and the --date-format that settles it, and stops reading; a
// file that never says is refused at its end.
func TestDatesSettledOverTheWholeFile(t *testing.T) {
	t.Parallel()
	ambiguous := func(last string) string {
		var b strings.Builder
		b.WriteString("date;ring;m\n")
		for i := range lookaheadRows + 10 {
			// 03/04/2026 … 12/11/2026: every day and month at most 12, and
			// a != b from the first row on.
			fmt.Fprintf(&b, "%02d/%02d/2026;pilot;1\n", 3+i%10, 4+i%8)
		}
		b.WriteString(last)
		return b.String()
	}
	n := lookaheadRows + 10
	tests := []struct {
		name, last string
		rows       int    // rows handed out
		first      string // the first row's day
		err        string // the one error, "" for none
		note       string
	}{
		// 04/13/2026 reads only month first: the reading taken. Line 2's
		// 03/04/2026 is 4 March.
		{"confirmed", "04/13/2026;pilot;1\n", n + 1, "2026-03-04", "", `dates read as MM/DD/YYYY, as line 100012's "04/13/2026" shows (the rows before it read both ways)`},
		// 13/04/2026 reads only day first: line 2 was taken as 4 March and
		// would be 3 April. Refused, nothing after it read.
		{"contradicted", "13/04/2026;pilot;1\n05/04/2026;pilot;1\n", n, "2026-03-04",
			`t.csv:100012: date "13/04/2026" reads only as DD/MM/YYYY, but the rows before it read as MM/DD/YYYY: line 2's "03/04/2026" was taken as 4 March 2026 and would be 3 April 2026; the whole file was refused, nothing stored: pass --date-format DD/MM/YYYY`, ""},
		{"never settled", "", n, "2026-03-04",
			`t.csv:2: dates like "03/04/2026" read two ways, 3 April 2026 (DD/MM/YYYY) or 4 March 2026 (MM/DD/YYYY), and no day above 12 in the whole file settles which`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, rows, errs, err := readAllMetrics(t, strings.NewReader(ambiguous(tt.last)), "t.csv", claimsOpt)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.rows || rows[0].Day.String() != tt.first {
				t.Errorf("%d rows, the first on %s; want %d, the first on %s", len(rows), rows[0].Day, tt.rows, tt.first)
			}
			switch {
			case tt.err == "" && len(errs) > 0:
				t.Errorf("errors %q, want none", errs)
			case tt.err != "" && (len(errs) != 1 || !strings.HasPrefix(errs[0], tt.err)):
				t.Errorf("errors %q, want one starting\n%s", errs, tt.err)
			}
			if notes := strings.Join(m.Notes(), "\n"); !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q lack %q", notes, tt.note)
			}
		})
	}
}

func TestParseDateFormat(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]dateKind{"DD/MM/YYYY": kDMY, "d.m.yy": kDMY, "MM/DD/YYYY": kMDY, "M/D/YY": kMDY,
		"YYYY-MM-DD": kISO, "iso": kISO, "epoch-ms": kEpochMS, "epoch": kEpochS, "": 0} {
		if got, err := ParseDateFormat(in); err != nil || got != want {
			t.Errorf("ParseDateFormat(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseDateFormat("soon"); err == nil {
		t.Error("ParseDateFormat(soon): no error")
	}
}

// FuzzDateCell: any cell either is no date or resolves, under each reading
// it allows, to a real day; parsing never panics.
func FuzzDateCell(f *testing.F) {
	for _, s := range []string{"2026-10-19", "10/19/2026, 12:00:00.000 AM", "14/Jul/25 3:42 PM", "19. Oktober 2026", "1760832000",
		"1760832000000", "Mon, 26 Oct 2026", "2026-10-19T23:30:00+02:00", "20261019", "19.10.26", "Oct 19, 2026"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		cell, ok := parseDateCell(b)
		if !ok {
			return
		}
		if cell.mask == 0 {
			t.Fatalf("%q: ok with no reading", b)
		}
		for k := kISO; k <= kEpochMS; k <<= 1 {
			if cell.mask&k == 0 {
				continue
			}
			d, ok := cell.day(k, time.UTC)
			if !ok && k&(kEpochS|kEpochMS) == 0 {
				t.Fatalf("%q: reading %s allowed but gives no day", b, k.formatName())
			}
			if ok && k&(kISO|kNamed|kMDY|kDMY) != 0 && model.DateOf(d.Time()) != d {
				t.Fatalf("%q: day %v does not round-trip", b, d)
			}
		}
	})
}
