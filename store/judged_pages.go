package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"ringside/model"
)

// The judged load, page by page. `health` over a portfolio reads every
// pilot's rings and KPIs, 15,000 rows for 1,000 pilots; through the
// driver each row costs a call per column and an allocation per value,
// which was most of a run. The three tables are small, so their B-tree
// pages are read whole, in the load's read transaction, through SQLite's
// sqlite_dbpage table (the pages as this snapshot sees them, the
// write-ahead log included: nothing is read beside SQLite), a level of
// the tree per query, and their cells decoded here. Whatever is not as
// ringside's migrations make it (a column's name or type, a default that
// is not a plain literal, a value of another type than its column's)
// makes the load read through SQL as before; nothing reaches fn before
// every row has been checked.

// judgedTables are the columns the judged load reads, by table, in the
// order a row's fields are taken.
var judgedTables = map[string][]string{
	"pilots": {"id", "slug", "name"},
	"rings":  {"pilot_id", "ord", "name"},
	"kpis": {"pilot_id", "ord", "kpi_key", "name", "unit", "better", "baseline", "target", "warning", "rollback",
		"critical", "weight", "window_days", "slo", "confidence", "aggregation"},
}

// pageValue is one field of a record: its SQLite storage class and value
// (text aliases the page it was read from).
type pageValue struct {
	kind byte // 'n' NULL, 'i' integer, 'f' real, 't' text, 'b' blob
	i    int64
	f    float64
	t    []byte
}

// pageColumn is a table's column as the page decoder needs it.
type pageColumn struct {
	cid      int       // position in the record
	affinity byte      // 'i' INTEGER, 'f' REAL, 't' TEXT
	notNull  bool      // NOT NULL: a NULL is not what ringside wrote
	rowid    bool      // the INTEGER PRIMARY KEY: the record holds NULL, the cell's rowid is the value
	dflt     pageValue // a record shorter than the table (a column added since) reads this
}

// pageTable is one table's rows: the cells' records and the columns asked.
type pageTable struct {
	root uint32
	cols []pageColumn
	rows []pageRow
}

type pageRow struct {
	rowid  int64
	record []byte
}

// errJudgedPages says the judged load cannot read this file's pages and
// reads through SQL instead.
type errJudgedPages struct{ why string }

func (e errJudgedPages) Error() string { return "the judged load reads through SQL: " + e.why }

// eachPilotJudgedPages is eachPilotOf(loadJudged) for every pilot, read
// from the tables' pages inside tx, with the pilot's definition number
// (judged_defs.go). An errJudgedPages means nothing was passed to fn and
// the caller reads through SQL.
func eachPilotJudgedPages(ctx context.Context, tx *sql.Tx, fn func(p model.Pilot, def int) error) error {
	tables, err := judgedSchema(ctx, tx)
	if err != nil {
		return err
	}
	return eachPilotJudgedPagesOf(ctx, tx, tables, fn)
}

// eachPilotJudgedPagesOf is eachPilotJudgedPages with the tables as tx
// reads them (judgedSchema) already read.
func eachPilotJudgedPagesOf(ctx context.Context, tx *sql.Tx, tables map[string]*pageTable, fn func(p model.Pilot, def int) error) error {
	return eachPilotJudgedFrom(ctx, tables, func(pgnos []uint32) (map[uint32][]byte, error) { return fetchPages(ctx, tx, pgnos) }, func() {}, fn)
}

// pageSource reads pages by number: through sqlite_dbpage (fetchPages) or
// from the file itself (judged_file.go). The pages returned are the
// caller's: they stay valid once the source's lock is let go.
type pageSource func(pgnos []uint32) (map[uint32][]byte, error)

// eachPilotJudgedFrom is eachPilotJudgedPages with the tables' schema
// read (judgedSchema: no rows yet) and the pages from src; release is
// called once every row is checked, before the first pilot goes to fn
// (the file read lets go of its lock).
func eachPilotJudgedFrom(ctx context.Context, tables map[string]*pageTable, src pageSource, release func(), fn func(p model.Pilot, def int) error) error {
	if err := walkTables(src, tables); err != nil {
		return err
	}
	// Every row is checked before the first pilot goes out: a value that
	// is not what ringside writes sends the whole load through SQL.
	pilots, rings, kpis, keys, err := checkJudged(tables)
	if err != nil {
		return err
	}
	vals := make([]pageValue, len(judgedTables["kpis"]))
	release()
	ringsOf, kpisOf := byPilot(rings, len(pilots)), byPilot(kpis, len(pilots))
	criteria, texts := map[string]model.Criterion{}, strs{}
	var defs judgedDefs
	var key []byte
	for _, pr := range pilots {
		p := model.Pilot{Slug: pr.slug, Name: pr.name}
		rs, ks := ringsOf.rows(rings, pr.id), kpisOf.rows(kpis, pr.id)
		// A definition met before: its rings and KPIs are built already.
		key = binary.AppendUvarint(key[:0], uint64(len(rs)))
		for _, r := range [2]struct {
			t    *pageTable
			rows []keyed
		}{{tables["rings"], rs}, {tables["kpis"], ks}} {
			for _, k := range r.rows {
				key = k.appendDefinition(key, r.t, keys)
			}
		}
		if def, d := defs.of(key); d != nil {
			// Already in its canonical form: a slug, a name, and the
			// rings and KPIs of a pilot normalized (nil when none).
			p.Rings, p.KPIs = d.Rings, d.KPIs
			if err := fn(p, def); err != nil {
				return err
			}
			continue
		}
		if len(rs) > 0 {
			p.Rings = make([]model.Ring, len(rs))
			for i, k := range rs {
				tables["rings"].decode(tables["rings"].rows[k.row], vals) // checked above
				p.Rings[i].Name = texts.of(vals[2].t)
			}
		}
		if len(ks) > 0 {
			p.KPIs = make([]model.KPI, len(ks))
			for i, k := range ks {
				tables["kpis"].decode(tables["kpis"].rows[k.row], vals)
				if err := judgedKPI(&p.KPIs[i], vals, criteria, texts, pr.slug); err != nil {
					return err
				}
			}
		}
		p = Normalize(p)
		if err := fn(p, defs.add(key, p)); err != nil {
			return err
		}
	}
	return nil
}

// judgedKPI fills k from a kpis row as the SQL load does.
func judgedKPI(k *model.KPI, v []pageValue, criteria map[string]model.Criterion, texts strs, slug string) error {
	k.Key, k.Name, k.Unit, k.Better = texts.of(v[2].t), texts.of(v[3].t), texts.of(v[4].t), model.Better(texts.of(v[5].t))
	if v[6].kind != 'n' {
		b := v[6].f
		k.Baseline = &b
	}
	var perr error
	parse := func(b []byte) model.Criterion {
		if len(b) == 0 {
			return model.Criterion{}
		}
		if c, ok := criteria[string(b)]; ok {
			return c
		}
		c, err := model.ParseCriterion(string(b))
		if err != nil && perr == nil {
			perr = fmt.Errorf("pilot %s KPI %s: stored criterion: %w", slug, k.Key, err)
		}
		if err == nil && len(criteria) < 1024 {
			criteria[string(b)] = c
		}
		return c
	}
	k.Target, k.Warning, k.Rollback = parse(v[7].t), parse(v[8].t), parse(v[9].t)
	k.Critical = v[10].i != 0
	if w := v[11].f; w != model.DefaultWeight { // the default reads back as unset
		k.Weight = &w
	}
	k.Window = int(v[12].i)
	if v[13].kind != 'n' {
		k.SLO = new(model.KPISLO)
		if err := json.Unmarshal(v[13].t, k.SLO); err != nil {
			return fmt.Errorf("pilot %s KPI %s: slo: %w", slug, k.Key, err)
		}
	}
	k.Confidence = v[14].f
	k.Aggregation = model.Aggregation(texts.of(v[15].t))
	return perr
}

// strs hands out one string for each text met again: a portfolio's KPIs
// and rings repeat a few keys, names and units (a thousand pilots, 12,000
// KPIs: a few dozen texts).
type strs map[string]string

func (m strs) of(b []byte) string {
	if s, ok := m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(m) < 4096 {
		m[s] = s
	}
	return s
}

// fetchPages reads pages by number in one query.
func fetchPages(ctx context.Context, tx *sql.Tx, pgnos []uint32) (map[uint32][]byte, error) {
	list, _ := json.Marshal(pgnos)
	rows, err := tx.QueryContext(ctx, "SELECT pgno, data FROM sqlite_dbpage WHERE pgno IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return nil, errJudgedPages{"sqlite_dbpage: " + err.Error()}
	}
	defer rows.Close()
	out := make(map[uint32][]byte, len(pgnos))
	for rows.Next() {
		var pg int64
		var data []byte
		if err := rows.Scan(&pg, &data); err != nil {
			return nil, err
		}
		out[uint32(pg)] = data
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, pg := range pgnos {
		if len(out[pg]) < 512 {
			return nil, errJudgedPages{fmt.Sprintf("page %d is not in the file", pg)}
		}
	}
	return out, nil
}

// judgedSchema reads the three tables' root pages and columns in one
// query, and checks they are what the page decoder reads.
func judgedSchema(ctx context.Context, q querier) (map[string]*pageTable, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.name, m.rootpage, m.sql, x.cid, x.name, x.type, x."notnull", x.dflt_value, x.pk, x.hidden
		FROM sqlite_schema m CROSS JOIN pragma_table_xinfo(m.name) x WHERE m.type = 'table' AND m.name IN ('pilots', 'rings', 'kpis')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tables := map[string]*pageTable{}
	found := map[string][]bool{}
	pks, rowidCol := map[string]int{}, map[string]int{}
	for rows.Next() {
		var root int64
		var cid, notNull, pk, hidden int
		var name, text, col, typ string
		var dflt sql.NullString
		if err := rows.Scan(&name, &root, &text, &cid, &col, &typ, &notNull, &dflt, &pk, &hidden); err != nil {
			return nil, err
		}
		want := judgedTables[name]
		t := tables[name]
		if t == nil {
			if root <= 0 || root > math.MaxUint32 || strings.Contains(strings.ToUpper(text), "WITHOUT ROWID") {
				return nil, errJudgedPages{name + " is not a rowid table"}
			}
			t = &pageTable{root: uint32(root), cols: make([]pageColumn, len(want))}
			tables[name], found[name], rowidCol[name] = t, make([]bool, len(want)), -1
		}
		if hidden != 0 {
			return nil, errJudgedPages{name + " has a generated column"}
		}
		if pk > 0 {
			pks[name]++
			if strings.EqualFold(typ, "INTEGER") {
				rowidCol[name] = cid
			}
		}
		i := slices.Index(want, col)
		if i < 0 {
			continue
		}
		c := pageColumn{cid: cid, notNull: notNull != 0}
		switch strings.ToUpper(typ) {
		case "INTEGER":
			c.affinity = 'i'
		case "REAL":
			c.affinity = 'f'
		case "TEXT":
			c.affinity = 't'
		default:
			return nil, errJudgedPages{fmt.Sprintf("%s.%s is of type %q", name, col, typ)}
		}
		if c.dflt, err = literal(dflt, c.affinity); err != nil {
			return nil, errJudgedPages{fmt.Sprintf("%s.%s: %v", name, col, err)}
		}
		t.cols[i], found[name][i] = c, true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for name, want := range judgedTables {
		if tables[name] == nil {
			return nil, errJudgedPages{"no table " + name}
		}
		for i, ok := range found[name] {
			if !ok {
				return nil, errJudgedPages{name + " has no column " + want[i]}
			}
		}
		if pks[name] == 1 && rowidCol[name] >= 0 { // INTEGER PRIMARY KEY: the rowid itself
			for i := range tables[name].cols {
				tables[name].cols[i].rowid = tables[name].cols[i].cid == rowidCol[name]
			}
		}
	}
	return tables, nil
}

// literal reads a column's default as pragma_table_xinfo gives it: NULL,
// a number or a quoted string; anything else (an expression) is not
// decoded here.
func literal(d sql.NullString, affinity byte) (pageValue, error) {
	s := strings.TrimSpace(d.String)
	switch {
	case !d.Valid || strings.EqualFold(s, "NULL"):
		return pageValue{kind: 'n'}, nil
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		body := s[1 : len(s)-1]
		if strings.Contains(strings.ReplaceAll(body, "''", ""), "'") {
			return pageValue{}, fmt.Errorf("default %s", s)
		}
		if affinity != 't' {
			return pageValue{}, fmt.Errorf("text default %s of a number", s)
		}
		return pageValue{kind: 't', t: []byte(strings.ReplaceAll(body, "''", "'"))}, nil
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return affine(pageValue{kind: 'i', i: i}, affinity)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return affine(pageValue{kind: 'f', f: f}, affinity)
	}
	return pageValue{}, fmt.Errorf("default %s", s)
}

// affine is v as its column's affinity returns it: an integer in a REAL
// column reads as a real. A value of any other class than the column's
// is not what ringside writes.
func affine(v pageValue, affinity byte) (pageValue, error) {
	switch {
	case v.kind == 'n', v.kind == affinity:
		return v, nil
	case v.kind == 'i' && affinity == 'f':
		return pageValue{kind: 'f', f: float64(v.i)}, nil
	}
	return pageValue{}, fmt.Errorf("a value of class %c in a column of affinity %c", v.kind, affinity)
}

// fields reads a record's header: the offset in the body and the serial
// type of each field, and the body. The fields must fill the record
// exactly.
func fields(rec []byte, offs *[32]int32, types *[32]uint32) (n int, body []byte, err error) {
	hsize, w := varint(rec)
	if w == 0 || hsize > uint64(len(rec)) || hsize < uint64(w) {
		return 0, nil, errJudgedPages{"a record header that does not fit"}
	}
	hdr, body := rec[w:hsize], rec[hsize:]
	off := 0
	for ; len(hdr) > 0; n++ {
		if n == len(offs) {
			return 0, nil, errJudgedPages{"a record of more fields than ringside's tables have"}
		}
		st, w := uint64(hdr[0]), 1
		if st >= 0x80 {
			if st, w = varint(hdr); w == 0 {
				return 0, nil, errJudgedPages{"a record header that is cut off"}
			}
		}
		hdr = hdr[w:]
		if st == 10 || st == 11 || st > math.MaxInt32 {
			return 0, nil, errJudgedPages{"a serial type SQLite never writes"}
		}
		offs[n], types[n] = int32(off), uint32(st)
		off += serialSize(st)
		if off > len(body) {
			return 0, nil, errJudgedPages{"a record whose fields run past it"}
		}
	}
	if off != len(body) {
		return 0, nil, errJudgedPages{"a record whose fields do not fill it"}
	}
	return n, body, nil
}

// check makes sure each asked column of the row holds a value of its
// column's class (an integer in a REAL column reads as a real), and no
// NULL where the column forbids it: what decode then reads unchecked.
// It decodes the first len(vals) columns into vals on the way, and
// appends to key the row's definition: the columns from len(vals) on
// (rowDefinition).
func (t *pageTable) check(row pageRow, vals []pageValue, key []byte) ([]byte, error) {
	var offs [32]int32
	var types [32]uint32
	n, body, err := t.checked(row, vals, &offs, &types)
	if err != nil {
		return key, err
	}
	return t.rowDefinition(key, row, len(vals), n, body, &offs, &types), nil
}

// checked is check without the definition: the row's fields (fields),
// checked, and its first len(vals) columns decoded into vals.
func (t *pageTable) checked(row pageRow, vals []pageValue, offs *[32]int32, types *[32]uint32) (n int, body []byte, err error) {
	if n, body, err = fields(row.record, offs, types); err != nil {
		return 0, nil, err
	}
	for i := range t.cols {
		c := &t.cols[i]
		if c.cid >= n || c.rowid && types[c.cid] == 0 {
			continue // the default (checked when read) or the rowid
		}
		ok := false
		switch st := types[c.cid]; {
		case st == 0:
			ok = !c.notNull
		case st == 7:
			ok = c.affinity == 'f'
		case st < 12:
			ok = c.affinity == 'i' || c.affinity == 'f'
		case st%2 == 1:
			ok = c.affinity == 't'
		}
		if !ok {
			return 0, nil, errJudgedPages{fmt.Sprintf("a value of serial type %d in a column of affinity %c", types[c.cid], c.affinity)}
		}
	}
	t.fill(row, n, body, offs, types, vals)
	return n, body, nil
}

// decode reads the asked columns of a checked row into vals.
func (t *pageTable) decode(row pageRow, vals []pageValue) {
	var offs [32]int32
	var types [32]uint32
	n, body, _ := fields(row.record, &offs, &types)
	t.fill(row, n, body, &offs, &types, vals)
}

// fill reads the first len(vals) asked columns of a record whose header
// fields read.
func (t *pageTable) fill(row pageRow, n int, body []byte, offs *[32]int32, types *[32]uint32, vals []pageValue) {
	for i := range min(len(vals), len(t.cols)) {
		c := &t.cols[i]
		if c.cid >= n {
			vals[i] = c.dflt // a column added after the row was written
			continue
		}
		vals[i] = readField(types[c.cid], body[offs[c.cid]:], c.affinity)
		if c.rowid && vals[i].kind == 'n' {
			vals[i] = pageValue{kind: 'i', i: row.rowid}
		}
	}
}

// readField decodes a field of serial type st at the start of body (its
// length checked by fields), as a column of the affinity returns it.
func readField(st uint32, body []byte, affinity byte) pageValue {
	switch {
	case st == 0:
		return pageValue{kind: 'n'}
	case st == 7:
		return pageValue{kind: 'f', f: math.Float64frombits(binary.BigEndian.Uint64(body))}
	case st < 12:
		var x int64
		if st >= 8 {
			x = int64(st - 8)
		} else {
			n := serialSize(uint64(st))
			if body[0]&0x80 != 0 {
				x = -1
			}
			for _, b := range body[:n] {
				x = x<<8 | int64(b)
			}
		}
		if affinity == 'f' {
			return pageValue{kind: 'f', f: float64(x)}
		}
		return pageValue{kind: 'i', i: x}
	case st%2 == 1:
		return pageValue{kind: 't', t: body[:(st-12)/2]}
	}
	return pageValue{kind: 'b', t: body[:(st-12)/2]}
}

// serialSize is how many body bytes a field of serial type st takes.
func serialSize(st uint64) int {
	switch {
	case st <= 4:
		return int(st)
	case st == 5:
		return 6
	case st == 6, st == 7:
		return 8
	case st >= 12:
		return int((st - 12) / 2)
	}
	return 0 // 8, 9: the constants 0 and 1; 10, 11: reserved
}

// walkTables reads the tables' B-trees side by side, a level at a time
// (one query a level; the first also reads page 1, the file's header),
// then the overflow pages of the cells that spill (a link of each chain
// at a time), and adds every row's record to its table.
func walkTables(src pageSource, tables map[string]*pageTable) error {
	owner := map[uint32]*pageTable{}
	level := []uint32{1}
	for _, t := range tables {
		if owner[t.root] != nil || t.root == 1 {
			return errJudgedPages{"two tables with one root page"}
		}
		owner[t.root] = t
		level = append(level, t.root)
	}
	seen := map[uint32]bool{1: true}
	size, usable := 0, 0
	type spill struct {
		t    *pageTable
		row  int    // index in t.rows
		next uint32 // the next overflow page
		left int    // bytes still to read
	}
	var spills []spill
	first := true
	for len(level) > 0 {
		pages, err := src(level)
		if err != nil {
			return err
		}
		if first {
			// The file's header: page size, reserved bytes, text encoding.
			hdr := pages[1]
			size = int(binary.BigEndian.Uint16(hdr[16:18]))
			if size == 1 {
				size = 65536
			}
			if size != len(hdr) {
				return errJudgedPages{"page 1 is not the size the file says"}
			}
			if enc := binary.BigEndian.Uint32(hdr[56:60]); enc != 1 {
				return errJudgedPages{fmt.Sprintf("the text encoding is not UTF-8 (%d)", enc)}
			}
			usable, level, first = size-int(hdr[20]), level[1:], false
		}
		for _, pg := range level {
			if len(pages[pg]) != size {
				return errJudgedPages{fmt.Sprintf("page %d is not the file's page size", pg)}
			}
			if seen[pg] {
				return errJudgedPages{fmt.Sprintf("page %d is in a tree twice", pg)}
			}
			seen[pg] = true
		}
		// The leaves of a tree are all on one level: each table's rows
		// grow once.
		cells := map[*pageTable]int{}
		for _, pg := range level {
			if b, h := pages[pg], pageHeader(pg); len(b) >= h+8 && b[h] == 0x0d {
				cells[owner[pg]] += int(binary.BigEndian.Uint16(b[h+3:]))
			}
		}
		for t, n := range cells {
			t.rows = slices.Grow(t.rows, n)
		}
		var next []uint32
		for _, pg := range level {
			t := owner[pg]
			b := pages[pg][:usable]
			h := pageHeader(pg)
			if len(b) < h+8 {
				return errJudgedPages{fmt.Sprintf("page %d is shorter than its header", pg)}
			}
			cells := int(binary.BigEndian.Uint16(b[h+3:]))
			switch b[h] {
			case 0x05: // interior: a child per cell, and the rightmost
				ptrs := h + 12
				if len(b) < ptrs+2*cells {
					return errJudgedPages{fmt.Sprintf("page %d holds more cells than it can", pg)}
				}
				for i := range cells {
					off := int(binary.BigEndian.Uint16(b[ptrs+2*i:]))
					if off+4 > len(b) {
						return errJudgedPages{fmt.Sprintf("page %d: a cell out of the page", pg)}
					}
					next = append(next, binary.BigEndian.Uint32(b[off:]))
				}
				next = append(next, binary.BigEndian.Uint32(b[h+8:]))
				for _, c := range next[len(next)-cells-1:] {
					if owner[c] != nil {
						return errJudgedPages{fmt.Sprintf("page %d is in a tree twice", c)}
					}
					owner[c] = t
				}
			case 0x0d: // leaf: the rows
				ptrs := h + 8
				if len(b) < ptrs+2*cells {
					return errJudgedPages{fmt.Sprintf("page %d holds more cells than it can", pg)}
				}
				for i := range cells {
					off := int(binary.BigEndian.Uint16(b[ptrs+2*i:]))
					if off >= len(b) {
						return errJudgedPages{fmt.Sprintf("page %d: a cell out of the page", pg)}
					}
					size, w1 := varint(b[off:])
					rowid, w2 := varint(b[off+w1:])
					if w1 == 0 || w2 == 0 || size > 1<<30 {
						return errJudgedPages{fmt.Sprintf("page %d: a cell cut off", pg)}
					}
					off += w1 + w2
					local := localPayload(int(size), usable)
					if off+local > len(b) || (local < int(size) && off+local+4 > len(b)) {
						return errJudgedPages{fmt.Sprintf("page %d: a cell runs past the page", pg)}
					}
					row := pageRow{rowid: int64(rowid), record: b[off : off+local : off+local]}
					if local < int(size) {
						rec := make([]byte, local, size)
						copy(rec, b[off:off+local])
						row.record = rec
						spills = append(spills, spill{t, len(t.rows), binary.BigEndian.Uint32(b[off+local:]), int(size) - local})
					}
					t.rows = append(t.rows, row)
				}
			default:
				return errJudgedPages{fmt.Sprintf("page %d is of type %#x, not a table page", pg, b[h])}
			}
		}
		level = next
	}
	for len(spills) > 0 {
		pgnos := make([]uint32, 0, len(spills))
		for _, s := range spills {
			if s.next == 0 || seen[s.next] {
				return errJudgedPages{fmt.Sprintf("an overflow chain that ends early or loops (page %d)", s.next)}
			}
			seen[s.next] = true
			pgnos = append(pgnos, s.next)
		}
		pages, err := src(pgnos)
		if err != nil {
			return err
		}
		var more []spill
		for _, s := range spills {
			if len(pages[s.next]) != size {
				return errJudgedPages{fmt.Sprintf("page %d is not the file's page size", s.next)}
			}
			b := pages[s.next][:usable]
			n := min(s.left, usable-4)
			s.t.rows[s.row].record = append(s.t.rows[s.row].record, b[4:4+n]...)
			if s.left -= n; s.left > 0 {
				more = append(more, spill{s.t, s.row, binary.BigEndian.Uint32(b), s.left})
			}
		}
		spills = more
	}
	return nil
}

// localPayload is how much of a table leaf cell's payload of size bytes
// the page keeps; the rest is on overflow pages (SQLite's file format,
// "B-tree pages").
func localPayload(size, usable int) int {
	maxLocal := usable - 35
	if size <= maxLocal {
		return size
	}
	minLocal := (usable-12)*32/255 - 23
	k := minLocal + (size-minLocal)%(usable-4)
	if k <= maxLocal {
		return k
	}
	return minLocal
}

// pilotRows says where each pilot's rows are in rows sorted by pilot:
// one pass, where a search a pilot cost two binary searches of 3,000 and
// 12,000 rows (a thousand pilots).
type pilotRows map[int64][2]int32

// byPilot reads where the pilots' rows are, for about pilots pilots (the
// map made to their size: grown as it fills, it rehashed itself a few
// times, 1 % of a thousand-pilot run).
func byPilot(rows []keyed, pilots int) pilotRows {
	at := make(pilotRows, pilots)
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].pilot == rows[i].pilot {
			j++
		}
		at[rows[i].pilot] = [2]int32{int32(i), int32(j)}
		i = j
	}
	return at
}

// rows is the pilot's rows of rows (the slice byPilot read), or none.
func (at pilotRows) rows(rows []keyed, id int64) []keyed {
	r, ok := at[id]
	if !ok {
		return nil
	}
	return rows[r[0]:r[1]]
}
