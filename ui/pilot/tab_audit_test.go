package pilot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"ringside/app"
	"ringside/themes"
	"ringside/ui/common"
)

// entries are audit entries seq from..to, newest first.
func entries(from, to int64) []app.AuditEntry {
	var es []app.AuditEntry
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for seq := to; seq >= from; seq-- {
		es = append(es, app.AuditEntry{Seq: seq, At: at, Actor: "dana", Action: "import", Summary: fmt.Sprintf("entry %d", seq)})
	}
	return es
}

// A reload reads the audit log again page by page: the cursor goes back
// to its entry when the page that holds it arrives, the filter stays, and
// the rows before it do not move it.
func TestAuditReloadKeepsTheCursorsEntry(t *testing.T) {
	c := &common.Common{Keys: common.DefaultKeys()}
	c.ApplyTheme(themes.NoColor())
	p := newAuditPane(c, "bench")
	p.SetSize(80, 20)
	p.SetRows(entries(1, 30)) // 30 … 1
	p.list.Filter.Value = []rune("entry 1")
	p.list.Refilter() // shows entries 19, 18, …, 10 and 1
	p.move(4)         // entry 15
	if r, _ := p.list.Selected(); r.seq != 15 {
		t.Fatalf("cursor on %d, want 15", r.seq)
	}
	p.reload()
	p.append(entries(21, 30)) // the newest page: no match for "entry 1"
	if r, ok := p.list.Selected(); ok {
		t.Fatalf("cursor on %d before its page came", r.seq)
	}
	p.append(entries(11, 20))
	if r, _ := p.list.Selected(); r.seq != 15 || !strings.Contains(p.View(), "› ") || p.list.Filter.String() != "entry 1" {
		t.Errorf("after the second page the cursor is on %d (filter %q), want 15 and the filter kept:\n%s", r.seq, p.list.Filter.String(), p.View())
	}
	p.append(entries(1, 10))
	if r, _ := p.list.Selected(); r.seq != 15 {
		t.Errorf("an older page moved the cursor to %d", r.seq)
	}
}
