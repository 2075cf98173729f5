package importers

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"sort"

	"ringside/model"
)

// PortfolioFile is a portfolio file checked whole, whose pilots are read
// again one at a time when they are applied (EachPilot): apply of 4,000
// pilots held all of them, parsed, while it wrote them, and the collector
// scanned them all again and again. A file of the shape export writes
// (itemLines) is read line by line both times, holding one pilot's text:
// from the file itself when it can be read again from its start (a
// regular file), else from its text kept in memory (standard input). Any
// other shape keeps the pilots its whole tree gave.
type PortfolioFile struct {
	// Portfolio is the file's top level: its calendar, sources and
	// signature lines, and its pilots only when it is not of the
	// common shape.
	model.Portfolio
	// Count is how many pilots the file holds.
	Count int
	file  string
	src   io.ReadSeeker // nil when Portfolio.Pilots holds them
	start int64         // where the text starts in src
	sum   [sha256.Size]byte
}

// OpenPortfolioFile reads and checks a whole portfolio file as
// ReadPortfolioFile does, with the same PortfolioErrors (every problem,
// at FILE:LINE) and nothing else when anything is wrong, but keeps only
// what it needs to read the pilots again: r itself when it can seek back
// to where it stands, else its text.
func OpenPortfolioFile(r io.Reader, file string) (*PortfolioFile, error) {
	d := &portfolioReader{file: file}
	src, start, err := d.rereadable(r)
	if err != nil {
		return nil, err
	}
	n := 0
	h := sha256.New()
	s := newItemLines(io.TeeReader(src, h), MaxPortfolioSize)
	ok, _ := d.eachItemOf(s, func(model.Pilot) error { n++; return nil })
	if err := d.readErr(s); err != nil {
		return nil, err
	}
	if ok {
		f := &PortfolioFile{Portfolio: d.portfolio(nil), Count: n, file: file, src: src, start: start}
		h.Sum(f.sum[:0])
		return f, nil
	}
	// Another shape, or a problem: the whole tree reads it, and says
	// what is wrong where.
	if _, err := src.Seek(start, io.SeekStart); err != nil {
		return nil, PortfolioErrors{{File: d.file, Msg: "cannot read the file again: " + err.Error()}}
	}
	data, err := d.readData(src)
	if err != nil {
		return nil, err
	}
	pilots := d.readTree(data)
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		return nil, d.errs
	}
	return &PortfolioFile{Portfolio: d.portfolio(pilots), Count: len(pilots), file: file}, nil
}

// rereadable is r when it can seek back to where it stands (and where
// that is), else r's text in memory.
func (d *portfolioReader) rereadable(r io.Reader) (io.ReadSeeker, int64, error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if at, err := rs.Seek(0, io.SeekCurrent); err == nil {
			return rs, at, nil
		}
	}
	data, err := d.readData(r)
	if err != nil {
		return nil, 0, err
	}
	return bytes.NewReader(data), 0, nil
}

// readErr is the problem reading s met, as ReadPortfolioFile words it.
func (d *portfolioReader) readErr(s *itemLines) error {
	switch {
	case errors.Is(s.err, errTooLarge):
		return PortfolioErrors{{File: d.file, Msg: fmt.Sprintf("the file is larger than %d MiB: a portfolio file is far smaller; check that this is the right file", MaxPortfolioSize>>20)}}
	case s.err != nil:
		return PortfolioErrors{{File: d.file, Msg: "cannot read the file: " + s.err.Error()}}
	}
	return nil
}

// EachPilot calls fn with every pilot of the file in order, reading each
// as it goes, and stops at fn's first error. A file whose text is not
// what OpenPortfolioFile read (it changed in between) is an error, after
// fn has perhaps seen some of its pilots: the caller undoes what it did
// with them.
func (f *PortfolioFile) EachPilot(fn func(model.Pilot) error) error {
	if f.src == nil {
		for _, p := range f.Pilots {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}
	changed := PortfolioError{File: escapeControls(f.file), Msg: "the file changed while it was applied: apply it again"}
	if _, err := f.src.Seek(f.start, io.SeekStart); err != nil {
		return PortfolioError{File: escapeControls(f.file), Msg: "cannot read the file again: " + err.Error()}
	}
	d := &portfolioReader{file: f.file}
	h := sha256.New()
	s := newItemLines(io.TeeReader(f.src, h), MaxPortfolioSize)
	ok, err := d.eachItemOf(s, fn)
	if err != nil {
		return err
	}
	if err := d.readErr(s); err != nil {
		return err
	}
	var sum [sha256.Size]byte
	if !ok || !bytes.Equal(h.Sum(sum[:0]), f.sum[:]) {
		return changed
	}
	return nil
}

// readData reads the whole file, up to MaxPortfolioSize.
func (d *portfolioReader) readData(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPortfolioSize+1))
	if err != nil {
		return nil, PortfolioErrors{{File: d.file, Msg: "cannot read the file: " + err.Error()}}
	}
	if len(data) > MaxPortfolioSize {
		return nil, PortfolioErrors{{File: d.file, Msg: fmt.Sprintf("the file is larger than %d MiB: a portfolio file is far smaller; check that this is the right file", MaxPortfolioSize>>20)}}
	}
	return data, nil
}

// portfolio is what d read at the top level, with pilots.
func (d *portfolioReader) portfolio(pilots []model.Pilot) model.Portfolio {
	return model.Portfolio{Calendar: d.calendar, Sources: d.sources, Pilots: pilots, SignatureLines: d.signatureLines}
}
