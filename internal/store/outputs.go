package store

import (
	"context"
	"fmt"
)

// OutputFingerprints returns, for every output published so far, the
// fingerprint of what it was last rendered from (see PutOutputFingerprint).
func (s *Store) OutputFingerprints(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT path, fingerprint FROM outputs`)
	if err != nil {
		return nil, fmt.Errorf("store: output fingerprints: %w", err)
	}
	defer rows.Close()
	fps := make(map[string]string)
	for rows.Next() {
		var path, fp string
		if err := rows.Scan(&path, &fp); err != nil {
			return nil, fmt.Errorf("store: output fingerprints: %w", err)
		}
		fps[path] = fp
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: output fingerprints: %w", err)
	}
	return fps, nil
}

// PutOutputFingerprint records that the output at path was rendered from
// inputs whose digest is fp, so that a later run with the same inputs can
// skip rendering it.
func (s *Store) PutOutputFingerprint(ctx context.Context, path, fp string) error {
	_, err := s.w.ExecContext(ctx, `
INSERT INTO outputs (path, fingerprint) VALUES (?, ?)
ON CONFLICT (path) DO UPDATE SET fingerprint = excluded.fingerprint`, path, fp)
	if err != nil {
		return fmt.Errorf("store: put output fingerprint %s: %w", path, err)
	}
	return nil
}
