package main

import (
	"context"
	"encoding/json"
	"fmt"
)

func cmdVerify(a *app, args []string) error {
	fs := newFlags(a, "verify")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if _, err := parseFlags(a, "verify", fs, args); err != nil {
		return err
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Verify(context.Background())
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else if r.OK {
		fmt.Fprintf(a.stdout, "ok: %d audit entries, chain intact, head %s\ndatabase: integrity ok (%s)\n", r.Entries, r.HeadHash, a.dbPath)
	}
	if !r.OK {
		return problem("verify failed: %s", r.Problem)
	}
	return nil
}
