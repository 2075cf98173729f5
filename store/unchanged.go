package store

// Nothing new, nothing done. An import records how it read its file (the
// caller's canonical options and the file's size), the series its rows
// went to, and the definitions of the pilots it read them for; every
// series records the last import that changed one of its days. A file with
// the same SHA-256, read with the same options, whose series none has
// changed since its latest such import, into pilots defined as they were,
// would come out all unchanged: UnchangedImport says so without reading a
// row, in a few queries whatever the file's size.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// importReport is what an import's report said besides its counts,
// repeated when an unchanged file is answered from it.
type importReport struct {
	Notes          []string     `json:"notes,omitempty"`
	UnknownMetrics []UnknownKey `json:"unknown_metrics,omitempty"`
	UnknownRings   []UnknownKey `json:"unknown_rings,omitempty"`
}

// HasImportOf reports whether an import recorded reading a file of size
// bytes with these options: only then is a file worth hashing before it
// is read.
func (s *Store) HasImportOf(ctx context.Context, options string, size int64) (bool, error) {
	if options == "" || size < 0 {
		return false, nil
	}
	var one int
	err := s.read().QueryRowContext(ctx, "SELECT 1 FROM imports WHERE size = ? AND options = ? LIMIT 1", size, options).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, busy(err)
}

// UnchangedImport answers the import of a file already imported: meta
// names it with its SHA256, Options and Size. ok is true when the latest
// import of the same bytes read with the same options went into series
// that no import has changed since, for pilots defined as they were then;
// st is then what reading the file would report (every row unchanged),
// with a note naming that import. Nothing is written either way.
func (s *Store) UnchangedImport(ctx context.Context, meta ImportMeta) (st ImportStats, ok bool, err error) {
	if meta.Options == "" || meta.Size < 0 || meta.SHA256 == "" {
		return st, false, nil
	}
	var id int64
	var at, series, pilotCtx, report string
	var rows int
	err = s.read().QueryRowContext(ctx, `SELECT id, at, rows, series, context, report FROM imports
		WHERE size = ? AND options = ? AND sha256 = ? ORDER BY id DESC LIMIT 1`, meta.Size, meta.Options, meta.SHA256).
		Scan(&id, &at, &rows, &series, &pilotCtx, &report)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, busy(err)
	}
	ranges, n, err := parseRanges(series)
	if err != nil || n == 0 {
		return st, false, nil // not recorded whole: read the file
	}
	imp := &importer{s: s, q: s.read(), ctx: ctx}
	if err := imp.loadPilots(); err != nil {
		return st, false, busy(err)
	}
	ids, _, _ := strings.Cut(pilotCtx, ":")
	var pilots []*pilotInfo
	for _, f := range strings.Split(ids, ",") {
		pid, err := strconv.ParseInt(f, 10, 64)
		if err != nil || imp.byID[pid] == nil {
			return st, false, nil // a pilot of the file is gone
		}
		pilots = append(pilots, imp.byID[pid])
	}
	if pilotsContext(pilots) != pilotCtx {
		return st, false, nil // a pilot's KPIs or rings changed: rows may go elsewhere
	}
	var found int
	var changed int64
	if err := s.read().QueryRowContext(ctx, `SELECT count(*), coalesce(max(s.changed), 0)
		FROM json_each(?) j CROSS JOIN series s ON s.id BETWEEN j.value ->> 0 AND j.value ->> 1`, ranges).Scan(&found, &changed); err != nil {
		return st, false, busy(err)
	}
	if found != n || changed > id {
		return st, false, nil // a series is gone, or a later import changed one
	}
	var rep importReport
	if report != "" {
		if err := json.Unmarshal([]byte(report), &rep); err != nil {
			return st, false, nil
		}
	}
	st = ImportStats{File: meta.File, SHA256: meta.SHA256, DryRun: meta.DryRun, Rows: rows, Unchanged: rows, Accepted: true, Errors: []string{},
		UnknownMetrics: rep.UnknownMetrics, UnknownRings: rep.UnknownRings}
	st.Notes = append(rep.Notes, fmt.Sprintf("unchanged file: already imported as import %d at %s (same SHA-256, same options), and none of its %d series has changed since: nothing was read or written", id, at, n))
	return st, true, nil
}

// pilotsContext is the canonical text of what, beside the file and the
// options, decides where a file's rows go: the pilots' ids, slugs, KPI
// keys (SLO counts included) and rings, as "ID,ID:digest".
func pilotsContext(pilots []*pilotInfo) string {
	pilots = slices.Clone(pilots)
	slices.SortFunc(pilots, func(a, b *pilotInfo) int { return int(a.id - b.id) })
	var ids, text strings.Builder
	field := func(s string) {
		text.WriteString(strconv.Itoa(len(s)))
		text.WriteByte(':')
		text.WriteString(s)
	}
	for i, p := range pilots {
		if i > 0 {
			ids.WriteByte(',')
		}
		ids.WriteString(strconv.FormatInt(p.id, 10))
		field(strconv.FormatInt(p.id, 10))
		field(p.slug)
		field(strconv.Itoa(len(p.kpis)))
		for _, k := range p.kpis {
			field(k)
		}
		field(strconv.Itoa(len(p.rings)))
		for _, r := range p.rings {
			field(r)
		}
	}
	return ids.String() + ":" + sha(text.String())
}

// seriesRanges writes series ids as sorted ranges: "1-40,52".
func seriesRanges(ids []int64) string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var b strings.Builder
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(ids[i], 10))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.FormatInt(ids[j], 10))
		}
		i = j + 1
	}
	return b.String()
}

// parseRanges reads seriesRanges' text into a JSON array of [lo, hi]
// pairs for json_each, and counts the ids.
func parseRanges(s string) (string, int, error) {
	if s == "" {
		return "", 0, nil
	}
	var b strings.Builder
	b.WriteByte('[')
	n := 0
	for i, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.ParseInt(lo, 10, 64)
		z, err2 := strconv.ParseInt(hi, 10, 64)
		if err1 != nil || err2 != nil || z < a {
			return "", 0, fmt.Errorf("series ranges %q: bad part %q", s, part)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%d,%d]", a, z)
		n += int(z - a + 1)
	}
	b.WriteByte(']')
	return b.String(), n, nil
}

// recordRead completes the import's row with how it read its file, the
// series its rows went to, its pilots' definitions and its report.
func (imp *importer) recordRead() error {
	if imp.meta.Options == "" {
		return nil
	}
	ids := make([]int64, 0, len(imp.series))
	pilots := map[int64]*pilotInfo{}
	for _, ss := range imp.series {
		ids = append(ids, ss.id)
		pilots[ss.key().pilotID] = imp.byID[ss.key().pilotID]
	}
	list := make([]*pilotInfo, 0, len(pilots))
	for _, p := range pilots {
		list = append(list, p)
	}
	rep := importReport{UnknownMetrics: imp.stats.UnknownMetrics, UnknownRings: imp.stats.UnknownRings}
	if imp.meta.Notes != nil {
		rep.Notes = imp.meta.Notes()
	}
	report, err := jsonText(rep)
	if err != nil {
		return err
	}
	_, err = imp.tx.ExecContext(imp.ctx, "UPDATE imports SET series = ?, context = ?, report = ? WHERE id = ?",
		seriesRanges(ids), pilotsContext(list), report, imp.importID)
	return err
}
