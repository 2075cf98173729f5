package importers

// Per-user exports (the Microsoft 365 Copilot usage user-detail report:
// one row per user) carry no ring; a ring map says each user's ring.

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// RingMap assigns users to rings: the user,ring file of --rings (or a
// source's rings_from), for exports of one row per user.
type RingMap struct {
	File  string
	rings map[string]string // user, lower case → ring
}

// RingMapLimit is the largest ring map file read: about 200,000 users.
const RingMapLimit = 8 << 20

// ringMapUserHeaders name the user column of a ring map (and, after
// "user", of a per-user export).
var ringMapUserHeaders = []string{"user", "user principal name", "upn", "userprincipalname", "email", "mail", "e-mail", "login"}

// ReadRingMap reads a ring map: a CSV (`,`, `;` or tab) with a header
// naming a user column (user, User Principal Name, upn, email …) and a
// ring column. Users match ignoring case and surrounding blanks. Errors
// name FILE:LINE.
func ReadRingMap(r io.Reader, file string) (*RingMap, error) {
	lr := &io.LimitedReader{R: r, N: RingMapLimit + 1}
	data, err := io.ReadAll(lr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Sanitize(file), err)
	}
	fail := func(line int, format string, args ...any) error {
		return &RowError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > RingMapLimit {
		return nil, fail(0, "the ring map is larger than %d MiB: it should hold one user,ring line per user", RingMapLimit>>20)
	}
	data = []byte(strings.TrimPrefix(string(data), "\uFEFF"))
	cr := csv.NewReader(strings.NewReader(string(data)))
	cr.Comma = rune(sniffDelimiter(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fail(1, "the ring map is empty: write a header user,ring and one line per user")
	}
	if err != nil {
		return nil, fail(1, "not a CSV file: %v", err)
	}
	colUser, colRing := -1, -1
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for _, u := range ringMapUserHeaders {
			if h == u && colUser < 0 {
				colUser = i
			}
		}
		if h == "ring" && colRing < 0 {
			colRing = i
		}
	}
	if colUser < 0 || colRing < 0 {
		return nil, fail(1, "the ring map's header is %s: it needs a user column (user, User Principal Name, upn or email) and a ring column, e.g. user,ring",
			echo(strings.Join(header, ",")))
	}
	m := &RingMap{File: file, rings: map[string]string{}}
	first := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fail(line, "not a CSV line: %v", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if colUser >= len(rec) || colRing >= len(rec) {
			return nil, fail(line, "the line has %d fields, the header %d: give every user a ring", len(rec), len(header))
		}
		user := strings.ToLower(strings.TrimSpace(rec[colUser]))
		ring := strings.TrimSpace(rec[colRing])
		switch {
		case user == "":
			return nil, fail(line, "no user: write the user's name as the export writes it (for Microsoft 365, the User Principal Name)")
		case ring == "":
			return nil, fail(line, "user %s has no ring: give one, or leave the user out", echo(user))
		}
		if why := keyProblem([]byte(ring)); why != "" {
			return nil, fail(line, "ring %s %s", echo(ring), why)
		}
		if prev, dup := m.rings[user]; dup && prev != ring {
			return nil, fail(line, "user %s is in ring %s here and in ring %s on line %d: a user is in one ring", echo(user), echo(ring), echo(prev), first[user])
		}
		if _, dup := m.rings[user]; !dup {
			m.rings[user], first[user] = ring, line
		}
	}
	if len(m.rings) == 0 {
		return nil, fail(1, "the ring map names no users: add one line user,ring per user")
	}
	return m, nil
}

// Ring is the ring of a user, ok false for a user the map does not name.
func (rm *RingMap) Ring(user []byte) (string, bool) {
	r, ok := rm.rings[strings.ToLower(string(trimSpace(user)))]
	return r, ok
}

// Len is how many users the map names.
func (rm *RingMap) Len() int { return len(rm.rings) }
