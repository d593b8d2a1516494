package store

import (
	"context"
	"fmt"
)

// migrations are the schema's versions, applied in order. migrations[i]
// takes the database from user_version i to i+1. Never edit or reorder a
// step that has shipped: append a new one.
var migrations = []string{
	// 1: the initial schema.
	`
CREATE TABLE fetch_state (
	url           TEXT PRIMARY KEY,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	permanent_url TEXT NOT NULL DEFAULT '',
	last_status   INTEGER NOT NULL DEFAULT 0,
	last_fetched  TEXT
) STRICT;

CREATE TABLE sources (
	id           TEXT PRIMARY KEY,
	last_success TEXT,
	last_attempt TEXT,
	last_error   TEXT NOT NULL DEFAULT '',
	failures     INTEGER NOT NULL DEFAULT 0,
	next_attempt TEXT,
	meta         TEXT NOT NULL DEFAULT '{}' -- model.FeedMeta as JSON
) STRICT;

CREATE TABLE items (
	id            TEXT PRIMARY KEY,
	source_id     TEXT NOT NULL,
	"key"         TEXT NOT NULL,
	url           TEXT NOT NULL,
	title         TEXT NOT NULL,
	summary       TEXT NOT NULL,
	content       TEXT NOT NULL,
	language      TEXT NOT NULL,
	image_url     TEXT NOT NULL,
	full_content  INTEGER NOT NULL,
	authors       TEXT, -- JSON; NULL for a nil slice
	categories    TEXT, -- JSON; NULL for a nil slice
	enclosures    TEXT, -- JSON; NULL for a nil slice
	published     TEXT NOT NULL,
	published_raw TEXT NOT NULL,
	updated       TEXT, -- NULL when the partner gives none
	updated_raw   TEXT NOT NULL,
	first_seen    TEXT NOT NULL,
	last_changed  TEXT NOT NULL,
	hash          TEXT NOT NULL, -- ContentHash of the item as its feed gave it
	prayer        TEXT, -- JSON []model.PrayerList; NULL for none
	countries     TEXT  -- JSON []string; NULL for none
) STRICT;

-- Newest first, ties by ID: the order of every curated feed.
CREATE INDEX items_published ON items (published DESC, id);
-- Per-source feeds, in the same order.
CREATE INDEX items_source ON items (source_id, published DESC, id);

CREATE TABLE runs (
	id                   INTEGER PRIMARY KEY AUTOINCREMENT,
	started              TEXT NOT NULL,
	finished             TEXT,
	sources_ok           INTEGER NOT NULL DEFAULT 0,
	sources_not_modified INTEGER NOT NULL DEFAULT 0,
	sources_failed       INTEGER NOT NULL DEFAULT 0,
	sources_backed_off   INTEGER NOT NULL DEFAULT 0,
	sources_skipped      INTEGER NOT NULL DEFAULT 0,
	items_new            INTEGER NOT NULL DEFAULT 0,
	items_updated        INTEGER NOT NULL DEFAULT 0,
	files_written        INTEGER NOT NULL DEFAULT 0,
	published            INTEGER NOT NULL DEFAULT 0,
	report               TEXT -- model.RunReport as JSON; NULL until the run finishes
) STRICT;
`,
	// 2: what each published output was last rendered from.
	`
CREATE TABLE outputs (
	path        TEXT PRIMARY KEY, -- output path without extension: "all", "source/x"
	fingerprint TEXT NOT NULL
) STRICT;
`,
	// 3: each item's text fingerprint (model.Item.Fingerprint, a uint64
	// stored as its int64 bits), so that publishing finds duplicates
	// without reading the text. NULL until computed: rows stored before
	// this version are filled by BackfillFingerprints.
	`
ALTER TABLE items ADD COLUMN fingerprint INTEGER;
CREATE INDEX items_no_fingerprint ON items (id) WHERE fingerprint IS NULL;
`,
}

// migrate brings the database up to len(migrations). Each step runs in its
// own IMMEDIATE transaction together with its user_version bump, and
// re-reads the version inside that transaction, so two processes opening a
// fresh file at once cannot both apply a step.
func (s *Store) migrate(ctx context.Context) error {
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next pending migration, reporting done when
// there is none.
func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()

	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return false, fmt.Errorf("migrate: read schema version: %w", err)
	}
	switch {
	case version > len(migrations):
		return false, fmt.Errorf("%w: database is at schema version %d, this gleaner knows up to %d (upgrade gleaner)",
			ErrSchemaTooNew, version, len(migrations))
	case version == len(migrations):
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", version+1, err)
	}
	// PRAGMA takes no parameters; version is an int we control.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version+1)); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", version+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", version+1, err)
	}
	return false, nil
}
