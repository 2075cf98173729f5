package store

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"ringside/model"
)

// An import must not store a day whose good count is above its
// total count for an SLO of the pilot. The check runs inside the import's
// transaction, after the rows are written and before anything commits, so
// a file with such a day is rejected whole, naming FILE:LINE.

// sloPair is one SLO's good and total metric keys.
type sloPair struct{ good, total string }

// sloState is what the importer tracks for the check.
type sloState struct {
	pairs map[int64][]sloPair // pilot id → its SLOs
	keys  map[int64][]string  // pilot id → good and total keys
	lines map[sloDayKey]int32 // a day of a good or total series → the file line that set it
	isSLO map[seriesKey]bool  // canonical series that are good or total counts
}

type sloDayKey struct {
	series int64
	day    model.Date
}

// loadSLOs reads the SLOs of every pilot and adds their metric keys to the
// keys the pilot names, so "Req_OK" in a file lands in req_ok and good and
// total counts are not reported as metrics no KPI names.
func (imp *importer) loadSLOs() error {
	imp.slo = &sloState{pairs: map[int64][]sloPair{}, keys: map[int64][]string{}, lines: map[sloDayKey]int32{}, isSLO: map[seriesKey]bool{}}
	return imp.query("SELECT pilot_id, slo FROM kpis WHERE slo IS NOT NULL ORDER BY pilot_id, ord", func(rows *sql.Rows) error {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return err
		}
		var s model.KPISLO
		if err := json.Unmarshal([]byte(text), &s); err != nil {
			return err
		}
		imp.slo.pairs[id] = append(imp.slo.pairs[id], sloPair{s.Good, s.Total})
		if p := imp.byID[id]; p != nil {
			p.kpis = append(p.kpis, s.Good, s.Total)
		}
		return nil
	})
}

// noteSLOLines remembers which line set each day of a good or total series.
func (imp *importer) noteSLOLines(ss *seriesState, days []day) {
	if imp.slo == nil || !imp.isSLOSeries(ss.key()) {
		return
	}
	for _, d := range days {
		imp.slo.lines[sloDayKey{ss.id, d.d}] = d.line
	}
}

func (imp *importer) isSLOSeries(k seriesKey) bool {
	if len(imp.slo.pairs[k.pilotID]) == 0 {
		return false // most pilots have no SLO: nothing to remember per series
	}
	if v, ok := imp.slo.isSLO[k]; ok {
		return v
	}
	v := false
	for _, pr := range imp.slo.pairs[k.pilotID] {
		if k.metric == pr.good || k.metric == pr.total {
			v = true
		}
	}
	imp.slo.isSLO[k] = v
	return v
}

// checkSLOCounts rejects every day this import wrote where an SLO's good
// count is above its total count in the same pilot and ring.
func (imp *importer) checkSLOCounts() error {
	if imp.slo == nil || len(imp.slo.lines) == 0 {
		return nil
	}
	if err := imp.insert.flush(); err != nil {
		return err
	}
	touched := map[int64]bool{}
	for _, ss := range imp.wseries {
		if imp.isSLOSeries(ss.key()) {
			touched[ss.key().pilotID] = true
		}
	}
	for pilotID := range touched {
		for _, pr := range imp.slo.pairs[pilotID] {
			if err := imp.checkPair(pilotID, pr); err != nil {
				return err
			}
		}
	}
	return nil
}

func (imp *importer) checkPair(pilotID int64, pr sloPair) error {
	rows, err := imp.tx.QueryContext(imp.ctx, `SELECT gs.id, ts.id, gs.ring, g.day, g.value, t.value
		FROM series gs JOIN series ts ON ts.pilot_id = gs.pilot_id AND ts.ring = gs.ring AND ts.metric = ?3
		JOIN observations g ON g.series_id = gs.id
		JOIN observations t ON t.series_id = ts.id AND t.day = g.day
		WHERE gs.pilot_id = ?1 AND gs.metric = ?2 AND g.value > t.value AND (g.import_id = ?4 OR t.import_id = ?4)
		ORDER BY g.day`, pilotID, pr.good, pr.total, imp.importID)
	if err != nil {
		return err
	}
	defer rows.Close()
	slug := imp.byID[pilotID].slug
	for rows.Next() {
		var gid, tid, dayNum int64
		var ring string
		var good, total float64
		if err := rows.Scan(&gid, &tid, &ring, &dayNum, &good, &total); err != nil {
			return err
		}
		d := model.Date(dayNum)
		line, ok := imp.slo.lines[sloDayKey{gid, d}]
		if !ok {
			line = imp.slo.lines[sloDayKey{tid, d}]
		}
		imp.errs.addRow(imp.errs.at(int(line), "good count %s = %s is above total count %s = %s for pilot %s, ring %s on %s: good must count only events that total counts too; fix the counts and import again",
			pr.good, fmtCount(good), pr.total, fmtCount(total), slug, ring, d))
	}
	return rows.Err()
}

func fmtCount(x float64) string { return fmt.Sprintf("%g", x) }
