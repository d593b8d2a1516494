package store

import (
	"context"
	"fmt"
)

// CountItemsBySource returns how many items the store holds for each
// source that has any; a source without items is absent from the map.
func (s *Store) CountItemsBySource(ctx context.Context) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT source_id, count(*) FROM items GROUP BY source_id`)
	if err != nil {
		return nil, fmt.Errorf("store: count items by source: %w", err)
	}
	defer rows.Close()
	counts := make(map[string]int)
	for rows.Next() {
		var (
			id string
			n  int
		)
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: count items by source: %w", err)
		}
		counts[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count items by source: %w", err)
	}
	return counts, nil
}
