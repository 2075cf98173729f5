package exporters

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Browsers are the programs, in order of preference, that print a PDF from
// the HTML exports: Chromium or Chrome in headless mode.
var Browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// ErrNoBrowser is returned by FindBrowser when none of Browsers is on the
// PATH; its message says what to install and what works without one.
var ErrNoBrowser = errors.New("--format pdf needs Chromium or Google Chrome on the PATH (Debian/Ubuntu: apt-get install chromium); " +
	"without one, export --format html and print it from any browser: the page carries the same print layout")

// FindBrowser returns the path of the first of Browsers that lookPath
// (exec.LookPath) finds, or ErrNoBrowser.
func FindBrowser(lookPath func(string) (string, error)) (string, error) {
	for _, name := range Browsers {
		if p, err := lookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// PDFTimeout bounds one headless print.
const PDFTimeout = 90 * time.Second

// RenderPDF prints the HTML page that html writes to a PDF file at pdfPath
// with the headless browser at browser. It uses its own throw-away profile,
// so it runs beside an open browser and beside other prints, and asks for no
// browser header or footer: the page's own print style (print.go) numbers
// the pages. The PDF is written to a temporary file in pdfPath's folder and
// renamed into place, so a failed print leaves nothing behind.
func RenderPDF(ctx context.Context, browser, pdfPath string, html func(io.Writer) error) error {
	dir, err := os.MkdirTemp("", "ringside-pdf-")
	if err != nil {
		return fmt.Errorf("cannot print %s: %v", pdfPath, err)
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "page.html")
	var buf bytes.Buffer
	if err := html(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("cannot print %s: %v", pdfPath, err)
	}
	return WriteFileAtomic(pdfPath, func(w io.Writer) error {
		out := filepath.Join(dir, "page.pdf")
		if err := printToPDF(ctx, browser, dir, page, out); err != nil {
			return err
		}
		f, err := os.Open(out)
		if err != nil {
			return fmt.Errorf("%s wrote no PDF: %v", browser, err)
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
}

func printToPDF(ctx context.Context, browser, dir, page, out string) error {
	ctx, cancel := context.WithTimeout(ctx, PDFTimeout)
	defer cancel()
	args := []string{
		"--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--user-data-dir=" + filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf=" + out,
	}
	if os.Geteuid() == 0 {
		args = append(args, "--no-sandbox") // Chromium refuses to run as root with its sandbox
	}
	args = append(args, "file://"+filepath.ToSlash(page))
	cmd := exec.CommandContext(ctx, browser, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("%s did not print the page within %v", browser, PDFTimeout)
	}
	if st, statErr := os.Stat(out); err == nil && (statErr != nil || st.Size() == 0) {
		err = errors.New("no PDF written")
	}
	if err != nil {
		msg := strings.TrimSpace(lastLines(stderr.String(), 3))
		if msg != "" {
			msg = ": " + CleanText(msg)
		}
		return fmt.Errorf("%s could not print the page (%v)%s", browser, err, msg)
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
