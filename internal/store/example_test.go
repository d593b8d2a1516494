package store_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/store"
)

// A second run over an unchanged feed writes nothing; an edited item is
// updated under the same ID.
func ExampleStore_UpsertItems() {
	ctx := context.Background()
	s, err := store.Open(ctx, ":memory:") // a file path in production
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	item := model.Item{
		ID:       model.ItemID("opendoors-uk", "guid-1"),
		SourceID: "opendoors-uk",
		Key:      "guid-1",
		Title:    "Pray for Nepal",
	}
	run1 := time.Date(2025, 3, 1, 6, 0, 0, 0, time.UTC)
	run2 := run1.Add(24 * time.Hour)

	res, _ := s.UpsertItems(ctx, []model.Item{item}, run1)
	fmt.Printf("run 1: %d new\n", res.New)
	res, _ = s.UpsertItems(ctx, []model.Item{item}, run2)
	fmt.Printf("run 2: %d unchanged\n", res.Unchanged)
	item.Title = "Pray for Nepal and Bhutan"
	res, _ = s.UpsertItems(ctx, []model.Item{item}, run2)
	fmt.Printf("run 2, edited: %d updated\n", res.Updated)

	items, _ := s.Items(ctx, store.Query{Sources: []string{"opendoors-uk"}})
	fmt.Println(items[0].Title, items[0].Published.Format(time.DateOnly), "(first seen; the feed gave no date)")
	// Output:
	// run 1: 1 new
	// run 2: 1 unchanged
	// run 2, edited: 1 updated
	// Pray for Nepal and Bhutan 2025-03-01 (first seen; the feed gave no date)
}
