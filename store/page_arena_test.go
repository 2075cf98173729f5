package store

import (
	"context"
	"reflect"
	"runtime"
	"testing"

	"ringside/model"
)

// TestPageArenasMapBigOnes: an arena of arenaMin bytes or more is memory
// of its own (on Unix), zeroed and writable, counted until free hands it
// back; a smaller one is the heap's.
func TestPageArenasMapBigOnes(t *testing.T) {
	before := arenasMapped.Load()
	var a pageArenas
	small := a.alloc(4096)
	big := a.alloc(4 * arenaMin)
	if len(small) != 4096 || len(big) != 4*arenaMin {
		t.Fatalf("arenas of %d and %d bytes, want 4096 and %d", len(small), len(big), 4*arenaMin)
	}
	for _, b := range [][]byte{small, big} {
		for i, c := range b {
			if c != 0 {
				t.Fatalf("byte %d of an arena is %d, not zero", i, c)
			}
		}
		b[0], b[len(b)-1] = 1, 2
	}
	want := int64(0)
	if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1" {
		want = 1
	}
	if got := arenasMapped.Load() - before; got != want || int64(len(a.mapped)) != want {
		t.Errorf("%d arenas mapped (%d kept), want %d: the small one is the heap's", got, len(a.mapped), want)
	}
	a.free()
	if got := arenasMapped.Load() - before; got != 0 || a.mapped != nil {
		t.Errorf("%d arenas still mapped after free", got)
	}
	if a.alloc(0) != nil {
		t.Error("an arena of no bytes is not nil")
	}
}

// TestJudgedFileHandsBackItsPages: the file read of 300 pilots' tables
// (leaves of well over arenaMin bytes) reads them into mapped arenas and
// hands every one back before it returns; the pilots it gave keep no
// byte of them (reading every field after the pages are gone, as
// DeepEqual does, would fault otherwise), and are SQL's.
func TestJudgedFileHandsBackItsPages(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mapped arenas here")
	}
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.ApplyPilots(ctx, "tester", variedPilots(300)); err != nil {
		t.Fatal(err)
	}
	before := arenasMapped.Load()
	mapped := int64(0)
	var got []model.Pilot
	err := s.eachPilotJudgedFile(ctx, func(p model.Pilot, _ int) error {
		mapped = max(mapped, arenasMapped.Load()-before)
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if mapped == 0 {
		t.Fatal("the file read mapped no arena: the test reads nothing it hands back")
	}
	if left := arenasMapped.Load() - before; left != 0 {
		t.Errorf("%d arenas still mapped after the load returned", left)
	}
	if want := judgedViaSQL(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("the file read gave\n%+v\nSQL gives\n%+v", got, want)
	}
}
