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

// Named says a binding's first key as the help spells it, Pair two of
// them: as the texts always said them with the default keys, the keys a
// rebinding gives otherwise, and "no key" for an unbound action.
func TestNamedAndPair(t *testing.T) {
	k := DefaultKeys()
	rebound := DefaultKeys()
	rebound.Rebind("form.cancel", []string{"ctrl+b", "esc"})
	rebound.Rebind("detail.prev-item", []string{","})
	rebound.Rebind("detail.undo", nil)
	for _, c := range []struct{ got, want string }{
		{Named(k.Cancel), "esc"},
		{Named(k.Undo), "u"},
		{Named(k.Palette), ":"},  // the first of : and ctrl+p
		{Named(k.PrevItem), "←"}, // left, [ and h: the arrow
		{Named(k.Erase), "⌫"},    // backspace, as the help shows it
		{Pair(k.PrevItem, k.NextItem), "←/→"},
		{Pair(k.TypingUp, k.TypingDown), "↑/↓"},
		{Named(rebound.Cancel), "ctrl+b"},
		{Pair(rebound.PrevItem, rebound.NextItem), ",/→"},
		{Named(rebound.Undo), "no key"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
