package importers

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ringside/model"
)

func pf64(f float64) *float64 { return &f }

func putc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// fullPilots is testdata/portfolio/full.yaml written out by hand.
func fullPilots() []model.Pilot {
	d := model.MustDate
	c := model.MustCriterion
	return []model.Pilot{
		{
			Slug: "claims-triage", Name: "Claims email triage assistant", Stage: model.StagePilot, StageSince: d("2026-01-05"),
			Hypothesis: model.Hypothesis{
				Text:   "Cut claims email triage from 12 to 7 minutes without more misrouting",
				Locked: true,
				Reason: "Target tightened after the baseline study",
				Revisions: []model.HypothesisRevision{
					{Text: "Cut triage to 8 minutes", Reason: "Baseline re-measured", By: "Dana Ruiz", At: putc("2026-01-10T09:00:00Z")},
					// 10:30 at +01:00 is 09:30 UTC.
					{Text: "Cut triage to 7.5 minutes", Reason: "Works council asked for a stretch goal", By: "Sam Okafor", At: putc("2026-01-12T09:30:00Z")},
				},
			},
			Owners: map[model.Role]string{
				model.RoleProductOwner: "Dana Ruiz", model.RoleITServiceOwner: "Sam Okafor", model.RoleSupport: "Ana Lima",
				model.RoleSecurity: "Lee Park", model.RoleAdoptionLead: "Kim Weber", model.RoleLegal: "Ola Berg",
			},
			Rings: []model.Ring{
				{Name: "pilot", Population: 25, Exposure: 0.02, Status: model.RingActive, Start: d("2026-01-05")},
				{Name: "canary", Population: 240, Status: model.RingPlanned}, // status left out: planned
				{Name: "broad", Population: 1200, Exposure: 1, Status: model.RingPlanned},
			},
			KPIs: []model.KPI{
				{Key: "triage_min", Name: "Triage time", Unit: "min", Better: model.BetterLower, Baseline: pf64(12),
					Target: c("<= -30%"), Warning: c("<= -20%"), Rollback: c("> +5%"), Critical: true, Weight: new(2.0), Window: 14},
				{Key: "misroute_pct", Name: "Misrouting", Unit: "%", Better: model.BetterLower, Baseline: pf64(8),
					Target: c("pct <= 0"), Critical: false, Weight: new(0.5)},
				// critical left out: must-meet; weight and window left out: 0 (the defaults).
				{Key: "csat", Name: "Satisfaction", Better: model.BetterHigher, Target: c(">= 80"), Warning: c("delta >= -1"), Critical: true},
			},
			Payback: &model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000, MinutesPerUnit: 12,
				CostPerMinute: 0.9, ReductionKPI: "triage_min", Ring: "pilot", Ramp: []float64{0.25, 0.5, 1},
				DiscountRate: pf64(0.10), HorizonMonths: 36, RiskAdjustment: 0.2},
			Risks: []model.Risk{
				{Title: "PII in email bodies reaches prompts", Category: "privacy", Likelihood: 3, Impact: 5,
					ResidualLikelihood: 1, ResidualImpact: 5, Owner: "Lee Park", Mitigation: "DLP policy on mailbox",
					Status: model.RiskMitigating, Due: d("2026-03-01"), LastReview: d("2026-02-01")},
				{Title: "Agents stop checking suggestions", Category: "operational", Likelihood: 2, Impact: 3, Status: model.RiskOpen},
			},
			Runbooks: []model.Runbook{{
				Title: "Roll back to manual triage", Kind: model.RunbookRollback, TargetRestoreMin: 15,
				Body: "1. Disable the triage flag for the ring.\n2. Re-route the shared mailbox to the manual queue.\n",
				Drills: []model.Drill{
					{Date: d("2026-01-20"), By: "Sam Okafor", Outcome: model.DrillSuccess, RestoreMin: 11, Notes: "Flag took 2 min to propagate"},
					{Date: d("2026-02-10"), By: "Ana Lima", Outcome: model.DrillPartial, RestoreMin: 22.5, Steps: []model.DrillStep{
						{Step: "Disable the flag", Done: true, AtSec: 40},
						{Step: "Re-route the mailbox", AtSec: 1350, Note: "Rule editor timed out"},
					}},
				},
			}},
			// The file lists PRG before G3; the model keeps staircase order.
			Gates: []model.GatePlan{
				{Gate: model.GateG3,
					Add: []model.GateCriterion{
						{ID: "g3-works-council", Kind: model.KindManual, Text: "Works council informed"},
						{ID: "g3-security", Kind: model.KindSignoff, Text: "Security approved", Role: model.RoleSecurity},
						{ID: "g3-risks", Kind: model.KindRisk, Text: "No high risks open", MaxScore: 10},
						{ID: "g3-drill", Kind: model.KindRunbook, Text: "Rollback drilled", RunbookKind: model.RunbookRollback, WithinDays: 30},
					},
					Drop:    []string{"g3-adoption"},
					Waivers: []model.Waiver{{Criterion: "g3-legal-approved", Reason: "No personal data leaves the tenant", Role: model.RoleSecurity}},
					Ticks:   []model.ManualTick{{Criterion: "g3-works-council", By: "Dana Ruiz", At: putc("2026-02-02T10:00:00Z"), Evidence: "Minutes 2026-02-01"}},
				},
				{Gate: model.GatePRG, Add: []model.GateCriterion{
					{ID: "prg-latency", Kind: model.KindKPI, Text: "Latency within budget", Dimension: "latency and throughput", KPI: "triage_min", Ring: "canary"},
				}},
			},
			Signoffs: []model.Signoff{
				{Gate: model.GateG3, Role: model.RoleProductOwner, Person: "Dana Ruiz", Decision: model.DecisionApprove,
					Meaning: "Outcome verified against the agreed KPIs", At: putc("2026-02-03T14:05:00Z"), ChecklistHash: "9f2c4e"},
				{Gate: model.GateG3, Role: model.RoleSecurity, Person: "Sam Okafor", Decision: model.DecisionReject,
					Meaning: "Security review done", Comment: "DLP not enforced yet", At: putc("2026-02-03T14:07:30Z"), ChecklistHash: "9f2c4e", OnBehalf: true},
			},
			Reviews: []model.GateReview{{
				Gate: model.GateG3, Date: d("2026-02-03"), Attendees: []string{"Dana Ruiz", "Sam Okafor", "Lee Park"},
				Notes:    map[string]string{"g3-kpis": "Triage time down 31 %", "g3-drill": "Second drill\nonly partial"},
				Decision: model.ReviewConditional, Conditions: []string{"DLP policy enforced before canary"},
				Actions: []model.ActionItem{{What: "Enforce DLP policy", Who: "Lee Park", Due: d("2026-02-20")}},
			}},
		},
		{
			Slug: "invoice-match", Name: "Invoice matching automation", Stage: model.StageIdea,
			Hypothesis: model.Hypothesis{Text: "Match 80 % of supplier invoices without a person"},
			Payback:    &model.PaybackModel{OneTimeCost: 40000, AnnualRunCost: 5000, AnnualBenefit: pf64(90000)},
		},
		{
			Slug: "meeting-summaries", Name: "Meeting summaries: broad rollout", Stage: model.StageRollout,
			Payback: &model.PaybackModel{OneTimeCost: 10000, Reduction: 0.3, VolumePerMonth: 400, MinutesPerUnit: 20, CostPerMinute: 1.1},
			Reviews: []model.GateReview{{Gate: model.GateG5, Date: d("2026-02-20")}},
		},
	}
}

func readPortfolioFile(t *testing.T, name string) ([]model.Pilot, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "portfolio", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ReadPortfolio(f, name)
}

func TestReadPortfolioFull(t *testing.T) {
	t.Parallel()
	got, err := readPortfolioFile(t, "full.yaml")
	if err != nil {
		t.Fatalf("full.yaml: %v", err)
	}
	want := fullPilots()
	if len(got) != len(want) {
		t.Fatalf("got %d pilots, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("pilot %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestReadPortfolioBroken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want string // the whole error text
	}{
		{"bad-alias.yaml", "bad-alias.yaml:6: aliases (*base) are not allowed in a portfolio file: write the value out in full"},
		{"bad-control.yaml", `bad-control.yaml:2: pilot 1: slug: slug "claims\atriage" contains '\a': use 1–64 lowercase letters, digits and '-', e.g. claims-triage` + "\n" +
			`bad-control.yaml:5: the key "rin\tgs" in pilot 1 contains a control character: keys must be printable text`},
		{"bad-criterion.yaml", "bad-criterion.yaml:8: target: invalid criterion \"<> 5\": \"> 5\" is not a number; write SUBJECT OP NUMBER, e.g. `<= -10%`, `delta >= -1`, `pct <= 0`, `>= 80`, `> +5%` (SUBJECT is value, delta or pct; OP is < <= > >=)"},
		{"bad-date.yaml", `bad-date.yaml:5: stage_since: "2026-13-01" is not a date: use YYYY-MM-DD, e.g. 2026-01-31` + "\n" +
			`bad-date.yaml:7: at: "2026-02-03 14:05" is not a time: use RFC 3339, e.g. 2026-02-03T14:05:00Z`},
		{"bad-duplicate-key.yaml", `bad-duplicate-key.yaml:5: duplicate field "name" in pilot "claims-triage": it is already set at line 3`},
		{"bad-duplicate-slug.yaml", `bad-duplicate-slug.yaml:5: duplicate slug "claims-triage": the pilot at line 2 has it too; slugs must be unique`},
		{"bad-empty.yaml", "bad-empty.yaml: the file is empty: a portfolio file starts with `pilots:`, see docs/portfolio.md"},
		{"bad-hypothesis.yaml", `bad-hypothesis.yaml:5: the hypothesis of pilot "claims-triage" must be a mapping of fields (text, locked, reason, revisions), got a list`},
		{"bad-no-pilots.yaml", `bad-no-pilots.yaml:1: unknown field "pilot" in the top level: known fields are pilots, calendar, sources`},
		// Saved import sources (sources_file.go): every field checked, at its line.
		{"bad-sources.yaml", strings.Join([]string{
			`bad-sources.yaml:2: source "Genesys Billing": name "Genesys Billing": use 1–64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit`,
			`bad-sources.yaml:3: source "Genesys Billing": ring "genesys" and map ring="Queue" both say where the ring comes from: keep one`,
			`bad-sources.yaml:6: source "de": unknown decimal mark ";": use . or ,`,
			`bad-sources.yaml:7: source "de": unknown date format "YYYY/DD": use DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD, epoch-s or epoch-ms`,
			`bad-sources.yaml:8: source "de": tz "Europe/Berlim" is not a time zone: use a name like Europe/Berlin or UTC`,
			`bad-sources.yaml:9: duplicate source "de": the source at line 5 has that name; names must be unique`,
			`bad-sources.yaml:10: source "de": victoriametrics="__name__,__value__" lacks __timestamp__: ringside needs __name__, __value__ and __timestamp__:unix_s (or unix_ms, rfc3339)`,
			`bad-sources.yaml:11: source "de": aggregation of offered is "total": use mean, sum, min, max or last`,
			`bad-sources.yaml:14: source "events": format "wide" and count/mean both say how rows read: count and mean make a file of one row per event; drop format`,
			`bad-sources.yaml:16: unknown field "colour" in source 5: known fields are name, pilot, ring, map, skip, date_format, decimal, tz, sheet, format, count, mean, active, rings_from, aggregation`,
		}, "\n")},
		// Change windows and freezes (calendar.go).
		{"bad-calendar-rule.yaml", `bad-calendar-rule.yaml:4: calendar: windows[0].rule: invalid recurrence rule "FREQ=FORTNIGHTLY;BYDAY=TU": FREQ "FORTNIGHTLY" is not supported: use DAILY, WEEKLY or MONTHLY; write e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-01-06 (parts: FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL=1…99, BYDAY=MO,TU,… or for MONTHLY 2TU,-1FR, BYMONTHDAY=1,15,-1, DTSTART=YYYY-MM-DD)`},
		{"bad-calendar-zone.yaml", `bad-calendar-zone.yaml:3: calendar: windows[0].zone: unknown time zone "Europe/Berlim": name an IANA time zone such as Europe/Berlin, America/New_York or UTC` + "\n" +
			`bad-calendar-zone.yaml:5: calendar: freezes[0].zone: time zone "Local" depends on the machine: name an IANA time zone such as Europe/Berlin, America/New_York or UTC`},
		{"bad-calendar-window.yaml", strings.Join([]string{
			`bad-calendar-window.yaml:6: calendar: windows[0].end: the window ends at 18:00, not after it starts at 20:00: give an end later that day, or a duration (e.g. 4h) for a window that runs past midnight`,
			`bad-calendar-window.yaml:11: calendar: windows[1].duration: duration 0s is not positive: a window must end after it starts, e.g. 2h`,
			`bad-calendar-window.yaml:17: calendar: windows[2].end: give duration or end, not both`,
		}, "\n")},
		{"bad-calendar-freeze.yaml", `bad-calendar-freeze.yaml:9: calendar of pilot "claims-triage": freezes[0].to: freeze ends 2026-12-20 before it starts 2027-01-05: swap the dates`},
		{"bad-not-portfolio.yaml", "bad-not-portfolio.yaml:1: not a portfolio file: the top level must be a mapping with a `pilots:` list, got \"date,ring,metric,value 2026-01-05,pilot,…\""},
		{"bad-not-yaml.yaml", "bad-not-yaml.yaml:3: not valid YAML: did not find expected ',' or ']'"},
		{"bad-two-documents.yaml", "bad-two-documents.yaml:2: a second YAML document starts here: a portfolio file holds one document; remove the `---` line"},
		{"bad-unknown-field.yaml", `bad-unknown-field.yaml:10: unknown field "owners" in risk 2 of pilot "claims-triage": known fields are title, category, likelihood, impact, residual_likelihood, residual_impact, owner, mitigation, status, due, last_review`},
		{"bad-unknown-stage.yaml", `bad-unknown-stage.yaml:4: pilot "claims-triage": stage: unknown stage "beta": use one of idea, mvp, pilot, hardening, rollout, production, stopped` + "\n" +
			`bad-unknown-stage.yaml:5: owners of pilot "claims-triage": unknown role "cto": use one of product_owner, it_service_owner, support, security, adoption_lead, legal`},
		// An owner's key must be an SSH public key, at its line.
		{"bad-owner-key.yaml", `bad-owner-key.yaml:7: owners of pilot "claims-triage": the key of security is not an SSH public key (ssh: no key found; last parsing error for ignored line: illegal base64 data at input byte 3): give the one line of the owner's .pub file, e.g. "ssh-ed25519 AAAA… lee@example"`},
		// A sign-off's signature must be an armored SSH signature, at its line
		// (whether it verifies is apply's to say, against the owner's key).
		{"bad-signature.yaml", "bad-signature.yaml:14: pilot \"claims-triage\": the signature is not an SSH signature (ssh: unmarshal error for field PublicKey of type blob): give the whole block ssh-keygen -Y sign -n ringside-signoff wrote, from -----BEGIN SSH SIGNATURE----- to -----END SSH SIGNATURE-----, as a literal block (signature: |), or leave signature: out to record the sign-off as entered on the person's behalf"},
		{"bad-validation.yaml", strings.Join([]string{
			`bad-validation.yaml:7: pilot "claims-triage": rings[1].name: ring "pilot" is already defined as rings[0]: ring names must be unique`,
			`bad-validation.yaml:7: pilot "claims-triage": rings[1].exposure: must be a share from 0 to 1, got 2`,
			`bad-validation.yaml:9: pilot "claims-triage": kpis[0].target: target is required: write a criterion such as "<= -10%"`,
			`bad-validation.yaml:12: pilot "claims-triage": risks[0].residual_likelihood: must be 1–5 (or left out when not assessed), got 9`,
			`bad-validation.yaml:16: pilot "claims-triage": gates.G3.waive[0].reason: reason (a waiver needs one) is required`,
			`bad-validation.yaml:17: gates of pilot "claims-triage": unknown gate "G7": use one of G1, G2, G3, G4, G5, PRG`,
		}, "\n")},
		// A value that failed to read is not reported again by validation
		// (likelihood "high" is not also "must be 1–5, got 0").
		{"bad-wrong-type.yaml", strings.Join([]string{
			`bad-wrong-type.yaml:7: likelihood must be a whole number 1–5, got "high"`,
			`bad-wrong-type.yaml:8: impact must be a whole number 1–5, got "4.5"`,
			`bad-wrong-type.yaml:10: population must be a whole number, got "many"`,
			`bad-wrong-type.yaml:11: kpis must be a list, got a mapping`,
		}, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			pilots, err := readPortfolioFile(t, tt.file)
			if pilots != nil {
				t.Errorf("got %d pilots with an error: want none (never a partial result)", len(pilots))
			}
			var pe PortfolioErrors
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not PortfolioErrors", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
	// Every broken sample is covered by a case above.
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "portfolio", "bad-*.yaml"))
	if len(files) != len(tests) {
		t.Errorf("%d bad-*.yaml files but %d cases: add a case for each", len(files), len(tests))
	}
}

func TestReadPortfolioInline(t *testing.T) {
	t.Parallel()
	const head = "pilots:\n  - slug: s\n    name: S\n    stage: idea\n"
	tests := []struct {
		name, in string
		want     string // whole error text; "" = valid
	}{
		{"empty list", "pilots: []\n", ""},
		{"null list", "pilots:\n", ""},
		{"null fields are left out", head + "    owners:\n    rings: ~\n    payback:\n", ""},
		{"quoted number is text", head + "    risks:\n      - {title: T, likelihood: \"3\", impact: 3}\n",
			`x.yaml:6: likelihood must be a whole number 1–5, got "3"`},
		{"big integer", head + "    rings:\n      - {name: r, population: 99999999999}\n",
			`x.yaml:6: population must be a whole number, got "99999999999"`},
		{"infinite number", head + "    kpis:\n      - {key: k, better: lower, target: '> 1', baseline: .inf}\n",
			`x.yaml:6: baseline must be a finite number, got ".inf"`},
		{"confidence out of range", head + "    kpis:\n      - {key: k, better: lower, target: '> 1', confidence: 95}\n",
			`x.yaml:6: pilot "s": kpis[0].confidence: must be a level between 0 and 1 (both excluded), e.g. 0.95 (leave it out to judge on the point estimate), got 95`},
		{"confidence of 1", head + "    kpis:\n      - {key: k, better: lower, target: '> 1', confidence: 1}\n",
			`x.yaml:6: pilot "s": kpis[0].confidence: must be a level between 0 and 1 (both excluded), e.g. 0.95 (leave it out to judge on the point estimate), got 1`},
		{"confidence of 0", head + "    kpis:\n      - {key: k, better: lower, target: '> 1', confidence: 0}\n",
			`x.yaml:6: confidence must be a level between 0 and 1 (both excluded), e.g. 0.95, got 0 (leave it out to judge on the point estimate)`},
		{"negative confidence", head + "    kpis:\n      - {key: k, better: lower, target: '> 1', confidence: -0.5}\n",
			`x.yaml:6: pilot "s": kpis[0].confidence: must be a level between 0 and 1 (both excluded), e.g. 0.95 (leave it out to judge on the point estimate), got -0.5`},
		{"confidence of 0.1 is accepted", head + "    kpis:\n      - {key: k, better: lower, target: '> 1', confidence: 0.1}\n", ""},
		{"confidence of 0.9999 is accepted", head + "    kpis:\n      - {key: k, better: lower, target: '> 1', confidence: 0.9999}\n", ""},
		{"bool", head + "    kpis:\n      - {key: k, better: lower, target: '> 1', critical: yes}\n",
			`x.yaml:6: critical must be true or false, got "yes"`},
		{"criterion as a mapping", head + "    kpis:\n      - {key: k, better: lower, target: {op: <}}\n",
			`x.yaml:6: target must be a criterion such as "<= -10%", got a mapping`},
		{"name as a list", "pilots:\n  - slug: s\n    name: [a]\n    stage: idea\n",
			`x.yaml:3: name must be text, got a list`},
		{"pilot not a mapping", "pilots:\n  - claims-triage\n",
			`x.yaml:2: pilot 1 must be a mapping of fields (slug, name, stage, stage_since, hypothesis, owners, rings, kpis, payback, risks, runbooks, gates, signoffs, reviews, calendar, flags, nfrs, plan, pir), got "claims-triage"`},
		{"pilots not a list", "pilots: {slug: s}\n", "x.yaml:1: pilots must be a list (each item starting with `- slug:`), got a mapping"},
		{"no pilots key", "{}\n", "x.yaml:1: not a portfolio file: no `pilots:` list at the top level"},
		{"comment only", "# nothing\n", "x.yaml: the file is empty: a portfolio file starts with `pilots:`, see docs/portfolio.md"},
		{"null document", "---\n", "x.yaml:1: the file has no content: a portfolio file starts with `pilots:`, see docs/portfolio.md"},
		{"missing name points at the pilot", "pilots:\n  - slug: s\n    stage: idea\n", `x.yaml:2: pilot "s": name: name is required`},
		{"escape in text is kept", "pilots:\n  - slug: s\n    name: \"A\\x1b[2JB\"\n    stage: idea\n", ""},
		{"escape in a KPI key", head + "    kpis:\n      - {key: \"k\\x00\", better: lower, target: '> 1'}\n",
			`x.yaml:6: pilot "s": kpis[0].key: KPI key "k\x00" contains a control character: use printable text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pilots, err := ReadPortfolio(strings.NewReader(tt.in), "x.yaml")
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got error\n%v\nwant\n%s", err, tt.want)
			}
			if pilots != nil {
				t.Errorf("got pilots with an error")
			}
		})
	}
}

func TestReadPortfolioKeepsControlCharactersInText(t *testing.T) {
	t.Parallel()
	in := "pilots:\n  - slug: s\n    name: \"A\\x1b[2JB\"\n    stage: idea\n"
	pilots, err := ReadPortfolio(strings.NewReader(in), "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if pilots[0].Name != "A\x1b[2JB" {
		t.Errorf("name = %q, want the text as written (the UI strips it on display)", pilots[0].Name)
	}
}

func TestReadPortfolioTooLarge(t *testing.T) {
	t.Parallel()
	r := io.MultiReader(strings.NewReader("pilots: []\n#"), strings.NewReader(strings.Repeat("x", MaxPortfolioSize)))
	_, err := ReadPortfolio(r, "big.yaml")
	if err == nil || err.Error() != "big.yaml: the file is larger than 16 MiB: a portfolio file is far smaller; check that this is the right file" {
		t.Fatalf("got %v", err)
	}
}

func TestPortfolioErrorsCapsTheList(t *testing.T) {
	t.Parallel()
	var es PortfolioErrors
	for i := 1; i <= 23; i++ {
		es = append(es, PortfolioError{File: "f.yaml", Line: i, Msg: "bad"})
	}
	lines := strings.Split(es.Error(), "\n")
	// 20 errors shown, then one line for the 3 left over.
	if len(lines) != 21 || lines[19] != "f.yaml:20: bad" || lines[20] != "… and 3 more" {
		t.Errorf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

func TestPortfolioErrorEscapesControlCharacters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e    PortfolioError
		want string
	}{
		{PortfolioError{File: "a.yaml", Line: 3, Msg: "plain"}, "a.yaml:3: plain"},
		{PortfolioError{File: "a\x1b.yaml", Line: 0, Msg: "x\ny"}, `a\x1b.yaml: x\ny`},
		{PortfolioError{File: "a.yaml", Line: 1, Msg: "rtl\u202eoverride \xff"}, `a.yaml:1: rtl\u202eoverride \xff`},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// TestDocsExampleReads keeps docs/portfolio.md honest: its example file is
// a valid portfolio.
func TestDocsExampleReads(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "portfolio.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/portfolio.md has no ```yaml block")
	}
	pilots, err := ReadPortfolio(strings.NewReader(example), "docs/portfolio.md")
	if err != nil {
		t.Fatalf("the documented example does not read: %v", err)
	}
	if len(pilots) != 1 || pilots[0].Slug != "claims-triage" || len(pilots[0].Gates) != 1 || len(pilots[0].Signoffs) != 1 {
		t.Errorf("example read as %+v", pilots)
	}
}
