package importers

import (
	"strings"
	"testing"
)

func TestReadRingMap(t *testing.T) {
	t.Parallel()
	rm, err := ReadRingMap(strings.NewReader("\uFEFFUPN,Ring,Team\r\n Ana@X.com ,pilot,a\r\nben@x.com,canary,b\r\n\r\nana@x.com,pilot,a\r\n"), "users.csv")
	if err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string]string{"ana@x.com": "pilot", "ANA@x.com": "pilot", " ben@x.com": "canary", "cem@x.com": ""} {
		if got, _ := rm.Ring([]byte(user)); got != want {
			t.Errorf("Ring(%q) = %q, want %q", user, got, want)
		}
	}
	if rm.Len() != 2 {
		t.Errorf("Len = %d, want 2 (a repeated line with the same ring is one user)", rm.Len())
	}
	for _, tt := range []struct{ in, want string }{
		{"", "users.csv:1: the ring map is empty"},
		{"name,team\nana,pilot\n", `users.csv:1: the ring map's header is "name,team": it needs a user column`},
		{"user,ring\nana,\n", `users.csv:2: user "ana" has no ring`},
		{"user,ring\n,pilot\n", "users.csv:2: no user"},
		{"user;ring\nana;pilot\nbob\n", "users.csv:3: the line has 1 fields, the header 2"},
		{"user,ring\nana,pi\x1blot\n", `users.csv:2: ring "pi\x1blot" contains control characters`},
		{"user,ring\n", "users.csv:1: the ring map names no users"},
	} {
		_, err := ReadRingMap(strings.NewReader(tt.in), "users.csv")
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q…", tt.in, err, tt.want)
		}
	}
}
