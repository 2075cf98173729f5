package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pilotBlock returns the part of an exported portfolio that describes slug,
// with its start and end offsets, so a test can edit one pilot only.
func pilotBlock(t *testing.T, text, slug string) (start, end int) {
	t.Helper()
	start = strings.Index(text, "  - slug: "+slug+"\n")
	if start < 0 {
		t.Fatalf("no pilot %s in the exported portfolio", slug)
	}
	end = strings.Index(text[start+1:], "\n  - slug: ")
	if end < 0 {
		return start, len(text)
	}
	return start, start + 1 + end
}

// The first attack: loosening servicedesk-copilot's targets to
// >= -100 % / <= +100 % and removing its rollback triggers, then apply, left
// the checklist hash and all its sign-offs current.
func TestLooseningKPITargetsMakesEverySignoffStale(t *testing.T) {
	db := demoDB(t)
	before := gateJSON(t, db, "--pilot", "servicedesk-copilot", "--gate", "G3")
	if len(before.Signoffs) != 3 {
		t.Fatalf("demo G3 sign-offs = %+v, want 3", before.Signoffs)
	}
	for _, s := range before.Signoffs {
		if s.Stale {
			t.Fatalf("demo sign-off %s is stale before any change", s.Role)
		}
	}
	exported := filepath.Join(t.TempDir(), "p.yaml")
	if code, _, errs := ringside(t, db, "export", "portfolio", "-o", exported); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(exported)
	text := string(b)
	start, end := pilotBlock(t, text, "servicedesk-copilot")
	block := text[start:end]
	edited := block
	for _, r := range []struct{ old, new string }{
		{`target: ">= +5%"`, `target: ">= -100%"`},
		{`target: "<= -15%"`, `target: "<= +100%"`},
	} {
		if !strings.Contains(edited, r.old) {
			t.Fatalf("no %s in servicedesk-copilot:\n%s", r.old, block)
		}
		edited = strings.Replace(edited, r.old, r.new, 1)
	}
	var kept []string
	for _, line := range strings.Split(edited, "\n") {
		if !strings.Contains(line, "rollback: \"") {
			kept = append(kept, line)
		}
	}
	edited = strings.Join(kept, "\n")
	os.WriteFile(exported, []byte(text[:start]+edited+text[end:]), 0o600)
	if code, out, errs := ringside(t, db, "apply", "-f", exported); code != 0 || !strings.Contains(out, "updated 1") {
		t.Fatalf("apply: %d %s %s", code, out, errs)
	}
	after := gateJSON(t, db, "--pilot", "servicedesk-copilot", "--gate", "G3")
	if after.ChecklistHash == before.ChecklistHash {
		t.Error("the checklist hash did not change when the KPI targets were loosened")
	}
	for _, s := range after.Signoffs {
		if !s.Stale {
			t.Errorf("sign-off %s (%s) is still current after its gate's targets were loosened", s.Role, s.Person)
		}
	}
}
