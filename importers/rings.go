package importers

// RingMap assigns users to rings: the user,ring file of --rings (or a
// source's rings_from), for exports of one row per user.
type RingMap struct {
	File  string
	rings map[string]string // user, lower case → ring
}
