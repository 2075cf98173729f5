package store

import (
	"context"
	"encoding/binary"
	"math"
	"testing"
)

// hashRowsBothWays adds rows to a page's batch and, one by one, to
// seriesDigests through rowHasher (the oracle, as decodePage added them
// before), and says whether the digests differ.
func hashRowsBothWays(t *testing.T, ids, days []int64, vs []float64, imps []obsImport, cols []*obsCols) {
	t.Helper()
	var p pageRows
	want := map[int64]seriesDigests{}
	var h rowHasher
	for i := range ids {
		p.add(ids[i], days[i], vs[i], imps[i], cols[i])
		d := want[ids[i]]
		d.addRow(&h, days[i], vs[i], imps[i], cols[i])
		want[ids[i]] = d
	}
	got := map[int64]seriesDigests{}
	p.addTo(got)
	if len(got) != len(want) {
		t.Fatalf("%d series, want %d", len(got), len(want))
	}
	for id, w := range want {
		if got[id] != w {
			t.Fatalf("series %d: batch %+v, row by row %+v", id, got[id], w)
		}
	}
}

// A page's rows hashed together give each series the digest rowHasher
// gives row by row: plain rows of any count (the eight-block loop and the
// rest), days out of int32, import_ids not integers, per-day columns, in
// series that start and stop and come back.
func TestPageRowsHashAsRowHasher(t *testing.T) {
	var ids, days []int64
	var vs []float64
	var imps []obsImport
	var cols []*obsCols
	several := &obsCols{int64(3), 22.5, 170.25, 7.0, 8.0, 7.5}
	for i := range 203 {
		ids = append(ids, int64(1+i/17%5))
		days = append(days, int64(20000+i))
		vs = append(vs, float64(i)/7)
		imps = append(imps, obsImport{id: int64(i % 3), isInt: true})
		cols = append(cols, nil)
		switch i % 29 {
		case 3:
			days[i] = 1 << 40 // past int32: hashed by SHA-256
		case 5:
			imps[i] = obsImport{other: "x"}
		case 7:
			cols[i] = several
		case 11:
			vs[i] = math.NaN()
		}
	}
	for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 203} {
		hashRowsBothWays(t, ids[:n], days[:n], vs[:n], imps[:n], cols[:n])
	}
	// The batch is reused page after page: a second page starts empty.
	var p pageRows
	p.add(1, 20000, 1.5, obsImport{id: 1, isInt: true}, nil)
	p.addTo(map[int64]seriesDigests{})
	p.add(2, 20001, 2.5, obsImport{id: 1, isInt: true}, nil)
	got := map[int64]seriesDigests{}
	p.addTo(got)
	var h rowHasher
	var want seriesDigests
	want.addRow(&h, 20001, 2.5, obsImport{id: 1, isInt: true}, nil)
	if len(got) != 1 || got[2] != want {
		t.Fatalf("second page: %+v, want series 2 alone: %+v", got, want)
	}
}

// FuzzPageRowsHash: any rows, the same digests both ways.
func FuzzPageRowsHash(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef0123456789abcdef"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var ids, days []int64
		var vs []float64
		var imps []obsImport
		var cols []*obsCols
		for ; len(b) >= 13; b = b[13:] {
			ids = append(ids, int64(b[0]%4))
			days = append(days, int64(int32(binary.BigEndian.Uint32(b[1:]))))
			if b[0]&0x80 != 0 {
				days[len(days)-1] <<= 8
			}
			vs = append(vs, math.Float64frombits(binary.BigEndian.Uint64(b[5:])))
			imps = append(imps, obsImport{id: int64(b[0] >> 2 & 7), isInt: b[0]&0x40 == 0})
			c := (*obsCols)(nil)
			if b[0]&0x20 != 0 {
				c = &obsCols{int64(2), 1.5}
			}
			cols = append(cols, c)
		}
		hashRowsBothWays(t, ids, days, vs, imps, cols)
	})
}

// The page scan without versions 1 and 2, as verify runs it on a database
// whose series all keep version 3: the same version-3 digests, first and
// last days as SQL gives.
func TestPageScanVersion3AsSQL(t *testing.T) {
	ctx := context.Background()
	s := oldAndNewRows(t)
	want, err := s.observationDigestsIn(ctx, false, "")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.beginPageScan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ps.digests(s.file)
	ps.end()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 60 || len(want) != 60 {
		t.Fatalf("%d series by pages, %d by SQL, want 60", len(got), len(want))
	}
	for id := range want {
		if got[id] != want[id] {
			t.Errorf("series %d: pages %+v, SQL %+v", id, got[id], want[id])
		}
	}
}

// A page's worth of plain rows (130, as a 4 KiB leaf of the bench's rows
// holds), hashed together and row by row (go test ./store -run X -bench
// PlainRowsHash): ns/op is the page.
func BenchmarkPlainRowsHash(b *testing.B) {
	const rows = 130
	b.Run("together", func(b *testing.B) {
		var p pageRows
		out := map[int64]seriesDigests{}
		for b.Loop() {
			for i := range rows {
				p.addPlain(int64(1+i/64), int64(20000+i), float64(i)/8, 1)
			}
			p.addTo(out)
		}
	})
	b.Run("row by row", func(b *testing.B) {
		var h rowHasher
		out := map[int64]seriesDigests{}
		for b.Loop() {
			var d seriesDigests
			cur := int64(1)
			for i := range rows {
				if id := int64(1 + i/64); id != cur {
					out[cur] = out[cur].plus(d)
					cur, d = id, seriesDigests{}
				}
				d.addRow(&h, int64(20000+i), float64(i)/8, obsImport{id: 1, isInt: true}, nil)
			}
			out[cur] = out[cur].plus(d)
		}
	})
}
