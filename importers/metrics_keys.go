package importers

// Keys: a row's pilot, ring and metric, checked once each and shared
// between rows.

// key validates a pilot, ring or metric key and returns it as a shared
// string. The column's guess is tried first (see keyGuess).
func (m *MetricReader) key(what string, b []byte, line int) (string, error) {
	b = trimSpace(b)
	g := m.guess(what)
	if s, ok := g.get(b); ok {
		return s, nil
	}
	if s, ok := m.interned[string(b)]; ok {
		g.put(s)
		return s, nil
	}
	if len(b) == 0 {
		return "", m.errorf(line, "empty %s: every row needs one", what)
	}
	if why := keyProblem(b); why != "" {
		return "", m.errorf(line, "%s %s %s", what, echo(string(b)), why)
	}
	s := m.intern(b)
	g.put(s)
	return s, nil
}

func (m *MetricReader) intern(b []byte) string {
	if s, ok := m.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(m.interned) < maxInterned {
		m.interned[s] = s
	}
	return s
}

// guessKeys turns the guesses on; a test compares with them off.
var guessKeys = true

// guess is the key column's guess (nil for none).
func (m *MetricReader) guess(what string) *keyGuess {
	if !guessKeys {
		return nil
	}
	switch what {
	case "pilot":
		return &m.guesses[0]
	case "ring":
		return &m.guesses[1]
	case "metric":
		return &m.guesses[2]
	}
	return nil
}

// keyGuess guesses a key column's next key: the one before it again (a
// pilot or ring goes on for many rows), or the one that followed it last
// time (files name metrics, rings and pilots in the same order day after
// day, whichever way they are sorted). A guess is taken only when its
// bytes are the key's, so it spares the hashed look-up of the interned
// keys (a fifth of the parse's time with three a row) and decides nothing.
type keyGuess struct {
	keys  []string
	index map[string]int32 // key → its place in keys
	after []int32          // after[i]: 1 + the key that followed keys[i] last time (0: none)
	last  int32            // 1 + the last key (0: none)
}

// maxGuessed bounds the keys a column's guess knows; past it the
// interned keys answer (a key column of more keys than that is no
// cheaper to guess).
const maxGuessed = 4096

func (g *keyGuess) get(b []byte) (string, bool) {
	if g == nil || g.last == 0 {
		return "", false
	}
	i := g.last - 1
	if s := g.keys[i]; s == string(b) {
		return s, true
	}
	if j := g.after[i] - 1; j >= 0 && g.keys[j] == string(b) {
		g.last = j + 1
		return g.keys[j], true
	}
	return "", false
}

// put notes s, the key that get did not guess, as the last.
func (g *keyGuess) put(s string) {
	if g == nil {
		return
	}
	j, ok := g.index[s]
	if !ok {
		if len(g.keys) >= maxGuessed {
			g.last = 0
			return
		}
		if g.index == nil {
			g.index = map[string]int32{}
		}
		j = int32(len(g.keys))
		g.keys, g.after = append(g.keys, s), append(g.after, 0)
		g.index[s] = j
	}
	if g.last > 0 {
		g.after[g.last-1] = j + 1
	}
	g.last = j + 1
}
