// Package store keeps gleaner's state between cron runs in one SQLite file:
// the items every partner has published, the per-URL HTTP validators
// ([model.FetchState]), each source's health and feed metadata
// ([model.SourceHealth]) and a report of every run ([model.RunReport]).
//
// Call [Open] first; it creates the file if needed, switches it to WAL mode
// and applies the schema migrations. Every method is safe for concurrent use
// by the pipeline's per-source goroutines.
//
// # Incremental runs
//
// [Store.UpsertItems] is what makes a run incremental. An item is keyed by
// its stable ID ([model.ItemID]) and carries a content hash
// ([model.Item.ContentHash]) computed on the item as the feed gave it:
//
//   - a new ID is inserted, with FirstSeen and LastChanged set to the run's
//     time, and Published set to that time when the feed gave none;
//   - a known ID with the same hash is left alone: the row is not written
//     at all, so a re-run over unchanged feeds writes nothing;
//   - a known ID with a different hash is updated in place, keeping
//     FirstSeen and, when the feed now gives no date, the stored Published.
//
// Items are never deleted by an upsert, so a source that empties or fails
// keeps what it published; [Store.Prune] removes items by age.
// [Store.ItemHashes] lets a stage skip expensive work (full-text fetches)
// for items the store already holds unchanged.
//
// # Storage
//
// Times are stored as fixed-width UTC RFC 3339 text with nanoseconds, which
// sorts chronologically and round-trips exactly; a zero time is NULL, and a
// time outside the years 0000-9999 is an error. Times come back in UTC. Authors, categories and enclosures are JSON columns; a
// nil slice is NULL and comes back nil.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// ErrSchemaTooNew is returned by [Open] when the database was written by a
// newer gleaner whose schema this binary does not know.
var ErrSchemaTooNew = errors.New("database schema is newer than this gleaner")

// busyTimeout is how long a connection waits for a lock held by another
// process (a manual "gleaner publish" during a cron run, say) before
// failing with SQLITE_BUSY. Within one process the pools below keep
// connections from contending at all.
const busyTimeout = 10 * time.Second

// maxReaders bounds the read pool. Reads are short (one query each) and the
// host has few cores; a handful lets curation read while a source writes.
const maxReaders = 4

// Store is an open gleaner database. Its methods are safe for concurrent use.
//
// Concurrency: SQLite allows one writer at a time, and a second connection
// that tries to write while another holds the write lock gets SQLITE_BUSY
// (or waits for busy_timeout, and may still fail when a deferred
// transaction has to upgrade from reading to writing). So every write goes
// through w, a pool of exactly one connection: concurrent writers queue in
// database/sql, waiting on their context, instead of racing for the lock
// inside SQLite. Write transactions begin IMMEDIATE, so even a writer in
// another process is waited for up front rather than failing mid-way.
// Reads go through r, a separate small pool: in WAL mode readers never
// block the writer and the writer never blocks readers, so the pipeline's
// lookups (ItemHashes, FetchState) proceed while another source's batch is
// being written. The read connections are query_only, so a write sent to
// the wrong pool fails loudly. An in-memory database exists per connection,
// so ":memory:" uses one connection for both.
type Store struct {
	w *sql.DB // the single writer connection
	r *sql.DB // read pool; == w for ":memory:"
}

// Open opens the database at path, creating the file (not its directory)
// if it does not exist, and migrates it to the current schema. The path
// ":memory:" opens a private in-memory database, for tests.
//
// Open fails with an error wrapping [ErrSchemaTooNew] when the file comes
// from a newer gleaner. Close the Store when done.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: open: empty path")
	}
	memory := path == ":memory:"
	name := path
	if !memory {
		var err error
		if name, err = fileURI(path); err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
	}
	pragmas := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)",
		busyTimeout.Milliseconds())

	w, err := sql.Open("sqlite", name+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0) // closing the connection would lose a :memory: database
	w.SetConnMaxIdleTime(0)
	s := &Store{w: w, r: w}

	if !memory {
		var mode string
		if err := w.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		if !strings.EqualFold(mode, "wal") {
			w.Close()
			return nil, fmt.Errorf("store: open %s: cannot enable WAL mode (journal mode is %q)", path, mode)
		}
	}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if !memory {
		r, err := sql.Open("sqlite", name+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		r.SetMaxOpenConns(maxReaders)
		r.SetMaxIdleConns(maxReaders)
		if err := r.PingContext(ctx); err != nil {
			r.Close()
			w.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		s.r = r
	}
	return s, nil
}

// fileURI turns a file path into a SQLite URI, so that a path holding '?',
// '#' or '%' is not mistaken for URI syntax.
func fileURI(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter: file:/C:/…
	}
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p), nil
}

// Close closes the database. Pending writes have been committed by the
// methods that made them; Close checkpoints the WAL into the main file.
func (s *Store) Close() error {
	var errR error
	if s.r != s.w {
		errR = s.r.Close()
	}
	if err := errors.Join(errR, s.w.Close()); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check and returns nil when
// it reports "ok", else an error listing (the first of) its findings.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("store: integrity check: %w", err)
		}
		found = append(found, line)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if len(found) == 1 && found[0] == "ok" {
		return nil
	}
	return fmt.Errorf("store: integrity check failed: %s", strings.Join(found, "; "))
}

// timeLayout is fixed-width (always nine fractional digits, always "Z") so
// that stored times compare as text in chronological order; RFC3339Nano
// trims trailing zeros and would sort "…:05.5Z" before "…:05Z".
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// timeArg encodes t for storage: NULL when zero, else UTC text.
func timeArg(t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	u := t.UTC()
	if y := u.Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("time %s is outside the storable years 0000-9999", u.Format(time.RFC3339))
	}
	return u.Format(timeLayout), nil
}

// timeCol scans a column written by timeArg into *t.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case time.Time:
		*c.t = v.UTC()
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*c.t = t.UTC()
	return nil
}
