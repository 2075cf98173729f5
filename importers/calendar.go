package importers

import (
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"ringside/model"
	"ringside/model/rollout"
)

// ReadPortfolioFile reads a portfolio file with its top-level change
// calendar (docs/portfolio.md, "Change windows and freezes"). Like
// ReadPortfolio, it returns PortfolioErrors naming file and line of every
// problem, and nothing else, when anything is wrong.
func ReadPortfolioFile(r io.Reader, file string) (model.Portfolio, error) {
	d := &portfolioReader{file: file}
	pilots, err := d.readAll(r)
	if err != nil {
		return model.Portfolio{}, err
	}
	return d.portfolio(pilots), nil
}

var (
	calendarFields = []string{"windows", "freezes"}
	windowFields   = []string{"name", "rule", "start", "duration", "end", "zone"}
	freezeFields   = []string{"name", "from", "to", "zone"}
)

// readCalendar reads a `calendar:` mapping (the portfolio's, or a pilot's
// when label names one), then reports what model/rollout finds wrong with
// it at the line of the field concerned: an invalid rule, an unknown zone,
// a window that ends before it starts, a freeze that ends before it starts.
func (d *portfolioReader) readCalendar(n *yaml.Node, label string) *model.Calendar {
	c := &model.Calendar{}
	if isNull(n) {
		return c
	}
	lines := map[string]int{"": n.Line}
	at := func(path string, n *yaml.Node) { lines[path] = n.Line }
	before := len(d.errs)
	d.mapping(n, label, calendarFields, func(key string, k, v *yaml.Node) {
		at(key, k)
		switch key {
		case "windows":
			d.list(v, "windows of the "+label, func(i int, item *yaml.Node) {
				path := fmt.Sprintf("windows[%d]", i)
				at(path, item)
				var w model.ChangeWindow
				d.mapping(item, fmt.Sprintf("window %d of the %s", i+1, label), windowFields, func(key string, k, v *yaml.Node) {
					at(path+"."+key, k)
					switch key {
					case "name":
						w.Name = d.str(v, key)
					case "rule":
						w.Rule = d.str(v, key)
					case "start":
						w.Start = d.str(v, key)
					case "duration":
						w.Duration = d.str(v, key)
					case "end":
						w.End = d.str(v, key)
					case "zone":
						w.Zone = d.str(v, key)
					}
				})
				c.Windows = append(c.Windows, w)
			})
		case "freezes":
			d.list(v, "freezes of the "+label, func(i int, item *yaml.Node) {
				path := fmt.Sprintf("freezes[%d]", i)
				at(path, item)
				var f model.FreezePeriod
				d.mapping(item, fmt.Sprintf("freeze %d of the %s", i+1, label), freezeFields, func(key string, k, v *yaml.Node) {
					at(path+"."+key, k)
					switch key {
					case "name":
						f.Name = d.str(v, key)
					case "from":
						f.From = d.date(v, key)
					case "to":
						f.To = d.date(v, key)
					case "zone":
						f.Zone = d.str(v, key)
					}
				})
				c.Freezes = append(c.Freezes, f)
			})
		}
	})
	reported := map[int]bool{}
	for _, e := range d.errs[before:] {
		reported[e.Line] = true
	}
	_, errs := rollout.FromModel(*c)
	for _, fe := range errs {
		if line := lineOfPath(lines, fe.Path); !reported[line] {
			d.fail(line, "%s: %s", label, fe.Error())
		}
	}
	return c
}

// lineOfPath finds the line of path, or of its nearest recorded parent.
func lineOfPath(lines map[string]int, path string) int {
	for {
		if l, ok := lines[path]; ok {
			return l
		}
		cut := strings.LastIndexAny(path, ".[")
		if cut < 0 {
			return lines[""]
		}
		path = path[:cut]
	}
}
