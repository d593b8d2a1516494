package pipeline

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"strings"

	"github.com/gleanerhq/gleaner/internal/feed"
	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/listing"
	"github.com/gleanerhq/gleaner/internal/model"
)

// formatListing is the FeedMeta.Format of a source read from its listing
// page.
const formatListing = "html listing"

// defaultMaxPages is how many listing pages (the first and its "next"
// pages) a page source reads when feeds.yaml does not say.
const defaultMaxPages = 3

// maxListingEntries caps the articles taken from one listing page: a page
// with ten thousand links must not become ten thousand fetches.
const maxListingEntries = 100

// listingFormat is the FeedMeta.Format of a source read as a listing page.
const listingFormat = "html listing"

// fetchSource fetches a source's URL conditionally and reads what came
// back: a feed, or a listing page whose article links become items. prev
// is what the source was last time it was read. res is the response to the
// source URL; nil when none was had.
func (r *Runner) fetchSource(ctx context.Context, src model.Source, prev model.FeedMeta, log *slog.Logger) (items []model.Item, meta model.FeedMeta, res *fetch.Response, err error) {
	res, err = r.conditionalFetch(ctx, src.URL, src)
	if err != nil || res.NotModified {
		return nil, meta, res, err
	}
	isPage := src.Type == model.TypePage || (src.Type == model.TypeAuto && feed.Detect(res.Body) == feed.KindHTML)
	if !isPage {
		r.compute(func() {
			meta, items, err = feed.Parse(res.Body, feed.Options{SourceID: src.ID, URL: res.URL, Language: src.Language})
		})
		if err != nil {
			return nil, meta, res, fmt.Errorf("source %s: %s: %w", src.ID, res.URL, err)
		}
		return items, meta, res, nil
	}
	// A source that was read as a feed and now serves HTML is most likely
	// showing an error page with a 200: guessing articles from its links
	// would publish whatever the page links to.
	wasFeed := src.Type == model.TypeAuto && prev.Format != "" && prev.Format != listingFormat
	items, meta, err = r.readListing(ctx, src, res, wasFeed, log)
	return items, meta, res, err
}

// conditionalFetch fetches url with the validators stored for it, asking a
// permanent redirect's target directly, and records the new validators
// only after the caller has stored what it read (see saveFetchState).
func (r *Runner) conditionalFetch(ctx context.Context, url string, src model.Source) (*fetch.Response, error) {
	st, err := r.Store.FetchState(context.WithoutCancel(ctx), url)
	if err != nil {
		return nil, fatal(err)
	}
	return r.fetchWith(ctx, st, src)
}

// fetchWith fetches st.URL with the validators of st.
func (r *Runner) fetchWith(ctx context.Context, st model.FetchState, src model.Source) (*fetch.Response, error) {
	req := fetch.Request{URL: st.URL, ETag: st.ETag, LastModified: st.LastModified, Timeout: src.Timeout, AllowPrivate: src.AllowPrivate}
	if st.PermanentURL != "" {
		req.URL = st.PermanentURL
	}
	res, err := r.Fetcher.Fetch(ctx, req)
	if err != nil {
		return nil, err
	}
	if res.PermanentURL == "" && st.PermanentURL != "" && res.URL == st.PermanentURL {
		res.PermanentURL = st.PermanentURL
	}
	return res, nil
}

// saveFetchState records the validators of a response to url.
func (r *Runner) saveFetchState(ctx context.Context, url string, res *fetch.Response) error {
	if err := r.Store.PutFetchState(context.WithoutCancel(ctx), r.fetchState(url, res)); err != nil {
		return fatal(err)
	}
	return nil
}

// fetchState is what to remember of a response to url.
func (r *Runner) fetchState(url string, res *fetch.Response) model.FetchState {
	return model.FetchState{
		URL:          url,
		ETag:         res.ETag,
		LastModified: res.LastModified,
		PermanentURL: res.PermanentURL,
		LastStatus:   res.StatusCode,
		LastFetched:  r.now(),
	}
}

// readListing turns a listing page, and up to MaxPages-1 of its "next"
// pages, into items. When the page advertises a feed, the feed is read
// instead. With feedOnly, a page that advertises no feed is an error
// wrapping feed.ErrNotFeed.
func (r *Runner) readListing(ctx context.Context, src model.Source, res *fetch.Response, feedOnly bool, log *slog.Logger) ([]model.Item, model.FeedMeta, error) {
	meta := model.FeedMeta{HomeURL: res.URL, FeedURL: res.URL, Format: listingFormat, Language: src.Language}
	sel := listing.Selectors{
		Item: src.Listing.Item, Link: src.Listing.Link, Title: src.Listing.Title,
		Date: src.Listing.Date, DateLayout: src.Listing.DateLayout,
	}
	var page *listing.Page
	var err error
	r.compute(func() { page, err = listing.Parse(res.Body, res.URL, sel, maxListingEntries) })
	if feedOnly && (page == nil || page.FeedURL == "") {
		return nil, meta, fmt.Errorf("source %s: %s: %w: looks like an HTML page where there was a feed before (hint: if it is a listing page now, set type: page in feeds.yaml)",
			src.ID, res.URL, feed.ErrNotFeed)
	}
	if err != nil {
		return nil, meta, fmt.Errorf("source %s: %w", src.ID, err)
	}
	if page.FeedURL != "" && sel.Item == "" {
		log.Info("listing page advertises a feed; reading the feed instead (set type: feed and this url in feeds.yaml to skip the page)", keyURL, page.FeedURL)
		fres, err := r.Fetcher.Fetch(ctx, fetch.Request{URL: page.FeedURL, Timeout: src.Timeout, AllowPrivate: src.AllowPrivate})
		if err != nil {
			return nil, meta, fmt.Errorf("source %s: advertised feed: %w", src.ID, err)
		}
		var fmeta model.FeedMeta
		var items []model.Item
		r.compute(func() {
			fmeta, items, err = feed.Parse(fres.Body, feed.Options{SourceID: src.ID, URL: fres.URL, Language: src.Language})
		})
		if err != nil {
			return nil, meta, fmt.Errorf("source %s: advertised feed %s: %w", src.ID, fres.URL, err)
		}
		return items, fmeta, nil
	}

	maxPages := src.Listing.MaxPages
	if maxPages <= 0 {
		maxPages = defaultMaxPages
	}
	entries := page.Entries
	seen := map[string]bool{res.URL: true}
	for next, n := page.NextURL, 1; next != "" && n < maxPages && !seen[next]; n++ {
		seen[next] = true
		nres, err := r.Fetcher.Fetch(ctx, fetch.Request{URL: next, Timeout: src.Timeout, AllowPrivate: src.AllowPrivate})
		if err != nil {
			// The first page is enough to go on with; older pages come
			// next time.
			log.Warn("listing: next page failed", keyURL, next, keyError, err)
			break
		}
		var np *listing.Page
		r.compute(func() { np, err = listing.Parse(nres.Body, nres.URL, sel, maxListingEntries) })
		if err != nil {
			log.Warn("listing: next page has no articles", keyURL, next, keyError, err)
			break
		}
		entries = append(entries, np.Entries...)
		next = np.NextURL
	}

	items := make([]model.Item, 0, len(entries))
	dup := make(map[string]bool)
	for _, e := range entries {
		if dup[e.URL] {
			continue
		}
		dup[e.URL] = true
		it := model.Item{
			ID:           model.ItemID(src.ID, e.URL),
			SourceID:     src.ID,
			Key:          e.URL,
			URL:          e.URL,
			Title:        e.Title,
			ImageURL:     e.ImageURL,
			Language:     src.Language,
			Published:    e.Published.UTC(),
			PublishedRaw: e.PublishedRaw,
		}
		if s := strings.TrimSpace(e.Summary); s != "" {
			it.Summary = "<p>" + html.EscapeString(s) + "</p>"
		}
		items = append(items, it)
	}
	return items, meta, nil
}
