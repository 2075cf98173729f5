package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"ringside/model"
	"sort"
	"strings"
)

// VerifyReport is the outcome of checking the file, the audit chain and
// the state the chain vouches for.
type VerifyReport struct {
	Entries  int    `json:"entries"`
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"`
	OK       bool   `json:"ok"`
	FirstBad int64  `json:"first_bad_seq,omitempty"`
	Problem  string `json:"problem,omitempty"` // the first finding, in a sentence
	// IntegrityCheck names the SQLite check that ran: quick_check by
	// default, integrity_check with --full or when quick_check found
	// something. Integrity holds its findings ("ok" when sound).
	IntegrityCheck string   `json:"integrity_check"`
	Integrity      []string `json:"integrity"`
	// IntegrityScope is what that check covered: "file" (the whole file's
	// integrity_check), "tables" (quick_check of sqlite_schema and of each
	// table with its indexes: all but the free list) or "tables but
	// observations" (the same but for observations, whose pages the
	// observation scan decodes one by one).
	IntegrityScope string `json:"integrity_scope"`
	// ObservationScan says how every observation was read and digested:
	// "pages" (from the file, cell by cell, on every core) or "sql".
	ObservationScan  string    `json:"observation_scan"`
	ObservationPages int       `json:"observation_pages,omitempty"` // pages the page scan decoded
	Guards           bool      `json:"guards"`                      // append-only triggers present with their own SQL
	Entities         int       `json:"entities"`                    // entity digests compared with the log
	Findings         []Finding `json:"findings"`
	Checked          []string  `json:"checked"` // what was checked, one line each
	Anchors          []Anchor  `json:"anchors,omitempty"`
}

// Anchor is an audit entry's hash as a copy outside the database recorded
// it (an export's anchor line, a checkpoint, SEQ:HASH): verify checks that
// entry Seq still has Hash and that the chain reaches it, which catches a
// truncated log and a rewritten, rechained one.
type Anchor struct {
	Seq    int64  `json:"seq"`
	Hash   string `json:"hash"`
	Source string `json:"source"` // where it came from, for the report
	OK     bool   `json:"ok"`
}

// Finding is one thing verify found wrong: the entity (or "audit entry N",
// "database", "trigger X") and what is wrong with it.
type Finding struct {
	Entity  string `json:"entity"`
	Seq     int64  `json:"seq,omitempty"` // the audit entry concerned, when there is one
	Problem string `json:"problem"`
}

// VerifyOptions chooses how deep verify looks.
type VerifyOptions struct {
	Full    bool     // PRAGMA integrity_check instead of quick_check
	Anchors []Anchor // entries whose hash a copy outside the database recorded
	// FileCheck and FileFindings are CheckFile's result when the caller
	// ran it on this file already (the command line does, before it opens
	// the file): verify does not read the whole file a second time.
	FileCheck    string
	FileFindings []string
	// Pilot, when set, is called with each pilot as verify loads the
	// pilots to digest them (in slug order, beside the observation scan),
	// for what a caller checks of every pilot beyond the digests (the
	// app: sign-off signatures) without loading them again. It is not
	// called when the file's check fails.
	Pilot func(model.Pilot)
}

func (r *VerifyReport) find(f Finding) {
	r.OK = false
	r.Findings = append(r.Findings, f)
	if r.Problem == "" {
		r.Problem = f.Entity + ": " + f.Problem
	}
}

// guardSQL is the append-only guard triggers' full SQL as migration 0001
// creates them, compared word by word: a trigger of the same name that
// does something else is no guard.
var guardSQL = map[string]string{
	"audit_no_update": "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END",
	"audit_no_delete": "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END",
}

func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// Verify checks the database with the default options.
func (s *Store) Verify(ctx context.Context) (VerifyReport, error) {
	return s.VerifyWith(ctx, VerifyOptions{})
}

// VerifyWith checks the file (SQLite's own check), the guard triggers by
// their full SQL, the audit chain entry by entry, and the state the chain
// vouches for: every pilot, import, series of observations and the
// calendar must match the digest of the latest entry that changed it, and
// nothing may exist that no entry records.
func (s *Store) VerifyWith(ctx context.Context, opts VerifyOptions) (VerifyReport, error) {
	r := VerifyReport{OK: true, HeadHash: genesisHash, Findings: []Finding{}}
	// The page scan's snapshot comes first: it empties the write-ahead log
	// into the file, which waits for readers. --full reads through SQL.
	var ps *pageScan
	var psErr error
	if !opts.Full {
		if ps, psErr = s.beginPageScan(ctx); psErr != nil {
			var unsup errPagesUnsupported
			if !errors.As(psErr, &unsup) {
				return r, psErr
			}
		}
	}
	old, err := s.versionsWanted(ctx)
	if err != nil {
		if ps != nil {
			ps.end()
		}
		return r, err
	}
	if ps != nil {
		ps.old = old
	}
	// SQLite's check of the file, the observation scan and the chain walk
	// each read the whole file: they run side by side. What the tables say
	// counts only once the file's check has passed.
	type checkResult struct {
		check string
		integ []string
		err   error
	}
	checkDone := make(chan checkResult, 1)
	// The state of everything but the observations is read beside the
	// observation scan, once the file's check has passed (the command line
	// ran it before opening the file): it is compared once both are done.
	type loadResult struct {
		state     *stateNow
		summaries []seriesSummary
		err       error
	}
	loadDone := make(chan loadResult, 1)
	go func() {
		var c checkResult
		if opts.FileCheck != "" {
			c = checkResult{opts.FileCheck, opts.FileFindings, nil}
		} else {
			c.check, c.integ, c.err = CheckFile(ctx, s.path, opts.Full)
		}
		checkDone <- c
		if c.err != nil || !sound(c.integ) {
			loadDone <- loadResult{}
			return
		}
		var l loadResult
		if l.state, l.err = s.loadState(ctx, s.db, opts.Pilot); l.err == nil {
			l.summaries, l.err = s.loadSeriesRows(ctx)
		}
		loadDone <- l
	}()
	type seriesResult struct {
		digests map[int64]seriesDigests
		err     error
		damaged error  // the page scan met a page that is not what SQLite writes
		note    string // how the rows were read, for the report
		scan    string // "pages" or "sql"
		pages   int
	}
	obsDone := make(chan seriesResult, 1)
	go func() {
		var why string
		if ps != nil {
			d, err := ps.digests(s.file)
			ps.end()
			var unsup errPagesUnsupported
			var dmg errPageDamaged
			switch {
			case err == nil:
				obsDone <- seriesResult{digests: d, scan: "pages", pages: ps.pages,
					note: fmt.Sprintf("observations: the %d pages of the table's B-tree (root page %d) read from the file, every row decoded and digested, on every core", ps.pages, ps.root)}
				return
			case errors.As(err, &dmg):
				obsDone <- seriesResult{damaged: err}
				return
			case errors.As(err, &unsup):
				why = " (the page scan could not: " + unsup.why + ")"
			default:
				obsDone <- seriesResult{err: err}
				return
			}
		} else if psErr != nil {
			why = " (the page scan could not: " + psErr.Error() + ")"
		}
		if !opts.Full {
			// The file's quick check left the table to the page scan.
			if f := quickCheckTable(ctx, s.db, "observations"); len(f) != 1 || f[0] != "ok" {
				obsDone <- seriesResult{damaged: errors.New(strings.Join(f, "; "))}
				return
			}
		}
		d, err := s.observationDigestsIn(ctx, old, "")
		obsDone <- seriesResult{digests: d, err: err, scan: "sql", note: "observations: every row read through SQL and digested" + why}
	}()
	r.Anchors = append([]Anchor{}, opts.Anchors...)
	latest, err := s.verifyChain(ctx, &r)
	if err == nil {
		err = s.verifyGuards(ctx, &r)
	}
	// What the comparison needs but the observations is made ready while
	// the scan runs.
	loaded := <-loadDone
	var compare *stateCheck
	if err == nil && loaded.err == nil && loaded.state != nil {
		compare, loaded.err = s.prepareState(ctx, latest, loaded.state)
	}
	obs := <-obsDone
	chk := <-checkDone
	if chk.err != nil {
		return VerifyReport{OK: true, HeadHash: genesisHash, Findings: []Finding{}}, chk.err
	}
	scope := scopeFile
	if chk.check == "quick_check" && !opts.Full {
		scope = scopeTables
		if obs.scan == "sql" {
			scope = scopeAllTables // observations had its own quick_check
		}
	}
	if sound(chk.integ) && obs.damaged != nil {
		// A page of the observations is not what SQLite writes: the whole
		// file's check says what is wrong.
		c, f, err := CheckFile(ctx, s.path, true)
		if err != nil {
			return VerifyReport{OK: true, HeadHash: genesisHash, Findings: []Finding{}}, err
		}
		chk, scope = checkResult{c, f, nil}, scopeFile
		if sound(f) { // SQLite reads what the page scan would not: read it so
			d, err := s.observationDigests(ctx)
			obs = seriesResult{digests: d, err: err, scan: "sql", note: "observations: every row read through SQL and digested (the page scan stopped at " + obs.damaged.Error() + ", where integrity_check finds nothing wrong)"}
		}
	}
	if !sound(chk.integ) {
		r = VerifyReport{OK: true, HeadHash: genesisHash, Findings: []Finding{}, IntegrityCheck: chk.check, Integrity: chk.integ, IntegrityScope: scopeFile,
			Checked: []string{fileCheckLine(chk.check, scopeFile, s.path)}}
		for _, line := range chk.integ {
			r.find(Finding{Entity: "database", Problem: "SQLite " + chk.check + ": " + line})
		}
		return r, nil // the tables cannot be trusted enough to read further
	}
	r.IntegrityCheck, r.Integrity, r.IntegrityScope = chk.check, chk.integ, scope
	r.ObservationScan, r.ObservationPages = obs.scan, obs.pages
	r.Checked = append([]string{fileCheckLine(chk.check, scope, s.path), obs.note}, r.Checked...)
	if err != nil {
		return r, err
	}
	if obs.err != nil {
		return r, obs.err
	}
	if loaded.err != nil {
		return r, loaded.err
	}
	if err := s.verifyState(ctx, &r, compare, obs.digests); err != nil {
		return r, err
	}
	if err := s.verifySeriesSummaries(ctx, &r, obs.digests, loaded.summaries); err != nil {
		return r, err
	}
	return r, nil
}

func (s *Store) verifyGuards(ctx context.Context, r *VerifyReport) error {
	rows, err := s.db.QueryContext(ctx, "SELECT name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
	if err != nil {
		return err
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var name, table, text string
		if err := rows.Scan(&name, &table, &text); err != nil {
			return err
		}
		want, ours := guardSQL[name]
		switch {
		case !ours:
			r.find(Finding{Entity: "trigger " + name, Problem: "a trigger on table " + table + " that ringside never creates: someone added it; drop it after finding out what it did"})
		case words(text) != words(want):
			r.find(Finding{Entity: "trigger " + name, Problem: "it has the guard's name but not its SQL (" + words(text) + "): the append-only guard was replaced"})
		default:
			found[name] = true
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	names := make([]string, 0, len(guardSQL))
	for name := range guardSQL {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !found[name] && !reported(r, "trigger "+name) {
			r.find(Finding{Entity: "trigger " + name, Problem: "the audit log's append-only guard is missing: someone removed it"})
		}
	}
	r.Guards = len(found) == len(guardSQL)
	r.Checked = append(r.Checked, "guard triggers audit_no_update and audit_no_delete by their full SQL; no other trigger")
	return nil
}

// latestState is, per entity key, the digest the newest entry recorded
// and that entry's sequence number.
type latestState map[string]struct {
	digest string
	seq    int64
}

// verifyChain walks the chain, recomputing every hash, and collects the
// newest state per entity.
func (s *Store) verifyChain(ctx context.Context, r *VerifyReport) (latestState, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// The walk reads every page of the log once: mapped, not read call by call.
	if _, err := conn.ExecContext(ctx, "PRAGMA mmap_size = 4294967296"); err != nil {
		return nil, err
	}
	defer conn.ExecContext(ctx, "PRAGMA mmap_size = 0")
	originFrom, err := auditOriginFrom(ctx, conn)
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	latest := latestState{}
	anchored := map[int64][]int{} // seq → indexes into r.Anchors
	visited := make([]bool, len(r.Anchors))
	for i, a := range r.Anchors {
		anchored[a.Seq] = append(anchored[a.Seq], i)
	}
	prev := genesisHash
	var want int64 = 1
	firstBad := false
	var hasher chainHasher
	for rows.Next() {
		e, err := scanAudit(rows)
		bad := func(why string) {
			if !firstBad {
				firstBad = true
				r.FirstBad = e.Seq
				r.find(Finding{Entity: fmt.Sprintf("audit entry %d", e.Seq), Seq: e.Seq, Problem: fmt.Sprintf("(%s by %s) %s", e.Action, e.Actor, why)})
			}
		}
		r.Entries++
		switch {
		case err != nil:
			bad(err.Error())
		case e.Seq != want:
			bad(fmt.Sprintf("expected entry %d here: entries were removed", want))
		case e.PrevHash != prev:
			bad("its link to the previous entry is broken: history before it was changed or removed")
		case hasher.hash(prev, &e, e.Seq >= originFrom) != e.Hash:
			bad("its content no longer matches its hash: it was edited after it was written")
		}
		if e.State != "" {
			err := eachState(e.State, func(k, d string) {
				latest[k] = struct {
					digest string
					seq    int64
				}{d, e.Seq}
			})
			if err != nil {
				bad("its state digest is not JSON: " + err.Error())
			}
		}
		for _, i := range anchored[e.Seq] {
			a := &r.Anchors[i]
			visited[i] = true
			if a.OK = e.Hash == a.Hash; !a.OK {
				r.find(Finding{Entity: fmt.Sprintf("audit entry %d", e.Seq), Seq: e.Seq, Problem: fmt.Sprintf(
					"its hash is %s, but the anchor from %s recorded %s: the log was rewritten and rechained since that copy was made", e.Hash, a.Source, a.Hash)})
			}
		}
		prev = e.Hash
		want = e.Seq + 1
		r.HeadSeq = e.Seq
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	r.HeadHash = prev
	for i, a := range r.Anchors {
		switch {
		case a.Seq == 0: // taken from an empty log: it anchors nothing but the start
			if r.Anchors[i].OK = a.Hash == genesisHash; !r.Anchors[i].OK {
				r.find(Finding{Entity: "anchor", Problem: "the anchor from " + a.Source + " names entry 0 with a hash that is not the chain's start"})
			}
		case !visited[i] && a.Seq <= r.HeadSeq:
			r.find(Finding{Entity: fmt.Sprintf("audit entry %d", a.Seq), Seq: a.Seq, Problem: fmt.Sprintf(
				"the anchor from %s names it, but it is missing from the log: entries were removed", a.Source)})
		case a.Seq > r.HeadSeq:
			r.find(Finding{Entity: fmt.Sprintf("audit entry %d", a.Seq), Seq: a.Seq, Problem: fmt.Sprintf(
				"the anchor from %s names it, but the log ends at entry %d: entries were cut off the end", a.Source, r.HeadSeq)})
		case a.OK:
			r.Checked = append(r.Checked, fmt.Sprintf("anchor %d:%s from %s: entry %d still has that hash and the chain runs on to entry %d", a.Seq, a.Hash, a.Source, a.Seq, r.HeadSeq))
		}
	}
	r.Checked = append(r.Checked, fmt.Sprintf("audit chain: %d entries, every hash recomputed from the previous one, sequence without gaps, head %d %s", r.Entries, r.HeadSeq, r.HeadHash))
	return latest, nil
}

// eachState calls f with each key and digest of an entry's state, a flat
// JSON object of strings as stateJSON writes it. The chain walk reads one
// per entry: text without escapes is split here, anything else goes
// through encoding/json.
func eachState(state string, f func(key, digest string)) error {
	if body, ok := strings.CutPrefix(state, `{"`); ok && strings.HasSuffix(body, `"}`) && plainASCII(body) {
		body = body[:len(body)-1] // the closing quote stays: each value ends in one
		var pairs [][2]string
		for body != "" {
			k, rest, ok1 := strings.Cut(body, `":"`)
			v, next, ok2 := strings.Cut(rest, `"`)
			if !ok1 || !ok2 || strings.Contains(k, `"`) || (next != "" && !strings.HasPrefix(next, `,"`)) {
				pairs = nil
				break
			}
			pairs = append(pairs, [2]string{k, v})
			body = strings.TrimPrefix(next, `,"`)
			if next != "" && body == "" {
				pairs = nil
				break
			}
		}
		if pairs != nil {
			for _, p := range pairs {
				f(p[0], p[1])
			}
			return nil
		}
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(state), &m); err != nil {
		return err
	}
	for k, d := range m {
		f(k, d)
	}
	return nil
}

// plainASCII: printable ASCII without a backslash, text encoding/json
// reads as it stands.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e || s[i] == '\\' {
			return false
		}
	}
	return true
}

func entityName(key string) string {
	switch {
	case strings.HasPrefix(key, keyPilot):
		return "pilot " + strings.TrimPrefix(key, keyPilot)
	case strings.HasPrefix(key, keyImport):
		return "import " + strings.TrimPrefix(key, keyImport)
	case strings.HasPrefix(key, keySeries):
		return "observations " + strings.TrimPrefix(key, keySeries)
	}
	return key
}

// whatDiffers says how an entity differs from what its latest entry
// recorded: the fields of a pilot, the row count of a series.
func (s *Store) whatDiffers(ctx context.Context, key string, seq int64, logged, now string, pilots map[string]string) string {
	base := fmt.Sprintf("differs from what audit entry %d recorded: changed beside ringside", seq)
	switch {
	case strings.HasPrefix(key, keySeries):
		a, version, errA := parseObsDigest(logged)
		b, _, errB := parseObsDigest(now)
		if errA != nil || errB != nil {
			return base
		}
		if a.n != b.n {
			return fmt.Sprintf("%d observations now, audit entry %d recorded %d: rows were added or deleted beside ringside", b.n, seq, a.n)
		}
		if version == 3 {
			return fmt.Sprintf("%d observations as audit entry %d recorded, but their values differ (a day's value, its per-day readings n, sum, sumsq, min, max, last, or the import that wrote it, import_id): changed beside ringside", b.n, seq)
		}
		if version == 2 {
			return fmt.Sprintf("%d observations as audit entry %d recorded, but their values differ (a day's value or its per-day readings n, sum, sumsq, min, max, last): changed beside ringside", b.n, seq)
		}
		return fmt.Sprintf("%d observations as audit entry %d recorded, but their values differ: changed beside ringside", b.n, seq)
	case strings.HasPrefix(key, keyPilot):
		slug := strings.TrimPrefix(key, keyPilot)
		was, ok := s.pilotAsLogged(ctx, slug, seq)
		var is any
		if !ok || json.Unmarshal([]byte(pilots[slug]), &is) != nil {
			return base
		}
		var diffs []string
		jsonDiff("", was, is, &diffs)
		if len(diffs) == 0 {
			return base
		}
		if len(diffs) > 8 {
			diffs = append(diffs[:8], fmt.Sprintf("… and %d more", len(diffs)-8))
		}
		return base + ": " + strings.Join(diffs, "; ")
	}
	return base
}

// jsonDiff lists where two decoded JSON values differ, as paths.
func jsonDiff(path string, a, b any, out *[]string) {
	if reflect.DeepEqual(a, b) {
		return
	}
	name := path
	if name == "" {
		name = "(whole)"
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		for k := range y {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			p := k
			if path != "" {
				p = path + "." + k
			}
			jsonDiff(p, x[k], y[k], out)
		}
		return
	case []any:
		y, ok := b.([]any)
		if !ok {
			if b == nil {
				*out = append(*out, fmt.Sprintf("%s: %d in the log, none now", name, len(x)))
				return
			}
			break
		}
		if len(x) != len(y) {
			*out = append(*out, fmt.Sprintf("%s: %d in the log, %d now", name, len(x), len(y)))
			return
		}
		for i := range x {
			jsonDiff(fmt.Sprintf("%s[%d]", path, i), x[i], y[i], out)
		}
		return
	case nil:
		if y, ok := b.([]any); ok {
			*out = append(*out, fmt.Sprintf("%s: none in the log, %d now", name, len(y)))
			return
		}
	}
	*out = append(*out, fmt.Sprintf("%s: %s in the log, %s now", name, short(a), short(b)))
}

func short(v any) string {
	b, _ := json.Marshal(v)
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return s
}

func reported(r *VerifyReport, entity string) bool {
	for _, f := range r.Findings {
		if f.Entity == entity {
			return true
		}
	}
	return false
}
