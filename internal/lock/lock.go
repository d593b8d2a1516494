// Package lock keeps two gleaner runs from working on one state database at
// once: an overlapping cron run finds the lock held and gives up, or waits.
//
// Call [Acquire] with the lock file's path (gleaner uses "<state>.lock")
// and how long to wait; [Lock.Release] when done. The lock is an advisory
// flock(2) on the file, so the kernel drops it when the process exits, also
// on a crash or SIGKILL: a lock file left behind never blocks a later run.
// While held, the file holds its owner's PID and start time as text, for
// people and for the [HeldError] a second run reports.
//
// flock locks belong to an open file description, not to a process, so two
// [Acquire] calls in one process exclude each other too.
package lock

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// ErrHeld is wrapped by the error [Acquire] returns when another holder
// has the lock; errors.As that error into a *[HeldError] for the details.
var ErrHeld = errors.New("lock is held")

// HeldError says who holds a lock. PID and Since are zero when the lock
// file could not be read (its holder may be writing it at that moment).
type HeldError struct {
	Path  string
	PID   int
	Since time.Time
	// Waited is how long Acquire waited before giving up; zero when it did
	// not wait.
	Waited time.Duration
}

func (e *HeldError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is held", e.Path)
	if e.PID > 0 {
		fmt.Fprintf(&b, " by pid %d", e.PID)
	}
	if !e.Since.IsZero() {
		fmt.Fprintf(&b, " since %s", e.Since.Format(time.RFC3339))
	}
	if e.Waited > 0 {
		fmt.Fprintf(&b, " (waited %s)", e.Waited)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrHeld) true.
func (e *HeldError) Is(target error) bool { return target == ErrHeld }

// Lock is a held lock. Release it when done; exiting releases it too.
type Lock struct {
	f    *os.File
	path string
}

// Polling bounds for Acquire's wait: the first retry comes after
// minPoll, each later one after twice the previous, at most maxPoll.
var (
	minPoll = 50 * time.Millisecond
	maxPoll = 2 * time.Second
)

// Acquire takes the lock at path, creating the file if needed. With wait
// zero it tries once and returns at once; otherwise it retries, with a
// growing interval, until the lock is free or wait has passed. When the
// lock stays held it returns a *[HeldError] (wrapping [ErrHeld]); when ctx
// ends first, ctx's error. On a system without flock it returns an error
// wrapping [errors.ErrUnsupported].
func Acquire(ctx context.Context, path string, wait time.Duration) (*Lock, error) {
	start := time.Now()
	deadline := start.Add(wait)
	interval := minPoll
	for {
		l, err := tryAcquire(path)
		if err == nil {
			return l, nil
		}
		var held *HeldError
		if !errors.As(err, &held) {
			return nil, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			if wait > 0 {
				held.Waited = time.Since(start).Round(time.Millisecond)
			}
			return nil, held
		}
		t := time.NewTimer(min(interval, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		interval = min(2*interval, maxPoll)
	}
}

// tryAcquire makes one attempt.
func tryAcquire(path string) (*Lock, error) {
	// Not O_TRUNC: when the lock is held, the file says by whom.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err) // the PathError names the file
	}
	held, err := flock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if held {
		e := &HeldError{Path: path}
		if data, err := readAll(f); err == nil {
			e.PID, e.Since = parseOwner(data)
		}
		f.Close()
		return nil, e
	}
	if err := writeOwner(f, os.Getpid(), time.Now()); err != nil {
		f.Close() // also drops the lock
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{f: f, path: path}, nil
}

// Path returns the lock file's path.
func (l *Lock) Path() string { return l.path }

// Release empties the lock file and drops the lock. The file itself stays:
// removing it would let a process that opened it a moment earlier lock a
// file nobody else can see. Release on a nil or released Lock does
// nothing.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	errT := f.Truncate(0)
	errC := f.Close() // closing the last descriptor drops the flock
	if err := errors.Join(errT, errC); err != nil {
		return fmt.Errorf("release lock %s: %w", l.path, err)
	}
	return nil
}

func readAll(f *os.File) ([]byte, error) {
	buf := make([]byte, 512)
	n, err := f.ReadAt(buf, 0)
	if n > 0 {
		return buf[:n], nil
	}
	return nil, err
}

// writeOwner replaces the file's content with "pid N\nsince T\n".
func writeOwner(f *os.File, pid int, since time.Time) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	text := fmt.Sprintf("pid %d\nsince %s\n", pid, since.Format(time.RFC3339))
	_, err := f.WriteAt([]byte(text), 0)
	return err
}

// parseOwner reads what writeOwner wrote; unknown or broken lines are
// ignored.
func parseOwner(data []byte) (pid int, since time.Time) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, val, _ := strings.Cut(sc.Text(), " ")
		switch key {
		case "pid":
			pid, _ = strconv.Atoi(val)
		case "since":
			since, _ = time.Parse(time.RFC3339, val)
		}
	}
	return pid, since
}
