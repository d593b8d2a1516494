package site_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/gleanerhq/gleaner/internal/site"
)

// ExampleWrite writes the site files twice: the second run finds them up
// to date and rewrites nothing.
func ExampleWrite() {
	dir, err := os.MkdirTemp("", "gleaner-site-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	d := site.Data{
		Title:   "News from our partners",
		BaseURL: "https://feeds.example.org/",
		Feeds: []site.FeedLink{
			{Path: "all", Title: "All news", Items: 1},
			{Path: "country/KP", Title: "North Korea", Items: 1},
		},
		Newest: []site.ItemLink{{
			Title:     "Church leaders released",
			URL:       "https://opendoors-uk.example/news/1",
			Source:    "Open Doors UK",
			Published: time.Date(2024, 3, 12, 9, 30, 0, 0, time.UTC),
			Countries: []string{"North Korea"},
		}},
		Updated: time.Date(2024, 3, 12, 9, 30, 0, 0, time.UTC),
	}
	for range 2 {
		written, unchanged, err := site.Write(context.Background(), dir, d)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("written:", written, "unchanged:", unchanged)
	}
	// Output:
	// written: [index.html feeds.opml feed.xsl embed.js] unchanged: []
	// written: [] unchanged: [index.html feeds.opml feed.xsl embed.js]
}

// ExampleStylesheetHref shows the href each feed's Stylesheet takes: the
// stylesheet at the top of the output directory, relative to the feed.
func ExampleStylesheetHref() {
	for _, path := range []string{"all", "prayer", "country/KP", "source/opendoors-uk"} {
		fmt.Println(path, "→", site.StylesheetHref(path))
	}
	// Output:
	// all → feed.xsl
	// prayer → feed.xsl
	// country/KP → ../feed.xsl
	// source/opendoors-uk → ../feed.xsl
}
