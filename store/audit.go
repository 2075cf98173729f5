package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"strconv"
	"time"

	"ringside/model"
)

// genesisHash is the "previous hash" of the first entry.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// AuditEntry is one change in the append-only log.
type AuditEntry struct {
	Seq     int64     `json:"seq"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"` // one of the model.Action… constants
	Pilot   string    `json:"pilot,omitempty"`
	Entity  string    `json:"entity,omitempty"` // what inside the pilot, e.g. "gate G3"
	Summary string    `json:"summary"`          // one line for people
	Before  string    `json:"before,omitempty"` // JSON, "" when created
	After   string    `json:"after,omitempty"`  // JSON, "" when deleted
	// State is the digest of what the entry changed, as it stands after
	// the change: JSON entity key → digest (digest.go). "" on entries
	// written before schema v6.
	State string `json:"state,omitempty"`
	// Origin is where the change came from (file, demo, cockpit, cli); ""
	// on entries written before schema v13 that the upgrade did not
	// recognise as the demo's.
	Origin   Origin `json:"origin,omitempty"`
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// originFromKey names the meta row holding the first sequence number
// whose hash covers the entry's origin (migration 0013).
const originFromKey = "audit_origin_from"

// entryHash is SHA-256 over the previous hash and a canonical encoding of
// the entry: each field as its byte length, a colon, and the bytes, so no
// choice of content can make two different entries encode alike. Entries
// written since schema v13 (withOrigin: seq at or after the database's
// audit_origin_from) also cover the state, even when empty, and the
// origin; those before it hash as they always did, so an upgraded log
// still verifies, and the origin the upgrade inferred for them is not
// attested by their hash.
func entryHash(prev string, e AuditEntry, withOrigin bool) string {
	var h chainHasher
	return h.hash(prev, &e, withOrigin)
}

// chainHasher is entryHash with one buffer reused entry after entry: the
// chain walk hashes every entry of the log. The encoding streams into the
// hash a piece of at most hashPiece bytes at a time, so an import's state
// of 100,000 series digests (about 10 MB) is not copied whole.
type chainHasher struct {
	h   hash.Hash
	buf []byte
	sum [sha256.Size]byte
}

const hashPiece = 64 << 10

func (c *chainHasher) field(s string) {
	c.buf = strconv.AppendInt(c.buf, int64(len(s)), 10)
	c.buf = append(c.buf, ':')
	for len(c.buf)+len(s) > hashPiece {
		n := max(hashPiece-len(c.buf), 0)
		c.buf = append(c.buf, s[:n]...)
		c.h.Write(c.buf)
		c.buf, s = c.buf[:0], s[n:]
	}
	c.buf = append(c.buf, s...)
}

func (c *chainHasher) hash(prev string, e *AuditEntry, withOrigin bool) string {
	if c.h == nil {
		c.h = sha256.New()
	}
	c.h.Reset()
	c.buf = c.buf[:0]
	c.field(prev)
	c.field(strconv.FormatInt(e.Seq, 10))
	c.field(e.At.UTC().Format(time.RFC3339Nano))
	c.field(e.Actor)
	c.field(e.Action)
	c.field(e.Pilot)
	c.field(e.Entity)
	c.field(e.Summary)
	c.field(e.Before)
	c.field(e.After)
	switch {
	case withOrigin: // schema v13
		c.field(e.State)
		c.field(string(e.Origin))
	case e.State != "": // schema v6: entries before it hash as they always did
		c.field(e.State)
	}
	c.h.Write(c.buf)
	return hex.EncodeToString(c.h.Sum(c.sum[:0]))
}

// auditOriginFrom is the first sequence number whose hash covers origin;
// a database without the marker (removed beside ringside) has none, so
// every entry written since v13 then fails to verify.
func auditOriginFrom(ctx context.Context, q querier) (int64, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", originFromKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return math.MaxInt64, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("meta %s = %q is not a sequence number", originFromKey, v)
	}
	return n, nil
}

// appendAudit adds e to the log inside tx, chaining it to the current head.
func (s *Store) appendAudit(ctx context.Context, tx execer, e AuditEntry) (AuditEntry, error) {
	var lastSeq int64
	prev := genesisHash
	err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&lastSeq, &prev)
	if err != nil && err != sql.ErrNoRows {
		return e, err
	}
	if err == sql.ErrNoRows {
		prev = genesisHash
	}
	e.Seq = lastSeq + 1
	if e.At.IsZero() {
		e.At = s.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if e.State == "" {
		if e.State, err = entryState(ctx, tx, e); err != nil {
			return e, err
		}
	}
	e.PrevHash = prev
	e.Hash = entryHash(prev, e, true) // every entry written now is at or after audit_origin_from
	_, err = tx.ExecContext(ctx, `INSERT INTO audit(seq, at, actor, action, pilot, entity, summary, before, after, state, origin, prev_hash, hash)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.Seq, e.At.Format(time.RFC3339Nano), e.Actor, e.Action, e.Pilot, e.Entity, e.Summary, e.Before, e.After, e.State, string(e.Origin), e.PrevHash, e.Hash)
	return e, err
}

// HeadHash returns the hash of the newest audit entry (the genesis hash for
// an empty log). Exports carry it so a copy kept elsewhere anchors the chain.
func (s *Store) HeadHash(ctx context.Context) (string, error) { return headHash(ctx, s.read()) }

func headHash(ctx context.Context, q querier) (string, error) {
	var h string
	err := q.QueryRowContext(ctx, "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&h)
	if err == sql.ErrNoRows {
		return genesisHash, nil
	}
	return h, err
}

// Head returns the sequence number and hash of the newest audit entry
// (0 and the genesis hash for an empty log): the anchor exports carry.
func (s *Store) Head(ctx context.Context) (int64, string, error) {
	var seq int64
	var h string
	err := s.read().QueryRowContext(ctx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&seq, &h)
	if err == sql.ErrNoRows {
		return 0, genesisHash, nil
	}
	return seq, h, err
}

// AuditFilter narrows an audit listing.
type AuditFilter struct {
	Pilot  string // "" for all
	Before int64  // only entries with seq < Before (0: no bound), for paging back
	Limit  int    // 0: no limit
}

// Audit lists entries newest first.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := "SELECT " + auditColumns + " FROM audit WHERE 1=1"
	var args []any
	if f.Pilot != "" {
		q += " AND pilot = ?"
		args = append(args, f.Pilot)
	}
	if f.Before > 0 {
		q += " AND seq < ?"
		args = append(args, f.Before)
	}
	q += " ORDER BY seq DESC"
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rows, err := s.read().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// auditColumns are the columns scanAudit reads, in its order.
const auditColumns = "seq, at, actor, action, pilot, entity, summary, before, after, state, origin, prev_hash, hash"

func scanAudit(rows *sql.Rows) (AuditEntry, error) {
	var e AuditEntry
	var at string
	err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Pilot, &e.Entity, &e.Summary, &e.Before, &e.After, &e.State, &e.Origin, &e.PrevHash, &e.Hash)
	if err != nil {
		return e, err
	}
	e.At, err = time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return e, fmt.Errorf("audit entry %d: bad time %q", e.Seq, at)
	}
	return e, nil
}

// LastActivity returns, per pilot, the time of its newest audit entry: the
// last change, import, review or sign-off. Triage uses it to spot pilots
// nobody touches any more. Loading the demo (origin demo) is not activity
// on its pilots: their stories carry their own dates. Only entries recorded on or before
// asOf count (zero: all): activity after the as-of day does not exist for
// that view, so a later sign-off cannot hide that a pilot was abandoned.
func (s *Store) LastActivity(ctx context.Context, asOf model.Date) (map[string]time.Time, error) {
	return lastActivity(ctx, s.read(), asOf)
}

func lastActivity(ctx context.Context, q querier, asOf model.Date) (map[string]time.Time, error) {
	until := "9999"
	if !asOf.IsZero() {
		until = asOf.AddDays(1).String() // times are UTC RFC 3339: "2026-11-20T…" < "2026-11-21"
	}
	rows, err := q.QueryContext(ctx, `SELECT pilot, max(at) FROM audit
		WHERE pilot != '' AND origin != ? AND at < ?
		GROUP BY pilot`, string(OriginDemo), until)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var pilot, at string
		if err := rows.Scan(&pilot, &at); err != nil {
			return nil, err
		}
		out[pilot] = parseTime(at)
	}
	return out, rows.Err()
}
