package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/gleanerhq/gleaner/internal/model"
	runreport "github.com/gleanerhq/gleaner/internal/report"
	"github.com/gleanerhq/gleaner/internal/store"
)

type statusCmd struct {
	state string
	json  bool
	// now is the clock for relative times; time.Now when nil.
	now func() time.Time
}

func (*statusCmd) name() string { return "status" }
func (*statusCmd) synopsis() string {
	return "show each source's health from the state database: last success, failures, backoff"
}

const statusExample = `  gleaner status --state /var/lib/gleaner/gleaner.db
  gleaner status --json | jq '.sources[] | select(.consecutive_failures > 0)'`

// lastErrorRunes caps the last error in the table; --json has it whole.
const lastErrorRunes = 60

func (c *statusCmd) run(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "status [flags]", statusExample)
	fs.StringVar(&c.state, "state", "gleaner.db", "path of the SQLite state `database`")
	fs.BoolVar(&c.json, "json", false, "print the status as JSON (the shape of output/status.json)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("status takes no arguments (got %q)", fs.Args())
	}
	run, err := c.load(ctx)
	if err != nil {
		return err
	}
	if c.json {
		data, err := runreport.JSON(run)
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(data)
		return err
	}
	now := time.Now()
	if c.now != nil {
		now = c.now()
	}
	return printStatus(e.stdout, runreport.Build(run), now)
}

// load reads the last run, every source's health and the stored item
// counts. A missing database is an error: Open would create an empty one.
func (c *statusCmd) load(ctx context.Context) (runreport.Run, error) {
	if _, err := os.Stat(c.state); errors.Is(err, fs.ErrNotExist) {
		return runreport.Run{}, &exitError{code: ExitFailed,
			msg:  fmt.Sprintf("no state database at %s", c.state),
			hint: "pass --state with the path 'gleaner run' uses, or run 'gleaner run' first"}
	} else if err != nil {
		return runreport.Run{}, fmt.Errorf("state %s: %w", c.state, err)
	}
	st, err := store.Open(ctx, c.state)
	if err != nil {
		return runreport.Run{}, fmt.Errorf("open state %s: %w", c.state, err)
	}
	defer st.Close()
	var run runreport.Run
	if run.Report, _, err = st.LastRun(ctx); err != nil {
		return run, err
	}
	if run.Health, err = st.AllHealth(ctx); err != nil {
		return run, err
	}
	if run.StoredItems, err = st.CountItemsBySource(ctx); err != nil {
		return run, err
	}
	return run, nil
}

// printStatus prints the last run's summary and a table of the sources.
func printStatus(w io.Writer, st runreport.Status, now time.Time) error {
	if r := st.LastRun; r != nil {
		fmt.Fprintf(w, "last run: %s, took %s; %d sources: %d ok, %d not modified, %d failed, %d backed off, %d skipped; items: %d new, %d updated\n",
			when(r.Started, now), time.Duration(r.DurationSeconds*float64(time.Second)).Round(time.Millisecond),
			r.Sources.Total, r.Sources.OK, r.Sources.NotModified, r.Sources.Failed, r.Sources.BackedOff, r.Sources.Skipped,
			r.ItemsNew, r.ItemsUpdated)
	} else {
		fmt.Fprintln(w, "last run: none has finished yet")
	}
	if len(st.Sources) == 0 {
		fmt.Fprintln(w, "no sources yet: 'gleaner run' records them")
		return nil
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tLAST SUCCESS\tFAILURES\tBACKOFF UNTIL\tITEMS\tLAST ERROR")
	for _, s := range st.Sources {
		success := "never"
		if !s.LastSuccess.IsZero() {
			success = when(s.LastSuccess, now)
		}
		backoff := "-"
		if s.NextAttempt.After(now) {
			backoff = when(s.NextAttempt, now)
		}
		lastErr := "-"
		if s.Error != "" && s.Status != model.StatusOK && s.Status != model.StatusNotModified {
			lastErr = truncate(s.Error, lastErrorRunes)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%s\n", s.ID, success, s.ConsecutiveFailures, backoff, s.StoredItems, lastErr)
	}
	return tw.Flush()
}

// when is t relative to now and absolute, in local time:
// "3m ago (2026-04-01 12:00)" or "in 25m (2026-04-01 12:30)".
func when(t, now time.Time) string {
	abs := t.In(now.Location()).Format("2006-01-02 15:04")
	d := now.Sub(t)
	if d < 0 {
		return "in " + roughDuration(-d) + " (" + abs + ")"
	}
	return roughDuration(d) + " ago (" + abs + ")"
}

// roughDuration is d in its largest whole unit: "45s", "12m", "5h", "3d".
func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

// truncate puts s on one line and cuts it to n runes, marking the cut.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
