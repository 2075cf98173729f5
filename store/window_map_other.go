//go:build !unix

package store

import (
	"errors"
	"os"
)

// mapPages is not had here: the windows read the file with pread.
func mapPages(f *os.File, size int64) (m []byte, unmap func(), err error) {
	return nil, nil, errors.New("no memory map on this system")
}
