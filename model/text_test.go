package model

import "testing"

func TestPrintable(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		keep bool
		want string
	}{
		{"plain text", false, "plain text"},
		{"red \x1b[31malert\x1b[0m", false, `red \x1b[31malert\x1b[0m`},
		{"bell\a and del\x7f", false, `bell\x07 and del\x7f`},
		{"c1 \u009b31m", false, `c1 \u009b31m`},
		{"two\nlines\tand tab", true, "two\nlines\tand tab"},
		{"two\nlines", false, `two\x0alines`},
		{"bad \xff utf8", false, `bad \xff utf8`},
		{"bidi \u202e override", false, `bidi \u202e override`},
		{"Zürich – ok", false, "Zürich – ok"},
	}
	for _, c := range cases {
		if got := Printable(c.in, c.keep); got != c.want {
			t.Errorf("Printable(%q, %v) = %q, want %q", c.in, c.keep, got, c.want)
		}
	}
}

func TestHasControl(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"ok": false, "a\nb": false, "a\x1bb": true, "\x00": true, "\u0085": true} {
		if HasControl(in) != want {
			t.Errorf("HasControl(%q) = %v", in, !want)
		}
	}
}
