package store

import (
	"context"
	"database/sql"
	"reflect"
	"testing"

	"ringside/model"
)

// TestPageReadsShareOneLock: while health's windows hold the file
// (HoldPages), the pilots' definitions are read from the file too, not
// the slow way round (on a lock of their own they would find it taken),
// and the windows too; the lock ends with the last hold let go, not
// before: a writer finds it taken until then, and gets it after.
func TestPageReadsShareOneLock(t *testing.T) {
	ctx := context.Background()
	s := windowStore(t)
	if _, err := s.ApplyPilots(ctx, "tester", variedPilots(80)); err != nil {
		t.Fatal(err)
	}
	wins := allWindows(t, s, 7)
	want := windowsThroughSQL(t, s, 7, wins)
	writer, err := sql.Open("sqlite", "file:"+s.path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	canWrite := func() bool {
		c, err := writer.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			return false
		}
		c.ExecContext(ctx, "ROLLBACK")
		return true
	}
	if !canWrite() {
		t.Fatal("a writer cannot write before any hold")
	}
	release := s.HoldPages(ctx)
	if canWrite() {
		t.Fatal("a writer can write while the pages are held")
	}
	var file []string
	if err := s.eachPilotJudgedFile(ctx, func(p model.Pilot, _ int) error { file = append(file, p.Slug); return nil }); err != nil || len(file) != 82 {
		t.Fatalf("the definitions from the file while the pages are held: %d pilots, %v", len(file), err)
	}
	got, err := windowsFromPages(s, wins)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("the windows from the pages while held: %v\n%+v\nwant\n%+v", err, got, want)
	}
	if canWrite() {
		t.Fatal("a writer can write once the definitions let go, while the pages are still held")
	}
	release()
	release() // once
	if !canWrite() {
		t.Fatal("a writer cannot write once the hold is let go")
	}
	// A hold when a writer has the lock is none: the reads fall back.
	c, err := writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	release = s.HoldPages(ctx)
	if _, err := windowsFromPages(s, wins); err == nil {
		t.Error("the windows read from the pages while a writer holds the lock")
	}
	release()
	c.ExecContext(ctx, "ROLLBACK")
	if got, err := windowsFromPages(s, wins); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("the windows after the writer: %v", err)
	}
}
