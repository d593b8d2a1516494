package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gleanerhq/gleaner/internal/model"
)

// FetchState returns what the store remembers about fetching url. For a URL
// never stored it returns the zero FetchState with URL set, and no error.
func (s *Store) FetchState(ctx context.Context, url string) (model.FetchState, error) {
	st := model.FetchState{URL: url}
	err := s.r.QueryRowContext(ctx, `
SELECT etag, last_modified, permanent_url, last_status, last_fetched
FROM fetch_state WHERE url = ?`, url).Scan(
		&st.ETag, &st.LastModified, &st.PermanentURL, &st.LastStatus, timeCol{&st.LastFetched})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.FetchState{URL: url}, nil
	case err != nil:
		return model.FetchState{URL: url}, fmt.Errorf("store: fetch state %s: %w", url, err)
	}
	return st, nil
}

// FetchStates is [Store.FetchState] for many URLs in one query: every URL
// of urls is in the map, with the zero FetchState when never stored.
func (s *Store) FetchStates(ctx context.Context, urls []string) (map[string]model.FetchState, error) {
	states := make(map[string]model.FetchState, len(urls))
	for _, u := range urls {
		states[u] = model.FetchState{URL: u}
	}
	if len(urls) == 0 {
		return states, nil
	}
	err := s.eachIn(ctx, `
SELECT url, etag, last_modified, permanent_url, last_status, last_fetched
FROM fetch_state WHERE url IN (SELECT value FROM json_each(?))`, urls, func(rows *sql.Rows) error {
		var st model.FetchState
		if err := rows.Scan(&st.URL, &st.ETag, &st.LastModified, &st.PermanentURL, &st.LastStatus, timeCol{&st.LastFetched}); err != nil {
			return err
		}
		states[st.URL] = st
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: fetch states: %w", err)
	}
	return states, nil
}

// PutFetchState stores st, replacing what was stored for st.URL.
func (s *Store) PutFetchState(ctx context.Context, st model.FetchState) error {
	return s.PutFetchStates(ctx, []model.FetchState{st})
}

// PutFetchStates stores each of sts as PutFetchState does, all in one
// transaction: all of them or, on error, none.
func (s *Store) PutFetchStates(ctx context.Context, sts []model.FetchState) error {
	if len(sts) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: put fetch state: %w", err)
	}
	defer tx.Rollback()
	for _, st := range sts {
		if st.URL == "" {
			return errors.New("store: put fetch state: empty URL")
		}
		fetched, err := timeArg(st.LastFetched)
		if err != nil {
			return fmt.Errorf("store: put fetch state %s: last fetched: %w", st.URL, err)
		}
		if _, err := tx.ExecContext(ctx, putFetchStateSQL,
			st.URL, st.ETag, st.LastModified, st.PermanentURL, st.LastStatus, fetched); err != nil {
			return fmt.Errorf("store: put fetch state %s: %w", st.URL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: put fetch state: %w", err)
	}
	return nil
}

const putFetchStateSQL = `
INSERT INTO fetch_state (url, etag, last_modified, permanent_url, last_status, last_fetched)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET
	etag = excluded.etag, last_modified = excluded.last_modified,
	permanent_url = excluded.permanent_url, last_status = excluded.last_status,
	last_fetched = excluded.last_fetched`

// Health returns the stored health and feed metadata of a source. For a
// source never stored it returns the zero SourceHealth with SourceID set,
// and no error.
func (s *Store) Health(ctx context.Context, sourceID string) (model.SourceHealth, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+healthColumns+` FROM sources WHERE id = ?`, sourceID)
	h, err := scanHealth(row.Scan)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.SourceHealth{SourceID: sourceID}, nil
	case err != nil:
		return model.SourceHealth{SourceID: sourceID}, fmt.Errorf("store: health of source %s: %w", sourceID, err)
	}
	return h, nil
}

// PutHealth stores h, replacing what was stored for h.SourceID. Meta is
// stored as JSON, so an empty (non-nil) Meta.Authors comes back nil.
func (s *Store) PutHealth(ctx context.Context, h model.SourceHealth) error {
	if h.SourceID == "" {
		return errors.New("store: put health: empty source ID")
	}
	var (
		args [3]any // last_success, last_attempt, next_attempt
		err  error
	)
	if args[0], err = timeArg(h.LastSuccess); err != nil {
		return fmt.Errorf("store: put health of source %s: last success: %w", h.SourceID, err)
	}
	if args[1], err = timeArg(h.LastAttempt); err != nil {
		return fmt.Errorf("store: put health of source %s: last attempt: %w", h.SourceID, err)
	}
	if args[2], err = timeArg(h.NextAttempt); err != nil {
		return fmt.Errorf("store: put health of source %s: next attempt: %w", h.SourceID, err)
	}
	meta, err := json.Marshal(h.Meta)
	if err != nil {
		return fmt.Errorf("store: put health of source %s: meta: %w", h.SourceID, err)
	}
	_, err = s.w.ExecContext(ctx, `
INSERT INTO sources (id, last_success, last_attempt, last_error, failures, next_attempt, meta)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
	last_success = excluded.last_success, last_attempt = excluded.last_attempt,
	last_error = excluded.last_error, failures = excluded.failures,
	next_attempt = excluded.next_attempt, meta = excluded.meta`,
		h.SourceID, args[0], args[1], h.LastError, h.Failures, args[2], string(meta))
	if err != nil {
		return fmt.Errorf("store: put health of source %s: %w", h.SourceID, err)
	}
	return nil
}

// AllHealth returns the stored health of every source, ordered by source ID.
func (s *Store) AllHealth(ctx context.Context) ([]model.SourceHealth, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+healthColumns+` FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: all health: %w", err)
	}
	defer rows.Close()
	var all []model.SourceHealth
	for rows.Next() {
		h, err := scanHealth(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("store: all health: %w", err)
		}
		all = append(all, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: all health: %w", err)
	}
	return all, nil
}

const healthColumns = `id, last_success, last_attempt, last_error, failures, next_attempt, meta`

func scanHealth(scan func(...any) error) (model.SourceHealth, error) {
	var (
		h    model.SourceHealth
		meta string
	)
	err := scan(&h.SourceID, timeCol{&h.LastSuccess}, timeCol{&h.LastAttempt}, &h.LastError,
		&h.Failures, timeCol{&h.NextAttempt}, &meta)
	if err != nil {
		return h, err
	}
	if err := json.Unmarshal([]byte(meta), &h.Meta); err != nil {
		return h, fmt.Errorf("source %s: meta: %w", h.SourceID, err)
	}
	return h, nil
}
