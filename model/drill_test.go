package model

import (
	"reflect"
	"testing"
)

func TestRunbookSteps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       []string
	}{
		{"dots", "1. Disable the flag.\n2. Re-point the mailbox.\n", []string{"Disable the flag.", "Re-point the mailbox."}},
		{"parentheses and CRLF", "1) Stop\r\n2) Start\r\n", []string{"Stop", "Start"}},
		{"prose around, indented continuation",
			"Before you start, tell the desk.\n\n1. Pause the job\n   in the scheduler.\n2. Tell the leads.\nDone.",
			[]string{"Pause the job in the scheduler.", "Tell the leads."}},
		{"indented numbers and two digits", "  9. nine\n  10. ten", []string{"nine", "ten"}},
		{"no numbered step", "Call the vendor.\n- check logs", []string{WholeRunbook}},
		{"a number without a space is not a step", "1.5 hours\nstep 1. x\n3.rd", []string{WholeRunbook}},
		{"an empty item is not a step", "1. \n2. real", []string{"real"}},
		{"empty body", "", []string{WholeRunbook}},
	}
	for _, tt := range tests {
		if got := RunbookSteps(tt.body); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: RunbookSteps = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRestoreMinutes(t *testing.T) {
	t.Parallel()
	// the last step was marked at 754 s: 754 / 60 = 12.566… → 12.6
	steps := []DrillStep{{AtSec: 30}, {AtSec: 754}}
	if got := RestoreMinutes(steps); got != 12.6 {
		t.Errorf("RestoreMinutes = %v, want 12.6", got)
	}
	if got := RestoreMinutes(nil); got != 0 {
		t.Errorf("RestoreMinutes(nil) = %v, want 0", got)
	}
}

func TestSuggestedOutcome(t *testing.T) {
	t.Parallel()
	done, failed := DrillStep{Done: true}, DrillStep{Done: false}
	tests := []struct {
		name            string
		steps           []DrillStep
		restore, target float64
		want            DrillOutcome
	}{
		{"all done within target", []DrillStep{done, done}, 12, 15, DrillSuccess},
		{"all done exactly on target", []DrillStep{done, done}, 15, 15, DrillSuccess},
		{"all done, no target", []DrillStep{done}, 90, 0, DrillSuccess},
		{"all done over target", []DrillStep{done, done}, 15.1, 15, DrillPartial},
		{"a step failed, restored in time", []DrillStep{failed, done}, 5, 15, DrillPartial},
		{"last step failed", []DrillStep{done, failed}, 5, 15, DrillFailed},
		{"no steps", nil, 0, 15, DrillFailed},
	}
	for _, tt := range tests {
		if got := SuggestedOutcome(tt.steps, tt.restore, tt.target); got != tt.want {
			t.Errorf("%s: SuggestedOutcome = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// FuzzRunbookSteps: any body gives at least one step, none empty.
func FuzzRunbookSteps(f *testing.F) {
	f.Add("1. a\n2) b\n   c")
	f.Add("")
	f.Add("12.\t x")
	f.Fuzz(func(t *testing.T, body string) {
		steps := RunbookSteps(body)
		if len(steps) == 0 {
			t.Fatal("no step")
		}
		for _, s := range steps {
			if s == "" {
				t.Errorf("empty step from %q", body)
			}
		}
	})
}
