package form

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
)

// Forms for the pilot's operations and calendar as the portfolio file holds
// them: NFRs, plan milestones, the post-implementation review and the
// pilot's own change windows and freezes. An edit names its item by
// position and checks, inside the save's transaction, that it is still
// what the form started from (StillThere). Each save is one audit entry
// through app.EditPilot, validated as the file is (model.Pilot.Validate;
// the calendar by rollout.FromModel, as the file's reader checks it).

// NFRForm adds a non-functional requirement (at = -1) or edits NFR at.
func NFRForm(c *common.Common, p model.Pilot, at int) *Screen {
	n := model.NFR{Category: model.NFRSecurity, Status: model.NFROpen}
	if at >= 0 {
		n = p.NFRs[at]
	}
	orig := n
	cat, req, ver, ev, status := n.Category, n.Requirement, n.Verification, n.Evidence, n.Status
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			pick("Category", &cat, model.NFRCategories),
			input("Requirement", &req, required("requirement")),
			input("Verification", &ver, printable).Description("how it is verified: pen test, load test, DPIA, drill"),
			pick("Status", &status, model.NFRStatuses),
			input("Evidence", &ev, printable).DescriptionFunc(func() string {
				if status == model.NFRVerified {
					return "required once verified: what showed it holds"
				}
				return "a report, a test run, a ticket"
			}, &status),
		))
	}
	title := "New NFR · " + p.Slug
	if at >= 0 {
		title = "Edit NFR · " + p.Slug
	}
	return New(c, title, build, func() tea.Cmd {
		next := model.NFR{Category: cat, Requirement: strings.TrimSpace(req), Verification: strings.TrimSpace(ver), Evidence: strings.TrimSpace(ev), Status: status}
		summary := fmt.Sprintf("%s NFR %q of %s (%s)", verb(at), next.Requirement, p.Slug, next.Status)
		return common.SaveEdit(c, p.Slug, model.ActionNFREdit, summary, func(q *model.Pilot) error {
			return put(c, &q.NFRs, at, orig, next, "NFR "+strconv.Quote(orig.Requirement))
		})
	})
}

// MilestoneForm adds a plan milestone (at = -1) or edits milestone at.
func MilestoneForm(c *common.Common, p model.Pilot, at int) *Screen {
	m := model.Milestone{Bucket: 30}
	if at >= 0 {
		m = p.Plan[at]
	}
	orig := m
	what, owner, due, done := m.What, m.Owner, m.Due.String(), m.Done.String()
	bucket := strconv.Itoa(m.Bucket)
	buckets := []huh.Option[string]{huh.NewOption("none", "0")}
	for _, b := range model.PlanBuckets {
		buckets = append(buckets, huh.NewOption(strconv.Itoa(b)+" days", strconv.Itoa(b)))
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			input("What", &what, required("what")),
			input("Owner", &owner, printable),
			input("Due", &due, func(s string) error {
				if strings.TrimSpace(s) == "" {
					return errors.New("due is required: YYYY-MM-DD")
				}
				return optDate(s)
			}).Description("YYYY-MM-DD"),
			input("Done", &done, optDate).Description("YYYY-MM-DD, blank while not done"),
			huh.NewSelect[string]().Title("Bucket").Options(buckets...).Value(&bucket).Inline(true),
		))
	}
	title := "New milestone · " + p.Slug
	if at >= 0 {
		title = "Edit milestone · " + p.Slug
	}
	return New(c, title, build, func() tea.Cmd {
		next := model.Milestone{What: strings.TrimSpace(what), Owner: strings.TrimSpace(owner)}
		next.Due, _ = parseDay(due)
		next.Done, _ = parseDay(done)
		next.Bucket, _ = strconv.Atoi(bucket)
		summary := fmt.Sprintf("%s milestone %q of %s", verb(at), next.What, p.Slug)
		return common.SaveEdit(c, p.Slug, model.ActionPlanEdit, summary, func(q *model.Pilot) error {
			return put(c, &q.Plan, at, orig, next, "milestone "+strconv.Quote(orig.What))
		})
	})
}

// PIRForm writes the post-implementation review: its day, what worked and
// what to tune (one per line), and follow-up actions ("what; who;
// YYYY-MM-DD" per line).
func PIRForm(c *common.Common, p model.Pilot) *Screen {
	r := model.PostImplementationReview{}
	if p.PIR != nil {
		r = *p.PIR
	}
	day, worked, tune := r.Date.String(), strings.Join(r.Worked, "\n"), strings.Join(r.Tune, "\n")
	var acts []string
	for _, a := range r.Actions {
		acts = append(acts, a.What+"; "+a.Who+"; "+a.Due.String())
	}
	actions := strings.Join(acts, "\n")
	nl := newLineKeys(c)
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				input("Review day", &day, func(s string) error {
					if strings.TrimSpace(s) == "" {
						return errors.New("the review's day is required: YYYY-MM-DD")
					}
					return optDate(s)
				}).Description("YYYY-MM-DD"),
				huh.NewText().Title("What worked").Description("one point per line ("+nl+" starts a line)").Value(&worked).Lines(4).Validate(printableLines),
			),
			huh.NewGroup(
				huh.NewText().Title("What to tune").Description("one point per line ("+nl+" starts a line)").Value(&tune).Lines(4).Validate(printableLines),
				huh.NewText().Title("Follow-up actions").Description("one per line ("+nl+"): what; who; due YYYY-MM-DD").Value(&actions).Lines(4).
					Validate(func(s string) error { _, err := parseActions(s); return err }),
			),
		)
	}
	return New(c, "Post-implementation review · "+p.Slug, build, func() tea.Cmd {
		next := model.PostImplementationReview{Worked: lines(worked), Tune: lines(tune)}
		next.Date, _ = parseDay(day)
		next.Actions, _ = parseActions(actions)
		summary := "recorded the post-implementation review of " + p.Slug + " (" + next.Date.String() + ")"
		return common.SaveEdit(c, p.Slug, model.ActionPIREdit, summary, func(q *model.Pilot) error {
			q.PIR = &next
			return nil
		})
	})
}

// calendarTarget is the calendar a window or freeze form edits: a
// pilot's own, or the portfolio's that governs every pilot.
type calendarTarget struct {
	of   string          // a pilot's slug, or "the portfolio"
	cal  *model.Calendar // as stored when the form opened (nil: none)
	save func(summary string, edit func(cal *model.Calendar) error) tea.Cmd
}

// pilotCalendar is p's own calendar: saved as one pilot.calendar edit,
// validated as the portfolio file's pilot calendar is.
func pilotCalendar(c *common.Common, p model.Pilot) calendarTarget {
	return calendarTarget{of: p.Slug, cal: p.Calendar, save: func(summary string, edit func(cal *model.Calendar) error) tea.Cmd {
		return common.SaveEdit(c, p.Slug, model.ActionPilotCalendar, summary, func(q *model.Pilot) error {
			if q.Calendar == nil {
				q.Calendar = &model.Calendar{}
			}
			if err := edit(q.Calendar); err != nil {
				return err
			}
			return app.ValidCalendar(q.Calendar)
		})
	}}
}

// WindowForm adds a change window to the pilot's own calendar (at = -1)
// or edits window at.
func WindowForm(c *common.Common, p model.Pilot, at int) *Screen {
	return windowForm(c, pilotCalendar(c, p), at)
}

// FreezeForm adds a freeze to the pilot's own calendar (at = -1) or edits
// freeze at.
func FreezeForm(c *common.Common, p model.Pilot, at int) *Screen {
	return freezeForm(c, pilotCalendar(c, p), at)
}

func windowForm(c *common.Common, t calendarTarget, at int) *Screen {
	w := model.ChangeWindow{Start: "18:00", End: "20:00", Zone: "UTC"}
	if at >= 0 {
		w = t.cal.Windows[at]
	}
	orig := w
	name, rule, start, dur, end, zone := w.Name, w.Rule, w.Start, w.Duration, w.End, w.Zone
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			input("Name", &name, required("name")),
			input("Rule", &rule, required("rule")).Description("RRULE, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-11-24"),
			input("Opens at", &start, required("opening time")).Description("local time of day, HH:MM"),
			input("Closes at", &end, printable).Description("HH:MM the same day; or blank and give a duration"),
			input("Duration", &dur, printable).Description("e.g. 2h or 90m, when no closing time"),
			input("Zone", &zone, required("zone")).Description("IANA time zone, e.g. Europe/Berlin"),
		))
	}
	title := "New change window · " + t.of
	if at >= 0 {
		title = "Edit change window · " + t.of
	}
	return New(c, title, build, func() tea.Cmd {
		next := model.ChangeWindow{Name: strings.TrimSpace(name), Rule: strings.TrimSpace(rule), Start: strings.TrimSpace(start),
			Duration: strings.TrimSpace(dur), End: strings.TrimSpace(end), Zone: strings.TrimSpace(zone)}
		summary := fmt.Sprintf("%s change window %q of %s", verb(at), next.Name, t.of)
		return t.save(summary, func(cal *model.Calendar) error {
			return put(c, &cal.Windows, at, orig, next, "window "+strconv.Quote(orig.Name))
		})
	})
}

func freezeForm(c *common.Common, t calendarTarget, at int) *Screen {
	f := model.FreezePeriod{Zone: "UTC"}
	if at >= 0 {
		f = t.cal.Freezes[at]
	}
	orig := f
	name, from, to, zone := f.Name, f.From.String(), f.To.String(), f.Zone
	day := func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("a day is required: YYYY-MM-DD")
		}
		return optDate(s)
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			input("Name", &name, required("name")),
			input("From", &from, day).Description("first frozen day, YYYY-MM-DD"),
			input("To", &to, day).Description("last frozen day, YYYY-MM-DD"),
			input("Zone", &zone, required("zone")).Description("IANA time zone, e.g. Europe/Berlin"),
		))
	}
	title := "New freeze · " + t.of
	if at >= 0 {
		title = "Edit freeze · " + t.of
	}
	return New(c, title, build, func() tea.Cmd {
		next := model.FreezePeriod{Name: strings.TrimSpace(name), Zone: strings.TrimSpace(zone)}
		next.From, _ = parseDay(from)
		next.To, _ = parseDay(to)
		summary := fmt.Sprintf("%s freeze %q of %s (%s – %s)", verb(at), next.Name, t.of, next.From, next.To)
		return t.save(summary, func(cal *model.Calendar) error {
			return put(c, &cal.Freezes, at, orig, next, "freeze "+strconv.Quote(orig.Name))
		})
	})
}

// RemoveConfirm asks, then removes one item of the pilot with remove
// (which checks the item is still there) under action.
func RemoveConfirm(c *common.Common, p model.Pilot, what, action string, remove func(q *model.Pilot) error) *Screen {
	summary := "removed " + what + " of " + p.Slug
	return NewConfirm(c, "Remove · "+p.Slug, "Remove "+what+"?", undoes(c)+" in this session", func() tea.Cmd {
		return common.SaveEdit(c, p.Slug, action, summary, remove)
	})
}

// put sets the item at (or appends when at < 0) of list, checking an
// edited item is still what the form started from.
func put[T any](c *common.Common, list *[]T, at int, orig, next T, what string) error {
	if at < 0 {
		*list = append(*list, next)
		return nil
	}
	i, err := common.StillThere(&c.Keys, *list, at, orig, what)
	if err != nil {
		return err
	}
	(*list)[i] = next
	return nil
}

func verb(at int) string {
	if at < 0 {
		return "added"
	}
	return "edited"
}

// lines splits text into its non-blank lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func printableLines(s string) error {
	for _, l := range strings.Split(s, "\n") {
		if err := printable(l); err != nil {
			return err
		}
	}
	return nil
}

// parseActions reads follow-up actions, one a line: "what; who; due".
func parseActions(s string) ([]model.ActionItem, error) {
	var out []model.ActionItem
	for i, l := range lines(s) {
		parts := strings.Split(l, ";")
		if len(parts) > 3 {
			return nil, fmt.Errorf("action %d: write what; who; due (YYYY-MM-DD), three parts at most", i+1)
		}
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		a := model.ActionItem{What: strings.TrimSpace(parts[0]), Who: strings.TrimSpace(parts[1])}
		if err := printable(a.What + a.Who); err != nil {
			return nil, fmt.Errorf("action %d: %w", i+1, err)
		}
		d, err := parseDay(parts[2])
		if err != nil {
			return nil, fmt.Errorf("action %d: due %q: %w", i+1, strings.TrimSpace(parts[2]), err)
		}
		a.Due = d
		out = append(out, a)
	}
	return out, nil
}
