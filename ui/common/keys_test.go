package common

import "testing"

// ScrollHint says the scroll keys as the hints always have with the
// default keys, and the keys a rebinding gives otherwise.
func TestScrollHint(t *testing.T) {
	rebound := DefaultKeys()
	rebound.Rebind("lists.down", []string{"down", "n"}) // arrows go after the keys they sit beside
	rebound.Rebind("lists.page-down", []string{"ctrl+f"})
	rebound.Rebind("lists.bottom", nil) // unbound: left out
	for _, c := range []struct {
		name     string
		k        KeyMap
		up, ends bool
		want     string
	}{
		{"up", DefaultKeys(), true, false, "k/↑, pgup"},
		{"up to the top", DefaultKeys(), true, true, "k/↑, pgup, g"},
		{"down", DefaultKeys(), false, false, "j/↓, pgdn"},
		{"down to the end", DefaultKeys(), false, true, "j/↓, pgdn, G"},
		{"rebound down", rebound, false, true, "n/↓, ctrl+f"},
	} {
		if got := c.k.ScrollHint(c.up, c.ends); got != c.want {
			t.Errorf("%s: ScrollHint = %q, want %q", c.name, got, c.want)
		}
	}
}
