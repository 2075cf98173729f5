package main

import "ringside/model"

// sanitizeLine keeps control characters of user and file text out of the terminal.
func sanitizeLine(s string) string { return model.Printable(s, true) }
