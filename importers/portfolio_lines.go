package importers

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// itemLines cuts a portfolio text, read line by line from a reader, into
// what precedes the pilot list (up to and including the `pilots:` line)
// and the list's items, each from a line `- ` at the list's indent to the
// next: the common shape, which export writes. It holds one item's text
// at a time. Any other shape (a flow list, anything after the list, tabs,
// document markers) makes it bad, perhaps only after items before the
// line that says so were handed out.
type itemLines struct {
	r      *bufio.Reader
	long   []byte // a line longer than the reader's buffer, assembled
	lineNo int
	indent int    // of the list's items; -1 before the first
	head   []byte // the text through `pilots:`, once read
	next   []byte // the line that starts the next item, read ahead
	nextNo int
	items  int
	bad    bool
	err    error // reading failed, or the text is too large
	size   int64
	limit  int64
}

// errTooLarge is the text going past limit.
var errTooLarge = errors.New("larger than the limit")

func newItemLines(r io.Reader, limit int64) *itemLines {
	return &itemLines{r: bufio.NewReaderSize(r, 64<<10), indent: -1, limit: limit}
}

// line reads the next line with its newline (valid until the next call),
// nil at the end of the text or after an error.
func (s *itemLines) line() []byte {
	if s.err != nil {
		return nil
	}
	b, err := s.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		s.long = append(s.long[:0], b...)
		for errors.Is(err, bufio.ErrBufferFull) {
			b, err = s.r.ReadSlice('\n')
			s.long = append(s.long, b...)
		}
		b = s.long
	}
	if err != nil && err != io.EOF {
		s.err = err
		return nil
	}
	if s.size += int64(len(b)); s.limit > 0 && s.size > s.limit {
		s.err = errTooLarge
		return nil
	}
	if len(b) == 0 {
		return nil
	}
	s.lineNo++
	return b
}

// Line kinds, as the common shape reads them.
const (
	lineOther  = iota // another shape: the text is not of the common shape
	lineFiller        // blank or a comment: belongs to the item it is in
	lineItem          // starts an item
	lineInside        // inside the current item
)

func (s *itemLines) kind(line []byte) int {
	text := bytes.TrimRight(line, " \r\n")
	body := bytes.TrimLeft(text, " ")
	if len(body) == 0 || body[0] == '#' {
		return lineFiller
	}
	n := len(text) - len(body)
	isItem := bytes.HasPrefix(body, []byte("- ")) || string(body) == "-"
	if s.indent < 0 && isItem {
		s.indent = n
	}
	switch {
	case n == s.indent && isItem:
		return lineItem
	case s.indent >= 0 && n > s.indent:
		return lineInside
	}
	return lineOther // something after the list, or out of line
}

// marker reports a line no portfolio of the common shape has.
func marker(line []byte) bool {
	text := bytes.TrimRight(line, " \r\n")
	return bytes.HasPrefix(line, []byte("\t")) || bytes.HasPrefix(text, []byte("---")) || bytes.HasPrefix(text, []byte("...")) || bytes.HasPrefix(text, []byte("%"))
}

// readHead reads through the `pilots:` line; false when there is none.
func (s *itemLines) readHead() bool {
	var head []byte
	for {
		line := s.line()
		if line == nil {
			return false
		}
		if marker(line) {
			s.bad = true
			return false
		}
		head = append(head, line...)
		if string(bytes.TrimRight(line, " \r\n")) == "pilots:" {
			s.head = head
			return true
		}
	}
}

// item returns the next item's text and first line; ok is false at the
// end of the list, or when the text turns out not to be of the common
// shape (bad).
func (s *itemLines) item() (text []byte, first int, ok bool) {
	if s.next != nil {
		text, first, s.next = s.next, s.nextNo, nil
	}
	for {
		line := s.line()
		if line == nil {
			break
		}
		if marker(line) {
			s.bad = true
			return nil, 0, false
		}
		switch s.kind(line) {
		case lineOther:
			s.bad = true
			return nil, 0, false
		case lineItem:
			if text != nil {
				s.next, s.nextNo = append([]byte(nil), line...), s.lineNo
				s.items++
				return text, first, true
			}
			text, first = append([]byte(nil), line...), s.lineNo
		default: // filler or inside; filler before the first item belongs to none
			if text != nil {
				text = append(text, line...)
			}
		}
	}
	if text == nil {
		return nil, 0, false
	}
	s.items++
	return text, first, true
}

// whole reports whether the text was of the common shape throughout:
// call it once item has returned false.
func (s *itemLines) whole() bool { return !s.bad && s.err == nil && s.head != nil && s.items > 0 }
