package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

// pagedCommands are the reports that go through a pager on a terminal, as
// git log and gh do. The cockpit and review own the terminal; exports and
// writes print a line or data, never a screenful.
var pagedCommands = map[string]bool{
	"health": true, "calendar": true, "gate": true, "triage": true, "payback": true, "flags": true, "verify": true,
}

// pagerCommand is the pager to run, or "" for none: RINGSIDE_PAGER (set
// but empty turns paging off), else PAGER, else less -R.
func pagerCommand(getenv func(string) string, lookup func(string) (string, bool)) string {
	if v, ok := lookup("RINGSIDE_PAGER"); ok {
		return strings.TrimSpace(v)
	}
	if v := strings.TrimSpace(getenv("PAGER")); v != "" {
		return v
	}
	return "less -R"
}

// wantsPager reports whether cmd's output is a report for a person: a paged
// command not asked for JSON, another format, or a file.
func wantsPager(cmd *cobra.Command) bool {
	if !pagedCommands[cmd.Name()] || cmd.Parent() == nil || cmd.Parent().Parent() != nil {
		return false
	}
	f := cmd.Flags()
	if fl := f.Lookup("json"); fl != nil && fl.Changed {
		return false
	}
	if fl := f.Lookup("format"); fl != nil && fl.Changed && fl.Value.String() != "text" {
		return false
	}
	if fl := f.Lookup("output"); fl != nil && fl.Value.String() != "" && fl.Value.String() != "-" {
		return false
	}
	return true
}

// pager holds a report's output until it is longer than the terminal, and
// then pipes it, and the rest as it comes, through the pager; a report that
// fits is written straight to the terminal when the command ends. If the
// reader quits the pager early, the rest of the output is dropped quietly.
type pager struct {
	out        *os.File // the terminal
	command    string
	rows, cols int

	buf   bytes.Buffer
	lines int
	col   int

	proc *exec.Cmd
	pipe io.WriteCloser
	gone bool // the pager has exited; output is dropped
	err  error
}

// newPager returns a pager for a report written to out, or nil when out is
// not a terminal or command is empty.
func newPager(out io.Writer, command string) *pager {
	f, ok := out.(*os.File)
	if !ok || command == "" || !term.IsTerminal(f.Fd()) {
		return nil
	}
	cols, rows, err := term.GetSize(f.Fd())
	if err != nil || rows <= 0 {
		cols, rows = 80, 24
	}
	return &pager{out: f, command: command, rows: rows, cols: max(cols, 1)}
}

func (p *pager) Write(b []byte) (int, error) {
	if p.gone {
		return len(b), nil
	}
	if p.pipe != nil {
		return p.send(b)
	}
	p.buf.Write(b)
	p.count(b)
	if p.lines >= p.rows { // leave the last row for the prompt
		if err := p.start(); err != nil {
			return len(b), p.flushDirect()
		}
		held := p.buf.Bytes()
		p.buf = bytes.Buffer{}
		if _, err := p.send(held); err != nil {
			return len(b), err
		}
	}
	return len(b), nil
}

// count adds the screen rows b takes, long lines wrapping at the width.
func (p *pager) count(b []byte) {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if r == '\n' {
			p.lines++
			p.col = 0
			continue
		}
		p.col++
		if p.col > p.cols {
			p.lines++
			p.col = 1
		}
	}
}

func (p *pager) start() error {
	cmd := exec.Command("sh", "-c", p.command)
	cmd.Stdout, cmd.Stderr = p.out, os.Stderr
	cmd.Env = os.Environ()
	if os.Getenv("LESS") == "" {
		cmd.Env = append(cmd.Env, "LESS=FRX") // as git: quit at the end of a short text, keep colours, leave the screen as it is
	}
	pipe, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	p.proc, p.pipe = cmd, pipe
	return nil
}

func (p *pager) send(b []byte) (int, error) {
	if _, err := p.pipe.Write(b); err != nil {
		if errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed) {
			p.gone = true // the reader quit the pager
			return len(b), nil
		}
		return 0, err
	}
	return len(b), nil
}

func (p *pager) flushDirect() error {
	_, err := p.out.Write(p.buf.Bytes())
	p.buf.Reset()
	return err
}

// Close writes a report that fit straight to the terminal, or waits for
// the reader to leave the pager.
func (p *pager) Close() error {
	if p.pipe == nil {
		return p.flushDirect()
	}
	p.pipe.Close()
	err := p.proc.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return nil // the pager's own exit status (q, or a killed less) is not ringside's
	}
	return err
}

// closePager ends the run's pager, if any: a report that fit is written,
// a paged one waits for the reader to quit.
func (a *cli) closePager() {
	if a.pager == nil {
		return
	}
	p := a.pager
	a.pager = nil
	if err := p.Close(); err != nil {
		fmt.Fprintln(a.stderr, "ringside: pager: "+sanitizeLine(err.Error()))
	}
}
