package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// filePicker browses folders for metric files, keyboard only: folders and
// CSV/TSV/TXT files are listed (folders first), enter opens a folder or
// picks a file, backspace goes up, and a path can be typed instead.
// bubbles' filepicker draws file names raw; names here pass model.Line, so
// a hostile name cannot move the cursor or recolour the terminal.
//
// Listing a folder is file-system work: it runs in a tea.Cmd and comes
// back as a dirListed message.
type filePicker struct {
	dir     string
	entries []dirEntry
	err     error
	listed  bool
	cursor  int
	offset  int
	path    common.LineInput // the typed path, when focused
}

type dirEntry struct {
	name string
	dir  bool
	size int64
}

// dirListed carries one folder's entries to the picker that asked.
type dirListed struct {
	asked   string // the folder asked for; "" is the current directory
	dir     string // the folder read
	entries []dirEntry
	err     error
}

// pickedFile says the user chose a file (its path, as typed or joined).
type pickedFile struct{ path string }

// metricExts are the file names the picker lists besides folders.
var metricExts = []string{".csv", ".tsv", ".txt"}

// newFilePicker starts in dir ("" the current directory, read by init).
func newFilePicker(dir string) *filePicker {
	return &filePicker{dir: dir, path: common.LineInput{Prompt: "path: "}}
}

// listDir reads dir ("" the current directory): folders (but hidden
// ones) and metric files, sorted.
func listDir(asked string) tea.Cmd {
	return func() tea.Msg {
		dir := asked
		if dir == "" {
			wd, err := os.Getwd()
			if err != nil {
				return dirListed{asked: asked, dir: "/", err: err}
			}
			dir = wd
		}
		des, err := os.ReadDir(dir)
		if err != nil {
			return dirListed{asked: asked, dir: dir, err: err}
		}
		var out []dirEntry
		for _, de := range des {
			name := de.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			isDir := de.IsDir()
			if de.Type()&os.ModeSymlink != 0 {
				if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
					isDir = fi.IsDir()
				}
			}
			if !isDir && !slices.Contains(metricExts, strings.ToLower(filepath.Ext(name))) {
				continue
			}
			e := dirEntry{name: name, dir: isDir}
			if !isDir {
				if fi, err := de.Info(); err == nil {
					e.size = fi.Size()
				}
			}
			out = append(out, e)
		}
		slices.SortFunc(out, func(a, b dirEntry) int {
			if a.dir != b.dir {
				if a.dir {
					return -1
				}
				return 1
			}
			return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
		})
		return dirListed{asked: asked, dir: dir, entries: out}
	}
}

func (p *filePicker) init() tea.Cmd { return listDir(p.dir) }

// rows is the list as shown: "../" first unless at the root.
func (p *filePicker) rows() []dirEntry {
	if filepath.Dir(p.dir) == p.dir {
		return p.entries
	}
	return append([]dirEntry{{name: "..", dir: true}}, p.entries...)
}

// setListing takes a folder's listing, unless the user has moved on.
func (p *filePicker) setListing(msg dirListed) {
	if msg.asked != p.dir {
		return // an older folder's listing
	}
	p.dir = msg.dir
	p.entries, p.err, p.listed = msg.entries, msg.err, true
	p.cursor, p.offset = 0, 0
}

// open goes into a folder (or up) and lists it.
func (p *filePicker) open(dir string) tea.Cmd {
	p.dir = filepath.Clean(dir)
	p.entries, p.err, p.listed = nil, nil, false
	return listDir(p.dir)
}

// key handles a key; room is the rows the list shows.
func (p *filePicker) key(c *common.Common, msg tea.KeyPressMsg, room int) tea.Cmd {
	k := &c.Keys
	if p.path.Focus {
		switch {
		case key.Matches(msg, k.Cancel), key.Matches(msg, k.TypePath):
			p.path.Focus = false
		case key.Matches(msg, k.Accept):
			typed := strings.TrimSpace(p.path.String())
			if typed == "" {
				return nil
			}
			p.path.Focus = false
			return p.openTyped(typed)
		default:
			p.path.Handle(k, msg)
		}
		return nil
	}
	rows := p.rows()
	if n, ok := c.Keys.Step(msg, room, len(rows)); ok {
		p.cursor = widgets.Clamp(p.cursor+n, 0, len(rows)-1)
		p.offset = widgets.Scroll(p.cursor, p.offset, room, len(rows))
		return nil
	}
	switch {
	case key.Matches(msg, k.TypePath):
		p.path.Focus = true
		if p.path.String() == "" {
			p.path.Value = []rune(p.dir + string(filepath.Separator))
		}
	case key.Matches(msg, k.ParentFolder):
		return p.open(filepath.Dir(p.dir))
	case key.Matches(msg, k.Pick), key.Matches(msg, k.IntoFolder):
		if p.cursor >= len(rows) {
			return nil
		}
		e := rows[p.cursor]
		if e.name == ".." {
			return p.open(filepath.Dir(p.dir))
		}
		if e.dir {
			return p.open(filepath.Join(p.dir, e.name))
		}
		if key.Matches(msg, k.Pick) {
			path := filepath.Join(p.dir, e.name)
			return func() tea.Msg { return pickedFile{path} }
		}
	}
	return nil
}

// openTyped opens a typed path: a folder is browsed, anything else is
// picked (a missing file is reported by the preview, with its name).
func (p *filePicker) openTyped(typed string) tea.Cmd {
	typed = TypedPath(typed)
	if strings.HasPrefix(typed, "~"+string(filepath.Separator)) || typed == "~" {
		if home, err := os.UserHomeDir(); err == nil {
			typed = filepath.Join(home, typed[1:])
		}
	}
	if !filepath.IsAbs(typed) {
		typed = filepath.Join(p.dir, typed)
	}
	if fi, err := os.Stat(typed); err == nil && fi.IsDir() {
		p.path.Clear()
		return p.open(typed)
	}
	return func() tea.Msg { return pickedFile{typed} }
}

// view draws the folder line, the list in room rows, and the path box.
func (p *filePicker) view(c *common.Common, width, room int) []string {
	st := &c.Styles
	lines := []string{" folder " + model.Line(p.dir)}
	if p.path.Focus || p.path.String() != "" {
		lines = append(lines, " "+p.path.View(width-1))
	} else {
		lines = append(lines, st.Muted.Render(" "+c.Keys.TypePath.Help().Key+" types a path instead"))
	}
	switch {
	case p.err != nil:
		lines = append(lines, st.Error.Render(" cannot read this folder: "+model.Line(p.err.Error())), " "+common.KeyName(c.Keys.ParentFolder)+" goes up a folder")
		return lines
	case !p.listed:
		return append(lines, " reading the folder…")
	}
	rows := p.rows()
	if len(rows) == 0 {
		return append(lines, "  no folders or CSV files here — "+common.KeyName(c.Keys.ParentFolder)+" goes up, "+c.Keys.TypePath.Help().Key+" types a path")
	}
	p.offset = widgets.Scroll(p.cursor, p.offset, room, len(rows))
	for i := p.offset; i < len(rows) && i < p.offset+room; i++ {
		e := rows[i]
		name, size := model.Line(e.name), ""
		if e.dir {
			name += "/"
		} else {
			size = humanSize(e.size)
		}
		nameW := max(width-14, 10)
		line := widgets.Fit(name, nameW) + widgets.FitLeft(size, 10)
		if i == p.cursor && !p.path.Focus {
			lines = append(lines, common.GlyphCursor+" "+st.Selected.Render(line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return lines
}

// humanSize writes a byte count the short way: 812 B, 4.2 kB, 27.0 MB.
func humanSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

// typedPath is the path a user meant in the box pre-filled with the
// folder: an absolute path (or ~/…) typed after the folder replaces it
// ("/data/reports//home/me/x.csv" is /home/me/x.csv), as a shell would.
func TypedPath(typed string) string {
	sep := string(filepath.Separator)
	if i := strings.LastIndex(typed, sep+sep); i >= 0 {
		typed = typed[i+1:]
	}
	if i := strings.LastIndex(typed, sep+"~"+sep); i >= 0 {
		typed = typed[i+1:]
	}
	return typed
}
