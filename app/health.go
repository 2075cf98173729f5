package app

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"ringside/model"
	"ringside/model/health"
	"ringside/store"
)

// Verdict is one pilot's health as a front end renders it.
type Verdict struct {
	Pilot  string
	Failed bool   // a ring fails or a rollback trigger fired
	Out    []byte // what Render made of it: the head, then the body unless Shared holds it
	Shared []byte // the body of a definition's pilots without data, or nil: read only, never changed (it may be kept)
}

// Render is how a front end writes a pilot's verdicts, appending to b:
// Head the pilot's own part (its slug, name and day), Body all that
// follows (the rings). Pilots of one definition without data have the
// same body, rendered once for all of them (HealthEach).
type Render struct {
	Head func(b []byte, ph health.PilotHealth) []byte
	Body func(b []byte, ph health.PilotHealth) ([]byte, error)
}

// HealthEach is the portfolio health evaluator: it judges one pilot (slug)
// or all (slug "") as of asOf and calls emit in slug order with what
// render made of each verdict. Pilots stream from the database one at a
// time while the recent observations of all are read in one pass beside
// them; they are judged and rendered in parallel, a few at a time, so
// memory holds the pilots in flight, not the portfolio and its verdicts.
// Pilots without a series that share their definition (the same rings and
// KPIs, store.EachPilotJudgedDefs) get the same verdicts: the first is
// judged and its body kept, the others get their head and that body
// (Verdict.Shared). emit must not keep Out once it returns;
// Shared it may keep (it is never written again).
// An unknown slug is an error wrapping ErrNotFound.
func (a *App) HealthEach(ctx context.Context, slug string, asOf model.Date, render Render, emit func(Verdict) error) error {
	s := a.store
	var buffers sync.Pool // render buffers: a few reused instead of one a pilot
	buffer := func() []byte {
		if b, ok := buffers.Get().([]byte); ok {
			return b[:0]
		}
		// Room for a pilot's verdicts (about 16 kB for 3 rings of 12
		// KPIs) without growing: each growth is a copy into memory new
		// to the process, and a buffer whose body is kept (below) is
		// never reused. Only the bytes written are ever touched.
		return make([]byte, 0, renderRoom)
	}
	var scratches sync.Pool // the verdicts' memory (health.Scratch)
	day := asOf.String()
	// judge returns the verdict and where its body starts in Out.
	judge := func(p *model.Pilot, ps *store.PilotSeries) (Verdict, int, error) {
		in := health.Input{Pilot: p, AsOf: asOf}
		// A KPI with a window longer than the default needs more days.
		if window := model.LongestWindow(p); window > model.DefaultWindow {
			more, err := seriesOf(ctx, s, p.Slug, asOf, window)
			if err != nil {
				return Verdict{}, 0, err
			}
			ps = more[p.Slug]
		}
		if ps != nil {
			in.Obs, in.BaselineMeans, in.Baselines = ps.Obs, ps.BaselineMeans, ps.Baselines
		}
		// The verdicts in a worker's memory, reused once rendered: nothing
		// keeps them (Out is the render's bytes, Pilot the pilot's slug).
		sc, _ := scratches.Get().(*health.Scratch)
		if sc == nil {
			sc = new(health.Scratch)
		}
		defer scratches.Put(sc)
		ph := health.EvaluateReusing(in, sc)
		out := render.Head(buffer(), ph)
		body := len(out)
		out, err := render.Body(out, ph)
		return Verdict{Pilot: ph.Pilot, Failed: ph.Failed(), Out: out}, body, err
	}

	type result struct {
		v    Verdict
		err  error
		body int // where the body starts in v.Out
	}
	type job struct {
		p   *model.Pilot // by pointer: a pilot is a large struct, copied at every hand-over otherwise
		ps  *store.PilotSeries
		out chan result
	}
	// An item is a pilot on its way to emit, in slug order: judged by a
	// worker (out), or not judged at all (out nil: a pilot without data
	// whose definition's body is kept, its head rendered by the emit
	// loop). Items go to the emit loop a batch at a time: a channel
	// operation and a wake-up a batch, not a pilot.
	type item struct {
		out chan result
		// The pilot judged; for one that shares a body (out nil), the
		// first pilot of its definition, whose rings and KPIs are its
		// own (store.EachPilotJudgedDefs): it is not copied.
		p          *model.Pilot
		slug, name string // the pilot's own, for its head
		def        int    // the definition whose body this pilot keeps (judged) or shares (out nil), or -1
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan job, 2*workers)
	order := make(chan []item, 2) // batches of items in slug order
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				v, body, err := judge(j.p, j.ps)
				j.out <- result{v: v, err: err, body: body}
			}
		}()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var unkept defSet // definitions whose body was not kept
	var loadErr error
	go func() {
		defer close(order)
		defer close(jobs)
		// The definitions whose first pilot without a series has gone to
		// be judged, its body to be kept: the next share it. (Keeping a
		// body is a copy of it, a few microseconds; judging a pilot again
		// is tens: a definition of one pilot keeps its body for nothing,
		// within keepBodies.)
		judged := map[int]*model.Pilot{}
		var batch []item
		inFlight := 0 // judged pilots in batch: their verdicts wait in memory
		// ship hands the batch to the emit loop.
		ship := func() error {
			if len(batch) == 0 {
				return nil
			}
			select {
			case order <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch, inFlight = make([]item, 0, emitBatch), 0
			return nil
		}
		// shares says whether a pilot of definition def, with series ps,
		// gets the body of the definition's first pilot, and hands it to
		// the emit loop if so: it is not held in memory at all.
		shares := func(p *model.Pilot, ps *store.PilotSeries, def int) (bool, error) {
			first := judged[def]
			if first == nil || ps != nil || model.LongestWindow(p) > model.DefaultWindow || unkept.has(def) {
				return false, nil
			}
			// Its body is the emit loop's by the time it gets there: the
			// judged pilot comes before it.
			if batch = append(batch, item{p: first, slug: p.Slug, name: p.Name, def: def}); len(batch) == emitBatch {
				return true, ship()
			}
			return true, nil
		}
		send := func(p *model.Pilot, ps *store.PilotSeries, def int) error {
			it := item{p: p, slug: p.Slug, name: p.Name, def: -1}
			if def >= 0 && ps == nil && model.LongestWindow(p) <= model.DefaultWindow && !unkept.has(def) {
				judged[def], it.def = p, def
			}
			it.out = make(chan result, 1)
			batch, inFlight = append(batch, it), inFlight+1
			jobs <- job{p, ps, it.out}
			if len(batch) == emitBatch || inFlight == 2*workers {
				return ship()
			}
			return nil
		}
		if slug != "" {
			p, err := s.Pilot(ctx, slug)
			var series map[string]*store.PilotSeries
			if err == nil {
				series, err = seriesOf(ctx, s, slug, asOf, model.DefaultWindow)
			}
			if err == nil {
				err = send(&p, series[slug], -1)
			}
			if err == nil {
				err = ship()
			}
			loadErr = err
			return
		}
		// The recent observations of the pilots with series are read
		// beside their definitions, a group of pilots at a time, so
		// memory holds the series of a few groups, not of the database
		// (100,000 series: 280 MB when read in one pass; health_series.go).
		// A database without a single series has nothing to read ahead:
		// one query on the loader's connection, where the read-ahead's
		// own queries beside the loader's would open two more connections
		// (SQLite parses the schema for each: about 2 ms of CPU apiece,
		// a third of a 10-pilot run).
		anySeries, err := s.HasSeries(ctx)
		if err != nil {
			loadErr = fmt.Errorf("health: read observations: %w", err)
			return
		}
		var ahead *seriesAhead
		if anySeries {
			ahead = readSeriesAhead(ctx, s, asOf)
			defer ahead.stop()
		}
		// Rings and KPIs are all the engine reads. With observations, the
		// definitions are read under the page lock the windows share (one
		// connection for the run).
		each := s.EachPilotJudgedDefs
		if anySeries {
			each = s.EachPilotJudgedDefsSharing
		}
		// The pilots on their way are held a slab at a time: an allocation
		// a batch, not a pilot (a model.Pilot is 400 bytes, zeroed and
		// traced apiece otherwise).
		var slab []model.Pilot
		loadErr = each(ctx, func(p model.Pilot, def int) error {
			var ps *store.PilotSeries
			if ahead != nil {
				var err error
				if ps, err = ahead.of(p.Slug); err != nil {
					return err
				}
			}
			if ok, err := shares(&p, ps, def); ok || err != nil {
				return err
			}
			if len(slab) == cap(slab) {
				slab = make([]model.Pilot, 0, emitBatch)
			}
			slab = append(slab, p)
			return send(&slab[len(slab)-1], ps, def)
		})
		if loadErr == nil {
			loadErr = ship()
		}
	}()
	// The bodies kept, by definition, up to keepBodies bytes in all; the
	// loader is told of one not kept, and sends its pilots to be judged.
	bodies := map[int]sharedBody{}
	kept := 0
	var head []byte // the heads of pilots not judged, one at a time
	var emitErr error
	for batch := range order {
		for _, it := range batch {
			if emitErr != nil {
				continue // the workers' results go to buffered channels: nothing waits on them
			}
			var r result
			b, ok := bodies[it.def]
			switch {
			case it.out == nil && ok:
				head = render.Head(head[:0], health.PilotHealth{Pilot: it.slug, Name: it.name, AsOf: day})
				r.v = Verdict{Pilot: it.slug, Failed: b.failed, Out: head, Shared: b.body}
			case it.out == nil: // sent before the loader knew its body was not kept
				p := model.Pilot{Slug: it.slug, Name: it.name, Rings: it.p.Rings, KPIs: it.p.KPIs}
				r.v, _, r.err = judge(&p, nil)
			default:
				r = <-it.out
			}
			owned := false // r.v.Out's buffer holds a kept body: never reused
			if emitErr = r.err; emitErr == nil && it.out != nil && it.def >= 0 {
				if kept+len(r.v.Out)-r.body <= keepBodies {
					// The body is kept where it was rendered, and goes out
					// as the next pilots' will (Shared): not copied to be
					// kept, nor into the front end's output.
					body := r.v.Out[r.body:len(r.v.Out):len(r.v.Out)]
					bodies[it.def], kept = sharedBody{body, r.v.Failed}, kept+len(body)
					r.v.Out, r.v.Shared, owned = r.v.Out[:r.body:r.body], body, true
				} else {
					unkept.add(it.def) // its next pilots go to the workers
				}
			}
			if emitErr == nil {
				emitErr = emit(r.v)
				if (it.out != nil || !ok) && !owned {
					buffers.Put(r.v.Out[:0]) // boxing the slice header costs a few bytes a pilot
				}
			}
			if emitErr != nil {
				cancel() // stop loading; drain what is in flight
			}
		}
	}
	wg.Wait()
	if emitErr != nil {
		return emitErr
	}
	return loadErr
}

// sharedBody is the rendered body of a definition's pilots without data.
type sharedBody struct {
	body   []byte
	failed bool
}

// defSet is a set of definitions the emit loop writes and the loader reads.
type defSet struct {
	mu   sync.Mutex
	defs map[int]bool
}

func (d *defSet) add(def int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.defs == nil {
		d.defs = map[int]bool{}
	}
	d.defs[def] = true
}

func (d *defSet) has(def int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.defs[def]
}

// keepBodies bounds the bytes of the bodies HealthEach keeps to share (a
// pilot's is about 16 kB for 3 rings of 12 KPIs: 64 such definitions).
// Every definition's first pilot keeps its body, so a portfolio of
// pilots each of its own definition copies bodies up to the bound for
// nothing: at 4 MiB that was 3 % of a thousand such pilots' CPU (92.6 ->
// 95.3 ms, 1,170 more page faults), at 1 MiB nothing measurable. A
// variable for tests.
var keepBodies = 1 << 20

// renderRoom is the capacity of a new render buffer: a pilot's verdicts
// fit without growing it (3 rings of 12 KPIs are about 16 kB in JSON).
const renderRoom = 64 << 10

// emitBatch is how many pilots the loader hands the emit loop at once.
const emitBatch = 64

// healthGroup is how many pilots' observations HealthEach reads at once:
// a few queries per group, and the series of one group in memory.
const healthGroup = 250

// seriesOf reads the recent observations of one pilot, or of all.
func seriesOf(ctx context.Context, s *store.Store, slug string, asOf model.Date, window int) (map[string]*store.PilotSeries, error) {
	if slug == "" {
		all, err := s.AllSeries(ctx, asOf, window)
		if err != nil {
			return nil, fmt.Errorf("health: read observations: %w", err)
		}
		return all, nil
	}
	ps, err := s.PilotSeriesFor(ctx, slug, asOf, window)
	if err != nil {
		return nil, fmt.Errorf("health: read observations of %s: %w", model.Line(slug), err)
	}
	return map[string]*store.PilotSeries{slug: ps}, nil
}
