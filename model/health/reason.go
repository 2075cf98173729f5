package health

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Kind says what a reason line is about, so a front end picks the line it
// shows by kind rather than by searching the prose.
type Kind string

// The kinds of reason a KPI or ring verdict gives.
const (
	// A KPI's reasons.
	KindCurrent      Kind = "current"      // the level judged: a window's mean
	KindBaseline     Kind = "baseline"     // where the baseline came from, or that there is none
	KindNoData       Kind = "nodata"       // no fresh data: nothing was judged
	KindTarget       Kind = "target"       // the target's judgement, or why it has none
	KindWarning      Kind = "warning"      // the warning criterion's judgement
	KindTrigger      Kind = "trigger"      // a rollback trigger that did not fire or was not judged
	KindRollback     Kind = "rollback"     // a rollback trigger (or an SLO's fast burn) fired
	KindConfidence   Kind = "confidence"   // an interval of the level or of the change
	KindInconclusive Kind = "inconclusive" // a pass the interval does not carry: warn
	KindSLO          Kind = "slo"          // the standing of the KPI's SLO
	KindObjective    Kind = "objective"    // the verdict of an SLO that is the KPI's only target

	// A ring's reasons.
	KindScore Kind = "score" // the weighted score, or why there is none
	KindFail  Kind = "fail"  // what fails the ring: a trigger, a must-meet KPI, a low score
	KindWarn  Kind = "warn"  // what makes the ring warn
	KindPass  Kind = "pass"  // every KPI with data passes
	KindNote  Kind = "note"  // a remark that does not decide the verdict
)

// Reason is one line of a verdict's explanation. In JSON it is its text
// alone: `why` stays the list of sentences the spec promises.
type Reason struct {
	Kind Kind
	Text string
}

// MarshalJSON writes the reason as its text. It leaves < > & as they are:
// the encoder that calls it escapes them if it was asked to.
func (r Reason) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.Text); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads a reason back from its text; the kind does not
// travel in JSON, so it comes back empty.
func (r *Reason) UnmarshalJSON(b []byte) error {
	r.Kind = ""
	return json.Unmarshal(b, &r.Text)
}

// Reasons is a verdict's explanation, in the order it was reasoned.
type Reasons []Reason

// Lines is the text of every reason, in order.
func (rs Reasons) Lines() []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Text
	}
	return out
}

// first is the first reason of any of the kinds.
func (rs Reasons) first(kinds ...Kind) (Reason, bool) {
	for _, r := range rs {
		if r.is(kinds) {
			return r, true
		}
	}
	return Reason{}, false
}

// last is the last reason of any of the kinds.
func (rs Reasons) last(kinds ...Kind) (Reason, bool) {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].is(kinds) {
			return rs[i], true
		}
	}
	return Reason{}, false
}

func (r Reason) is(kinds []Kind) bool {
	for _, k := range kinds {
		if r.Kind == k {
			return true
		}
	}
	return false
}

func (rs *Reasons) add(k Kind, format string, args ...any) {
	*rs = append(*rs, Reason{Kind: k, Text: fmt.Sprintf(format, args...)})
}

// Deciding is the reason that decided the KPI's verdict, the one line
// `health`, the cockpit's KPI tab and the gate evidence show: a fired
// trigger, else the last judgement of the target, the warning or the
// interval (an SLO's verdict for a KPI judged by its SLO alone), else,
// without data, why there is none. Empty when there are no reasons.
func (h KPIHealth) Deciding() string {
	if h.Rollback {
		if r, ok := h.Why.last(KindRollback); ok {
			return r.Text
		}
	}
	if h.Status != NoData {
		if r, ok := h.Why.last(KindTarget, KindWarning, KindInconclusive, KindObjective); ok {
			return r.Text
		}
	} else {
		if r, ok := h.Why.first(KindNoData); ok {
			return r.Text
		}
		if r, ok := h.Why.last(KindTarget); ok {
			return r.Text
		}
	}
	if len(h.Why) > 0 {
		return h.Why[0].Text
	}
	return ""
}

// Deciding is the reason that decided the ring's verdict: its first
// failure, else its first warning, else its first line (the score).
func (r RingHealth) Deciding() string {
	for _, k := range []Kind{KindFail, KindWarn} {
		if l, ok := r.Why.first(k); ok {
			return l.Text
		}
	}
	if len(r.Why) > 0 {
		return r.Why[0].Text
	}
	return ""
}
