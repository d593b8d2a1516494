// Package report turns the outcome of a run into what monitoring reads:
// [Build] makes the [Status] that gleaner writes to output/status.json (and
// that 'gleaner status --json' prints), and [WriteMetrics] writes the same
// facts in the Prometheus text exposition format, for node_exporter's
// textfile collector.
//
// Both are pure: they read a [Run] and render bytes, deterministically, so
// they are tested against golden files. Writing the files (atomically) is
// the caller's job.
package report

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

// Run is everything the status and the metrics are made of.
type Run struct {
	// Report is the run's report. A zero Report (ID 0) means no run has
	// finished yet: the status then holds only the sources.
	Report model.RunReport `json:"report"`
	// Health is each source's standing after the run, from the store.
	Health []model.SourceHealth `json:"health"`
	// StoredItems counts the items the store holds per source.
	StoredItems map[string]int `json:"stored_items"`
	// Outcome is how the run ended; nil when unknown (a report read back
	// from the store).
	Outcome *Outcome `json:"outcome,omitempty"`
}

// Outcome is how a run ended, as its caller saw it.
type Outcome struct {
	ExitCode int `json:"exit_code"`
	// Deadline is the run's --max-duration; DeadlineReached says it cut
	// fetching short.
	Deadline        time.Duration `json:"deadline"`
	DeadlineReached bool          `json:"deadline_reached"`
}

// Status is the JSON document of output/status.json.
type Status struct {
	// LastRun is absent when no run has finished yet.
	LastRun *RunStatus     `json:"last_run,omitempty"`
	Sources []SourceStatus `json:"sources"`
}

// RunStatus summarises one run.
type RunStatus struct {
	ID              int64     `json:"id"`
	Started         time.Time `json:"started"`
	Finished        time.Time `json:"finished,omitzero"`
	DurationSeconds float64   `json:"duration_seconds"`
	// Success is whether the run exited 0: its feeds were published and
	// not every source it tried failed. ExitCode is the exit status. Both
	// are absent when unknown.
	Success         *bool  `json:"success,omitempty"`
	ExitCode        *int   `json:"exit_code,omitempty"`
	Published       bool   `json:"published"`
	DeadlineReached bool   `json:"deadline_reached"`
	MaxDuration     string `json:"max_duration,omitempty"`

	Sources        SourceCounts `json:"sources"`
	ItemsNew       int          `json:"items_new"`
	ItemsUpdated   int          `json:"items_updated"`
	FilesWritten   int          `json:"files_written"`
	FilesUnchanged int          `json:"files_unchanged"`
}

// SourceCounts counts a run's sources by how they fared.
type SourceCounts struct {
	Total       int `json:"total"`
	OK          int `json:"ok"`
	NotModified int `json:"not_modified"`
	Failed      int `json:"failed"`
	BackedOff   int `json:"backed_off"`
	Skipped     int `json:"skipped"`
}

// SourceStatus is one source: how it fared in the last run and its standing
// across runs.
type SourceStatus struct {
	ID string `json:"id"`
	// Status, HTTPStatus, ItemsFetched, New, Updated and DurationSeconds
	// are from the last run; Status is empty for a source the last run did
	// not include.
	Status          model.SourceStatus `json:"status,omitempty"`
	HTTPStatus      int                `json:"http_status,omitempty"`
	ItemsFetched    int                `json:"items_fetched"`
	New             int                `json:"new"`
	Updated         int                `json:"updated"`
	DurationSeconds float64            `json:"duration_seconds,omitempty"`
	// Error is the last run's error for this source or, when that run had
	// none to say (or did not include it), the last one stored.
	Error string `json:"error,omitempty"`
	// StoredItems is how many of its items the store holds.
	StoredItems int `json:"stored_items"`
	// LastSuccess, LastAttempt, ConsecutiveFailures and NextAttempt are the
	// store's health bookkeeping; NextAttempt is set while the source is
	// backed off.
	LastSuccess         time.Time `json:"last_success,omitzero"`
	LastAttempt         time.Time `json:"last_attempt,omitzero"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	NextAttempt         time.Time `json:"next_attempt,omitzero"`
}

// Statuses lists every source status, in the order reports show them.
var Statuses = []model.SourceStatus{
	model.StatusOK, model.StatusNotModified, model.StatusFailed, model.StatusBackedOff, model.StatusSkipped,
}

// Build makes the status of run: the last run's summary, then one entry
// per source of the report, in its order, followed by any source that has
// health but was not in the report, by ID.
func Build(run Run) Status {
	var st Status
	rep := run.Report
	if rep.ID != 0 || !rep.Started.IsZero() {
		st.LastRun = runStatus(run)
	}
	health := make(map[string]model.SourceHealth, len(run.Health))
	for _, h := range run.Health {
		health[h.SourceID] = h
	}
	seen := make(map[string]bool, len(rep.Sources))
	st.Sources = []SourceStatus{}
	for _, sr := range rep.Sources {
		seen[sr.SourceID] = true
		h, ok := health[sr.SourceID]
		s := SourceStatus{
			ID:              sr.SourceID,
			Status:          sr.Status,
			HTTPStatus:      sr.HTTPStatus,
			ItemsFetched:    sr.Items,
			New:             sr.New,
			Updated:         sr.Updated,
			DurationSeconds: seconds(sr.Duration),
			Error:           sr.Error,
			StoredItems:     run.StoredItems[sr.SourceID],
			NextAttempt:     utc(sr.NextAttempt),
		}
		if ok {
			addHealth(&s, h)
		}
		st.Sources = append(st.Sources, s)
	}
	var rest []model.SourceHealth
	for _, h := range run.Health {
		if !seen[h.SourceID] {
			rest = append(rest, h)
		}
	}
	slices.SortFunc(rest, func(a, b model.SourceHealth) int {
		switch {
		case a.SourceID < b.SourceID:
			return -1
		case a.SourceID > b.SourceID:
			return 1
		}
		return 0
	})
	for _, h := range rest {
		s := SourceStatus{ID: h.SourceID, StoredItems: run.StoredItems[h.SourceID]}
		addHealth(&s, h)
		st.Sources = append(st.Sources, s)
	}
	return st
}

func runStatus(run Run) *RunStatus {
	rep := run.Report
	newItems, updated := rep.Totals()
	rs := &RunStatus{
		ID:        rep.ID,
		Started:   utc(rep.Started),
		Finished:  utc(rep.Finished),
		Published: rep.Published,
		Sources: SourceCounts{
			Total:       len(rep.Sources),
			OK:          rep.Count(model.StatusOK),
			NotModified: rep.Count(model.StatusNotModified),
			Failed:      rep.Count(model.StatusFailed),
			BackedOff:   rep.Count(model.StatusBackedOff),
			Skipped:     rep.Count(model.StatusSkipped),
		},
		ItemsNew:       newItems,
		ItemsUpdated:   updated,
		FilesWritten:   len(rep.FilesWritten),
		FilesUnchanged: rep.FilesKept,
	}
	if !rep.Finished.IsZero() {
		rs.DurationSeconds = seconds(rep.Finished.Sub(rep.Started))
	}
	if o := run.Outcome; o != nil {
		ok := o.ExitCode == 0
		code := o.ExitCode
		rs.Success, rs.ExitCode = &ok, &code
		rs.DeadlineReached = o.DeadlineReached
		if o.Deadline > 0 {
			rs.MaxDuration = o.Deadline.String()
		}
	}
	return rs
}

// addHealth fills in what the store knows about a source across runs.
func addHealth(s *SourceStatus, h model.SourceHealth) {
	s.LastSuccess = utc(h.LastSuccess)
	s.LastAttempt = utc(h.LastAttempt)
	s.ConsecutiveFailures = h.Failures
	s.NextAttempt = utc(h.NextAttempt)
	if s.Error == "" {
		s.Error = h.LastError
	}
}

// JSON renders the status of run as indented JSON ending in a newline.
func JSON(run Run) ([]byte, error) {
	b, err := json.MarshalIndent(Build(run), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// seconds is d in seconds, rounded to the millisecond: enough for people
// and monitoring, and stable in golden files.
func seconds(d time.Duration) float64 {
	return d.Round(time.Millisecond).Seconds()
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
