package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/ssh"

	"ringside/model"
)

// MaxPortfolioSize is the largest portfolio file ReadPortfolio accepts. Real
// portfolios are kilobytes; anything near this is a mistake or an attack.
const MaxPortfolioSize = 16 << 20

// maxErrorsShown is how many problems PortfolioErrors.Error spells out.
const maxErrorsShown = 20

// PortfolioError is one problem in a portfolio file, at a line (0 when the
// problem is the file as a whole).
type PortfolioError struct {
	File string
	Line int
	Msg  string
}

func (e PortfolioError) Error() string {
	if e.Line <= 0 {
		return escapeControls(e.File) + ": " + escapeControls(e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", escapeControls(e.File), e.Line, escapeControls(e.Msg))
}

// PortfolioErrors is every problem found in a file, in line order.
type PortfolioErrors []PortfolioError

func (es PortfolioErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i == maxErrorsShown {
			fmt.Fprintf(&b, "\n… and %d more", len(es)-maxErrorsShown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// ReadPortfolio reads a portfolio file (docs/portfolio.md). On any problem it
// returns PortfolioErrors naming file and line of each, and no pilots.
func ReadPortfolio(r io.Reader, file string) ([]model.Pilot, error) {
	d := &portfolioReader{file: file}
	return d.readAll(r)
}

// readAll reads the whole file; the top-level calendar lands in d.calendar.
func (d *portfolioReader) readAll(r io.Reader) ([]model.Pilot, error) {
	file := d.file
	data, err := io.ReadAll(io.LimitReader(r, MaxPortfolioSize+1))
	if err != nil {
		return nil, PortfolioErrors{{File: file, Msg: "cannot read the file: " + err.Error()}}
	}
	if len(data) > MaxPortfolioSize {
		return nil, PortfolioErrors{{File: file, Msg: fmt.Sprintf("the file is larger than %d MiB: a portfolio file is far smaller; check that this is the right file", MaxPortfolioSize>>20)}}
	}
	out := d.read(data)
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		return nil, d.errs
	}
	return out, nil
}

// portfolioReader walks the YAML node tree, collecting every problem.
type portfolioReader struct {
	file     string
	errs     PortfolioErrors
	calendar *model.Calendar // the top-level `calendar:`, nil when absent (calendar.go)
}

func (d *portfolioReader) fail(line int, format string, args ...any) {
	d.errs = append(d.errs, PortfolioError{File: escapeControls(d.file), Line: line, Msg: escapeControls(fmt.Sprintf(format, args...))})
}

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse decodes one YAML document into a node tree, turning yaml's own
// errors into line-numbered ones.
func (d *portfolioReader) parse(data []byte) (root *yaml.Node) {
	defer func() {
		// yaml.v3 is well fuzzed, but a panic on hostile input must not
		// take the program down.
		if r := recover(); r != nil {
			d.fail(0, "not valid YAML: the parser gave up (%v)", r)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.fail(0, "the file is empty: a portfolio file starts with `pilots:`, see docs/portfolio.md")
			return nil
		}
		d.yamlError(err)
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		d.fail(next.Line, "a second YAML document starts here: a portfolio file holds one document; remove the `---` line")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.yamlError(err)
		return nil
	}
	return &doc
}

// yamlParserProblems are the parser's (not the scanner's) messages: yaml.v3
// numbers their lines from 0, the scanner's from 1.
var yamlParserProblems = []string{
	"did not find expected <document start>", "did not find expected node content",
	"did not find expected key", "did not find expected '-' indicator",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"found undefined tag handle", "found duplicate %YAML directive", "found incompatible YAML document",
	"found duplicate %TAG directive",
}

func (d *portfolioReader) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if strings.HasPrefix(msg, "unknown anchor") {
		d.fail(0, "not valid YAML: %s; aliases are not allowed in a portfolio file anyway: write the value out in full", msg)
		return
	}
	if m := yamlLineErr.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		if slices.Contains(yamlParserProblems, m[2]) {
			line++
		}
		d.fail(line, "not valid YAML: %s", m[2])
		return
	}
	d.fail(0, "not valid YAML: %s", msg)
}

// refuseAliases reports every alias: a portfolio needs none, and refusing
// them rules out expansion bombs.
func (d *portfolioReader) refuseAliases(n *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		d.fail(n.Line, "aliases (*%s) are not allowed in a portfolio file: write the value out in full", n.Value)
		return
	}
	for _, c := range n.Content {
		d.refuseAliases(c)
	}
}

func (d *portfolioReader) read(data []byte) []model.Pilot {
	if out, ok := d.readByItem(data); ok {
		return out
	}
	d.errs, d.calendar = nil, nil // the whole tree says what is wrong, and where
	doc := d.parse(data)
	if doc == nil {
		return nil
	}
	d.refuseAliases(doc)
	if len(d.errs) > 0 {
		return nil
	}
	pilotsNode := d.topLevel(doc)
	if pilotsNode == nil || isNull(pilotsNode) {
		return nil
	}
	if pilotsNode.Kind != yaml.SequenceNode {
		d.fail(pilotsNode.Line, "pilots must be a list (each item starting with `- slug:`), got %s", describe(pilotsNode))
		return nil
	}
	var out []model.Pilot
	slugLines := map[string]int{}
	for i, item := range pilotsNode.Content {
		if p, ok := d.readPilot(item, i, slugLines); ok {
			out = append(out, p)
		}
	}
	return out
}

// topLevel reads the top-level mapping (the calendar into d.calendar) and
// returns the `pilots:` node, nil after a problem.
func (d *portfolioReader) topLevel(doc *yaml.Node) *yaml.Node {
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		d.fail(doc.Line, "the file has no content: a portfolio file starts with `pilots:`, see docs/portfolio.md")
		return nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		d.fail(top.Line, "not a portfolio file: the top level must be a mapping with a `pilots:` list, got %s", describe(top))
		return nil
	}
	var pilotsNode *yaml.Node
	d.mapping(top, "the top level", []string{"pilots", "calendar"}, func(key string, k, v *yaml.Node) {
		if key == "calendar" { // change windows and freezes (calendar.go)
			d.calendar = d.readCalendar(v, "calendar")
			return
		}
		pilotsNode = v
	})
	if pilotsNode == nil && len(d.errs) == 0 {
		d.fail(top.Line, "not a portfolio file: no `pilots:` list at the top level")
	}
	return pilotsNode
}

// readPilot reads and validates the index-th pilot of the list.
func (d *portfolioReader) readPilot(item *yaml.Node, index int, slugLines map[string]int) (model.Pilot, bool) {
	pr := &pilotReader{portfolioReader: d, lines: map[string]int{"": item.Line}}
	before := len(d.errs)
	p, ok := pr.pilot(item, index)
	if !ok {
		return p, false
	}
	// Validate even a pilot with errors, but say nothing more about a
	// line already reported: a value that failed to read is zero, and
	// "must be 1–5, got 0" after "got "high"" would only confuse.
	reported := map[int]bool{}
	for _, e := range d.errs[before:] {
		reported[e.Line] = true
	}
	if first, dup := slugLines[p.Slug]; dup && p.Slug != "" {
		d.fail(pr.lineOf("slug"), "duplicate slug %q: the pilot at line %d has it too; slugs must be unique", p.Slug, first)
	} else {
		slugLines[p.Slug] = pr.lineOf("slug")
	}
	for _, fe := range p.Validate() {
		if line := pr.lineOf(fe.Path); !reported[line] {
			d.fail(line, "%s: %s", pr.label, fe.Error())
		}
	}
	return p, true
}

// readByItem reads a file of the common shape (what export writes: a
// header, perhaps a calendar, then a block list under `pilots:` running to
// the end) one pilot's text at a time, so the YAML tree of a thousand
// pilots is never built whole: a pilot's tree is many times its text.
// ok is false when the file has another shape or any problem at all; the
// caller then reads the whole tree, which gives the same pilots from a
// good file and the same errors, at the same lines, from a bad one.
func (d *portfolioReader) readByItem(data []byte) (out []model.Pilot, ok bool) {
	head, items, ok := splitPilots(data)
	if !ok {
		return nil, false
	}
	doc := d.parse(head) // a prefix of the file: its lines are the file's
	if doc == nil || len(d.errs) > 0 {
		return nil, false
	}
	d.refuseAliases(doc)
	if pilotsNode := d.topLevel(doc); len(d.errs) > 0 || pilotsNode == nil || !isNull(pilotsNode) {
		return nil, false
	}
	slugLines := map[string]int{}
	for i, it := range items {
		item := d.parseItem(it.text, it.line)
		if item == nil || len(d.errs) > 0 {
			return nil, false
		}
		p, ok := d.readPilot(item, i, slugLines)
		if !ok || len(d.errs) > 0 {
			return nil, false
		}
		out = append(out, p)
	}
	return out, true
}

// pilotText is one item of the pilot list: its text and first line.
type pilotText struct {
	text []byte
	line int
}

// splitPilots cuts data into what precedes the pilot list (up to and
// including the `pilots:` line) and the list's items, each from a line
// `- ` at the list's indent to the next. ok is false for any other shape:
// a flow list, anything after the list, tabs, document markers.
func splitPilots(data []byte) (head []byte, items []pilotText, ok bool) {
	var starts []int // of each item, in data
	lineNo, indent := 0, -1
	for at := 0; at < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[at:], '\n'); i >= 0 {
			end = at + i + 1
		}
		line := data[at:end]
		lineNo++
		text := bytes.TrimRight(line, " \r\n")
		body := bytes.TrimLeft(text, " ")
		if bytes.HasPrefix(line, []byte("\t")) || bytes.HasPrefix(text, []byte("---")) || bytes.HasPrefix(text, []byte("...")) || bytes.HasPrefix(text, []byte("%")) {
			return nil, nil, false
		}
		switch {
		case head == nil:
			if string(text) == "pilots:" {
				head = data[:end]
			}
		case len(body) == 0 || body[0] == '#':
			// a blank or comment line belongs to the item it is in
		default:
			n := len(text) - len(body)
			isItem := bytes.HasPrefix(body, []byte("- ")) || string(body) == "-"
			if indent < 0 && isItem {
				indent = n
			}
			switch {
			case n == indent && isItem:
				starts = append(starts, at)
				items = append(items, pilotText{line: lineNo})
			case indent >= 0 && n > indent:
				// inside the current item
			default: // something after the list, or out of line
				return nil, nil, false
			}
		}
		at = end
	}
	for i := range items {
		end := len(data)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		items[i].text = data[starts[i]:end]
	}
	return head, items, head != nil && len(items) > 0
}

// parseItem parses one item's text as a one-item list and returns the
// item with line numbers as in the whole file; nil after any problem.
func (d *portfolioReader) parseItem(text []byte, line int) *yaml.Node {
	doc := d.parse(text)
	if doc == nil || len(d.errs) > 0 || len(doc.Content) != 1 {
		return nil
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode || len(list.Content) != 1 {
		return nil
	}
	d.refuseAliases(list)
	var shift func(n *yaml.Node)
	shift = func(n *yaml.Node) {
		n.Line += line - 1
		for _, c := range n.Content {
			shift(c)
		}
	}
	shift(list.Content[0])
	return list.Content[0]
}

// pilotReader reads one pilot and remembers the line of every field path, so
// validation errors can point at the line they concern.
type pilotReader struct {
	*portfolioReader
	label string         // `pilot "claims-triage"` or `pilot 3`
	lines map[string]int // field path (as in model.FieldError) → line
}

func (pr *pilotReader) at(path string, n *yaml.Node) { pr.lines[path] = n.Line }

// lineOf finds the line of path, or of its nearest recorded parent.
func (pr *pilotReader) lineOf(path string) int {
	for {
		if l, ok := pr.lines[path]; ok {
			return l
		}
		cut := strings.LastIndexAny(path, ".[")
		if cut < 0 {
			return pr.lines[""]
		}
		path = path[:cut]
	}
}

var pilotFields = []string{"slug", "name", "stage", "stage_since", "hypothesis", "owners", "rings", "kpis",
	"payback", "risks", "runbooks", "gates", "signoffs", "reviews", "calendar"}

func (pr *pilotReader) pilot(n *yaml.Node, index int) (p model.Pilot, ok bool) {
	pr.label = fmt.Sprintf("pilot %d", index+1)
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "slug" && model.ValidSlug(n.Content[i+1].Value) == nil {
				pr.label = fmt.Sprintf("pilot %q", n.Content[i+1].Value)
			}
		}
	}
	ok = pr.mapping(n, pr.label, pilotFields, func(key string, k, v *yaml.Node) {
		pr.at(key, k)
		switch key {
		case "slug":
			p.Slug = pr.str(v, key)
		case "name":
			p.Name = pr.str(v, key)
		case "stage":
			p.Stage = model.Stage(pr.str(v, key))
		case "stage_since":
			p.StageSince = pr.date(v, key)
		case "hypothesis":
			p.Hypothesis = pr.hypothesis(v)
		case "owners":
			p.Owners, p.OwnerKeys = pr.owners(v)
		case "rings":
			pr.list(v, key, func(i int, item *yaml.Node) { p.Rings = append(p.Rings, pr.ring(item, i)) })
		case "kpis":
			pr.list(v, key, func(i int, item *yaml.Node) { p.KPIs = append(p.KPIs, pr.kpi(item, i)) })
		case "payback":
			p.Payback = pr.payback(v)
		case "risks":
			pr.list(v, key, func(i int, item *yaml.Node) { p.Risks = append(p.Risks, pr.risk(item, i)) })
		case "runbooks":
			pr.list(v, key, func(i int, item *yaml.Node) { p.Runbooks = append(p.Runbooks, pr.runbook(item, i)) })
		case "gates":
			p.Gates = pr.gates(v)
		case "signoffs":
			pr.list(v, key, func(i int, item *yaml.Node) { p.Signoffs = append(p.Signoffs, pr.signoff(item, i)) })
		case "reviews":
			pr.list(v, key, func(i int, item *yaml.Node) { p.Reviews = append(p.Reviews, pr.review(item, i)) })
		case "calendar": // the pilot's own change windows and freezes (calendar.go)
			if c := pr.readCalendar(v, "calendar of "+pr.label); !c.IsZero() {
				p.Calendar = c
			}
		case "flags", "nfrs", "plan", "pir": // issue 8, portfolio_ops.go
			pr.operations(&p, key, v)
		}
	})
	return p, ok
}

func (pr *pilotReader) hypothesis(n *yaml.Node) (h model.Hypothesis) {
	if n.Kind == yaml.ScalarNode {
		pr.at("hypothesis.text", n)
		return model.Hypothesis{Text: pr.str(n, "hypothesis")}
	}
	pr.mapping(n, "the hypothesis of "+pr.label, []string{"text", "locked", "reason", "revisions"}, func(key string, k, v *yaml.Node) {
		pr.at("hypothesis."+key, k)
		switch key {
		case "text":
			h.Text = pr.str(v, key)
		case "locked":
			h.Locked = pr.boolean(v, key)
		case "reason":
			h.Reason = pr.str(v, key)
		case "revisions":
			pr.list(v, "revisions", func(i int, item *yaml.Node) {
				path := fmt.Sprintf("hypothesis.revisions[%d]", i)
				pr.at(path, item)
				var r model.HypothesisRevision
				pr.mapping(item, fmt.Sprintf("revision %d of the hypothesis of %s", i+1, pr.label), []string{"text", "reason", "by", "at"}, func(key string, k, v *yaml.Node) {
					pr.at(path+"."+key, k)
					switch key {
					case "text":
						r.Text = pr.str(v, key)
					case "reason":
						r.Reason = pr.str(v, key)
					case "by":
						r.By = pr.str(v, key)
					case "at":
						r.At = pr.timestamp(v, key)
					}
				})
				h.Revisions = append(h.Revisions, r)
			})
		}
	})
	return h
}

// CheckSSHKey says why pub is not one SSH public key in authorized_keys
// form (type, base64 key, optional comment); nil when it is.
func CheckSSHKey(pub string) error {
	if strings.ContainsAny(strings.TrimSpace(pub), "\n\r") {
		return fmt.Errorf("it spans more than one line")
	}
	_, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(pub))
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return fmt.Errorf("more than one key")
	}
	return nil
}

var ownerFields = []string{"name", "key"}

// owners reads `owners:`: role → name, or role → {name, key} where key is
// the owner's SSH public key (authorized_keys form) for signed sign-offs.
func (pr *pilotReader) owners(n *yaml.Node) (owners, keys map[model.Role]string) {
	pr.anyMapping(n, "owners of "+pr.label, func(key string, k, v *yaml.Node) {
		pr.at("owners."+key, k)
		role := model.Role(key)
		if err := model.OneOf("role", role, model.Roles); err != nil {
			pr.fail(k.Line, "owners of %s: %v", pr.label, err)
			return
		}
		var name, pub string
		pubLine := v.Line
		if v.Kind == yaml.MappingNode {
			pr.mapping(v, fmt.Sprintf("owner %s of %s", key, pr.label), ownerFields, func(f string, fk, fv *yaml.Node) {
				switch f {
				case "name":
					name = pr.str(fv, f)
				case "key":
					pub, pubLine = pr.str(fv, f), fv.Line
				}
			})
			if pub != "" {
				if err := CheckSSHKey(pub); err != nil {
					pr.fail(pubLine, "owners of %s: the key of %s is not an SSH public key (%v): give the one line of the owner's .pub file, e.g. \"ssh-ed25519 AAAA… lee@example\"", pr.label, key, err)
					return
				}
				if name == "" {
					pr.fail(k.Line, "owners of %s: %s has a key but no name: add name: PERSON", pr.label, key)
					return
				}
			}
		} else {
			name = pr.str(v, key)
		}
		if name != "" { // an empty name is no owner
			if owners == nil {
				owners = map[model.Role]string{}
			}
			owners[role] = name
		}
		if pub != "" {
			if keys == nil {
				keys = map[model.Role]string{}
			}
			keys[role] = pub
		}
	})
	return owners, keys
}

var ringFields = []string{"name", "population", "exposure", "status", "start"}

func (pr *pilotReader) ring(n *yaml.Node, i int) model.Ring {
	path := fmt.Sprintf("rings[%d]", i)
	pr.at(path, n)
	var r model.Ring
	pr.mapping(n, fmt.Sprintf("ring %d of %s", i+1, pr.label), ringFields, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "name":
			r.Name = pr.str(v, key)
		case "population":
			r.Population = pr.integer(v, key, "")
		case "exposure":
			r.Exposure = pr.number(v, key, " from 0 to 1")
		case "status":
			r.Status = model.RingStatus(pr.str(v, key))
		case "start":
			r.Start = pr.date(v, key)
		}
	})
	if r.Status == "" {
		r.Status = model.RingPlanned // a ring that states no status has not started
	}
	return r
}

var kpiFields = []string{"key", "name", "unit", "better", "baseline", "target", "warning", "rollback", "critical", "weight", "window", "confidence", "aggregation"}

func (pr *pilotReader) kpi(n *yaml.Node, i int) model.KPI {
	path := fmt.Sprintf("kpis[%d]", i)
	pr.at(path, n)
	k := model.KPI{Critical: true} // must-meet unless the file says otherwise
	pr.mapping(n, fmt.Sprintf("KPI %d of %s", i+1, pr.label), kpiFields, func(key string, kn, v *yaml.Node) {
		pr.at(path+"."+key, kn)
		switch key {
		case "key":
			k.Key = pr.str(v, key)
		case "name":
			k.Name = pr.str(v, key)
		case "unit":
			k.Unit = pr.str(v, key)
		case "better":
			k.Better = model.Better(pr.str(v, key))
		case "baseline":
			k.Baseline = pr.optNumber(v, key)
		case "target":
			k.Target = pr.criterion(v, key)
		case "warning":
			k.Warning = pr.criterion(v, key)
		case "rollback":
			k.Rollback = pr.criterion(v, key)
		case "critical":
			if !isNull(v) {
				k.Critical = pr.boolean(v, key)
			}
		case "weight":
			k.Weight = pr.optNumber(v, key)
		case "confidence":
			k.Confidence = pr.number(v, key, "")
		case "window":
			k.Window = pr.integer(v, key, " of days")
		case "aggregation":
			if k.Aggregation = model.Aggregation(pr.str(v, key)); k.Aggregation == model.AggMean {
				k.Aggregation = "" // the default, stored as such
			}
		case "slo": // issue 8
			k.SLO = pr.slo(v, path+".slo")
		}
	})
	return k
}

var paybackFields = []string{"one_time_cost", "annual_run_cost", "annual_benefit", "volume_per_month", "minutes_per_unit",
	"cost_per_minute", "reduction", "ring", "ramp", "discount_rate", "horizon_months", "risk_adjustment"}

func (pr *pilotReader) payback(n *yaml.Node) *model.PaybackModel {
	if isNull(n) {
		return nil
	}
	var m model.PaybackModel
	pr.mapping(n, "payback of "+pr.label, paybackFields, func(key string, k, v *yaml.Node) {
		pr.at("payback."+key, k)
		switch key {
		case "one_time_cost":
			m.OneTimeCost = pr.number(v, key, "")
		case "annual_run_cost":
			m.AnnualRunCost = pr.number(v, key, "")
		case "annual_benefit":
			m.AnnualBenefit = pr.optNumber(v, key)
		case "volume_per_month":
			m.VolumePerMonth = pr.number(v, key, "")
		case "minutes_per_unit":
			m.MinutesPerUnit = pr.number(v, key, "")
		case "cost_per_minute":
			m.CostPerMinute = pr.number(v, key, "")
		case "reduction":
			// A number is a fraction; text is the key of a KPI.
			if tag := v.ShortTag(); v.Kind == yaml.ScalarNode && (tag == "!!int" || tag == "!!float") {
				m.Reduction = pr.number(v, key, "")
			} else {
				m.ReductionKPI = pr.str(v, key)
			}
		case "ring":
			m.Ring = pr.str(v, key)
		case "ramp":
			pr.list(v, key, func(i int, item *yaml.Node) {
				pr.at(fmt.Sprintf("payback.ramp[%d]", i), item)
				m.Ramp = append(m.Ramp, pr.number(item, "each ramp share", " from 0 to 1"))
			})
		case "discount_rate":
			m.DiscountRate = pr.optNumber(v, key)
		case "horizon_months":
			m.HorizonMonths = pr.integer(v, key, " of months")
		case "risk_adjustment":
			m.RiskAdjustment = pr.number(v, key, " from 0 to 1")
		}
	})
	return &m
}

var riskFields = []string{"title", "category", "likelihood", "impact", "residual_likelihood", "residual_impact",
	"owner", "mitigation", "status", "due", "last_review"}

func (pr *pilotReader) risk(n *yaml.Node, i int) model.Risk {
	path := fmt.Sprintf("risks[%d]", i)
	pr.at(path, n)
	var r model.Risk
	pr.mapping(n, fmt.Sprintf("risk %d of %s", i+1, pr.label), riskFields, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "title":
			r.Title = pr.str(v, key)
		case "category":
			r.Category = model.RiskCategory(pr.str(v, key))
		case "likelihood":
			r.Likelihood = pr.integer(v, key, " 1–5")
		case "impact":
			r.Impact = pr.integer(v, key, " 1–5")
		case "residual_likelihood":
			r.ResidualLikelihood = pr.integer(v, key, " 1–5")
		case "residual_impact":
			r.ResidualImpact = pr.integer(v, key, " 1–5")
		case "owner":
			r.Owner = pr.str(v, key)
		case "mitigation":
			r.Mitigation = pr.str(v, key)
		case "status":
			r.Status = model.RiskStatus(pr.str(v, key))
		case "due":
			r.Due = pr.date(v, key)
		case "last_review":
			r.LastReview = pr.date(v, key)
		}
	})
	if r.Status == "" {
		r.Status = model.RiskOpen // a risk that states no status is still open
	}
	return r
}

func (pr *pilotReader) runbook(n *yaml.Node, i int) model.Runbook {
	path := fmt.Sprintf("runbooks[%d]", i)
	pr.at(path, n)
	label := fmt.Sprintf("runbook %d of %s", i+1, pr.label)
	var rb model.Runbook
	pr.mapping(n, label, []string{"title", "kind", "target_restore_min", "body", "drills"}, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "title":
			rb.Title = pr.str(v, key)
		case "kind":
			rb.Kind = model.RunbookKind(pr.str(v, key))
		case "target_restore_min":
			rb.TargetRestoreMin = pr.number(v, key, " of minutes")
		case "body":
			rb.Body = pr.str(v, key)
		case "drills":
			pr.list(v, key, func(j int, item *yaml.Node) {
				rb.Drills = append(rb.Drills, pr.drill(item, fmt.Sprintf("%s.drills[%d]", path, j), fmt.Sprintf("drill %d of %s", j+1, label)))
			})
		}
	})
	return rb
}

func (pr *pilotReader) drill(n *yaml.Node, path, label string) model.Drill {
	pr.at(path, n)
	var d model.Drill
	pr.mapping(n, label, []string{"date", "by", "outcome", "restore_min", "notes", "steps"}, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "date":
			d.Date = pr.date(v, key)
		case "by":
			d.By = pr.str(v, key)
		case "outcome":
			d.Outcome = model.DrillOutcome(pr.str(v, key))
		case "restore_min":
			d.RestoreMin = pr.number(v, key, " of minutes")
		case "notes":
			d.Notes = pr.str(v, key)
		case "steps":
			pr.list(v, key, func(j int, item *yaml.Node) {
				sp := fmt.Sprintf("%s.steps[%d]", path, j)
				pr.at(sp, item)
				var s model.DrillStep
				pr.mapping(item, fmt.Sprintf("step %d of %s", j+1, label), []string{"step", "done", "at_sec", "note"}, func(key string, k, v *yaml.Node) {
					pr.at(sp+"."+key, k)
					switch key {
					case "step":
						s.Step = pr.str(v, key)
					case "done":
						s.Done = pr.boolean(v, key)
					case "at_sec":
						s.AtSec = pr.number(v, key, " of seconds")
					case "note":
						s.Note = pr.str(v, key)
					}
				})
				d.Steps = append(d.Steps, s)
			})
		}
	})
	return d
}

func (pr *pilotReader) gates(n *yaml.Node) []model.GatePlan {
	var plans []model.GatePlan
	pr.anyMapping(n, "gates of "+pr.label, func(key string, k, v *yaml.Node) {
		id := model.GateID(key)
		path := "gates." + key
		pr.at(path, k)
		if err := model.OneOf("gate", id, model.GateIDs); err != nil {
			pr.fail(k.Line, "gates of %s: %v", pr.label, err)
			return
		}
		plans = append(plans, pr.gatePlan(v, id, path))
	})
	// The file is a mapping; keep the model in staircase order so a written
	// and re-read file gives the same value.
	sort.SliceStable(plans, func(i, j int) bool {
		return slices.Index(model.GateIDs, plans[i].Gate) < slices.Index(model.GateIDs, plans[j].Gate)
	})
	return plans
}

var gateCriterionFields = []string{"id", "kind", "text", "dimension", "kpi", "ring", "role", "max_score", "runbook_kind", "within_days"}

func (pr *pilotReader) gatePlan(n *yaml.Node, id model.GateID, path string) model.GatePlan {
	g := model.GatePlan{Gate: id}
	label := fmt.Sprintf("gate %s of %s", id, pr.label)
	if isNull(n) {
		return g
	}
	pr.mapping(n, label, []string{"add", "drop", "waive", "ticks", "require_signed"}, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "require_signed":
			pr.list(v, key, func(i int, item *yaml.Node) {
				pr.at(fmt.Sprintf("%s.require_signed[%d]", path, i), item)
				g.RequireSigned = append(g.RequireSigned, model.Role(pr.str(item, "each role of require_signed")))
			})
		case "add":
			pr.list(v, key, func(i int, item *yaml.Node) {
				g.Add = append(g.Add, pr.gateCriterion(item, fmt.Sprintf("%s.add[%d]", path, i), fmt.Sprintf("added criterion %d of %s", i+1, label)))
			})
		case "drop":
			pr.list(v, key, func(i int, item *yaml.Node) {
				pr.at(fmt.Sprintf("%s.drop[%d]", path, i), item)
				g.Drop = append(g.Drop, pr.str(item, "each dropped criterion id"))
			})
		case "waive":
			pr.list(v, key, func(i int, item *yaml.Node) {
				wp := fmt.Sprintf("%s.waive[%d]", path, i)
				pr.at(wp, item)
				var w model.Waiver
				pr.mapping(item, fmt.Sprintf("waiver %d of %s", i+1, label), []string{"criterion", "reason", "role"}, func(key string, k, v *yaml.Node) {
					pr.at(wp+"."+key, k)
					switch key {
					case "criterion":
						w.Criterion = pr.str(v, key)
					case "reason":
						w.Reason = pr.str(v, key)
					case "role":
						w.Role = model.Role(pr.str(v, key))
					}
				})
				g.Waivers = append(g.Waivers, w)
			})
		case "ticks":
			pr.list(v, key, func(i int, item *yaml.Node) {
				tp := fmt.Sprintf("%s.ticks[%d]", path, i)
				pr.at(tp, item)
				var t model.ManualTick
				pr.mapping(item, fmt.Sprintf("tick %d of %s", i+1, label), []string{"criterion", "by", "at", "evidence"}, func(key string, k, v *yaml.Node) {
					pr.at(tp+"."+key, k)
					switch key {
					case "criterion":
						t.Criterion = pr.str(v, key)
					case "by":
						t.By = pr.str(v, key)
					case "at":
						t.At = pr.timestamp(v, key)
					case "evidence":
						t.Evidence = pr.str(v, key)
					}
				})
				g.Ticks = append(g.Ticks, t)
			})
		}
	})
	return g
}

func (pr *pilotReader) gateCriterion(n *yaml.Node, path, label string) model.GateCriterion {
	pr.at(path, n)
	var c model.GateCriterion
	pr.mapping(n, label, gateCriterionFields, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "id":
			c.ID = pr.str(v, key)
		case "kind":
			c.Kind = model.CriterionKind(pr.str(v, key))
		case "text":
			c.Text = pr.str(v, key)
		case "dimension":
			c.Dimension = pr.str(v, key)
		case "kpi":
			c.KPI = pr.str(v, key)
		case "ring":
			c.Ring = pr.str(v, key)
		case "role":
			c.Role = model.Role(pr.str(v, key))
		case "max_score":
			c.MaxScore = pr.integer(v, key, " 1–25")
		case "runbook_kind":
			c.RunbookKind = model.RunbookKind(pr.str(v, key))
		case "within_days":
			c.WithinDays = pr.integer(v, key, " of days")
		case "categories": // issue 8
			c.Categories = pr.nfrCategories(v, path+".categories")
		}
	})
	return c
}

var signoffFields = []string{"gate", "role", "person", "decision", "meaning", "comment", "at", "checklist_hash", "on_behalf", "entered_by"}

func (pr *pilotReader) signoff(n *yaml.Node, i int) model.Signoff {
	path := fmt.Sprintf("signoffs[%d]", i)
	pr.at(path, n)
	var s model.Signoff
	pr.mapping(n, fmt.Sprintf("sign-off %d of %s", i+1, pr.label), signoffFields, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "gate":
			s.Gate = model.GateID(pr.str(v, key))
		case "role":
			s.Role = model.Role(pr.str(v, key))
		case "person":
			s.Person = pr.str(v, key)
		case "decision":
			s.Decision = model.Decision(pr.str(v, key))
		case "meaning":
			s.Meaning = pr.str(v, key)
		case "comment":
			s.Comment = pr.str(v, key)
		case "at":
			s.At = pr.timestamp(v, key)
		case "checklist_hash":
			s.ChecklistHash = pr.str(v, key)
		case "on_behalf":
			s.OnBehalf = pr.boolean(v, key)
		case "entered_by":
			s.EnteredBy = pr.str(v, key)
		}
	})
	return s
}

var reviewFields = []string{"gate", "date", "attendees", "notes", "decision", "conditions", "actions"}

func (pr *pilotReader) review(n *yaml.Node, i int) model.GateReview {
	path := fmt.Sprintf("reviews[%d]", i)
	pr.at(path, n)
	label := fmt.Sprintf("review %d of %s", i+1, pr.label)
	var r model.GateReview
	pr.mapping(n, label, reviewFields, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "gate":
			r.Gate = model.GateID(pr.str(v, key))
		case "date":
			r.Date = pr.date(v, key)
		case "attendees":
			r.Attendees = pr.strings(v, key)
		case "notes":
			pr.anyMapping(v, "notes of "+label, func(id string, k, v *yaml.Node) {
				if r.Notes == nil {
					r.Notes = map[string]string{}
				}
				r.Notes[id] = pr.str(v, "each note")
			})
		case "decision":
			r.Decision = model.ReviewDecision(pr.str(v, key))
		case "conditions":
			r.Conditions = pr.strings(v, key)
		case "actions":
			r.Actions = pr.actionItems(v, path, label)
		}
	})
	return r
}

// --- structure helpers ---

// mapping walks a mapping with a fixed set of fields, reporting duplicate
// and unknown keys; set sees each known field once. It reports whether n
// was a mapping at all.
func (d *portfolioReader) mapping(n *yaml.Node, what string, known []string, set func(key string, k, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, "%s must be a mapping of fields (%s), got %s", what, strings.Join(known, ", "), describe(n))
		return false
	}
	return d.anyMapping(n, what, func(key string, k, v *yaml.Node) {
		if !slices.Contains(known, key) {
			d.fail(k.Line, "unknown field %q in %s: known fields are %s", key, what, strings.Join(known, ", "))
			return
		}
		set(key, k, v)
	})
}

// anyMapping walks a mapping whose keys are data (owners, gates, notes),
// refusing duplicate keys and keys that are not plain text.
func (d *portfolioReader) anyMapping(n *yaml.Node, what string, each func(key string, k, v *yaml.Node)) bool {
	if isNull(n) {
		return true
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, "%s must be a mapping, got %s", what, describe(n))
		return false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k.Line, "a key in %s is %s: keys must be plain text", what, describe(k))
			continue
		}
		if hasControl(k.Value) {
			d.fail(k.Line, "the key %q in %s contains a control character: keys must be printable text", k.Value, what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.fail(k.Line, "duplicate field %q in %s: it is already set at line %d", k.Value, what, first)
			continue
		}
		seen[k.Value] = k.Line
		each(k.Value, k, v)
	}
	return true
}

// list walks a sequence; null is an empty list.
func (d *portfolioReader) list(n *yaml.Node, what string, each func(i int, item *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, "%s must be a list, got %s", what, describe(n))
		return
	}
	for i, item := range n.Content {
		each(i, item)
	}
}

// --- scalar helpers: null means "left out" and gives the zero value ---

func (d *portfolioReader) str(n *yaml.Node, what string) string {
	if isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n.Line, "%s must be text, got %s", what, describe(n))
		return ""
	}
	return n.Value
}

func (d *portfolioReader) strings(n *yaml.Node, what string) []string {
	var out []string
	d.list(n, what, func(i int, item *yaml.Node) {
		out = append(out, d.str(item, "each item of "+what))
	})
	return out
}

func (d *portfolioReader) number(n *yaml.Node, what, hint string) float64 {
	if isNull(n) {
		return 0
	}
	tag := n.ShortTag()
	var f float64
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || n.Decode(&f) != nil {
		d.fail(n.Line, "%s must be a number%s, got %s", what, hint, describe(n))
		return 0
	}
	if f != f || f > 1e300 || f < -1e300 {
		d.fail(n.Line, "%s must be a finite number%s, got %s", what, hint, describe(n))
		return 0
	}
	return f
}

func (d *portfolioReader) optNumber(n *yaml.Node, what string) *float64 {
	if isNull(n) {
		return nil
	}
	f := d.number(n, what, "")
	return &f
}

func (d *portfolioReader) integer(n *yaml.Node, what, hint string) int {
	if isNull(n) {
		return 0
	}
	var i int32 // every count in a portfolio fits; wider would only hide typos
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&i) != nil {
		d.fail(n.Line, "%s must be a whole number%s, got %s", what, hint, describe(n))
		return 0
	}
	return int(i)
}

func (d *portfolioReader) boolean(n *yaml.Node, what string) bool {
	if isNull(n) {
		return false
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		d.fail(n.Line, "%s must be true or false, got %s", what, describe(n))
		return false
	}
	return b
}

func (d *portfolioReader) date(n *yaml.Node, what string) model.Date {
	s := d.str(n, what)
	if s == "" {
		return 0
	}
	day, err := model.ParseDate(s)
	if err != nil {
		d.fail(n.Line, "%s: %v", what, err)
		return 0
	}
	return day
}

func (d *portfolioReader) timestamp(n *yaml.Node, what string) time.Time {
	s := d.str(n, what)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		d.fail(n.Line, "%s: %q is not a time: use RFC 3339, e.g. 2026-02-03T14:05:00Z", what, s)
		return time.Time{}
	}
	return t.UTC() // one zone, so a written and re-read file compare equal
}

func (d *portfolioReader) criterion(n *yaml.Node, what string) model.Criterion {
	if isNull(n) {
		return model.Criterion{}
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n.Line, "%s must be a criterion such as \"<= -10%%\", got %s", what, describe(n))
		return model.Criterion{}
	}
	c, err := model.ParseCriterion(n.Value)
	if err != nil {
		d.fail(n.Line, "%s: %v", what, err)
		return model.Criterion{}
	}
	return c
}

// --- text helpers ---

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node holds, for "got …" in messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	if isNull(n) {
		return "nothing"
	}
	v := n.Value
	if utf8.RuneCountInString(v) > 40 {
		v = string([]rune(v)[:40]) + "…"
	}
	return strconv.Quote(v)
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0
}

// escapeControls escapes control and format characters (and invalid UTF-8), so no
// text from a file can drive the terminal that shows an error.
func escapeControls(s string) string {
	if utf8.ValidString(s) && !hasControl(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// actionItems reads a list of action items (what, who, due): a review's or
// a post-implementation review's follow-ups.
func (pr *pilotReader) actionItems(v *yaml.Node, path, label string) []model.ActionItem {
	var out []model.ActionItem
	pr.list(v, "actions", func(j int, item *yaml.Node) {
		ap := fmt.Sprintf("%s.actions[%d]", path, j)
		pr.at(ap, item)
		var a model.ActionItem
		pr.mapping(item, fmt.Sprintf("action %d of %s", j+1, label), []string{"what", "who", "due"}, func(key string, k, v *yaml.Node) {
			pr.at(ap+"."+key, k)
			switch key {
			case "what":
				a.What = pr.str(v, key)
			case "who":
				a.Who = pr.str(v, key)
			case "due":
				a.Due = pr.date(v, key)
			}
		})
		out = append(out, a)
	})
	return out
}
