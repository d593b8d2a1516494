package store

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

func TestCountItemsBySource(t *testing.T) {
	bothKinds(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		got, err := s.CountItemsBySource(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("empty store: got %v, want an empty map", got)
		}
		now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
		items := []model.Item{
			testItem("a", "1", now), testItem("a", "2", now), testItem("a", "3", now),
			testItem("b", "1", now),
		}
		if _, err := s.UpsertItems(ctx, items, now); err != nil {
			t.Fatal(err)
		}
		got, err = s.CountItemsBySource(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"a": 3, "b": 1}; !maps.Equal(got, want) {
			t.Errorf("CountItemsBySource = %v, want %v", got, want)
		}
	})
}
