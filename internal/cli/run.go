package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gleanerhq/gleaner/internal/config"
	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/lock"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/pipeline"
	"github.com/gleanerhq/gleaner/internal/publish"
	runreport "github.com/gleanerhq/gleaner/internal/report"
	"github.com/gleanerhq/gleaner/internal/sanitize"
	"github.com/gleanerhq/gleaner/internal/store"
)

type runCmd struct {
	common        commonFlags
	ignoreBackoff bool
	wait          time.Duration
	maxDuration   time.Duration
	metricsFile   string
}

func (*runCmd) name() string { return "run" }
func (*runCmd) synopsis() string {
	return "fetch every due source once, store what is new, publish the feeds"
}

const runExample = `  # every 30 minutes from cron, JSON logs appended to a file, metrics for node_exporter:
  gleaner run --config /etc/gleaner/feeds.yaml --state /var/lib/gleaner/gleaner.db \
      --output /var/www/feeds --quiet --log-format json \
      --metrics-file /var/lib/node_exporter/textfile/gleaner.prom 2>>/var/log/gleaner.log`

// defaultMaxDuration bounds a run: sensible for cron at 30-minute
// intervals, leaving time to publish before the next run starts.
const defaultMaxDuration = 20 * time.Minute

func (c *runCmd) run(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "run [flags]", runExample)
	c.common.register(fs)
	fs.BoolVar(&c.ignoreBackoff, "ignore-backoff", false, "fetch sources that are backed off after failures too")
	fs.DurationVar(&c.wait, "wait", 0, "when another run holds the state database, wait up to `duration` for it (0: exit 75 at once)")
	fs.DurationVar(&c.maxDuration, "max-duration", defaultMaxDuration, "stop fetching after `duration`, then store and publish what was fetched (0: no limit)")
	fs.StringVar(&c.metricsFile, "metrics-file", "", "also write the run's metrics to `file` (Prometheus text format, for node_exporter's textfile collector)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("run takes no arguments (got %q)", fs.Args())
	}
	if c.wait < 0 || c.maxDuration < 0 {
		return usageErrorf("--wait and --max-duration must not be negative").withHint("for example --wait 5m --max-duration 20m")
	}
	prog := newProgress(e.stderr, c.common.quiet)
	log, err := c.common.logger(prog)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(c.common.config)
	if err != nil {
		return err
	}
	return runBatch(ctx, e, log, cfg, runOptions{
		common:        c.common,
		ignoreBackoff: c.ignoreBackoff,
		wait:          c.wait,
		maxDuration:   c.maxDuration,
		metricsFile:   c.metricsFile,
		progress:      prog,
	})
}

// loadConfig reads and validates feeds.yaml, turning its problems into a
// usage error that lists them.
func loadConfig(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usageErrorf("%v", err).withHint("pass --config PATH, or copy the annotated example in README.md to feeds.yaml")
		}
		return nil, usageErrorf("%v", err).withHint("fix feeds.yaml, then run 'gleaner check' to confirm")
	}
	return cfg, nil
}

// runOptions are the settings of one batch beyond feeds.yaml.
type runOptions struct {
	common        commonFlags
	ignoreBackoff bool
	// wait is how long to wait for another run's lock; 0: do not wait.
	wait time.Duration
	// maxDuration bounds fetching; 0: no bound.
	maxDuration time.Duration
	// metricsFile, when set, receives the run's metrics.
	metricsFile string
	// progress shows how far the run is; nil: nothing.
	progress *progress
}

// runOnce runs one batch with cfg and prints the summary line, with the
// default run deadline and no waiting for another run's lock.
func runOnce(ctx context.Context, e *env, log *slog.Logger, cfg *config.Config, flags commonFlags, ignoreBackoff bool) error {
	return runBatch(ctx, e, log, cfg, runOptions{common: flags, ignoreBackoff: ignoreBackoff, maxDuration: defaultMaxDuration})
}

// runBatch runs one batch: it takes the state database's lock, fetches and
// publishes within the run deadline, prints the summary line and writes
// output/status.json and, when asked, the metrics file.
func runBatch(ctx context.Context, e *env, log *slog.Logger, cfg *config.Config, opts runOptions) error {
	flags := opts.common
	plan := planFromConfig(cfg, flags.output)
	plan.IgnoreBackoff = opts.ignoreBackoff
	fopts := fetchOptions(cfg, log)
	client, err := fetch.New(fopts)
	if err != nil {
		return usageErrorf("fetch settings: %v", err)
	}
	lk, err := takeLock(ctx, flags.state, opts.wait, log)
	if err != nil {
		return err
	}
	defer lk.Release()
	st, err := store.Open(ctx, flags.state)
	if err != nil {
		return fmt.Errorf("open state %s: %w", flags.state, err)
	}
	defer st.Close()

	// The deadline starts once the lock is ours. When it passes, requests
	// in flight are cancelled and sources not yet fetched are skipped;
	// the pipeline still stores and publishes what it has.
	runCtx, cancel := ctx, context.CancelFunc(func() {})
	if opts.maxDuration > 0 {
		runCtx, cancel = context.WithTimeoutCause(ctx, opts.maxDuration, &deadlineError{opts.maxDuration})
	}
	defer cancel()

	runner := &pipeline.Runner{Fetcher: client, Store: st, Logger: log, Progress: opts.progress.hook(log),
		Sanitizer: sanitize.New(sanitize.Options{VideoHosts: cfg.VideoHosts})}
	rep, runErr := runner.Run(runCtx, plan)
	opts.progress.clear()
	if rep == nil {
		return runErr
	}
	var de *deadlineError
	deadlineHit := ctx.Err() == nil && errors.As(context.Cause(runCtx), &de) && rep.Count(model.StatusSkipped) > 0
	fmt.Fprintln(e.stderr, summary(rep, time.Now()))
	if deadlineHit {
		n := rep.Count(model.StatusSkipped)
		fmt.Fprintf(e.stderr, "gleaner: deadline reached after %s: %d %s skipped\n", shortDuration(opts.maxDuration), n, plural(n, "source", "sources"))
	}
	err = runOutcome(ctx, rep, runErr)
	code, _ := exitCode(err, ctx)
	writeRunReports(context.WithoutCancel(ctx), log, st, rep, opts, runreport.Outcome{
		ExitCode: code, Deadline: opts.maxDuration, DeadlineReached: deadlineHit,
	})
	return err
}

// runOutcome decides how a run that returned rep and err ends.
func runOutcome(ctx context.Context, rep *model.RunReport, err error) error {
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &exitError{code: ExitInterrupted, msg: "interrupted: what was fetched before the signal is stored and published"}
	}
	// Sources skipped at the deadline were not tried: a run that
	// published and whose tried sources did not all fail exits 0.
	attempted := len(rep.Sources) - rep.Count(model.StatusBackedOff) - rep.Count(model.StatusSkipped)
	if attempted > 0 && rep.Count(model.StatusFailed) == attempted {
		return &exitError{code: ExitFailed, msg: fmt.Sprintf("every source failed (%d of %d); earlier items were published again", attempted, len(rep.Sources)),
			hint: "check the network and the errors above; 'gleaner run -v' says more"}
	}
	return nil
}

// deadlineError is the cause of a run's context ending at --max-duration.
// It is a context.DeadlineExceeded, so the pipeline treats requests it cut
// short as cancelled rather than as failures of their sources.
type deadlineError struct{ d time.Duration }

func (e *deadlineError) Error() string {
	return "deadline reached after " + shortDuration(e.d) + " (--max-duration)"
}

func (e *deadlineError) Is(target error) bool { return target == context.DeadlineExceeded }

// takeLock takes the lock beside the state database, waiting up to wait
// for another run to release it. A lock still held is an exit code 75
// error naming its holder.
func takeLock(ctx context.Context, state string, wait time.Duration, log *slog.Logger) (*lock.Lock, error) {
	if state == ":memory:" {
		return nil, nil
	}
	path := state + ".lock"
	lk, err := lock.Acquire(ctx, path, wait)
	var held *lock.HeldError
	switch {
	case err == nil:
		return lk, nil
	case errors.Is(err, errors.ErrUnsupported):
		log.Warn("cannot lock the state database on this system; make sure runs do not overlap", "error", err)
		return nil, nil
	case errors.As(err, &held):
		who := holderText(held, time.Now())
		if held.Waited > 0 {
			return nil, &exitError{code: ExitLocked,
				msg:  fmt.Sprintf("another gleaner run still holds %s after waiting %s%s", path, shortDuration(wait), who),
				hint: "runs end by themselves after --max-duration; if this one does not, see what that process is doing"}
		}
		return nil, &exitError{code: ExitLocked,
			msg:  fmt.Sprintf("another gleaner run holds %s%s", path, who),
			hint: "use --wait 5m to wait for it"}
	case ctx.Err() != nil:
		return nil, fmt.Errorf("interrupted while waiting for %s", path)
	}
	return nil, err
}

// holderText is " (pid 1234, since 12:00:01)", with what is known of a
// lock's holder; the date is added when it is not today.
func holderText(h *lock.HeldError, now time.Time) string {
	var parts []string
	if h.PID > 0 {
		parts = append(parts, fmt.Sprintf("pid %d", h.PID))
	}
	if !h.Since.IsZero() {
		t := h.Since.In(now.Location())
		layout := "15:04:05"
		if y, m, d := t.Date(); y != now.Year() || m != now.Month() || d != now.Day() {
			layout = "2006-01-02 15:04:05"
		}
		parts = append(parts, "since "+t.Format(layout))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// writeRunReports writes output/status.json and the metrics file. They are
// for monitoring: a failure to write them is logged, and does not change
// how the run ends.
func writeRunReports(ctx context.Context, log *slog.Logger, st *store.Store, rep *model.RunReport, opts runOptions, outcome runreport.Outcome) {
	run, err := runReport(ctx, st, rep, outcome)
	if err != nil {
		log.Error("cannot write the run's status", "error", err)
		return
	}
	statusPath := filepath.Join(opts.common.output, statusFile)
	if data, err := runreport.JSON(run); err != nil {
		log.Error("cannot write the run's status", "error", err)
	} else if _, err := publish.WriteFile(statusPath, data); err != nil {
		log.Error("cannot write the run's status", "file", statusPath, "error", err)
	}
	if opts.metricsFile == "" {
		return
	}
	var b bytes.Buffer
	if err := runreport.WriteMetrics(&b, run); err != nil {
		log.Error("cannot write the metrics file", "file", opts.metricsFile, "error", err)
		return
	}
	if _, err := publish.WriteFile(opts.metricsFile, b.Bytes()); err != nil {
		log.Error("cannot write the metrics file", "file", opts.metricsFile, "error", err)
	}
}

// statusFile is where every run leaves its status, inside the output
// directory.
const statusFile = "status.json"

// runReport gathers what status.json and the metrics say about rep: the
// health and stored items of the run's sources.
func runReport(ctx context.Context, st *store.Store, rep *model.RunReport, outcome runreport.Outcome) (runreport.Run, error) {
	health, err := st.AllHealth(ctx)
	if err != nil {
		return runreport.Run{}, err
	}
	stored, err := st.CountItemsBySource(ctx)
	if err != nil {
		return runreport.Run{}, err
	}
	inRun := make(map[string]bool, len(rep.Sources))
	for _, s := range rep.Sources {
		inRun[s.SourceID] = true
	}
	// Sources no longer in feeds.yaml keep their rows in the store; they
	// are left out, so that their metrics do not linger forever.
	var hs []model.SourceHealth
	for _, h := range health {
		if inRun[h.SourceID] {
			hs = append(hs, h)
		}
	}
	run := runreport.Run{Report: *rep, Health: hs, StoredItems: stored, Outcome: &outcome}
	if run.Report.Finished.IsZero() { // a fatal error ended the run early
		run.Report.Finished = time.Now().UTC()
	}
	return run, nil
}

// shortDuration is d without trailing zero units: "20m", "1h30m", "500ms".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// summary is the one line every run ends with.
func summary(rep *model.RunReport, now time.Time) string {
	newItems, updated := rep.Totals()
	end := rep.Finished
	if end.IsZero() {
		end = now
	}
	var failed []string
	for _, s := range rep.Sources {
		if s.Status == model.StatusFailed {
			failed = append(failed, s.SourceID)
		}
	}
	line := fmt.Sprintf("gleaner: %d sources: %d ok, %d not modified, %d failed, %d backed off, %d skipped; items: %d new, %d updated; files: %d written, %d unchanged; %s",
		len(rep.Sources), rep.Count(model.StatusOK), rep.Count(model.StatusNotModified), rep.Count(model.StatusFailed),
		rep.Count(model.StatusBackedOff), rep.Count(model.StatusSkipped), newItems, updated,
		len(rep.FilesWritten), rep.FilesKept, end.Sub(rep.Started).Round(time.Millisecond))
	if len(failed) > 0 {
		line += "\ngleaner: failed: " + strings.Join(failed, ", ")
	}
	return line
}
