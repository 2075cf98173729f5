package importers

// Excel workbooks: a sheet is read as the metric reader's CSV text, taking
// each cell by its type (a date cell is a date, a number is a number, a
// formula is its cached value), so no locale ever touches a value.
//
// The reader is archive/zip and encoding/xml over the parts a sheet needs
// (workbook, relationships, shared strings, styles, the sheet itself),
// streamed row by row. github.com/xuri/excelize/v2 does the same and much
// more, but its package initialisation costs about 10 ms and 1.3 MB on
// every ringside command (GODEBUG=inittrace=1), and it reads the whole
// sheet into memory; ringside only ever reads one sheet's values.

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"

	"ringside/model"
)

// IsWorkbook says a file name is an Excel workbook ringside reads.
func IsWorkbook(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".xlsx") || strings.HasSuffix(n, ".xlsm")
}

// oleMagic starts an OLE compound file: a password-protected workbook (or
// an old .xls).
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// Workbook bounds: the file, and the text of its shared strings.
const (
	maxWorkbook      = 64 << 20
	maxSharedStrings = 16 << 20
)

// cellKind is what a cell's number format makes of a stored number.
type cellKind uint8

const (
	kindNumber cellKind = iota
	kindDate
	kindPercent
)

// WorkbookCSV reads sheet (the first sheet when "") of a workbook and
// returns it as CSV text, one line per worksheet row (so a FILE:LINE is
// the row number Excel shows), with the sheet's name. Dates come out as
// YYYY-MM-DD, numbers as stored (no thousands separators, a decimal
// point), percent cells as percent points (0.817 shown as 81.7% is 81.7,
// as the CSV export says), formulas as their cached values.
func WorkbookCSV(r io.Reader, sheet string) (io.ReadCloser, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxWorkbook+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > maxWorkbook {
		return nil, "", fmt.Errorf("the workbook is larger than %d MiB: export the sheet as CSV and import that", maxWorkbook>>20)
	}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, "", errors.New("is password-protected or an old .xls workbook: save it in Excel as .xlsx without a password, or export the sheet as CSV")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", errors.New("is not an Excel workbook (.xlsx): export it as .xlsx or CSV")
	}
	wb := &workbook{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		wb.files[f.Name] = f
	}
	name, part, err := wb.sheetPart(sheet)
	if err != nil {
		return nil, "", err
	}
	if err := wb.readStyles(); err != nil {
		return nil, "", fmt.Errorf("is not a readable Excel workbook (styles: %v): open it in Excel and save it again as .xlsx", err)
	}
	if err := wb.readSharedStrings(); err != nil {
		return nil, "", fmt.Errorf("is not a readable Excel workbook (shared strings: %v): open it in Excel and save it again as .xlsx", err)
	}
	f := wb.files[part]
	if f == nil {
		return nil, "", fmt.Errorf("is not a readable Excel workbook (no part %s): open it in Excel and save it again as .xlsx", echo(part))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, "", err
	}
	pr, pw := io.Pipe()
	go func() {
		defer rc.Close()
		pw.CloseWithError(wb.writeCSV(rc, pw))
	}()
	return pr, name, nil
}

type workbook struct {
	files   map[string]*zip.File
	strings []string
	kinds   []cellKind // by style (cellXfs) index
	epoch   int        // days from 1970-01-01 to Excel's day 0: 25569 (1900 system) or 24107 (1904)
}

func (wb *workbook) decode(name string, v any) error {
	f := wb.files[name]
	if f == nil {
		return fmt.Errorf("no part %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, maxSharedStrings)).Decode(v)
}

// sheetPart finds a sheet by name (the first when "") and its part.
func (wb *workbook) sheetPart(want string) (name, part string, err error) {
	var book struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := wb.decode("xl/workbook.xml", &book); err != nil {
		return "", "", fmt.Errorf("is not a readable Excel workbook (%v): open it in Excel and save it again as .xlsx", err)
	}
	wb.epoch = 25569
	if book.Pr.Date1904 == "1" || book.Pr.Date1904 == "true" {
		wb.epoch = 24107
	}
	if len(book.Sheets) == 0 {
		return "", "", errors.New("has no sheets")
	}
	i := 0
	if want != "" {
		i = -1
		var names []string
		for j, s := range book.Sheets {
			names = append(names, s.Name)
			if strings.EqualFold(s.Name, strings.TrimSpace(want)) {
				i = j
			}
		}
		if i < 0 {
			return "", "", fmt.Errorf("has no sheet %s: its sheets are %s", echo(want), echo(strings.Join(names, ", ")))
		}
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := wb.decode("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", "", fmt.Errorf("is not a readable Excel workbook (%v): open it in Excel and save it again as .xlsx", err)
	}
	for _, r := range rels.Rel {
		if r.ID == book.Sheets[i].RID {
			t := r.Target
			if strings.HasPrefix(t, "/") {
				t = t[1:]
			} else {
				t = path.Join("xl", t)
			}
			return book.Sheets[i].Name, t, nil
		}
	}
	return "", "", fmt.Errorf("is not a readable Excel workbook (sheet %s has no part): open it in Excel and save it again as .xlsx", echo(book.Sheets[i].Name))
}

func (wb *workbook) readSharedStrings() error {
	if wb.files["xl/sharedStrings.xml"] == nil {
		return nil
	}
	var sst struct {
		SI []struct {
			T string `xml:"t"`
			R []struct {
				T string `xml:"t"`
			} `xml:"r"`
		} `xml:"si"`
	}
	if err := wb.decode("xl/sharedStrings.xml", &sst); err != nil {
		return err
	}
	wb.strings = make([]string, len(sst.SI))
	for i, si := range sst.SI {
		s := si.T
		for _, r := range si.R {
			s += r.T
		}
		wb.strings[i] = s
	}
	return nil
}

func (wb *workbook) readStyles() error {
	if wb.files["xl/styles.xml"] == nil {
		return nil
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmt int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := wb.decode("xl/styles.xml", &st); err != nil {
		return err
	}
	codes := map[int]string{}
	for _, f := range st.NumFmts {
		codes[f.ID] = f.Code
	}
	wb.kinds = make([]cellKind, len(st.Xfs))
	for i, x := range st.Xfs {
		wb.kinds[i] = formatKind(x.NumFmt, codes[x.NumFmt])
	}
	return nil
}

// formatKind classifies a number format: built-in ids 14–22, 27–36, 45–47
// and 50–58 are dates and times, 9 and 10 percents; a custom code is a
// date when it has y, d or m (outside quotes and [brackets]) and a
// percent when it has %.
func formatKind(id int, code string) cellKind {
	switch {
	case id == 9 || id == 10:
		return kindPercent
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		if id >= 18 && id <= 21 || id >= 45 && id <= 47 {
			return kindNumber // times of day
		}
		return kindDate
	case code == "":
		return kindNumber
	}
	var plain strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case bracket:
		case c == '\\':
			i++
		default:
			plain.WriteByte(c | 0x20)
		}
	}
	p := plain.String()
	switch {
	case strings.Contains(p, "%"):
		return kindPercent
	case strings.ContainsAny(p, "yd"), strings.Contains(p, "m") && !strings.ContainsAny(p, "hs"):
		return kindDate
	}
	return kindNumber
}

// writeCSV streams the sheet's rows out as CSV records.
func (wb *workbook) writeCSV(sheet io.Reader, out io.Writer) error {
	d := xml.NewDecoder(sheet)
	w := csv.NewWriter(out)
	var rec []string
	line := 0 // rows written
	var (
		inCell, inV, inIS bool
		col               int
		typ               string
		style             int
		val               strings.Builder
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("the sheet is not readable: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rec = rec[:0]
				if r, err := strconv.Atoi(attr(t, "r")); err == nil {
					for line < r-1 { // rows Excel left out: blank lines keep the numbering
						if err := w.Write(nil); err != nil {
							return err
						}
						line++
					}
				}
			case "c":
				inCell, typ, style = true, attr(t, "t"), -1
				if s, err := strconv.Atoi(attr(t, "s")); err == nil {
					style = s
				}
				col = len(rec)
				if ref := attr(t, "r"); ref != "" {
					col = columnIndex(ref)
				}
				if col >= ColumnLimit {
					return fmt.Errorf("row %d has a cell beyond column %d: is this a metric sheet?", line+1, ColumnLimit)
				}
				val.Reset()
			case "v":
				inV = inCell
			case "is":
				inIS = inCell
			}
		case xml.CharData:
			if inV || inIS {
				if val.Len()+len(t) > FieldLimit {
					return fmt.Errorf("row %d has a cell longer than %d KiB", line+1, FieldLimit>>10)
				}
				val.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "is":
				inIS = false
			case "c":
				inCell = false
				for len(rec) < col {
					rec = append(rec, "")
				}
				rec = append(rec, wb.cellText(typ, style, val.String()))
			case "row":
				if err := w.Write(rec); err != nil {
					return err
				}
				line++
			}
		}
	}
	w.Flush()
	return w.Error()
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// columnIndex reads the column of a cell reference: A1 → 0, AB7 → 27.
func columnIndex(ref string) int {
	n := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		n = n*26 + int(c-'a'+1)
		if n > ColumnLimit {
			break
		}
	}
	return n - 1
}

// cellText turns a stored cell into CSV text by its type and format.
func (wb *workbook) cellText(typ string, style int, v string) string {
	switch typ {
	case "s":
		if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(wb.strings) {
			return wb.strings[i]
		}
		return ""
	case "inlineStr", "str", "e":
		return v
	case "b":
		if v == "1" {
			return "TRUE"
		}
		return "FALSE"
	case "d": // an ISO 8601 date cell
		if len(v) >= 10 {
			return v[:10]
		}
		return v
	}
	kind := kindNumber
	if style >= 0 && style < len(wb.kinds) {
		kind = wb.kinds[style]
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	switch kind {
	case kindDate:
		if x > 0 && x < 2958466 { // up to 9999-12-31
			return model.Date(int(math.Floor(x)) - wb.epoch).String()
		}
	case kindPercent:
		return strconv.FormatFloat(x*100, 'g', 15, 64)
	}
	return v
}
