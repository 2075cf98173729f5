package exporters

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// portfolioHeader starts every written portfolio file. It carries no
// timestamp: writing the same pilots twice must give the same bytes.
const portfolioHeader = "# ringside portfolio\n"

// flowWidth is the longest mapping (keys and values together) written on one
// line as {k: v, …}; longer ones are written as blocks.
const flowWidth = 100

// WritePortfolio writes pilots in the format of docs/portfolio.md, the same
// bytes for the same pilots: sorted by slug, fields in the documented order,
// unset values left out.
func WritePortfolio(w io.Writer, pilots []model.Pilot) error {
	return writePortfolioDoc(w, nil, nil, pilots)
}

func writePortfolioDoc(w io.Writer, calendar *model.Calendar, sources []model.ImportSource, pilots []model.Pilot) error {
	sorted := slices.Clone(pilots)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Slug < sorted[j].Slug })
	pw := NewPortfolioWriter(w, calendar).WithSources(sources)
	for i := range sorted {
		if err := pw.Pilot(&sorted[i]); err != nil {
			return err
		}
	}
	return pw.Close()
}

// PortfolioWriter writes a portfolio file one pilot at a time, the same
// bytes WritePortfolioFile writes for the same pilots, holding only the
// pilot being written: a portfolio of any size exports in flat memory.
// Pilots must come in slug order.
type PortfolioWriter struct {
	w        io.Writer
	calendar *model.Calendar
	sources  []model.ImportSource
	n        int // pilots written
	last     string
	closed   bool
	err      error
}

// NewPortfolioWriter starts a portfolio file with the portfolio's change
// calendar (nil for none).
func NewPortfolioWriter(w io.Writer, calendar *model.Calendar) *PortfolioWriter {
	return &PortfolioWriter{w: w, calendar: calendar}
}

// WithSources makes the file carry the saved import sources (`sources:`,
// after the calendar); call it before the first pilot.
func (pw *PortfolioWriter) WithSources(srcs []model.ImportSource) *PortfolioWriter {
	pw.sources = srcs
	return pw
}

// pilotsKey is the line that opens the pilot list when it has pilots.
const pilotsKey = "pilots:\n"

// Pilot writes the next pilot. Each is encoded as the one item of a
// document's pilot list, at the column it has in the whole file, so line
// breaks and indentation come out as in one document; the first also
// carries the header and calendar, the others drop the `pilots:` line.
func (pw *PortfolioWriter) Pilot(p *model.Pilot) error {
	if pw.err != nil {
		return pw.err
	}
	if pw.closed {
		return fmt.Errorf("writing the portfolio: pilot %s after the end", p.Slug)
	}
	if pw.n > 0 && p.Slug <= pw.last {
		pw.err = fmt.Errorf("writing the portfolio: pilot %q after %q: pilots must come in slug order", p.Slug, pw.last)
		return pw.err
	}
	list := seq()
	list.Content = append(list.Content, pilotNode(p))
	root := mapping()
	if pw.n == 0 {
		root.add("calendar", calendarNode(pw.calendar)) // change windows and freezes (calendar.go)
		root.add("sources", sourcesNode(pw.sources))    // saved import profiles (sources.go)
	}
	root.Content = append(root.Content, text("pilots"), list)
	var buf bytes.Buffer
	if pw.n == 0 {
		buf.WriteString(portfolioHeader)
	}
	if pw.err = encodeYAML(&buf, root.Node); pw.err != nil {
		return pw.err
	}
	out := buf.Bytes()
	if pw.n > 0 {
		if !bytes.HasPrefix(out, []byte(pilotsKey)) {
			pw.err = fmt.Errorf("writing the portfolio: pilot %s: unexpected encoding %.20q", p.Slug, out)
			return pw.err
		}
		out = out[len(pilotsKey):]
	}
	pw.n++
	pw.last = p.Slug
	_, pw.err = pw.w.Write(out)
	return pw.err
}

// Close ends the file; with no pilot written it writes the whole file,
// `pilots: []` included.
func (pw *PortfolioWriter) Close() error {
	if pw.err != nil || pw.closed {
		return pw.err
	}
	pw.closed = true
	if pw.n > 0 {
		return nil
	}
	list := seq()
	list.Style = yaml.FlowStyle // pilots: []
	root := mapping()
	root.add("calendar", calendarNode(pw.calendar))
	root.add("sources", sourcesNode(pw.sources))
	root.Content = append(root.Content, text("pilots"), list) // kept even when empty
	var buf bytes.Buffer
	buf.WriteString(portfolioHeader)
	if pw.err = encodeYAML(&buf, root.Node); pw.err == nil {
		_, pw.err = pw.w.Write(buf.Bytes())
	}
	return pw.err
}

func encodeYAML(w io.Writer, n *yaml.Node) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return fmt.Errorf("writing the portfolio: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("writing the portfolio: %w", err)
	}
	return nil
}

func pilotNode(p *model.Pilot) *yaml.Node {
	m := mapping()
	m.str("slug", p.Slug)
	m.str("name", p.Name)
	m.str("stage", string(p.Stage))
	m.date("stage_since", p.StageSince)
	m.add("hypothesis", hypothesisNode(p.Hypothesis))
	m.add("owners", ownersNode(p.Owners, p.OwnerKeys))
	m.add("rings", listOf(p.Rings, ringNode))
	m.add("kpis", listOf(p.KPIs, kpiNode))
	if p.Payback != nil {
		pb := paybackNode(p.Payback)
		if len(pb.Content) == 0 {
			pb.Style = yaml.FlowStyle // payback: {} still reads back as a model
		}
		m.Content = append(m.Content, text("payback"), pb)
	}
	m.add("risks", listOf(p.Risks, riskNode))
	m.add("runbooks", listOf(p.Runbooks, runbookNode))
	m.add("gates", gatesNode(p.Gates))
	m.add("signoffs", listOf(p.Signoffs, signoffNode))
	m.add("reviews", listOf(p.Reviews, reviewNode))
	m.add("calendar", calendarNode(p.Calendar)) // the pilot's own (calendar.go)
	addOperations(m, p)                         // see portfolio_ops.go
	return m.Node
}

// hypothesisNode writes a plain string unless the hypothesis is locked or
// carries revisions or a change reason.
func hypothesisNode(h model.Hypothesis) *yaml.Node {
	if !h.Locked && len(h.Revisions) == 0 && h.Reason == "" {
		if h.Text == "" {
			return nil
		}
		return text(h.Text)
	}
	m := mapping()
	m.str("text", h.Text)
	m.boolean("locked", h.Locked)
	m.str("reason", h.Reason)
	m.add("revisions", listOf(h.Revisions, func(r *model.HypothesisRevision) *yaml.Node {
		rm := mapping()
		rm.str("text", r.Text)
		rm.str("reason", r.Reason)
		rm.str("by", r.By)
		rm.time("at", r.At)
		return rm.flowIfShort()
	}))
	return m.Node
}

// ownersNode lists owners in model.Roles order, then any unknown roles sorted.
func ownersNode(owners, keys map[model.Role]string) *yaml.Node {
	m := mapping()
	owner := func(r model.Role) {
		if keys[r] == "" {
			m.str(string(r), owners[r])
			return
		}
		o := mapping() // an owner with a key: {name, key}
		o.str("name", owners[r])
		o.str("key", keys[r])
		m.add(string(r), o.Node)
	}
	for _, r := range model.Roles {
		owner(r)
	}
	var other []string
	for r := range owners {
		if !slices.Contains(model.Roles, r) {
			other = append(other, string(r))
		}
	}
	sort.Strings(other)
	for _, r := range other {
		owner(model.Role(r))
	}
	if len(keys) > 0 {
		return m.Node // keys are long: one owner a line
	}
	return m.flowIfShort()
}

func ringNode(r *model.Ring) *yaml.Node {
	m := mapping()
	m.str("name", r.Name)
	m.integer("population", r.Population)
	m.number("exposure", r.Exposure)
	m.str("status", string(r.Status))
	m.date("start", r.Start)
	return m.flowIfShort()
}

func kpiNode(k *model.KPI) *yaml.Node {
	m := mapping()
	m.str("key", k.Key)
	m.str("name", k.Name)
	m.str("unit", k.Unit)
	m.str("better", string(k.Better))
	m.optNumber("baseline", k.Baseline)
	m.criterion("target", k.Target)
	m.criterion("warning", k.Warning)
	m.criterion("rollback", k.Rollback)
	if !k.Critical { // must-meet is the default
		m.add("critical", plain("false"))
	}
	if k.Weight != nil && *k.Weight != model.DefaultWeight { // 0 is written: it is not the default
		m.add("weight", plain(formatFloat(*k.Weight)))
	}
	m.integer("window", k.Window)
	m.number("confidence", k.Confidence)
	m.str("aggregation", string(k.Aggregation))
	m.add("slo", sloNode(k.SLO))
	return m.Node
}

func paybackNode(pm *model.PaybackModel) *yaml.Node {
	m := mapping()
	m.number("one_time_cost", pm.OneTimeCost)
	m.number("annual_run_cost", pm.AnnualRunCost)
	m.optNumber("annual_benefit", pm.AnnualBenefit)
	m.number("volume_per_month", pm.VolumePerMonth)
	m.number("minutes_per_unit", pm.MinutesPerUnit)
	m.number("cost_per_minute", pm.CostPerMinute)
	if pm.ReductionKPI != "" {
		m.str("reduction", pm.ReductionKPI)
	} else {
		m.number("reduction", pm.Reduction)
	}
	m.str("ring", pm.Ring)
	if len(pm.Ramp) > 0 {
		ramp := seq()
		ramp.Style = yaml.FlowStyle
		for _, share := range pm.Ramp {
			ramp.Content = append(ramp.Content, plain(formatFloat(share)))
		}
		m.add("ramp", ramp)
	}
	m.optNumber("discount_rate", pm.DiscountRate)
	m.integer("horizon_months", pm.HorizonMonths)
	m.number("risk_adjustment", pm.RiskAdjustment)
	return m.Node
}

func riskNode(r *model.Risk) *yaml.Node {
	m := mapping()
	m.str("title", r.Title)
	m.str("category", string(r.Category))
	m.integer("likelihood", r.Likelihood)
	m.integer("impact", r.Impact)
	m.integer("residual_likelihood", r.ResidualLikelihood)
	m.integer("residual_impact", r.ResidualImpact)
	m.str("owner", r.Owner)
	m.str("mitigation", r.Mitigation)
	m.str("status", string(r.Status))
	m.date("due", r.Due)
	m.date("last_review", r.LastReview)
	return m.flowIfShort()
}

func runbookNode(rb *model.Runbook) *yaml.Node {
	m := mapping()
	m.str("title", rb.Title)
	m.str("kind", string(rb.Kind))
	m.number("target_restore_min", rb.TargetRestoreMin)
	m.str("body", rb.Body)
	m.add("drills", listOf(rb.Drills, drillNode))
	return m.Node
}

func drillNode(d *model.Drill) *yaml.Node {
	m := mapping()
	m.date("date", d.Date)
	m.str("by", d.By)
	m.str("outcome", string(d.Outcome))
	m.number("restore_min", d.RestoreMin)
	m.str("notes", d.Notes)
	m.add("steps", listOf(d.Steps, func(s *model.DrillStep) *yaml.Node {
		sm := mapping()
		sm.str("step", s.Step)
		sm.boolean("done", s.Done)
		sm.number("at_sec", s.AtSec)
		sm.str("note", s.Note)
		return sm.flowIfShort()
	}))
	return m.flowIfShort()
}

// gatesNode writes gate plans keyed by gate, in staircase order.
func gatesNode(plans []model.GatePlan) *yaml.Node {
	sorted := slices.Clone(plans)
	rank := func(id model.GateID) int {
		if i := slices.Index(model.GateIDs, id); i >= 0 {
			return i
		}
		return len(model.GateIDs)
	}
	sort.SliceStable(sorted, func(i, j int) bool {
		ri, rj := rank(sorted[i].Gate), rank(sorted[j].Gate)
		if ri != rj {
			return ri < rj
		}
		return sorted[i].Gate < sorted[j].Gate
	})
	m := mapping()
	for i := range sorted {
		// An empty plan is kept: it reads back as the same value.
		m.Content = append(m.Content, text(string(sorted[i].Gate)), gatePlanNode(&sorted[i]))
	}
	return m.Node
}

func gatePlanNode(g *model.GatePlan) *yaml.Node {
	m := mapping()
	m.add("add", listOf(g.Add, func(c *model.GateCriterion) *yaml.Node {
		cm := mapping()
		cm.str("id", c.ID)
		cm.str("kind", string(c.Kind))
		cm.str("text", c.Text)
		cm.str("dimension", c.Dimension)
		cm.str("kpi", c.KPI)
		cm.str("ring", c.Ring)
		cm.str("role", string(c.Role))
		cm.integer("max_score", c.MaxScore)
		cm.str("runbook_kind", string(c.RunbookKind))
		cm.integer("within_days", c.WithinDays)
		cm.add("categories", categoriesNode(c.Categories))
		return cm.flowIfShort()
	}))
	m.add("drop", stringList(g.Drop))
	var signed []string
	for _, r := range g.RequireSigned {
		signed = append(signed, string(r))
	}
	m.add("require_signed", stringList(signed))
	m.add("waive", listOf(g.Waivers, func(w *model.Waiver) *yaml.Node {
		wm := mapping()
		wm.str("criterion", w.Criterion)
		wm.str("reason", w.Reason)
		wm.str("role", string(w.Role))
		return wm.flowIfShort()
	}))
	m.add("ticks", listOf(g.Ticks, func(t *model.ManualTick) *yaml.Node {
		tm := mapping()
		tm.str("criterion", t.Criterion)
		tm.str("by", t.By)
		tm.time("at", t.At)
		tm.str("evidence", t.Evidence)
		return tm.flowIfShort()
	}))
	if len(m.Content) == 0 {
		m.Style = yaml.FlowStyle // G3: {}
	}
	return m.Node
}

func signoffNode(s *model.Signoff) *yaml.Node {
	m := mapping()
	m.str("gate", string(s.Gate))
	m.str("role", string(s.Role))
	m.str("person", s.Person)
	m.str("decision", string(s.Decision))
	m.str("meaning", s.Meaning)
	m.str("comment", s.Comment)
	m.time("at", s.At)
	m.str("checklist_hash", s.ChecklistHash)
	m.boolean("on_behalf", s.OnBehalf)
	m.str("entered_by", s.EnteredBy)
	m.str("signature", s.Signature) // the armored SSHSIG, a literal block: apply verifies it again
	return m.Node
}

func reviewNode(r *model.GateReview) *yaml.Node {
	m := mapping()
	m.str("gate", string(r.Gate))
	m.date("date", r.Date)
	m.add("attendees", flowList(stringList(r.Attendees)))
	if len(r.Notes) > 0 {
		ids := make([]string, 0, len(r.Notes))
		for id := range r.Notes {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		nm := mapping()
		for _, id := range ids {
			nm.add(id, text(r.Notes[id])) // an empty note is still a note
		}
		m.add("notes", nm.flowIfShort())
	}
	m.str("decision", string(r.Decision))
	m.add("conditions", stringList(r.Conditions))
	m.add("actions", listOf(r.Actions, func(a *model.ActionItem) *yaml.Node {
		am := mapping()
		am.str("what", a.What)
		am.str("who", a.Who)
		am.date("due", a.Due)
		return am.flowIfShort()
	}))
	return m.Node
}

// --- node building ---

// mapNode builds a mapping, leaving out every unset value.
type mapNode struct{ *yaml.Node }

func mapping() mapNode { return mapNode{&yaml.Node{Kind: yaml.MappingNode}} }

func seq() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode} }

// add appends key: v unless v is nil or an empty collection.
func (m mapNode) add(key string, v *yaml.Node) {
	if v == nil || (v.Kind == yaml.SequenceNode || v.Kind == yaml.MappingNode) && len(v.Content) == 0 {
		return
	}
	m.Content = append(m.Content, text(key), v)
}

func (m mapNode) str(key, s string) {
	if s != "" {
		m.add(key, text(s))
	}
}

func (m mapNode) number(key string, f float64) {
	if f != 0 {
		m.add(key, plain(formatFloat(f)))
	}
}

func (m mapNode) optNumber(key string, f *float64) {
	if f != nil {
		m.add(key, plain(formatFloat(*f)))
	}
}

func (m mapNode) integer(key string, i int) {
	if i != 0 {
		m.add(key, plain(strconv.Itoa(i)))
	}
}

func (m mapNode) boolean(key string, b bool) {
	if b {
		m.add(key, plain("true"))
	}
}

func (m mapNode) date(key string, d model.Date) {
	if !d.IsZero() {
		m.add(key, plain(d.String()))
	}
}

func (m mapNode) time(key string, t time.Time) {
	if !t.IsZero() {
		m.add(key, plain(t.UTC().Format(time.RFC3339Nano)))
	}
}

// criterion writes the criterion as its user wrote it, quoted as the docs
// show: `<` and `>` at the start of a plain value would confuse YAML readers.
func (m mapNode) criterion(key string, c model.Criterion) {
	if c.IsZero() {
		return
	}
	n := text(c.String())
	n.Style = yaml.DoubleQuotedStyle
	m.add(key, n)
}

// flowIfShort writes a mapping of short one-line scalars on one line.
func (m mapNode) flowIfShort() *yaml.Node {
	width := 0
	for _, c := range m.Content {
		if c.Kind != yaml.ScalarNode || strings.ContainsAny(c.Value, "\n\r") {
			return m.Node
		}
		width += len(c.Value) + 2
	}
	if width <= flowWidth {
		m.Style = yaml.FlowStyle
	}
	return m.Node
}

func listOf[T any](items []T, node func(*T) *yaml.Node) *yaml.Node {
	s := seq()
	for i := range items {
		s.Content = append(s.Content, node(&items[i]))
	}
	return s
}

func stringList(items []string) *yaml.Node {
	s := seq()
	for _, it := range items {
		s.Content = append(s.Content, text(it))
	}
	return flowList(s)
}

// flowList writes a list of short one-line strings as [a, b].
func flowList(s *yaml.Node) *yaml.Node {
	width := 0
	for _, c := range s.Content {
		if strings.ContainsAny(c.Value, "\n\r") {
			return s
		}
		width += len(c.Value) + 2
	}
	if width <= flowWidth {
		s.Style = yaml.FlowStyle
	}
	return s
}

// text is a string scalar: the encoder quotes it when it would otherwise
// read back as a number, date, bool or null, and writes multi-line text as
// a literal block.
func text(s string) *yaml.Node {
	s = strings.ToValidUTF8(s, "\uFFFD") // invalid bytes would become !!binary
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// plain is a number, date, time or bool, written as is.
func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// formatFloat writes the shortest text that reads back as the same float.
func formatFloat(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	if a := math.Abs(f); a >= 1e-4 && a < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
