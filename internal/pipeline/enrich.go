package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/gleanerhq/gleaner/internal/country"
	"github.com/gleanerhq/gleaner/internal/dedupe"
	"github.com/gleanerhq/gleaner/internal/extract"
	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/prayer"
	"github.com/gleanerhq/gleaner/internal/sanitize"
	"github.com/gleanerhq/gleaner/internal/store"
)

// articleConcurrency bounds the article pages of one source fetched at
// once; the fetcher's per-host limit applies on top.
const articleConcurrency = 4

// retryPrefix marks the stored hash of an item whose article page could
// not be fetched this time: the next run sees it as changed and tries
// again, while an item whose page was had is never fetched twice.
const retryPrefix = "retry:"

// enrich returns the items of one fetch that are new or changed, each with
// its whole text (fetching the article page when the source's full_text
// mode asks for it), sanitised, and with its prayer lists and countries.
// Unchanged items are left out: nothing about them is fetched or written.
func (r *Runner) enrich(ctx context.Context, src model.Source, items []model.Item, log *slog.Logger) ([]model.Item, error) {
	ids := make([]string, len(items))
	for i := range items {
		items[i].Hash = items[i].ContentHash()
		ids[i] = items[i].ID
	}
	known, err := r.Store.ItemHashes(context.WithoutCancel(ctx), ids)
	if err != nil {
		return nil, fatal(err)
	}
	var changed []model.Item
	for _, it := range items {
		if known[it.ID] != it.Hash {
			changed = append(changed, it)
		}
	}
	if len(changed) == 0 {
		return nil, nil
	}
	// The article pages' validators are read in one query and written in
	// one transaction for the whole source, not a round trip per page.
	var urls []string
	for i := range changed {
		if needsFullText(src, &changed[i]) {
			urls = append(urls, changed[i].URL)
		}
	}
	if len(urls) > 0 {
		stored, err := r.storedItems(ctx, changed) // previous versions, for 304s on article pages
		if err != nil {
			return nil, err
		}
		states, err := r.Store.FetchStates(context.WithoutCancel(ctx), urls)
		if err != nil {
			return nil, fatal(err)
		}
		var (
			mu    sync.Mutex
			fresh []model.FetchState
		)
		save := func(st model.FetchState) {
			mu.Lock()
			fresh = append(fresh, st)
			mu.Unlock()
		}
		var g errgroup.Group
		g.SetLimit(articleConcurrency)
		for i := range changed {
			it := &changed[i]
			if !needsFullText(src, it) {
				continue
			}
			prev, hadPrev := stored[it.ID]
			g.Go(func() error {
				r.fullText(ctx, src, it, states[it.URL], prev, hadPrev, save, log)
				return nil
			})
		}
		g.Wait()
		if err := r.Store.PutFetchStates(context.WithoutCancel(ctx), fresh); err != nil {
			return nil, fatal(err)
		}
	}
	for i := range changed {
		r.compute(func() { Finish(&changed[i], src, r.Sanitizer) })
	}
	return changed, nil
}

// pendingRetries reports whether any item is marked to have its article
// page fetched again.
func pendingRetries(items []model.Item) bool {
	for _, it := range items {
		if strings.HasPrefix(it.Hash, retryPrefix) {
			return true
		}
	}
	return false
}

// needsFullText says whether an item's article page should be fetched.
func needsFullText(src model.Source, it *model.Item) bool {
	if it.URL == "" {
		return false
	}
	switch src.FullText {
	case model.FullTextNever:
		return false
	case model.FullTextAlways:
		return true
	}
	return !it.FullContent
}

// storedItems returns the stored versions of items, by ID.
func (r *Runner) storedItems(ctx context.Context, items []model.Item) (map[string]model.Item, error) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	prev, err := r.Store.Items(context.WithoutCancel(ctx), store.Query{IDs: ids})
	if err != nil {
		return nil, fatal(err)
	}
	out := make(map[string]model.Item, len(prev))
	for _, it := range prev {
		out[it.ID] = it
	}
	return out, nil
}

// fullText fetches an item's article page, conditionally on st (what was
// stored about the page), and replaces the item's content with the
// extracted article. A page that cannot be had leaves the item with its
// summary; a transient failure marks it to be tried again next run. The
// page's new validators are given to save.
func (r *Runner) fullText(ctx context.Context, src model.Source, it *model.Item, st model.FetchState, prev model.Item, hadPrev bool, save func(model.FetchState), log *slog.Logger) {
	log = log.With(keyURL, it.URL)
	res, err := r.fetchWith(ctx, st, src)
	if err != nil {
		var fe *fetch.Error
		permanent := errors.As(err, &fe) && fe.StatusCode >= 400 && fe.StatusCode < 500 &&
			fe.StatusCode != http.StatusTooManyRequests && fe.StatusCode != http.StatusRequestTimeout ||
			errors.Is(err, fetch.ErrPrivateAddress)
		if !permanent {
			it.Hash = retryPrefix + it.Hash
		}
		if ctx.Err() == nil {
			log.Warn("full text: article page not fetched; keeping the feed's summary", keyError, err)
		}
		return
	}
	if res.NotModified {
		if hadPrev && prev.FullContent {
			it.Content, it.FullContent = prev.Content, true
			fillFromPrevious(it, prev)
			return
		}
		// Nothing stored to reuse: ask again without validators.
		if res, err = r.Fetcher.Fetch(ctx, fetch.Request{URL: it.URL, Timeout: src.Timeout, AllowPrivate: src.AllowPrivate}); err != nil {
			it.Hash = retryPrefix + it.Hash
			log.Warn("full text: article page not fetched; keeping the feed's summary", keyError, err)
			return
		}
	}
	var a *extract.Article
	r.compute(func() {
		a, err = extract.Extract(res.Body, res.URL, extract.Options{ContentSelector: src.ContentSelector, RemoveSelectors: src.RemoveSelectors})
	})
	if err != nil {
		log.Warn("full text: no article found on the page; keeping the feed's summary", keyError, err)
		save(r.fetchState(it.URL, res))
		return
	}
	it.Content = a.ContentHTML
	it.FullContent = true
	if it.Title == "" {
		it.Title = a.Title
	}
	if len(it.Authors) == 0 && a.Author != "" {
		it.Authors = []model.Person{{Name: a.Author}}
	}
	if it.Published.IsZero() && !a.Published.IsZero() {
		it.Published, it.PublishedRaw = a.Published.UTC(), firstNonEmpty(it.PublishedRaw, a.PublishedRaw)
	}
	if it.ImageURL == "" {
		it.ImageURL = a.ImageURL
	}
	if it.Language == "" {
		it.Language = a.Language
	}
	save(r.fetchState(it.URL, res))
}

// fillFromPrevious takes what the article page gave last time for fields
// the feed leaves empty.
func fillFromPrevious(it *model.Item, prev model.Item) {
	if it.Title == "" {
		it.Title = prev.Title
	}
	if len(it.Authors) == 0 {
		it.Authors = prev.Authors
	}
	if it.Published.IsZero() {
		it.Published, it.PublishedRaw = prev.Published, prev.PublishedRaw
	}
	if it.ImageURL == "" {
		it.ImageURL = prev.ImageURL
	}
	if it.Language == "" {
		it.Language = prev.Language
	}
}

// Finish makes an item ready to store: it sanitises its HTML (nothing
// unsanitised is ever kept, so nothing unsanitised can be republished),
// then finds its prayer lists, the countries it is about and the
// fingerprint its copies are found by. The pipeline
// calls it for every new or changed item; `gleaner extract` and
// `gleaner tag` call it too, so that they show exactly what a run stores.
//
// san is the sanitiser (feeds.yaml's video hosts); nil means
// sanitize.Default, which allows no iframe at all.
func Finish(it *model.Item, src model.Source, san *sanitize.Sanitizer) {
	if san == nil {
		san = sanitize.Default
	}
	it.Summary = san.HTML(it.Summary, it.URL)
	it.Content = san.HTML(it.Content, it.URL)
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Summary
	}
	it.Fingerprint = dedupe.TextFingerprint(it.Content, it.Summary)
	it.Prayer = prayer.Find(body)
	it.Countries = country.Tag(country.Doc{
		Title:           it.Title,
		Text:            sanitize.Text(body),
		Categories:      it.Categories,
		SourceCountries: src.Countries,
		Language:        it.Language,
	})
}
