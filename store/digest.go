package store

import (
	"cmp"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"ringside/model"
)

// State digests. Each audit entry records, in its state column,
// a JSON object from entity key to a digest of that entity as it stands
// after the change; verify recomputes the digest of everything in the
// database and compares it with the latest entry per entity. Keys:
//
//	pilot/<slug>                   sha256 of the pilot with everything in it ("" once deleted)
//	calendar                       sha256 of the portfolio's change calendar
//	sources                        sha256 of the saved import sources (JSON, sorted by name)
//	import/<id>                    "v2:" and the sha256 of the imports row with how it was
//	                               read (a bare sha256 of its counts alone in older entries)
//	series/<slug>/<ring>/<metric>  "v3:<n>:<sum>" over the series' observations, their
//	                               per-day columns and the import that wrote each
//	                               (digest_v3.go); "v2:<n>:<sum>" without the import in
//	                               older entries, "<n>:<sum>" over day and value alone
//	                               in entries written before schema v14
//
// docs/audit.md spells each encoding out.

const (
	keyPilot    = "pilot/"
	keyCalendar = "calendar"
	keySources  = "sources"
	keyImport   = "import/"
	keySeries   = "series/"
)

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// obsKey is the fixed, public AES-128 key of the row hash. It is no
// secret: the row hash needs to be a permutation that is fast (AES-NI,
// about 20 ns a row against 110 ns for SHA-256) and whose outputs carry
// no structure; the fixed tail of each block makes a crafted row that
// compensates another as hard as finding an AES preimage.
var obsKey = []byte("ringside-obs-v1!")

var obsCipher = func() cipher.Block {
	c, err := aes.NewCipher(obsKey)
	if err != nil {
		panic(err)
	}
	return c
}()

// obsDigest is the multiset digest of a series' observations: how many,
// and the sum modulo 2^128 of each row's hash. Adding and removing rows
// in any order gives the same digest, so an import updates it with what it
// wrote, without reading the series back.
type obsDigest struct {
	n      int64
	hi, lo uint64
}

// rowHasher hashes rows in one block it reuses: a block on the stack
// handed to the cipher (an interface) would move to the heap on every row,
// which costs more than the AES itself. One per goroutine.
//
// old asks seriesDigests.addRow for versions 1 and 2 beside version 3:
// verify wants them only while some series may still be vouched for by an
// entry of those versions (versionsWanted).
type rowHasher struct {
	b   [16]byte
	old bool
}

// v1 is AES-128 under obsKey of the 16-byte block
// day (int32, big-endian) ‖ value (IEEE 754 bits, big-endian) ‖ "obs1".
func (h *rowHasher) v1(day int64, value float64) (hi, lo uint64) {
	b := h.b[:]
	binary.BigEndian.PutUint32(b[0:4], uint32(int32(day)))
	binary.BigEndian.PutUint64(b[4:12], math.Float64bits(value))
	copy(b[12:], "obs1")
	obsCipher.Encrypt(b, b)
	return binary.BigEndian.Uint64(b[0:8]), binary.BigEndian.Uint64(b[8:16])
}

// v2 is rowHashV2 through the reused block.
func (h *rowHasher) v2(day int64, value float64, c *obsCols) (hi, lo uint64) {
	if c.none() {
		return h.v1(day, value)
	}
	return rowHashV2(day, value, c)
}

// rowHash is rowHasher.v1 for a row now and then.
func rowHash(day int64, value float64) (hi, lo uint64) {
	var h rowHasher
	return h.v1(day, value)
}

// obsCols are a day's six per-day columns as stored (n, sum, sumsq, min,
// max, last; migration 0008), each as the driver reads it: nil for NULL,
// int64, float64, string or []byte. All six are NULL on a day of one
// reading.
type obsCols [6]any

func (c *obsCols) none() bool {
	return c == nil || (c[0] == nil && c[1] == nil && c[2] == nil && c[3] == nil && c[4] == nil && c[5] == nil)
}

// aggCols are the columns the importer stores for a day of several
// readings (one reading stores none: NULL in all six).
func aggCols(a dayAgg) *obsCols {
	if a.n <= 1 {
		return nil
	}
	return &obsCols{int64(a.n), a.sum, a.sumsq, a.lo, a.hi, a.latest}
}

// rowHashV2 is the row hash of digest version 2, which covers the per-day
// columns: a row whose six columns are all NULL hashes as in version 1
// (rowHash: so does every row of one reading, the great majority); any
// other row hashes as the first 16 bytes of SHA-256 over "obs2" ‖ day
// (int64, big-endian) ‖ value (IEEE 754 bits) ‖ each column in turn: "N"
// for NULL, "I" and 8 bytes for an integer, "F" and the 8 bytes of a real,
// "T" (text) or "B" (blob), its length (uint32) and its bytes.
func rowHashV2(day int64, value float64, c *obsCols) (hi, lo uint64) {
	if c.none() {
		return rowHash(day, value)
	}
	b := make([]byte, 0, 4+8+8+6*9)
	b = append(b, "obs2"...)
	b = binary.BigEndian.AppendUint64(b, uint64(day))
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(value))
	for _, v := range c {
		switch x := v.(type) {
		case nil:
			b = append(b, 'N')
		case int64:
			b = binary.BigEndian.AppendUint64(append(b, 'I'), uint64(x))
		case float64:
			b = binary.BigEndian.AppendUint64(append(b, 'F'), math.Float64bits(x))
		case string:
			b = append(binary.BigEndian.AppendUint32(append(b, 'T'), uint32(len(x))), x...)
		case []byte:
			b = append(binary.BigEndian.AppendUint32(append(b, 'B'), uint32(len(x))), x...)
		default:
			b = append(b, fmt.Sprintf("?%T:%v", v, v)...)
		}
	}
	sum := sha256.Sum256(b)
	return binary.BigEndian.Uint64(sum[0:8]), binary.BigEndian.Uint64(sum[8:16])
}

func (d *obsDigest) add(day int64, value float64) {
	hi, lo := rowHash(day, value)
	d.addHash(hi, lo)
}

// addRow and subRow add and remove a row with its per-day columns
// (version 2).
func (d *obsDigest) addRow(day int64, value float64, c *obsCols) {
	hi, lo := rowHashV2(day, value, c)
	d.addHash(hi, lo)
}

func (d *obsDigest) subRow(day int64, value float64, c *obsCols) {
	hi, lo := rowHashV2(day, value, c)
	d.subHash(hi, lo)
}

func (d *obsDigest) addHash(hi, lo uint64) {
	var c uint64
	d.lo, c = bits.Add64(d.lo, lo, 0)
	d.hi, _ = bits.Add64(d.hi, hi, c)
	d.n++
}

func (d *obsDigest) sub(day int64, value float64) {
	hi, lo := rowHash(day, value)
	d.subHash(hi, lo)
}

func (d *obsDigest) subHash(hi, lo uint64) {
	var b uint64
	d.lo, b = bits.Sub64(d.lo, lo, 0)
	d.hi, _ = bits.Sub64(d.hi, hi, b)
	d.n--
}

// replace records that the row of day changed from old to v.
func (d *obsDigest) replace(day int64, old, v float64) {
	d.sub(day, old)
	d.add(day, v)
}

func (d *obsDigest) plus(e obsDigest) obsDigest {
	var c uint64
	out := obsDigest{n: d.n + e.n}
	out.lo, c = bits.Add64(d.lo, e.lo, 0)
	out.hi, _ = bits.Add64(d.hi, e.hi, c)
	return out
}

// String is "<n>:<32 hex digits>", the text of a version-1 digest.
func (d obsDigest) String() string {
	return fmt.Sprintf("%d:%016x%016x", d.n, d.hi, d.lo)
}

// digestV2 prefixes a version-2 digest's text: "v2:<n>:<32 hex digits>".
// The version is part of the text an audit entry records, so the entry's
// hash fixes it: nothing beside the log can make verify read a version-2
// digest as version 1 (which ignores the per-day columns).
const digestV2 = "v2:"

// V2 is the text of a version-2 digest (rowHashV2).
func (d obsDigest) V2() string { return digestV2 + d.String() }

// appendV2 appends V2's text to b.
func (d obsDigest) appendV2(b []byte) []byte {
	b = append(b, digestV2...)
	b = strconv.AppendInt(b, d.n, 10)
	b = append(b, ':')
	return appendHex16(appendHex16(b, d.hi), d.lo)
}

// appendHex16 appends v as 16 hex digits, as %016x writes it.
func appendHex16(b []byte, v uint64) []byte {
	const digits = "0123456789abcdef"
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>uint(shift)&0xf])
	}
	return b
}

// parseObsDigest reads any version's text; version says which it was
// (digestVersion).
func parseObsDigest(text string) (d obsDigest, version int, err error) {
	version = digestVersion(text)
	s := strings.TrimPrefix(strings.TrimPrefix(text, digestV3), digestV2)
	n, sum, ok := strings.Cut(s, ":")
	if !ok || len(sum) != 32 {
		return d, version, fmt.Errorf("bad series digest %q", text)
	}
	if d.n, err = strconv.ParseInt(n, 10, 64); err != nil {
		return d, version, fmt.Errorf("bad series digest %q", text)
	}
	if d.hi, err = strconv.ParseUint(sum[:16], 16, 64); err != nil {
		return d, version, fmt.Errorf("bad series digest %q", text)
	}
	if d.lo, err = strconv.ParseUint(sum[16:], 16, 64); err != nil {
		return d, version, fmt.Errorf("bad series digest %q", text)
	}
	return d, version, nil
}

// stateJSON encodes a state map with sorted keys (encoding/json sorts them).
func stateJSON(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	return encodeState(m)
}

// pilotState is the digest of a pilot as loadPilot reads it: the SHA-256 of
// its JSON (the same JSON an audit entry's after holds), "" when it does
// not exist.
func pilotState(ctx context.Context, q querier, slug string) (digest, state string, err error) {
	p, err := loadPilot(ctx, q, slug)
	if errors.Is(err, ErrNotFound) {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	j := pilotJSON(p)
	return sha(j), j, nil
}

func calendarState(ctx context.Context, q querier) (string, error) {
	c, err := loadCalendar(ctx, q, nil)
	if err != nil {
		return "", err
	}
	return sha(calendarJSON(c)), nil
}

// importRow is the canonical text of an imports row: its fields
// length-prefixed, as the audit chain encodes entries.
func importRow(file, sum, at, actor string, counts ...int64) string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	field(file)
	field(sum)
	field(at)
	field(actor)
	for _, c := range counts {
		field(strconv.FormatInt(c, 10))
	}
	return b.String()
}

const importRowsQuery = "SELECT id, file, sha256, at, actor, rows, new, updated, unchanged, rejected, options, size, series, context, report FROM imports"

// scanImportRow reads an imports row and its digest in both versions: v1
// over file, sha256, at, actor and the counts (what entries written before
// version 2 record: a bare hex SHA-256); v2, written "v2:<sha256 hex>", also over how the file was
// read (options, size) and what the unchanged-file check builds on
// (series, context, report; unchanged.go), appended length-prefixed the
// same way. The version is in the text an entry records and its hash
// covers, so verify compares each import in its newest entry's version.
func scanImportRow(r interface{ Scan(...any) error }) (id int64, v1, v2 string, err error) {
	var file, sum, at, actor, options, series, pilotCtx, report string
	var rows, nw, upd, unch, rej, size int64
	if err := r.Scan(&id, &file, &sum, &at, &actor, &rows, &nw, &upd, &unch, &rej, &options, &size, &series, &pilotCtx, &report); err != nil {
		return 0, "", "", err
	}
	base := importRow(file, sum, at, actor, rows, nw, upd, unch, rej)
	read := ""
	for _, f := range []string{options, strconv.FormatInt(size, 10), series, pilotCtx, report} {
		read += strconv.Itoa(len(f)) + ":" + f
	}
	return id, sha(base), digestV2 + sha(base+read), nil
}

// entryState works out the state an entry records when its writer left it
// empty: the pilot it names, or the portfolio calendar.
func entryState(ctx context.Context, tx execer, e AuditEntry) (string, error) {
	switch {
	case e.Entity == "pilot" && e.Pilot != "":
		d, _, err := pilotState(ctx, tx, e.Pilot)
		if err != nil {
			return "", err
		}
		return stateJSON(map[string]string{keyPilot + e.Pilot: d}), nil
	case e.Action == model.ActionSourcesUpdate:
		srcs, err := loadSources(ctx, tx)
		if err != nil {
			return "", err
		}
		d := "" // none left: nothing for verify to find
		if len(srcs) > 0 {
			d = sha(sourcesJSON(srcs))
		}
		return stateJSON(map[string]string{keySources: d}), nil
	case e.Action == model.ActionCalendarUpdate:
		d, err := calendarState(ctx, tx)
		if err != nil {
			return "", err
		}
		return stateJSON(map[string]string{keyCalendar: d}), nil
	}
	return "", nil
}

// importState is the state an import's audit entry records: its imports
// row and the new digest of every series it changed, which it also keeps
// in series.digest. changes holds what the import added and removed per
// series (obsDigest counts may be negative there), in id order; each
// delta is replaced by the series' new digest.
func importState(ctx context.Context, tx *sql.Tx, importID int64, changes []seriesChange) (string, error) {
	row := tx.QueryRowContext(ctx, importRowsQuery+" WHERE id = ?", importID)
	_, _, d, err := scanImportRow(row)
	if err != nil {
		return "", err
	}
	var spelled map[int]string // a series whose key is not slug/ring/metric as the import holds it
	if len(changes) > 0 {
		upd, err := tx.PrepareContext(ctx, "UPDATE series SET digest = ? WHERE id = ?")
		if err != nil {
			return "", err
		}
		defer upd.Close()
		// Prepared once: an import of 100,000 series asks 100,000 times.
		sel, err := tx.PrepareContext(ctx, `SELECT p.slug || '/' || s.ring || '/' || s.metric, s.digest, s.n
				FROM series s JOIN pilots p ON p.id = s.pilot_id WHERE s.id = ?`)
		if err != nil {
			return "", err
		}
		defer sel.Close()
		for i := range changes {
			c := &changes[i]
			key, cached, n, err := seriesRow(ctx, sel, c.id)
			if err != nil {
				return "", err
			}
			var next obsDigest
			old, version, perr := parseObsDigest(cached)
			switch delta := c.delta; {
			case cached != "" && perr != nil:
				return "", perr
			case cached != "" && version == 3:
				next = old.plus(delta)
			case n-delta.n > 0: // rows from before digests were kept, or an older version's digest: read the series once
				if next, err = seriesDigest(ctx, tx, c.id); err != nil {
					return "", err
				}
			default:
				next = delta
			}
			if _, err := upd.ExecContext(ctx, next.V3(), c.id); err != nil {
				return "", err
			}
			c.delta = next
			if !c.spells(key) {
				if spelled == nil {
					spelled = map[int]string{}
				}
				spelled[i] = string(key)
			}
		}
	}
	return changesState(keyImport+strconv.FormatInt(importID, 10), d, changes, spelled), nil
}

// seriesRow reads a series' key, cached digest and row count; the key is
// only good until the next call.
func seriesRow(ctx context.Context, sel *sql.Stmt, id int64) (key []byte, digest string, n int64, err error) {
	rows, err := sel.QueryContext(ctx, id)
	if err != nil {
		return nil, "", 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, "", 0, err
		}
		return nil, "", 0, sql.ErrNoRows
	}
	var raw sql.RawBytes
	if err := rows.Scan(&raw, &digest, &n); err != nil {
		return nil, "", 0, err
	}
	return append(key, raw...), digest, n, rows.Close()
}

// seriesDigest reads one series' observations and digests them (version 3).
func seriesDigest(ctx context.Context, q querier, id int64) (obsDigest, error) {
	var d obsDigest
	rows, err := q.QueryContext(ctx, "SELECT day, value, import_id, n, sum, sumsq, min, max, last FROM observations WHERE series_id = ?", id)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	var h rowHasher
	for rows.Next() {
		var day int64
		var v float64
		var imp any
		var c obsCols
		if err := rows.Scan(&day, &v, &imp, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5]); err != nil {
			return d, err
		}
		d.addHash(h.v3(day, v, importOf(imp), &c))
	}
	return d, rows.Err()
}

// seriesChange is what an import changed in one series, for its audit
// entry's state: 48 bytes a series, where a map of key and digest text
// took about 130.
type seriesChange struct {
	id    int64
	pilot *pilotInfo
	name  *seriesName
	delta obsDigest
}

// spells reports whether key is the series' slug/ring/metric.
func (c *seriesChange) spells(key []byte) bool {
	slug, ring, metric := c.pilot.slug, c.name.ring, c.name.metric
	return len(key) == len(slug)+len(ring)+len(metric)+2 &&
		string(key[:len(slug)]) == slug && key[len(slug)] == '/' &&
		string(key[len(slug)+1:len(slug)+1+len(ring)]) == ring && key[len(slug)+1+len(ring)] == '/' &&
		string(key[len(slug)+2+len(ring):]) == metric
}

// digests collects what the import changed per series, in id order, for
// importState.
func (imp *importer) digests() []seriesChange {
	var out []seriesChange
	for _, ss := range imp.series {
		if ss.digest != (obsDigest{}) {
			out = append(out, seriesChange{id: ss.id, pilot: imp.byID[ss.pilotID], name: ss.name, delta: ss.digest})
		}
	}
	slices.SortFunc(out, func(a, b seriesChange) int { return cmp.Compare(a.id, b.id) })
	return out
}

// baselineAction is the action of the entry an upgrade records; its after
// holds every pilot's JSON by slug.
const baselineAction = model.ActionAuditBaseline

// importDigests is off only in the scale test that measures what the
// digest costs an import (TestScaleVerifyAndDigestCost).
var importDigests = true

// stateVersion is the schema version whose audit entries carry state.
const stateVersion = 6

// recordBaseline runs once, when a database from before state digests is
// upgraded: it digests everything as it stands (and fills every series'
// digest) and records it in one audit entry, so verify compares from here
// on. Changes made beside ringside before the upgrade cannot be told apart
// from the rest: run verify before upgrading to see the chain as it was.
func (s *Store) recordBaseline(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT id FROM series")
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		obs := map[int64]obsDigest{}
		for _, id := range ids {
			d, err := seriesDigest(ctx, tx, id)
			if err != nil {
				return err
			}
			if d.n > 0 {
				obs[id] = d
				if _, err := tx.ExecContext(ctx, "UPDATE series SET digest = ? WHERE id = ?", d.V3(), id); err != nil {
					return err
				}
			}
		}
		state, pilots, err := s.currentState(ctx, tx, obs)
		if err != nil {
			return err
		}
		if len(state) == 0 {
			return nil
		}
		after := map[string]json.RawMessage{} // each pilot as it stood, so verify can name what changed since
		for slug, j := range pilots {
			after[slug] = json.RawMessage(j)
		}
		afterJSON, err := json.Marshal(after)
		if err != nil {
			return err
		}
		_, err = s.appendAudit(ctx, tx, AuditEntry{Actor: "ringside", Action: baselineAction, Entity: "state",
			Summary: fmt.Sprintf("state digests recorded at the upgrade to schema v%d: %d pilots and %d other entities as they stood", stateVersion, len(pilots), len(state)-len(pilots)),
			After:   string(afterJSON), State: stateJSON(state)})
		return err
	})
}
