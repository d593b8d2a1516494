package pipeline

import (
	"github.com/gleanerhq/gleaner/internal/feed"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/sanitize"
)

// parseFeed turns fetched bytes into the feed's metadata and items.
func parseFeed(body []byte, src model.Source, finalURL string) (model.FeedMeta, []model.Item, error) {
	return feed.Parse(body, feed.Options{SourceID: src.ID, URL: finalURL, Language: src.Language})
}

// prepareItem sanitises an item's HTML before it is stored: nothing
// unsanitised is ever kept, so nothing unsanitised can be republished.
func prepareItem(it *model.Item) {
	it.Summary = sanitize.HTML(it.Summary, it.URL)
	it.Content = sanitize.HTML(it.Content, it.URL)
}
