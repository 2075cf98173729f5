package importers

import (
	"fmt"
	"io"
	"sort"

	"ringside/model"
)

// PortfolioFile is a portfolio file checked whole, whose pilots are read
// again one at a time when they are applied (EachPilot): apply of 4,000
// pilots held all of them, parsed, while it wrote them, and the collector
// scanned them all again and again. A file of the shape export writes
// (readByItem) keeps only its text, a small fraction of its pilots' size;
// any other shape keeps the pilots its whole tree gave.
type PortfolioFile struct {
	// Portfolio is the file's top level: its calendar, sources and
	// signature lines, and its pilots only when the text is not kept.
	model.Portfolio
	// Count is how many pilots the file holds.
	Count int
	file  string
	text  []byte // nil when Portfolio.Pilots holds them
}

// OpenPortfolioFile reads and checks a whole portfolio file as
// ReadPortfolioFile does, with the same PortfolioErrors (every problem,
// at FILE:LINE) and nothing else when anything is wrong, but keeps the
// pilots of a file of the common shape only as text.
func OpenPortfolioFile(r io.Reader, file string) (*PortfolioFile, error) {
	d := &portfolioReader{file: file}
	data, err := d.readData(r)
	if err != nil {
		return nil, err
	}
	n := 0
	if ok, _ := d.eachByItem(data, func(model.Pilot) error { n++; return nil }); ok {
		return &PortfolioFile{Portfolio: d.portfolio(nil), Count: n, file: file, text: data}, nil
	}
	pilots := d.readTree(data)
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		return nil, d.errs
	}
	return &PortfolioFile{Portfolio: d.portfolio(pilots), Count: len(pilots), file: file}, nil
}

// EachPilot calls fn with every pilot of the file in order, reading each
// from the text as it goes, and stops at fn's first error.
func (f *PortfolioFile) EachPilot(fn func(model.Pilot) error) error {
	if f.text == nil {
		for _, p := range f.Pilots {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}
	d := &portfolioReader{file: f.file}
	ok, err := d.eachByItem(f.text, fn)
	if err != nil {
		return err
	}
	if !ok { // cannot happen: the same text read so when opened
		return PortfolioError{File: escapeControls(f.file), Msg: fmt.Sprintf("the file read differently the second time (%v): apply it again", d.errs)}
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
