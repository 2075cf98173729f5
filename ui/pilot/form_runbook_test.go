package pilot

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
)

func TestFormRunbookDrillOwners(t *testing.T) {
	t.Setenv("EDITOR", "") // the body is typed in the form
	d, s := openWithForms(t, "claims-triage", 80, 22)
	before := uitest.MustPilot(t, s, "claims-triage")

	d.Keys("5", "n")
	d.Must("What to add?")
	d.Keys("enter") // New runbook
	d.Type("Fail over to the standby")
	d.Keys("enter", "enter") // kind: rollback, the default
	d.Type("ten")
	d.Keys("enter")
	d.Must(`"ten" is not a number`)
	d.Field("20")
	d.Keys("enter")
	d.Type("1. Switch DNS")
	d.Send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}) // new line
	d.Type("2. Verify")
	d.Keys("enter")
	p := uitest.MustPilot(t, s, "claims-triage")
	rb := p.Runbooks[len(p.Runbooks)-1]
	if rb.Title != "Fail over to the standby" || rb.Kind != model.RunbookRollback || rb.TargetRestoreMin != 20 || rb.Body != "1. Switch DNS\n2. Verify" {
		t.Fatalf("runbook %+v", rb)
	}
	if e := uitest.LastAudit(t, s); e.Action != "runbook.create" {
		t.Fatalf("audit entry %+v", e)
	}

	// a drill by hand against the new runbook
	d.Keys("n", "down", "enter")
	d.Must("Log a drill · claims-triage")
	for i := 0; i < len(p.Runbooks)-1; i++ {
		d.Keys("down")
	}
	d.Keys("enter")
	d.Field("")
	d.Keys("enter")
	d.Must("date is required")
	d.Type("2026-11-18")
	d.Keys("enter", "enter", "right", "enter") // who: test; outcome partial
	d.Type("-5")
	d.Keys("enter")
	d.Must("must be 0 or more, got -5")
	d.Field("25")
	d.Keys("enter")
	d.Type("DNS TTL too long")
	d.Keys("enter")
	p = uitest.MustPilot(t, s, "claims-triage")
	drills := p.Runbooks[len(p.Runbooks)-1].Drills
	want := model.Drill{Date: model.MustDate("2026-11-18"), By: "test", Outcome: model.DrillPartial, RestoreMin: 25, Notes: "DNS TTL too long"}
	if len(drills) != 1 || fmt.Sprint(drills[0]) != fmt.Sprint(want) {
		t.Fatalf("drills %+v", drills)
	}
	if e := uitest.LastAudit(t, s); e.Action != "drill.create" {
		t.Fatalf("audit entry %+v", e)
	}

	// owners: one field per role; blank removes
	d.Keys("1", "o")
	d.Must("Owners · claims-triage")
	d.Field("Noor Haddad")
	d.Keys("enter", "enter", "enter", "enter", "enter")
	d.Field("")
	d.Keys("enter")
	p = uitest.MustPilot(t, s, "claims-triage")
	if p.Owners[model.RoleProductOwner] != "Noor Haddad" || p.Owners[model.RoleLegal] != "" || p.Owners[model.RoleSecurity] != "Lee Park" {
		t.Fatalf("owners %v", p.Owners)
	}
	if e := uitest.LastAudit(t, s); e.Action != "owners.edit" {
		t.Fatalf("audit entry %+v", e)
	}

	// three undos bring the pilot back as it was, each one audited
	d.Keys("u", "u", "u")
	d.Must("undone: added runbook")
	after := uitest.MustPilot(t, s, "claims-triage")
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("after undoing everything:\n%+v\nwant\n%+v", after, before)
	}
	es := newestActions(t, s, "claims-triage", 3)
	if strings.Join(es, ",") != "undo,undo,undo" {
		t.Fatalf("newest audit actions %v", es)
	}
	uitest.VerifyOK(t, s)
}

// newestActions lists the actions of the n newest audit entries of slug.
func newestActions(t *testing.T, s *store.Store, slug string, n int) []string {
	t.Helper()
	es, err := s.Audit(context.Background(), store.AuditFilter{Pilot: slug, Limit: n})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}
