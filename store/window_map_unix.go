//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// mapPages maps the first size bytes of f read-only (windows_map.go).
func mapPages(f *os.File, size int64) (m []byte, unmap func(), err error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, errors.New("nothing to map")
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, nil, err
	}
	if cerr := rc.Control(func(fd uintptr) {
		m, err = syscall.Mmap(int(fd), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	}); cerr != nil {
		return nil, nil, cerr
	}
	if err != nil {
		return nil, nil, err
	}
	return m, func() { syscall.Munmap(m) }, nil
}
