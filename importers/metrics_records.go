package importers

// Records: the CSV framing under the reader (quoting, line ends, limits while reading).

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// readRecord returns the fields of the next non-blank record and the line
// it starts on. The fields are valid until the next call.
func (m *MetricReader) readRecord() ([][]byte, int, error) {
	if m.err != nil {
		return nil, 0, m.err
	}
	for {
		chunk, complete, err := m.chunk()
		if err != nil {
			return nil, 0, err
		}
		start := m.line + 1
		var fields [][]byte
		q := bytes.IndexByte(chunk, '"')
		if complete && q < 0 {
			// Fast path: a whole line without quotes, split in place. It fits
			// the buffer, so no field can exceed FieldLimit.
			m.line++
			fields = splitFields(m.fields[:0], trimEOL(chunk), m.delim)
			m.fields = fields
			if len(fields) > ColumnLimit {
				return nil, start, m.fatalf(start, "row has more than %d columns, the most a metric CSV may have: is this a metric export?", ColumnLimit)
			}
		} else if qf, ok := splitQuotedAt(m.fields[:0], trimEOL(chunk), m.delim, q); complete && ok {
			// Quoted fields without "" or line breaks in them (Excel's
			// "1,482"): split in place too, the line scanned for quotes
			// once (q, the first).
			m.line++
			fields, m.fields = qf, qf
			if len(fields) > ColumnLimit {
				return nil, start, m.fatalf(start, "row has more than %d columns, the most a metric CSV may have: is this a metric export?", ColumnLimit)
			}
		} else if fields, err = m.slowRecord(chunk, complete, start); err != nil {
			return nil, start, err
		}
		if len(fields) == 1 && len(trimSpace(fields[0])) == 0 {
			continue // blank line
		}
		return fields, start, nil
	}
}

// chunk reads up to the next newline or a buffer's worth. complete says the
// chunk ends a line (with '\n', or at the end of the input).
func (m *MetricReader) chunk() ([]byte, bool, error) {
	b, err := m.br.ReadSlice('\n')
	m.consumed += int64(len(b))
	switch {
	case err == nil:
		return b, true, nil
	case err == bufio.ErrBufferFull:
		return b, false, nil
	case err == io.EOF && len(b) > 0:
		return b, true, nil
	case err == io.EOF:
		return nil, false, io.EOF
	}
	return nil, false, fmt.Errorf("%s: %w", Sanitize(m.file), err)
}

// Parser states of slowRecord.
const (
	stStart       = iota // at the start of a field
	stBare               // in an unquoted field
	stQuoted             // inside quotes
	stQuoteQuoted        // just saw a quote inside quotes: closing, or the first of ""
	stAfterQuote         // after the closing quote, before the delimiter
)

// slowRecord parses a record that has quotes or is longer than the buffer,
// copying its fields; quoted fields may span lines. Fields longer than
// FieldLimit are measured but not kept.
func (m *MetricReader) slowRecord(chunk []byte, complete bool, start int) ([][]byte, error) {
	m.rec, m.ends = m.rec[:0], m.ends[:0]
	st, flen, tooLong, quoteLine := stStart, 0, 0, 0
	total := 0
	add := func(c byte) {
		if flen < FieldLimit {
			m.rec = append(m.rec, c)
		}
		flen++
	}
	endField := func() {
		if flen > FieldLimit && tooLong == 0 {
			tooLong = flen
		}
		if len(m.ends) <= ColumnLimit {
			m.ends = append(m.ends, len(m.rec))
		}
		flen, st = 0, stStart
	}
	for {
		if total += len(chunk); total > RecordLimit {
			return nil, m.fatalf(start, "record longer than the %d MiB limit: is a closing quote missing, or is this not a metric CSV? Nothing after this line was read", RecordLimit>>20)
		}
		if len(m.ends) > ColumnLimit {
			return nil, m.fatalf(start, "row has more than %d columns, the most a metric CSV may have: is this a metric export?", ColumnLimit)
		}
		body := chunk
		if complete {
			body = trimEOL(chunk)
		}
		for _, c := range body {
			switch st {
			case stStart:
				switch {
				case c == m.delim:
					endField()
				case c == ' ' || c == '\t':
					// leading blanks are trimmed anyway
				case c == '"':
					st, quoteLine = stQuoted, m.line+1
				default:
					add(c)
					st = stBare
				}
			case stBare, stAfterQuote:
				if c == m.delim {
					endField()
				} else {
					add(c)
				}
			case stQuoted:
				if c == '"' {
					st = stQuoteQuoted
				} else {
					add(c)
				}
			case stQuoteQuoted:
				switch c {
				case '"':
					add('"')
					st = stQuoted
				case m.delim:
					endField()
				default:
					add(c)
					st = stAfterQuote
				}
			}
		}
		var err error
		if !complete {
			// The line goes on past the buffer.
			if chunk, complete, err = m.chunk(); err == io.EOF {
				chunk, complete = nil, true
			} else if err != nil {
				return nil, err
			}
			continue
		}
		m.line++
		if st != stQuoted {
			break
		}
		// A newline inside quotes belongs to the field.
		if chunk, complete, err = m.chunk(); err == io.EOF {
			return nil, m.errorf(quoteLine, "unterminated quote: the quoted field that opens on this line never closes; add the closing \" or remove the stray one")
		} else if err != nil {
			return nil, err
		}
		add('\n')
	}
	endField()
	if tooLong > 0 {
		return nil, m.errorf(start, "field of %d bytes exceeds the %d KiB limit: is a closing quote missing, or is this not a metric CSV?", tooLong, FieldLimit>>10)
	}
	m.fields = m.fields[:0]
	from := 0
	for _, end := range m.ends {
		m.fields = append(m.fields, m.rec[from:end])
		from = end
	}
	return m.fields, nil
}

// fatalf is an error after which the reader reads no further: the
// record is too big to find where it ends.
func (m *MetricReader) fatalf(line int, format string, args ...any) *RowError {
	m.err = io.EOF
	return m.errorf(line, format, args...)
}

func splitFields(dst [][]byte, line []byte, delim byte) [][]byte {
	for {
		i := bytes.IndexByte(line, delim)
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

// splitQuoted splits a line whose quoted fields are simple: each opens
// with '"' right after a delimiter (or at the start) and closes with the
// next '"', right before a delimiter (or at the end). Fields come without
// their quotes. ok is false for anything else (an escaped "", a quote
// inside a bare field, a quoted field running past the line): the slow
// path's business.
func splitQuoted(dst [][]byte, line []byte, delim byte) (_ [][]byte, ok bool) {
	return splitQuotedAt(dst, line, delim, bytes.IndexByte(line, '"'))
}

// splitQuotedAt is splitQuoted given q, the index of the line's first '"'
// (-1 for none): the line is scanned for quotes once, not once per field.
func splitQuotedAt(dst [][]byte, line []byte, delim byte, q int) (_ [][]byte, ok bool) {
	if q < 0 {
		q = len(line) + 1 // past every field's start and end
	}
	pos := 0
	for {
		if pos == q {
			end := bytes.IndexByte(line[pos+1:], '"')
			if end < 0 {
				return dst, false
			}
			dst = append(dst, line[pos+1:pos+1+end])
			pos += 2 + end
			if pos == len(line) {
				return dst, true
			}
			if line[pos] != delim {
				return dst, false
			}
			pos++
			if q = bytes.IndexByte(line[pos:], '"'); q < 0 {
				q = len(line) + 1
			} else {
				q += pos
			}
			continue
		}
		i := bytes.IndexByte(line[pos:], delim)
		fieldEnd := len(line)
		if i >= 0 {
			fieldEnd = pos + i
		}
		if q < fieldEnd {
			return dst, false // a quote inside a bare field
		}
		dst = append(dst, line[pos:fieldEnd])
		if i < 0 {
			return dst, true
		}
		pos = fieldEnd + 1
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// trimSpace trims blanks (and a stray CR) around a field.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func delimName(d byte) string {
	switch d {
	case '\t':
		return "tab"
	case ';':
		return "';'"
	}
	return "','"
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
