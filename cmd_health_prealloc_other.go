//go:build !linux

package main

// preallocateFile is done on Linux only (fallocate); elsewhere the file
// system reserves blocks as it writes.
func preallocateFile(uintptr, int) bool { return false }
