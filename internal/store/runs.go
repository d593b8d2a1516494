package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

// StartRun records that a run began at started and returns its ID, to be
// set as the ID of the report given to [Store.FinishRun].
func (s *Store) StartRun(ctx context.Context, started time.Time) (int64, error) {
	if started.IsZero() {
		return 0, errors.New("store: start run: zero start time")
	}
	arg, err := timeArg(started)
	if err != nil {
		return 0, fmt.Errorf("store: start run: %w", err)
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO runs (started) VALUES (?)`, arg)
	if err != nil {
		return 0, fmt.Errorf("store: start run: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: start run: %w", err)
	}
	return id, nil
}

// FinishRun stores the report of the run r.ID (from [Store.StartRun]): the
// whole report as JSON, with its times in UTC, plus summary columns (source
// counts by status, new and updated items, files written) for a quick look
// with the sqlite3 shell. Finishing a run twice replaces its report.
func (s *Store) FinishRun(ctx context.Context, r model.RunReport) error {
	if r.ID <= 0 {
		return fmt.Errorf("store: finish run %d: not an ID from StartRun", r.ID)
	}
	r = utcReport(r)
	report, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store: finish run %d: %w", r.ID, err)
	}
	finished, err := timeArg(r.Finished)
	if err != nil {
		return fmt.Errorf("store: finish run %d: finished: %w", r.ID, err)
	}
	newItems, updated := r.Totals()
	res, err := s.w.ExecContext(ctx, `
UPDATE runs SET
	finished = ?, sources_ok = ?, sources_not_modified = ?, sources_failed = ?,
	sources_backed_off = ?, sources_skipped = ?, items_new = ?, items_updated = ?,
	files_written = ?, published = ?, report = ?
WHERE id = ?`,
		finished, r.Count(model.StatusOK), r.Count(model.StatusNotModified), r.Count(model.StatusFailed),
		r.Count(model.StatusBackedOff), r.Count(model.StatusSkipped), newItems, updated,
		len(r.FilesWritten), r.Published, string(report), r.ID)
	if err != nil {
		return fmt.Errorf("store: finish run %d: %w", r.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: finish run %d: %w", r.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("store: finish run %d: no such run", r.ID)
	}
	return nil
}

// utcReport returns a copy of r with every time in UTC, so that the stored
// JSON round-trips exactly; r's Sources are not modified.
func utcReport(r model.RunReport) model.RunReport {
	r.Started = utc(r.Started)
	r.Finished = utc(r.Finished)
	r.Sources = slices.Clone(r.Sources)
	for i := range r.Sources {
		r.Sources[i].NextAttempt = utc(r.Sources[i].NextAttempt)
	}
	return r
}

// utc converts t to UTC, leaving the zero time as it is.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// LastRun returns the report of the most recent finished run, and false
// when no run has finished yet. A run that was started but never finished
// (the process died) is skipped.
func (s *Store) LastRun(ctx context.Context) (model.RunReport, bool, error) {
	var (
		id      int64
		started time.Time
		report  string
	)
	err := s.r.QueryRowContext(ctx, `
SELECT id, started, report FROM runs WHERE report IS NOT NULL ORDER BY id DESC LIMIT 1`).Scan(
		&id, timeCol{&started}, &report)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.RunReport{}, false, nil
	case err != nil:
		return model.RunReport{}, false, fmt.Errorf("store: last run: %w", err)
	}
	var r model.RunReport
	if err := json.Unmarshal([]byte(report), &r); err != nil {
		return model.RunReport{}, false, fmt.Errorf("store: last run %d: report: %w", id, err)
	}
	r.ID = id
	if r.Started.IsZero() {
		r.Started = started
	}
	return r, true, nil
}
