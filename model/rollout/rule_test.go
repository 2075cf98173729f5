package rollout

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRuleAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, canonical string
	}{
		{"FREQ=DAILY", "FREQ=DAILY"},
		{"rrule:freq=weekly;byday=tu,th", "FREQ=WEEKLY;BYDAY=TU,TH"},
		{" FREQ=WEEKLY ; INTERVAL=2 ; BYDAY=TU ; DTSTART=2026-01-06 ;", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-01-06"},
		{"FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"},
		{"FREQ=MONTHLY;BYDAY=2TU,+4th", "FREQ=MONTHLY;BYDAY=2TU,4TH"},
		{"FREQ=MONTHLY;BYMONTHDAY=1,15,-1", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1"},
		{"FREQ=MONTHLY;INTERVAL=1;DTSTART=2026-01-31", "FREQ=MONTHLY;DTSTART=2026-01-31"},
		{"FREQ=DAILY;BYDAY=MO,WE;BYMONTHDAY=1", "FREQ=DAILY;BYDAY=MO,WE;BYMONTHDAY=1"},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.in)
		if err != nil {
			t.Errorf("ParseRule(%q): %v", tt.in, err)
			continue
		}
		if got := r.Canonical(); got != tt.canonical {
			t.Errorf("ParseRule(%q).Canonical() = %q, want %q", tt.in, got, tt.canonical)
		}
		if r.String() != strings.TrimSpace(tt.in) {
			t.Errorf("String() = %q, want the text as written %q", r.String(), tt.in)
		}
	}
}

func TestParseRuleRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string // want: a phrase the error must contain
	}{
		{"", "FREQ is required"},
		{"INTERVAL=2", "FREQ is required"},
		{"FREQ=YEARLY", `FREQ "YEARLY" is not supported: use DAILY, WEEKLY or MONTHLY`},
		{"FREQ=DAILY;FREQ=WEEKLY", `"FREQ" is given twice`},
		{"FREQ=DAILY;COUNT=3", `"COUNT" is not supported`},
		{"FREQ=DAILY;UNTIL=20270101", `"UNTIL" is not supported`},
		{"FREQ=DAILY;BYDAY", `part "BYDAY" is not KEY=VALUE`},
		{"FREQ=DAILY;BYDAY=", `"BYDAY" has no value`},
		{"FREQ=WEEKLY;BYDAY=TUE", `BYDAY entry "TUE" is not a weekday code`},
		{"FREQ=WEEKLY;BYDAY=MO,,FR", `BYDAY entry "" is not a weekday code`},
		{"FREQ=MONTHLY;BYDAY=6MO", "position that is not 1…5 or -1…-5"},
		{"FREQ=MONTHLY;BYDAY=0MO", "position that is not 1…5 or -1…-5"},
		{"FREQ=WEEKLY;BYDAY=2TU", "numbered BYDAY such as 2TU works only with FREQ=MONTHLY"},
		{"FREQ=MONTHLY;BYMONTHDAY=32", `BYMONTHDAY entry "32" is not a day 1…31`},
		{"FREQ=MONTHLY;BYMONTHDAY=0", `BYMONTHDAY entry "0"`},
		{"FREQ=WEEKLY;BYDAY=MO;BYMONTHDAY=1", "BYMONTHDAY does not combine with FREQ=WEEKLY"},
		{"FREQ=DAILY;INTERVAL=0", `INTERVAL "0" is not a whole number from 1 to 99`},
		{"FREQ=DAILY;INTERVAL=100;DTSTART=2026-01-01", `INTERVAL "100"`},
		{"FREQ=DAILY;INTERVAL=2", "INTERVAL=2 needs DTSTART=YYYY-MM-DD to know which day counts first"},
		{"FREQ=WEEKLY", "FREQ=WEEKLY needs BYDAY or DTSTART"},
		{"FREQ=MONTHLY", "FREQ=MONTHLY needs BYDAY, BYMONTHDAY or DTSTART"},
		{"FREQ=DAILY;DTSTART=20260101", `DTSTART "20260101" is not a date YYYY-MM-DD`},
		{"FREQ=DAILY;DTSTART=2026-02-30", `DTSTART "2026-02-30"`},
		// 30 February never exists, and every 12th month from February is February.
		{"FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30;DTSTART=2026-02-01", "matches no day in the 400 years"},
		{"FREQ=DAILY;BYDAY=MO\x1b[31m", `"MO\x1b[31m"`},
	}
	for _, tt := range tests {
		_, err := ParseRule(tt.in)
		if err == nil {
			t.Errorf("ParseRule(%q) accepted it", tt.in)
			continue
		}
		if !errors.Is(err, ErrRule) {
			t.Errorf("ParseRule(%q): error does not wrap ErrRule: %v", tt.in, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseRule(%q) = %q, want it to say %q", tt.in, err, tt.want)
		}
		if strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("ParseRule(%q): error carries a raw escape: %q", tt.in, err)
		}
	}
}
