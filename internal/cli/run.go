package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/gleanerhq/gleaner/internal/config"
	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/pipeline"
	"github.com/gleanerhq/gleaner/internal/store"
)

type runCmd struct {
	common        commonFlags
	ignoreBackoff bool
}

func (*runCmd) name() string { return "run" }
func (*runCmd) synopsis() string {
	return "fetch every due source once, store what is new, publish the feeds"
}

const runExample = `  # every 30 minutes from cron, JSON logs appended to a file:
  gleaner run --config /etc/gleaner/feeds.yaml --state /var/lib/gleaner/gleaner.db \
      --output /var/www/feeds --quiet --log-format json 2>>/var/log/gleaner.log`

func (c *runCmd) run(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "run [flags]", runExample)
	c.common.register(fs)
	fs.BoolVar(&c.ignoreBackoff, "ignore-backoff", false, "fetch sources that are backed off after failures too")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("run takes no arguments (got %q)", fs.Args())
	}
	log, err := c.common.logger(e.stderr)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(c.common.config)
	if err != nil {
		return err
	}
	return runOnce(ctx, e, log, cfg, c.common, c.ignoreBackoff)
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

// runOnce runs one batch with cfg and prints the summary line.
func runOnce(ctx context.Context, e *env, log *slog.Logger, cfg *config.Config, flags commonFlags, ignoreBackoff bool) error {
	plan := planFromConfig(cfg, flags.output)
	plan.IgnoreBackoff = ignoreBackoff
	fopts := fetchOptions(cfg, log)
	client, err := fetch.New(fopts)
	if err != nil {
		return usageErrorf("fetch settings: %v", err)
	}
	st, err := store.Open(ctx, flags.state)
	if err != nil {
		return fmt.Errorf("open state %s: %w", flags.state, err)
	}
	defer st.Close()

	runner := &pipeline.Runner{Fetcher: client, Store: st, Logger: log}
	rep, err := runner.Run(ctx, plan)
	if rep != nil {
		fmt.Fprintln(e.stderr, summary(rep, time.Now()))
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &exitError{code: ExitInterrupted, msg: "interrupted: what was fetched before the signal is stored and published"}
	}
	attempted := len(rep.Sources) - rep.Count(model.StatusBackedOff) - rep.Count(model.StatusSkipped)
	if attempted > 0 && rep.Count(model.StatusFailed) == attempted {
		return &exitError{code: ExitFailed, msg: fmt.Sprintf("every source failed (%d of %d); earlier items were published again", attempted, len(rep.Sources)),
			hint: "check the network and the errors above; 'gleaner run -v' says more"}
	}
	return nil
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
