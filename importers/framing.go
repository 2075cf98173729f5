package importers

// Framing: the bytes around the CSV text that real exports add — a byte
// order mark, UTF-16 (Excel's "Unicode text", Grafana's "Download for
// Excel"), Windows-1252 (Excel's "CSV" on Windows), old Mac line ends.

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// decodeInput wraps r so the reader sees UTF-8 text with '\n' line ends.
// It names the encoding it found and how many bytes of r it consumed
// (a UTF-8 byte order mark).
//
// When it converts, counted counts the bytes taken from r, which is then
// the measure of progress (the converted text has another length).
func decodeInput(r io.Reader) (_ *bufio.Reader, enc string, consumed int64, counted *countReader, _ error) {
	counted = &countReader{r: r}
	raw := bufio.NewReaderSize(counted, FieldLimit)
	head, err := raw.Peek(3)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", 0, nil, err
	}
	enc = "UTF-8"
	var src *bufio.Reader
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		raw.Discard(3)
		consumed = 3
		src = raw
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		enc = "UTF-16LE"
		src = bufio.NewReaderSize(transform.NewReader(raw, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), FieldLimit)
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		enc = "UTF-16BE"
		src = bufio.NewReaderSize(transform.NewReader(raw, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), FieldLimit)
	default:
		block, err := raw.Peek(FieldLimit)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, "", 0, nil, err
		}
		if bytes.IndexByte(block, 0) < 0 && !validUTF8Prefix(block, len(block) == FieldLimit) {
			enc = "Windows-1252"
			src = bufio.NewReaderSize(transform.NewReader(raw, charmap.Windows1252.NewDecoder()), FieldLimit)
		} else {
			src = raw
		}
	}
	block, err := src.Peek(FieldLimit)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", 0, nil, err
	}
	if bytes.IndexByte(block, '\n') < 0 && bytes.IndexByte(block, '\r') >= 0 {
		enc += ", CR line ends"
		src = bufio.NewReaderSize(&crReader{r: src}, FieldLimit)
	}
	if src == raw {
		counted = nil
	}
	return src, enc, consumed, counted, nil
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// validUTF8Prefix is utf8.Valid, forgiving a character cut by the end of
// a full block.
func validUTF8Prefix(block []byte, full bool) bool {
	if full {
		for i := len(block) - 1; i >= 0 && i >= len(block)-utf8.UTFMax; i-- {
			if utf8.RuneStart(block[i]) {
				if !utf8.FullRune(block[i:]) {
					block = block[:i]
				}
				break
			}
		}
	}
	return utf8.Valid(block)
}

// crReader turns the CR line ends of old Mac files into '\n'.
type crReader struct{ r io.Reader }

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
