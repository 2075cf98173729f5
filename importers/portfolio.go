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
	"sync"

	"go.yaml.in/yaml/v3"

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
	data, err := d.readData(r)
	if err != nil {
		return nil, err
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
	calendar *model.Calendar      // the top-level `calendar:`, nil when absent (calendar.go)
	sources  []model.ImportSource // the top-level `sources:`, nil when absent (sources_file.go)
	// signatureLines is the line of each sign-off's signature (armored
	// text → line), for apply's FILE:LINE when one does not verify.
	signatureLines map[string]int
}

func (d *portfolioReader) fail(line int, format string, args ...any) {
	d.errs = append(d.errs, PortfolioError{File: escapeControls(d.file), Line: line, Msg: escapeControls(fmt.Sprintf(format, args...))})
}

var yamlLineErr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

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
	if m := yamlLineErr().FindStringSubmatch(err.Error()); m != nil {
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
	return d.readTree(data)
}

// readTree reads data through its whole YAML tree: every shape of file,
// and every problem at its line.
func (d *portfolioReader) readTree(data []byte) []model.Pilot {
	d.errs, d.calendar, d.sources, d.signatureLines = nil, nil, nil, nil // the whole tree says what is wrong, and where
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
	d.mapping(top, "the top level", []string{"pilots", "calendar", "sources"}, func(key string, k, v *yaml.Node) {
		if key == "calendar" { // change windows and freezes (calendar.go)
			d.calendar = d.readCalendar(v, "calendar")
			return
		}
		if key == "sources" { // saved import profiles (sources_file.go)
			d.sources = d.readSources(v)
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
	ok, _ = d.eachByItem(data, func(p model.Pilot) error {
		out = append(out, p)
		return nil
	})
	if !ok {
		return nil, false
	}
	return out, true
}

// eachByItem is readByItem handing each pilot to emit as soon as it is
// read, instead of keeping it: the calendar and sources (in the text
// before the list) are read before the first. ok is false as for
// readByItem, after emit has perhaps seen the pilots before the
// problem; err is emit's first error, which stops the reading.
func (d *portfolioReader) eachByItem(data []byte, emit func(model.Pilot) error) (ok bool, err error) {
	return d.eachItemOf(newItemLines(bytes.NewReader(data), 0), emit)
}

// eachItemOf is eachByItem reading the text line by line from s, one
// item at a time.
func (d *portfolioReader) eachItemOf(s *itemLines, emit func(model.Pilot) error) (ok bool, err error) {
	if !s.readHead() {
		return false, nil
	}
	doc := d.parse(s.head) // a prefix of the file: its lines are the file's
	if doc == nil || len(d.errs) > 0 {
		return false, nil
	}
	d.refuseAliases(doc)
	if pilotsNode := d.topLevel(doc); len(d.errs) > 0 || pilotsNode == nil || !isNull(pilotsNode) {
		return false, nil
	}
	slugLines := map[string]int{}
	for i := 0; ; i++ {
		text, line, more := s.item()
		if !more {
			break
		}
		item := d.parseItem(text, line)
		if item == nil || len(d.errs) > 0 {
			return false, nil
		}
		p, ok := d.readPilot(item, i, slugLines)
		if !ok || len(d.errs) > 0 {
			return false, nil
		}
		if err := emit(p); err != nil {
			return true, err
		}
	}
	return s.whole(), nil
}

// pilotText is one item of the pilot list: its text and first line.
type pilotText struct {
	text []byte
	line int
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
