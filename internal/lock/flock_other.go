//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package lock

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

// flock is not available here; see Acquire.
func flock(*os.File) (bool, error) {
	return false, fmt.Errorf("file locking on %s: %w", runtime.GOOS, errors.ErrUnsupported)
}
