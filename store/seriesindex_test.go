package store

import (
	"testing"
	"unsafe"
)

// TestSeriesIndexCollisions: keys whose hashes collide (here all of them)
// are still told apart, and a key never put is not found.
func TestSeriesIndexCollisions(t *testing.T) {
	for _, collide := range []bool{false, true} {
		x := newSeriesIndex()
		if collide {
			x.hash = func(seriesKey) uint64 { return 7 }
		}
		var series []*seriesState
		keys := []seriesKey{{1, "pilot", "a"}, {1, "pilot", "b"}, {2, "pilot", "a"}, {1, "canary", "a"}}
		for i, k := range keys {
			if _, ok := x.get(k, series); ok {
				t.Fatalf("collide=%v: %v found before it was put", collide, k)
			}
			series = append(series, &seriesState{pilotID: k.pilotID, name: &seriesName{k.ring, k.metric}})
			x.put(k, i)
		}
		for i, k := range keys {
			if got, ok := x.get(k, series); !ok || got != i {
				t.Errorf("collide=%v: get(%v) = %d, %v; want %d", collide, k, got, ok, i)
			}
		}
		if _, ok := x.get(seriesKey{3, "pilot", "a"}, series); ok {
			t.Errorf("collide=%v: a key never put was found", collide)
		}
		if want := map[bool]int{false: 0, true: 3}[collide]; len(x.more) != want {
			t.Errorf("collide=%v: %d keys beside the hashes, want %d", collide, len(x.more), want)
		}
	}
}

// TestSeriesStateSize: the import holds one seriesState per series of the
// file for the whole import; at 100,000 series each 16 bytes more is
// 1.6 MB more of peak heap. 96 bytes is the allocator's size class it fits
// now (it was 144): a field that pushes it past fails here.
func TestSeriesStateSize(t *testing.T) {
	if got := unsafe.Sizeof(seriesState{}); got > 96 {
		t.Errorf("seriesState is %d bytes, want at most 96 (the 96-byte size class)", got)
	}
}
