package store

// Rows read ahead. A spooled file is parsed whole before anything is
// written, so its parse is the import's critical path: the reader (most of
// it) then runs on a goroutine of its own, a batch of rows ahead of the
// stage that matches them to series, and the two share the machine's
// cores. A file written as it comes is not read ahead: its writing is the
// critical path, and its parse already runs beside it.

import (
	"errors"
	"io"
)

// aheadRows is how many rows a batch read ahead holds (88 bytes each;
// three batches: 2.1 MB). 1,024 was slower on a loaded machine: three
// batches of it are about a millisecond of reading, so a goroutine that
// waits longer than that for a core stalls the other (1M rows by date,
// load 10: wall median 6.4 s against 4.7 s with 8,192).
const aheadRows = 8192

// rowItem is one answer of the row source: a row or an error.
type rowItem struct {
	row ObsRow
	err error
}

// rowsAhead hands out, in order, what the row source answered on the
// reading goroutine.
type rowsAhead struct {
	full, free chan []rowItem
	stop, done chan struct{}
	cur        []rowItem
	pos        int
}

// readAhead starts calling next on a goroutine of its own, until io.EOF,
// an error that is not a *RowError, or close.
func readAhead(next func() (ObsRow, error)) *rowsAhead {
	a := &rowsAhead{full: make(chan []rowItem, 2), free: make(chan []rowItem, 3), stop: make(chan struct{}), done: make(chan struct{})}
	for range 3 {
		a.free <- make([]rowItem, 0, aheadRows)
	}
	go func() {
		defer close(a.done)
		for {
			var b []rowItem
			select {
			case b = <-a.free:
			case <-a.stop:
				return
			}
			b = b[:0]
			final := false
			for len(b) < aheadRows && !final {
				if len(b)%64 == 63 {
					select {
					case <-a.stop: // a slow source need not fill the batch first
						return
					default:
					}
				}
				row, err := next()
				b = append(b, rowItem{row, err})
				if err != nil { // (re, on the heap, only then)
					var re *RowError
					final = !errors.As(err, &re)
				}
			}
			select {
			case a.full <- b:
			case <-a.stop:
				return
			}
			if final {
				return
			}
		}
	}()
	return a
}

// next is the source's next answer. After its final one (io.EOF or
// another error that is not a *RowError) it must not be called again.
func (a *rowsAhead) next() (ObsRow, error) {
	if a.pos == len(a.cur) {
		if a.cur != nil {
			a.free <- a.cur // never blocks: three batches, each in one place
		}
		select {
		case a.cur = <-a.full:
		case <-a.done:
			// Its last batch was handed over before it went.
			select {
			case a.cur = <-a.full:
			default:
				// Gone without a final answer: only close does that.
				return ObsRow{}, io.ErrUnexpectedEOF
			}
		}
		a.pos = 0
	}
	it := a.cur[a.pos]
	a.pos++
	return it.row, it.err
}

// close stops the reading goroutine and waits for it: once it returns,
// the row source is no longer called. A nil a is nothing to close.
func (a *rowsAhead) close() {
	if a == nil {
		return
	}
	close(a.stop)
	<-a.done
}
