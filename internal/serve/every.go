package serve

import (
	"context"
	"log/slog"
	"time"
)

// Every calls run at once and then every interval until ctx is cancelled,
// never two calls at a time: a tick that comes while a call is still going
// is skipped, with a log line. It returns once ctx is cancelled and the
// call in progress, if any, has returned; run sees the same ctx, so it
// should wind down (publishing what it has) when ctx is cancelled.
//
// An error from run is logged and the schedule goes on. log may be nil.
func Every(ctx context.Context, interval time.Duration, log *slog.Logger, run func(context.Context) error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	done := make(chan error, 1)
	running := false
	var started time.Time
	start := func() {
		running, started = true, time.Now()
		go func() { done <- run(ctx) }()
	}
	finish := func(err error) {
		running = false
		if err != nil && ctx.Err() == nil {
			log.Error("batch failed", "error", err, "duration", time.Since(started).Round(time.Millisecond))
		}
	}

	start()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if running {
				log.Info("waiting for the running batch to publish what it has")
				finish(<-done)
			}
			return
		case err := <-done:
			finish(err)
		case <-t.C:
			if ctx.Err() != nil {
				continue // select picked the tick over ctx.Done
			}
			if running {
				log.Warn("previous batch still running; skipping this one",
					"running_for", time.Since(started).Round(time.Second), "every", interval)
				continue
			}
			start()
		}
	}
}
