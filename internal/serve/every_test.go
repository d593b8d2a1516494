package serve

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recorder is a slog handler that keeps the messages logged and signals
// each one on a channel.
type recorder struct {
	mu   sync.Mutex
	msgs []string
	c    chan string
}

func newRecorder() *recorder { return &recorder{c: make(chan string, 1000)} }

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	r.msgs = append(r.msgs, rec.Message)
	r.mu.Unlock()
	select {
	case r.c <- rec.Message:
	default:
	}
	return nil
}

// waitFor waits for a message to be logged.
func (r *recorder) waitFor(t *testing.T, msg string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m := <-r.c:
			if m == msg {
				return
			}
		case <-timeout:
			t.Fatalf("no %q logged within 10s", msg)
		}
	}
}

const skipped = "previous batch still running; skipping this one"

// TestEveryNoOverlap runs a fake batch that blocks until released, with a
// tick every millisecond: ticks during the batch are skipped and logged,
// never run beside it, and Every waits for the batch in progress when
// cancelled.
func TestEveryNoOverlap(t *testing.T) {
	rec := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var running, maxRunning, calls atomic.Int32
	started := make(chan int32, 10)
	release := make(chan struct{})
	run := func(ctx context.Context) error {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := maxRunning.Load()
			if n <= m || maxRunning.CompareAndSwap(m, n) {
				break
			}
		}
		started <- calls.Add(1)
		<-release // ignores ctx, like a batch finishing its publishing
		return errors.New("two sources failed")
	}

	returned := make(chan struct{})
	go func() {
		Every(ctx, time.Millisecond, slog.New(rec), run)
		close(returned)
	}()

	if n := <-started; n != 1 {
		t.Fatalf("first call is number %d", n)
	}
	// The first batch runs at once; ticks come and are skipped.
	rec.waitFor(t, skipped)
	rec.waitFor(t, skipped)
	release <- struct{}{}
	rec.waitFor(t, "batch failed") // its error is logged, the schedule goes on
	if n := <-started; n != 2 {
		t.Fatalf("second call is number %d", n)
	}

	// Cancelled while the second batch runs: Every waits for it.
	cancel()
	rec.waitFor(t, "waiting for the running batch to publish what it has")
	select {
	case <-returned:
		t.Fatal("Every returned while a batch was still running")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("Every did not return after the batch finished")
	}
	if m := maxRunning.Load(); m != 1 {
		t.Errorf("%d batches ran at once, want 1", m)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d batches ran, want 2", n)
	}
}

// TestEveryInterval checks that batches that finish in time run once per
// tick, with no skips.
func TestEveryInterval(t *testing.T) {
	rec := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	done := make(chan struct{})
	go func() {
		Every(ctx, 5*time.Millisecond, slog.New(rec), func(context.Context) error {
			if calls.Add(1) == 4 {
				cancel()
			}
			return nil
		})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Every did not return after cancel")
	}
	if n := calls.Load(); n != 4 {
		t.Errorf("%d batches ran, want 4", n)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, m := range rec.msgs {
		if m == skipped || m == "batch failed" {
			t.Errorf("logged %q", m)
		}
	}
}
