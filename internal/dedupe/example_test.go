package dedupe_test

import (
	"fmt"
	"time"

	"github.com/gleanerhq/gleaner/internal/dedupe"
	"github.com/gleanerhq/gleaner/internal/model"
)

func ExampleCanonicalURL() {
	fmt.Println(dedupe.CanonicalURL("http://www.Example.org/news/story/amp/?utm_source=rss&id=7#top"))
	// Output: https://example.org/news/story?id=7
}

func ExampleGroups() {
	seen := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	items := []model.Item{
		{ID: "b1", SourceID: "barnabas", URL: "https://example.org/news/raid?fbclid=x", FirstSeen: seen.Add(time.Hour)},
		{ID: "o1", SourceID: "opendoors", URL: "https://www.example.org/news/raid/", FirstSeen: seen},
		{ID: "o2", SourceID: "opendoors", URL: "https://example.org/news/appeal", FirstSeen: seen},
	}
	for _, g := range dedupe.Groups(items) {
		credits := []string{g.Keep.SourceID}
		for _, o := range g.Others {
			credits = append(credits, o.SourceID)
		}
		fmt.Println(g.Keep.ID, credits)
	}
	// Output:
	// o1 [opendoors barnabas]
	// o2 [opendoors]
}
