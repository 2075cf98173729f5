package exporters

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes path through a temporary file in the same folder,
// renamed into place only when write succeeds: a failed export never
// leaves half a file, and an existing file stays as it was.
//
// Only a regular file is replaced that way. A path that names something
// else (/dev/null, /dev/stdout, a named pipe, a terminal) is written to
// directly: renaming over it would put a regular file where the device
// was, which for /dev/null run as root breaks the whole machine. A
// symbolic link is followed, so the file it points at is replaced and the
// link stays a link. A replaced file keeps its permissions; a new one gets
// 0644, as a shell redirection would under the usual umask.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return writeInPlace(path, write)
		}
		mode = fi.Mode().Perm()
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v (check the folder exists and is writable)", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return nil
}

// writeInPlace writes to a path that is not a regular file (a device or a
// pipe): it is opened for writing as it is, never created or replaced.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return nil
}
