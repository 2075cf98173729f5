package importers

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"testing"
)

// The date and number detection benchmark: a million rows of
// a wide file in a locale format against the same data as ISO with plain
// numbers. Run:
//
//	go test ./importers -run XXX -bench Detect -benchtime 3x -count 3
//
// Each row is one day of one ring (1,000 rings × 1,000 days), two metrics:
// a count and a mean. The ISO-quoted file is the US file's quoting and
// values with ISO dates.
var detectFiles = sync.OnceValue(func() map[string][]byte {
	out := map[string][]byte{}
	for _, kind := range []string{"iso", "isoq", "de", "us"} {
		var b bytes.Buffer
		switch kind {
		case "iso":
			b.WriteString("date,ring,count,aht\n")
		case "de":
			b.WriteString("Datum;Ring;count;aht\n")
		case "us":
			b.WriteString("Date,Ring,count,aht\n")
		case "isoq":
			b.WriteString("Date,Ring,count,aht\n")
		}
		for d := range 1000 {
			y, m, dd := civilFromDays(daysFromCivil(2024, 1, 1) + d)
			for r := range 1000 {
				count, aht := 1000+(d*7+r)%9000, float64((d+r)%500)/10+300
				switch kind {
				case "iso":
					fmt.Fprintf(&b, "%04d-%02d-%02d,r%d,%d,%g\n", y, m, dd, r, count, aht)
				case "de": // 19.10.2026;r1;1.487;372,7
					fmt.Fprintf(&b, "%02d.%02d.%04d;r%d;%d.%03d;%s\n", dd, m, y, r, count/1000, count%1000, bytes.ReplaceAll([]byte(fmt.Sprintf("%g", aht)), []byte("."), []byte(",")))
				case "isoq": // 2026-10-19,r1,"1,487",372.7: the US file's quoting, ISO dates
					fmt.Fprintf(&b, "%04d-%02d-%02d,r%d,\"%d,%03d\",%g\n", y, m, dd, r, count/1000, count%1000, aht)
				case "us": // 10/19/2026,r1,"1,487",372.7
					fmt.Fprintf(&b, "%d/%d/%04d,r%d,\"%d,%03d\",%g\n", m, dd, y, r, count/1000, count%1000, aht)
				}
			}
		}
		out[kind] = b.Bytes()
	}
	return out
})

func civilFromDays(z int) (int, int, int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func benchDetect(b *testing.B, kind string) {
	data := detectFiles()[kind]
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		m, err := NewMetricReader(bytes.NewReader(data), kind+".csv", Options{Pilot: "p"})
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
		if n != 2_000_000 {
			b.Fatalf("%d observations, want 2,000,000", n)
		}
	}
}

func BenchmarkDetectISO(b *testing.B)      { benchDetect(b, "iso") }
func BenchmarkDetectGerman(b *testing.B)   { benchDetect(b, "de") }
func BenchmarkDetectUSQuoted(b *testing.B) { benchDetect(b, "us") }

// BenchmarkDetectISOQuoted is the US file with ISO dates: quoted
// grouped counts, so that the US file's extra cost splits into CSV quoting
// (ISOQuoted against ISO) and M/D/Y date detection (USQuoted against
// ISOQuoted).
func BenchmarkDetectISOQuoted(b *testing.B) { benchDetect(b, "isoq") }
