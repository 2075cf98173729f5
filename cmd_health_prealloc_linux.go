package main

import (
	"io"

	"golang.org/x/sys/unix"
)

// preallocateFile allocates the blocks of the regular file fd for the n
// bytes its next write puts at its offset (its end when it appends),
// keeping the file's size (FALLOC_FL_KEEP_SIZE: a reader sees nothing
// past what is written, and a write that fails leaves at most n bytes of
// blocks past the end, which go with the file). It says whether to ask
// again for the next write: not when the file system cannot.
func preallocateFile(fd uintptr, n int) bool {
	var off int64
	flags, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
	if err != nil {
		return false
	}
	if flags&unix.O_APPEND != 0 {
		var st unix.Stat_t
		if err := unix.Fstat(int(fd), &st); err != nil {
			return false
		}
		off = st.Size
	} else if off, err = unix.Seek(int(fd), 0, io.SeekCurrent); err != nil {
		return false
	}
	switch err := unix.Fallocate(int(fd), unix.FALLOC_FL_KEEP_SIZE, off, int64(n)); err {
	case nil, unix.EINTR, unix.ENOSPC, unix.EDQUOT: // the write says what a full disk is
		return true
	}
	return false
}
