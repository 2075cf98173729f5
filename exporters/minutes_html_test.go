package exporters

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestMinutesHTMLGolden(t *testing.T) {
	t.Parallel()
	c := claimsChecklist(t)
	m := Minutes{PilotName: c.PilotName, Review: *c.Review, Readiness: c.Readiness, HeadHash: c.HeadHash, Seq: 17, ExportedAt: c.ExportedAt}
	var buf bytes.Buffer
	if err := WriteMinutesAs(&buf, m, "html"); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "minutes_claims-triage.html"), buf.Bytes())
	for _, want := range []string{`content: "audit chain seq 17 · head ` + c.HeadHash + `"`, "<thead><tr><th></th><th>Criterion</th>", "✓ conditional"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("minutes html lacks %q", want)
		}
	}
}

func TestMinutesHTMLEscapes(t *testing.T) {
	t.Parallel()
	c := hostileChecklist()
	m := Minutes{PilotName: hostileScript, Review: *c.Review, Readiness: c.Readiness, HeadHash: c.HeadHash, ExportedAt: c.ExportedAt}
	m.Review.Conditions = []string{hostileScript, hostileEscape}
	var buf bytes.Buffer
	if err := WriteMinutesAs(&buf, m, "html"); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if strings.Contains(s, "<script") || strings.Contains(s, "\x1b") {
		t.Errorf("minutes html carries a script or an escape:\n%s", s)
	}
	if !strings.Contains(s, "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>") {
		t.Errorf("minutes html lacks the escaped condition:\n%s", s)
	}
	if err := WriteMinutesAs(&buf, m, "pdf"); err == nil || !strings.Contains(err.Error(), "use one of md, html") {
		t.Errorf("unknown format: %v", err)
	}
	for path, want := range map[string]string{"m.html": "html", "M.HTM": "html", "m.md": "md", "minutes": "md"} {
		if got := MinutesFormatOf(path); got != want {
			t.Errorf("MinutesFormatOf(%q) = %q, want %q", path, got, want)
		}
	}
}

// The Markdown minutes escape as the checklist does, only where Markdown
// needs it: each criterion's text and evidence reads in the minutes exactly
// as in the checklist ("triage_min", "<= -30%"), where the minutes wrote
// "triage\_min" and "&lt;= -30%".
func TestMinutesMarkdownEscapesAsTheChecklist(t *testing.T) {
	t.Parallel()
	c := claimsChecklist(t)
	var list, mins bytes.Buffer
	if err := WriteChecklist(&list, c, "md"); err != nil {
		t.Fatal(err)
	}
	m := Minutes{PilotName: c.PilotName, Review: *c.Review, Readiness: c.Readiness, HeadHash: c.HeadHash, ExportedAt: c.ExportedAt}
	if err := WriteMinutes(&mins, m); err != nil {
		t.Fatal(err)
	}
	for _, cr := range c.Readiness.Criteria {
		for _, text := range []string{cr.Text, cr.Evidence} {
			if text == "" {
				continue
			}
			want := mdEscape(text)
			if !strings.Contains(list.String(), want) {
				t.Fatalf("the checklist does not write %q as %q:\n%s", text, want, list.String())
			}
			if !strings.Contains(mins.String(), want) {
				t.Errorf("the minutes do not write %q as the checklist does (%q):\n%s", text, want, mins.String())
			}
		}
	}
	for _, bad := range []string{"&lt;=", `triage\_min`} {
		if strings.Contains(mins.String(), bad) {
			t.Errorf("the minutes write %q:\n%s", bad, mins.String())
		}
	}
	if !strings.Contains(mins.String(), "triage_min") || !strings.Contains(mins.String(), "<= -30%") {
		t.Errorf("the minutes lack the criterion as written:\n%s", mins.String())
	}
}
