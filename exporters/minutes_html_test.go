package exporters

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestMinutesHTMLGolden(t *testing.T) {
	c := claimsChecklist(t)
	m := Minutes{PilotName: c.PilotName, Review: *c.Review, Readiness: c.Readiness, HeadHash: c.HeadHash, Seq: 17, ExportedAt: c.ExportedAt}
	var buf bytes.Buffer
	if err := WriteMinutesAs(&buf, m, "html"); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "minutes_claims-triage.html"), buf.Bytes(), "go test ./exporters -run TestMinutesHTMLGolden -update")
	for _, want := range []string{`content: "audit chain seq 17 · head ` + c.HeadHash + `"`, "<thead><tr><th></th><th>Criterion</th>", "✓ conditional"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("minutes html lacks %q", want)
		}
	}
}

func TestMinutesHTMLEscapes(t *testing.T) {
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
