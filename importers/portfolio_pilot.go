package importers

// One pilot's sections read from its YAML node: hypothesis, owners, rings, KPIs, payback, risks, runbooks, gates, sign-offs, reviews.

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hiddeco/sshsig"
	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/ssh"

	"ringside/model"
)

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
		case "flags", "nfrs", "plan", "pir": // see portfolio_ops.go
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
			// 0 means "not asked" in the model, so a 0 written out is refused
			// here, where the file can still be named.
			if k.Confidence = pr.number(v, key, ""); k.Confidence == 0 && !isNull(v) && (v.ShortTag() == "!!int" || v.ShortTag() == "!!float") {
				pr.fail(v.Line, "confidence must be a level between 0 and 1 (both excluded), e.g. 0.95, got %s (leave it out to judge on the point estimate)", v.Value)
			}
		case "window":
			k.Window = pr.integer(v, key, " of days")
		case "aggregation":
			if k.Aggregation = model.Aggregation(pr.str(v, key)); k.Aggregation == model.AggMean {
				k.Aggregation = "" // the default, stored as such
			}
		case "slo":
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
		case "categories":
			c.Categories = pr.nfrCategories(v, path+".categories")
		}
	})
	return c
}

var signoffFields = []string{"gate", "role", "person", "decision", "meaning", "comment", "at", "checklist_hash", "on_behalf", "entered_by", "signature"}

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
		case "signature":
			s.Signature = pr.signature(v, key)
		}
	})
	return s
}

// signature reads a sign-off's `signature:`, the armored SSHSIG block
// `ssh-keygen -Y sign` writes (a YAML literal block, `|`), and remembers
// its line: whether it verifies is for apply to say, against the role
// owner's key, but a block that is no SSH signature at all is refused here.
func (pr *pilotReader) signature(v *yaml.Node, key string) string {
	armored := strings.TrimSpace(pr.str(v, key))
	if armored == "" {
		return ""
	}
	armored += "\n"
	if _, err := sshsig.Unarmor([]byte(armored)); err != nil {
		pr.fail(v.Line, "%s: the signature is not an SSH signature (%v): give the whole block ssh-keygen -Y sign -n %s wrote, from -----BEGIN SSH SIGNATURE----- to -----END SSH SIGNATURE-----, as a literal block (signature: |), or leave signature: out to record the sign-off as entered on the person's behalf",
			pr.label, err, model.SignoffNamespace)
		return ""
	}
	if pr.signatureLines == nil {
		pr.signatureLines = map[string]int{}
	}
	pr.signatureLines[armored] = v.Line
	return armored
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
