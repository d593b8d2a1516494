package lock

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func acquire(t *testing.T, path string) *Lock {
	t.Helper()
	l, err := Acquire(context.Background(), path, 0)
	if err != nil {
		t.Fatalf("Acquire(%s): %v", path, err)
	}
	t.Cleanup(func() { l.Release() })
	return l
}

// flock is per open file description, so a second Acquire in the same
// process, on its own descriptor, is refused like another process would be.
func TestSecondAcquireIsRefusedAndNamesTheHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gleaner.db.lock")
	before := time.Now().Truncate(time.Second)
	first := acquire(t, path)

	_, err := Acquire(context.Background(), path, 0)
	if !errors.Is(err, ErrHeld) {
		t.Fatalf("second Acquire: got %v, want ErrHeld", err)
	}
	var held *HeldError
	if !errors.As(err, &held) {
		t.Fatalf("second Acquire: %T is not a *HeldError", err)
	}
	if held.PID != os.Getpid() || held.Since.Before(before) || held.Path != path || held.Waited != 0 {
		t.Errorf("HeldError = %+v, want pid %d since ≥ %s", held, os.Getpid(), before)
	}
	if !strings.Contains(err.Error(), "by pid") {
		t.Errorf("message %q does not name the pid", err)
	}

	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	acquire(t, path)
}

func TestLockFileSaysWhoHoldsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	l := acquire(t, path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pid, since := parseOwner(data)
	if pid != os.Getpid() || time.Since(since) > time.Minute {
		t.Errorf("lock file %q: pid %d since %s", data, pid, since)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Errorf("second Release: %v", err)
	}
	if data, _ := os.ReadFile(path); len(data) != 0 {
		t.Errorf("released lock file still holds %q", data)
	}
}

// A lock file left behind by a process that died (here: written by hand,
// not locked) does not block anyone.
func TestStaleLockFileIsTakenOver(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	if err := os.WriteFile(path, []byte("pid 99999\nsince 2020-01-01T00:00:00Z\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	acquire(t, path)
	data, _ := os.ReadFile(path)
	if pid, _ := parseOwner(data); pid != os.Getpid() {
		t.Errorf("lock file after takeover: %q", data)
	}
}

func TestWaitSucceedsWhenReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	first := acquire(t, path)
	released := make(chan struct{})
	go func() {
		time.Sleep(150 * time.Millisecond)
		first.Release()
		close(released)
	}()
	start := time.Now()
	l, err := Acquire(context.Background(), path, 5*time.Second)
	if err != nil {
		t.Fatalf("Acquire with wait: %v", err)
	}
	defer l.Release()
	<-released
	if d := time.Since(start); d < 100*time.Millisecond || d > 4*time.Second {
		t.Errorf("Acquire returned after %s; want soon after the release at 150ms", d)
	}
}

func TestWaitTimesOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	acquire(t, path)
	start := time.Now()
	_, err := Acquire(context.Background(), path, 200*time.Millisecond)
	d := time.Since(start)
	var held *HeldError
	if !errors.As(err, &held) {
		t.Fatalf("Acquire: got %v, want a *HeldError", err)
	}
	if d < 200*time.Millisecond || d > 2*time.Second {
		t.Errorf("gave up after %s, want about 200ms", d)
	}
	if held.Waited < 200*time.Millisecond {
		t.Errorf("Waited = %s, want ≥ 200ms", held.Waited)
	}
}

func TestWaitStopsWhenContextEnds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	acquire(t, path)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := Acquire(ctx, path, time.Minute)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire: got %v, want the context's error", err)
	}
}

func TestAcquireInMissingDirectoryFails(t *testing.T) {
	_, err := Acquire(context.Background(), filepath.Join(t.TempDir(), "no", "such", "x.lock"), 0)
	if err == nil || errors.Is(err, ErrHeld) {
		t.Fatalf("Acquire: got %v, want an open error", err)
	}
}
