package pipeline

import (
	"context"
	"fmt"
	"strings"

	"github.com/gleanerhq/gleaner/internal/curate"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/publish"
	"github.com/gleanerhq/gleaner/internal/sanitize"
	"github.com/gleanerhq/gleaner/internal/store"
)

// summaryRunes caps the plain-text summary of an entry.
const summaryRunes = 400

// publishAll curates and writes every output of p from the store.
func (r *Runner) publishAll(ctx context.Context, p Plan, rep *model.RunReport) error {
	now := r.now()
	items, err := r.Store.Items(ctx, store.Query{})
	if err != nil {
		return fmt.Errorf("pipeline: publish: %w", err)
	}
	sources := make(map[string]model.Source, len(p.Sources))
	for _, s := range p.Sources {
		sources[s.ID] = s
	}
	metas := make(map[string]model.FeedMeta)
	if hs, err := r.Store.AllHealth(ctx); err == nil {
		for _, h := range hs {
			metas[h.SourceID] = h.Meta
		}
	} else {
		return fmt.Errorf("pipeline: publish: %w", err)
	}
	// Entries are built once per item and shared by every output.
	entries := make(map[string]publish.Entry, len(items))
	for _, out := range p.Outputs {
		sel := curate.Select(items, out, now)
		f := &publish.Feed{
			Path:        out.Path,
			Title:       out.Title,
			Description: out.Description,
			BaseURL:     p.Site.BaseURL,
			HomeURL:     firstNonEmpty(out.HomeURL, p.Site.HomeURL),
			Language:    firstNonEmpty(out.Language, p.Site.Language),
			Generator:   p.Site.Generator,
			Author:      model.Person{Name: p.Site.Title},
		}
		for _, it := range sel {
			e, ok := entries[it.ID]
			if !ok {
				e = entry(it, sources[it.SourceID], metas[it.SourceID])
				entries[it.ID] = e
			}
			f.Entries = append(f.Entries, e)
		}
		res, err := publish.Write(ctx, p.OutputDir, f)
		if err != nil {
			return fmt.Errorf("pipeline: publish %s: %w", out.ID, err)
		}
		rep.FilesWritten = append(rep.FilesWritten, res.Written...)
		rep.FilesKept += len(res.Unchanged)
		r.logger().Debug("output published", keyOutput, out.Path, keyItems, len(f.Entries), "written", len(res.Written))
	}
	rep.Published = true
	return nil
}

// entry turns a stored item into a feed entry: sanitised HTML ending with
// the attribution line, its plain text, and the partner's credits.
func entry(it model.Item, src model.Source, meta model.FeedMeta) publish.Entry {
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Summary
	}
	html := sanitize.HTML(body, it.URL)
	html = strings.TrimSpace(html + "\n" + attribution(&it, src))
	summary := sanitize.Text(sanitize.HTML(it.Summary, it.URL))
	name := firstNonEmpty(src.Name, meta.Title, it.SourceID)
	return publish.Entry{
		ID:          it.ID,
		URL:         it.URL,
		Title:       it.Title,
		ContentHTML: html,
		ContentText: sanitize.Text(html),
		Summary:     truncate(summary, summaryRunes),
		ImageURL:    it.ImageURL,
		Authors:     it.Authors,
		Categories:  it.Categories,
		Enclosures:  it.Enclosures,
		Published:   it.Published,
		Updated:     it.Updated,
		Language:    it.Language,
		Source: publish.Source{
			ID:      it.SourceID,
			Name:    name,
			HomeURL: firstNonEmpty(src.HomeURL, meta.HomeURL),
			FeedURL: firstNonEmpty(meta.FeedURL, src.URL),
		},
		Gleaner: map[string]any{},
	}
}

// truncate cuts s to at most n runes, at a word boundary, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexAny(cut, " \n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
