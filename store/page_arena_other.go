//go:build !unix

package store

func mapArena(int) []byte { return nil }

func unmapArena([]byte) {}
