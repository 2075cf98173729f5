package exporters

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// wholeDocument encodes a portfolio as one YAML document, the way files
// were written before PortfolioWriter: the reference the stream must match.
func wholeDocument(t *testing.T, calendar *model.Calendar, pilots []model.Pilot) []byte {
	t.Helper()
	list := seq()
	for i := range pilots {
		list.Content = append(list.Content, pilotNode(&pilots[i]))
	}
	if len(list.Content) == 0 {
		list.Style = yaml.FlowStyle
	}
	root := mapping()
	root.add("calendar", calendarNode(calendar))
	root.Content = append(root.Content, text("pilots"), list)
	var buf bytes.Buffer
	buf.WriteString(portfolioHeader)
	if err := encodeYAML(&buf, root.Node); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPortfolioWriterMatchesOneDocument: written pilot by pilot, a
// portfolio has the bytes of the same portfolio encoded as one document:
// long texts, block texts with blank lines (an indent added line by line
// would put spaces on them), quoting, and a calendar.
func TestPortfolioWriterMatchesOneDocument(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(portfolioDir, "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pilots := readPortfolio(t, src, "full.yaml")
	long := strings.Repeat("a rather long hypothesis that the encoder must fold ", 4)
	for i := range 6 {
		p := pilots[i%len(pilots)]
		p.Slug = fmt.Sprintf("zz-%02d", i)
		p.Name = long[:40+i*30]
		p.Hypothesis.Text = long[i*7:]
		if len(p.Runbooks) > 0 {
			p.Runbooks = append([]model.Runbook(nil), p.Runbooks...)
			p.Runbooks[0].Body = "1. Stop\n\n2. Check: \"yes\" # or no\n\n\n3. " + strings.TrimSpace(long) + "\n"
		}
		pilots = append(pilots, p)
	}
	cal := &model.Calendar{Freezes: []model.FreezePeriod{{Name: "Year-end", From: model.MustDate("2026-12-20"), To: model.MustDate("2027-01-05"), Zone: "UTC"}}}
	for _, c := range []*model.Calendar{nil, cal} {
		for _, n := range []int{0, 1, len(pilots)} {
			var got bytes.Buffer
			if err := WritePortfolioFile(&got, model.Portfolio{Calendar: c, Pilots: pilots[:n]}); err != nil {
				t.Fatal(err)
			}
			if want := wholeDocument(t, c, pilots[:n]); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%d pilots, calendar %v: streamed\n%s\nwant\n%s", n, c != nil, got.Bytes(), want)
			}
		}
	}
}

func TestPortfolioWriterWantsSlugOrder(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	pw := NewPortfolioWriter(&buf, nil)
	b, a := model.Pilot{Slug: "b", Name: "B", Stage: model.StageIdea}, model.Pilot{Slug: "a", Name: "A", Stage: model.StageIdea}
	if err := pw.Pilot(&b); err != nil {
		t.Fatal(err)
	}
	if err := pw.Pilot(&a); err == nil || !strings.Contains(err.Error(), "slug order") {
		t.Errorf("a after b: %v, want an error about slug order", err)
	}
}
