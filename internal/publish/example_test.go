package publish_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/publish"
)

// ExampleWrite publishes a feed twice: the second run finds every file
// already up to date and rewrites nothing.
func ExampleWrite() {
	dir, err := os.MkdirTemp("", "gleaner-output-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	url := "https://opendoors-uk.example/news/1"
	f := &publish.Feed{
		Path:      "source/opendoors-uk",
		Title:     "Open Doors UK",
		BaseURL:   "https://feeds.example.org/",
		Language:  "en",
		Generator: "gleaner 1.2.0",
		Entries: []publish.Entry{{
			ID:          model.ItemID("opendoors-uk", url),
			URL:         url,
			Title:       "Church rebuilt after the floods",
			ContentHTML: "<p>The church reopened on Sunday.</p>",
			ContentText: "The church reopened on Sunday.",
			Categories:  []string{"News", "Nigeria"},
			Published:   time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC),
			Source:      publish.Source{ID: "opendoors-uk", Name: "Open Doors UK"},
		}},
	}
	for range 2 {
		res, err := publish.Write(context.Background(), dir, f)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("written %v, unchanged %v\n", res.Written, res.Unchanged)
	}
	// Output:
	// written [source/opendoors-uk.atom source/opendoors-uk.rss source/opendoors-uk.json], unchanged []
	// written [], unchanged [source/opendoors-uk.atom source/opendoors-uk.rss source/opendoors-uk.json]
}
