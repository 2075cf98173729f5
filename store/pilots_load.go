package store

// Loading pilots set-based: one query per table, whatever the number of
// pilots. Every query walks the pilots in slug order and each pilot's rows
// under it (pilots CROSS JOIN table, on the table's primary key), so the
// cursors advance side by side like a merge and a pilot is complete the
// moment every cursor has passed it: a portfolio streams one pilot at a
// time in a fixed number of queries and bounded memory.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"ringside/model"
)

// pilotSet chooses the pilots a load reads: every pilot (nil), or those
// with the given slugs.
type pilotSet []string

// where is the condition on p (the pilots table) and its argument.
func (ps pilotSet) where() (string, []any) {
	switch {
	case ps == nil:
		return "", nil
	case len(ps) == 1:
		return " WHERE p.slug = ?", []any{ps[0]}
	}
	b, _ := json.Marshal([]string(ps))
	return " WHERE p.slug IN (SELECT value FROM json_each(?))", []any{string(b)}
}

// pilotCursor is one table's rows for the pilots of a load, in the
// pilots' order. dest[0] receives the row's pilot id.
type pilotCursor struct {
	rows *sql.Rows
	dest []any
	id   int64
	ok   bool // a row is current
	err  error
}

func (c *pilotCursor) next() {
	if c.ok = c.rows.Next(); !c.ok {
		c.err = c.rows.Err()
		return
	}
	c.err = c.rows.Scan(c.dest...)
}

// each calls fn for every row of pilot id, which must come at or after the
// cursor's current row in the pilots' order. A nil cursor (a table the
// load leaves out) has no rows.
func (c *pilotCursor) each(id int64, fn func() error) error {
	if c == nil {
		return nil
	}
	for c.ok && c.err == nil && c.id == id {
		if err := fn(); err != nil {
			return err
		}
		c.next()
	}
	return c.err
}

// eachPilot calls fn for every pilot of set, in slug order, each read
// whole and normalized. On a *sql.DB it reads in one read transaction, so
// every table is seen as of the same moment; on a *sql.Tx it reads inside
// that transaction. fn must not write through q while the load runs.
func eachPilot(ctx context.Context, q querier, set pilotSet, fn func(model.Pilot) error) error {
	return eachPilotOf(ctx, q, set, loadWhole, fn)
}

// loadParts says how much of each pilot a load reads.
type loadParts int

const (
	loadWhole loadParts = iota // everything recorded about the pilot
	// loadJudged is what the health engine judges: the pilot's slug and
	// name, its rings' names and its KPIs; the rest of the pilot and of
	// its rings, revisions, payback, gates, operations, owners, risks,
	// runbooks, drills, sign-offs, reviews and the calendar are left out
	// (3 queries instead of 12, no JSON, and a thousand pilots' 15,000
	// rows read with as few columns as the verdicts need).
	loadJudged
	// loadListed is what a list of pilots shows before anything is
	// judged (the cockpit's dashboard rows): slug, name, stage, hypothesis
	// text, owners and risks.
	loadListed
)

// eachPilotOf is eachPilot reading parts of each pilot.
func eachPilotOf(ctx context.Context, q querier, set pilotSet, parts loadParts, fn func(model.Pilot) error) error {
	if db, ok := q.(*sql.DB); ok {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return busy(err)
		}
		defer tx.Rollback()
		q = tx
	}
	if tx, ok := q.(*sql.Tx); ok && parts == loadJudged && set == nil {
		// Every pilot's rings and KPIs: read from the tables' pages
		// (judged_pages.go), unless the file is not as ringside makes it.
		err := eachPilotJudgedPages(ctx, tx, func(p model.Pilot, _ int) error { return fn(p) })
		var unsupported errJudgedPages
		if !errors.As(err, &unsupported) {
			return err
		}
	}
	where, args := set.where()
	var cursors []*pilotCursor
	defer func() {
		for _, c := range cursors {
			c.rows.Close()
		}
	}()
	open := func(cols, table, order string, dest ...any) (*pilotCursor, error) {
		switch {
		case parts == loadJudged && table != "rings" && table != "kpis",
			parts == loadListed && table != "owners" && table != "risks":
			return nil, nil
		}
		c := &pilotCursor{}
		c.dest = append([]any{&c.id}, dest...)
		var err error
		c.rows, err = q.QueryContext(ctx, "SELECT p.id, "+cols+" FROM pilots p CROSS JOIN "+table+" x ON x.pilot_id = p.id"+where+
			" ORDER BY p.slug"+order, args...)
		if err != nil {
			return nil, err
		}
		cursors = append(cursors, c)
		c.next()
		return c, c.err
	}

	// The pilots themselves drive the walk.
	var (
		p                   model.Pilot
		id                  int64
		since               sql.NullInt64
		locked              int
		payback, gates, ops sql.NullString
		pilotRows           *sql.Rows
		err                 error
		revText, revReason  string
		revBy, revAt        string
		role, person        string
		pubkey              string
		ring                model.Ring
		ringStart           sql.NullInt64
		kpi                 model.KPI
		kpiBase             sql.NullFloat64
		kpiTarget, kpiWarn  string
		kpiRollback         string
		kpiCritical         int
		kpiWeight           float64
		kpiSLO              sql.NullString
		risk                model.Risk
		riskDue, riskReview sql.NullInt64
		runbook             model.Runbook
		drill               model.Drill
		drillRunbook        int
		drillDay            int64
		drillSteps          sql.NullString
		so                  model.Signoff
		soAt                string
		soBehalf            int
		rv                  model.GateReview
		rvDay               int64
		rvAtt, rvNotes      string
		rvConds, rvActs     string
		window              model.ChangeWindow
		freeze              model.FreezePeriod
		revisions, owners   *pilotCursor
		rings, kpis, risks  *pilotCursor
		runbooks, drills    *pilotCursor
		signoffs, reviews   *pilotCursor
		windows, freezes    *pilotCursor
	)
	pilotCols := "p.stage, p.stage_since, p.hypothesis, p.hypothesis_locked, p.payback, p.gates, p.operations"
	pilotDest := []any{&id, &p.Slug, &p.Name, &p.Stage, &since, &p.Hypothesis.Text, &locked, &payback, &gates, &ops}
	ringCols, ringDest := "x.name, x.population, x.exposure, x.status, x.start", []any{&ring.Name, &ring.Population, &ring.Exposure, &ring.Status, &ringStart}
	switch parts {
	case loadListed:
		pilotCols = "p.stage, p.stage_since, p.hypothesis, p.hypothesis_locked, NULL, NULL, NULL"
	case loadJudged:
		pilotCols, pilotDest = "", pilotDest[:3]
		ringCols, ringDest = "x.name", ringDest[:1]
	}
	if pilotCols != "" {
		pilotCols = ", " + pilotCols
	}
	pilotRows, err = q.QueryContext(ctx, `SELECT p.id, p.slug, p.name`+pilotCols+` FROM pilots p`+where+" ORDER BY p.slug", args...)
	if err != nil {
		return err
	}
	defer pilotRows.Close()
	if revisions, err = open("x.text, x.reason, x.who, x.at", "hypothesis_revisions", ", x.seq", &revText, &revReason, &revBy, &revAt); err != nil {
		return err
	}
	if owners, err = open("x.role, x.person, x.pubkey", "owners", ", x.role", &role, &person, &pubkey); err != nil {
		return err
	}
	if rings, err = open(ringCols, "rings", ", x.ord", ringDest...); err != nil {
		return err
	}
	if kpis, err = open("x.kpi_key, x.name, x.unit, x.better, x.baseline, x.target, x.warning, x.rollback, x.critical, x.weight, x.window_days, x.slo, x.confidence, x.aggregation",
		"kpis", ", x.ord", &kpi.Key, &kpi.Name, &kpi.Unit, &kpi.Better, &kpiBase, &kpiTarget, &kpiWarn, &kpiRollback, &kpiCritical,
		&kpiWeight, &kpi.Window, &kpiSLO, &kpi.Confidence, &kpi.Aggregation); err != nil {
		return err
	}
	if risks, err = open("x.title, x.category, x.likelihood, x.impact, x.residual_likelihood, x.residual_impact, x.owner, x.mitigation, x.status, x.due, x.last_review",
		"risks", ", x.ord", &risk.Title, &risk.Category, &risk.Likelihood, &risk.Impact, &risk.ResidualLikelihood, &risk.ResidualImpact,
		&risk.Owner, &risk.Mitigation, &risk.Status, &riskDue, &riskReview); err != nil {
		return err
	}
	if runbooks, err = open("x.title, x.kind, x.body, x.target_restore_min", "runbooks", ", x.ord",
		&runbook.Title, &runbook.Kind, &runbook.Body, &runbook.TargetRestoreMin); err != nil {
		return err
	}
	if drills, err = open("x.runbook_ord, x.day, x.who, x.outcome, x.restore_min, x.notes, x.steps", "drills", ", x.runbook_ord, x.ord",
		&drillRunbook, &drillDay, &drill.By, &drill.Outcome, &drill.RestoreMin, &drill.Notes, &drillSteps); err != nil {
		return err
	}
	if signoffs, err = open("x.gate, x.role, x.person, x.decision, x.meaning, x.comment, x.at, x.checklist_hash, x.on_behalf, x.entered_by, x.signature", "signoffs", ", x.at, x.id",
		&so.Gate, &so.Role, &so.Person, &so.Decision, &so.Meaning, &so.Comment, &soAt, &so.ChecklistHash, &soBehalf, &so.EnteredBy, &so.Signature); err != nil {
		return err
	}
	if reviews, err = open("x.gate, x.day, x.attendees, x.notes, x.decision, x.conditions, x.actions", "reviews", ", x.day, x.id",
		&rv.Gate, &rvDay, &rvAtt, &rvNotes, &rv.Decision, &rvConds, &rvActs); err != nil {
		return err
	}
	if windows, err = open("x.name, x.rule, x.start, x.duration, x.end_time, x.zone", "change_windows", ", x.ord",
		&window.Name, &window.Rule, &window.Start, &window.Duration, &window.End, &window.Zone); err != nil {
		return err
	}
	if freezes, err = open("x.name, x.from_day, x.to_day, x.zone", "freezes", ", x.ord",
		&freeze.Name, &freeze.From, &freeze.To, &freeze.Zone); err != nil {
		return err
	}

	var (
		ringBuf  []model.Ring
		kpiBuf   []model.KPI
		criteria = map[string]model.Criterion{}
	)
	for pilotRows.Next() {
		p = model.Pilot{}
		since, locked, payback, gates, ops = sql.NullInt64{}, 0, sql.NullString{}, sql.NullString{}, sql.NullString{}
		if err := pilotRows.Scan(pilotDest...); err != nil {
			return err
		}
		slug := p.Slug
		p.StageSince = dateOf(since)
		p.Hypothesis.Locked = locked != 0
		if payback.Valid {
			p.Payback = new(model.PaybackModel)
			if err := json.Unmarshal([]byte(payback.String), p.Payback); err != nil {
				return fmt.Errorf("pilot %s: payback: %w", slug, err)
			}
		}
		if gates.Valid {
			if err := json.Unmarshal([]byte(gates.String), &p.Gates); err != nil {
				return fmt.Errorf("pilot %s: gates: %w", slug, err)
			}
		}
		if ops.Valid { // flags, NFRs, plan, PIR
			var o operations
			if err := json.Unmarshal([]byte(ops.String), &o); err != nil {
				return fmt.Errorf("pilot %s: operations: %w", slug, err)
			}
			p.Flags, p.NFRs, p.Plan, p.PIR = o.Flags, o.NFRs, o.Plan, o.PIR
		}
		err := revisions.each(id, func() error {
			p.Hypothesis.Revisions = append(p.Hypothesis.Revisions, model.HypothesisRevision{Text: revText, Reason: revReason, By: revBy, At: parseTime(revAt)})
			return nil
		})
		if err == nil {
			err = owners.each(id, func() error {
				if p.Owners == nil {
					p.Owners = map[model.Role]string{}
				}
				p.Owners[model.Role(role)] = person
				if pubkey != "" {
					if p.OwnerKeys == nil {
						p.OwnerKeys = map[model.Role]string{}
					}
					p.OwnerKeys[model.Role(role)] = pubkey
				}
				return nil
			})
		}
		// Rings and KPIs gather in buffers kept from pilot to pilot and
		// are copied out at their exact size: appending a KPI (300 bytes)
		// at a time grew each pilot's list four times over.
		if err == nil {
			ringBuf = ringBuf[:0]
			err = rings.each(id, func() error {
				g := ring
				g.Start = dateOf(ringStart)
				ringBuf = append(ringBuf, g)
				return nil
			})
			if len(ringBuf) > 0 {
				p.Rings = slices.Clone(ringBuf)
			}
		}
		if err == nil {
			kpiBuf = kpiBuf[:0]
			err = kpis.each(id, func() error {
				k := kpi
				if kpiBase.Valid {
					v := kpiBase.Float64
					k.Baseline = &v
				}
				k.Critical = kpiCritical != 0
				if kpiWeight != model.DefaultWeight { // the default reads back as unset
					w := kpiWeight
					k.Weight = &w
				}
				var perr error
				parse := func(s string) model.Criterion {
					if s == "" {
						return model.Criterion{}
					}
					if c, ok := criteria[s]; ok { // a portfolio repeats a few criteria
						return c
					}
					c, err := model.ParseCriterion(s)
					if err != nil && perr == nil {
						perr = fmt.Errorf("pilot %s KPI %s: stored criterion: %w", slug, k.Key, err)
					}
					if err == nil && len(criteria) < 1024 {
						criteria[s] = c
					}
					return c
				}
				k.Target, k.Warning, k.Rollback = parse(kpiTarget), parse(kpiWarn), parse(kpiRollback)
				if kpiSLO.Valid {
					k.SLO = new(model.KPISLO)
					if err := json.Unmarshal([]byte(kpiSLO.String), k.SLO); err != nil {
						return fmt.Errorf("pilot %s KPI %s: slo: %w", slug, k.Key, err)
					}
				}
				kpiBuf = append(kpiBuf, k)
				return perr
			})
			if len(kpiBuf) > 0 {
				p.KPIs = slices.Clone(kpiBuf)
			}
		}
		if err == nil {
			err = risks.each(id, func() error {
				k := risk
				k.Due, k.LastReview = dateOf(riskDue), dateOf(riskReview)
				p.Risks = append(p.Risks, k)
				return nil
			})
		}
		if err == nil {
			err = runbooks.each(id, func() error {
				p.Runbooks = append(p.Runbooks, runbook)
				return nil
			})
		}
		if err == nil {
			err = drills.each(id, func() error {
				d := drill
				d.Date = model.Date(drillDay)
				if drillSteps.Valid {
					if err := json.Unmarshal([]byte(drillSteps.String), &d.Steps); err != nil {
						return err
					}
				}
				if drillRunbook < 0 || drillRunbook >= len(p.Runbooks) {
					return fmt.Errorf("pilot %s: drill of missing runbook %d", slug, drillRunbook)
				}
				p.Runbooks[drillRunbook].Drills = append(p.Runbooks[drillRunbook].Drills, d)
				return nil
			})
		}
		if err == nil {
			err = signoffs.each(id, func() error {
				s := so
				s.At = parseTime(soAt)
				s.OnBehalf = soBehalf != 0
				p.Signoffs = append(p.Signoffs, s)
				return nil
			})
		}
		if err == nil {
			err = reviews.each(id, func() error {
				r := rv
				r.Date = model.Date(rvDay)
				r.Attendees, r.Notes, r.Conditions, r.Actions = nil, nil, nil, nil
				for _, x := range []struct {
					s string
					v any
				}{{rvAtt, &r.Attendees}, {rvNotes, &r.Notes}, {rvConds, &r.Conditions}, {rvActs, &r.Actions}} {
					if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
						return err
					}
				}
				p.Reviews = append(p.Reviews, r)
				return nil
			})
		}
		if err == nil && parts == loadWhole { // the pilot's own change calendar (calendar.go)
			cal := &model.Calendar{}
			err = windows.each(id, func() error {
				cal.Windows = append(cal.Windows, window)
				return nil
			})
			if err == nil {
				err = freezes.each(id, func() error {
					cal.Freezes = append(cal.Freezes, freeze)
					return nil
				})
			}
			p.Calendar = model.CanonicalCalendar(cal)
		}
		if err != nil {
			return err
		}
		if err := fn(Normalize(p)); err != nil {
			return err
		}
	}
	return pilotRows.Err()
}

// loadPilot reads one pilot through q (a *sql.DB or a transaction).
func loadPilot(ctx context.Context, q querier, slug string) (model.Pilot, error) {
	var out model.Pilot
	found := false
	err := eachPilot(ctx, q, pilotSet{slug}, func(p model.Pilot) error {
		out, found = p, true
		return nil
	})
	if err == nil && !found {
		err = fmt.Errorf("pilot %q: %w (list pilots with `ringside health` or load some with `ringside apply -f FILE`)", slug, ErrNotFound)
	}
	return out, err
}
