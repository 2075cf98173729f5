package main

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"ringside/app"
	"ringside/importers"
)

// loadDemoMetrics imports the demo metric CSVs, every day shifted by days.
// Each file is one pilot's (named after its slug), in the dialects real
// exports come in; re-loading finds every row unchanged.
func loadDemoMetrics(a *cli, ap *app.App, days int) error {
	files, err := fs.Glob(demoFiles, "testdata/demo/metrics/*.csv")
	if err != nil {
		return err
	}
	var rows, changed int
	for _, name := range files {
		f, err := demoFiles.Open(name)
		if err != nil {
			return err
		}
		slug := strings.TrimSuffix(path.Base(name), ".csv")
		st, err := importStream(a, ap, "demo/"+path.Base(name), f, importers.Options{Pilot: slug}, false, days)
		f.Close()
		if err != nil {
			return err
		}
		if !st.Accepted {
			return fmt.Errorf("the built-in demo metrics %s do not load (a bug; please report it): %s", name, strings.Join(st.Errors, "; "))
		}
		rows += st.Rows
		changed += st.New + st.Updated
	}
	fmt.Fprintf(a.stdout, "demo metrics: %d files, %d rows, %d new or updated\n", len(files), rows, changed)
	return nil
}
