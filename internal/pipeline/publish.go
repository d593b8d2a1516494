package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gleanerhq/gleaner/internal/country"
	"github.com/gleanerhq/gleaner/internal/curate"
	"github.com/gleanerhq/gleaner/internal/dedupe"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/publish"
	"github.com/gleanerhq/gleaner/internal/sanitize"
	"github.com/gleanerhq/gleaner/internal/site"
	"github.com/gleanerhq/gleaner/internal/store"
)

// summaryRunes caps the plain-text summary of an entry.
const summaryRunes = 400

// publishAll curates and writes every output of p from the store.
func (r *Runner) publishAll(ctx context.Context, p Plan, rep *model.RunReport) error {
	now := r.now()
	if n, err := publish.RemoveStale(p.OutputDir, time.Now()); err != nil {
		r.logger().Warn("could not clear temporary files of an earlier, interrupted run", keyError, err)
	} else if n > 0 {
		r.logger().Info("removed temporary files of an earlier, interrupted run", "files", n)
	}
	// When nothing any output is made of has changed since the last
	// publish (no item, partner name, setting or, for outputs with a
	// max_age, hour), the whole step is skipped without reading the items.
	gfp, err := r.publishFingerprint(ctx, p, now)
	if err != nil {
		return err
	}
	fps, err := r.Store.OutputFingerprints(ctx)
	if err != nil {
		return fmt.Errorf("pipeline: publish: %w", err)
	}
	if prev, files, ok := strings.Cut(fps[allOutputsKey], " "); ok && prev == gfp && outputsExist(p) {
		n, _ := strconv.Atoi(files)
		rep.FilesKept += n
		rep.Published = true
		r.logger().Debug("nothing changed since the last publish; outputs kept")
		return nil
	}
	written0, kept0 := len(rep.FilesWritten), rep.FilesKept
	// Items are read without their text: curating, finding duplicates and
	// fingerprinting outputs need none, and the text of only the entries
	// an output renders is loaded, a batch at a time, so that memory stays
	// flat however many items the store holds.
	if n, err := r.Store.BackfillFingerprints(ctx, dedupe.TextFingerprint); err != nil {
		return fmt.Errorf("pipeline: publish: %w", err)
	} else if n > 0 {
		r.logger().Info("computed the fingerprints of items stored by an earlier version", keyItems, n)
	}
	items, err := r.Store.Items(ctx, store.Query{Heads: true})
	if err != nil {
		return fmt.Errorf("pipeline: publish: %w", err)
	}
	items, pinned := curate.ApplyOverrides(items, p.Overrides)
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
	dups := newDuplicates(items, sources, metas)
	// items becomes the pool of every output over all sources, each story
	// once; the copies it leaves out still count in their partners' own
	// outputs. Pools are not copied: a partner's is gathered when needed.
	items, copies := dups.split(items, true)
	bySource := make(map[string][]int32)
	for i, it := range items {
		bySource[it.SourceID] = append(bySource[it.SourceID], int32(i))
	}
	poolOf := func(ids []string) []model.Item {
		var pool []model.Item
		for _, id := range ids {
			for _, i := range bySource[id] {
				pool = append(pool, items[i])
			}
		}
		for _, it := range copies {
			if slices.Contains(ids, it.SourceID) {
				pool = append(pool, it)
			}
		}
		slices.SortStableFunc(pool, curate.Newest)
		return dups.collapseInPlace(pool)
	}
	texts := &textLoader{store: r.Store}
	entries := newEntryCache(entryCacheSize)
	var feeds []site.FeedLink
	for _, out := range expandOutputs(p, items) {
		pool := items
		if len(out.Sources) > 0 {
			pool = poolOf(out.Sources)
		}
		out.Pinned = pinned
		sel := curate.SelectWith(pool, out, now, texts.plain(ctx, pool))
		if texts.err != nil {
			return fmt.Errorf("pipeline: publish %s: %w", out.ID, texts.err)
		}
		fl := site.FeedLink{Path: out.Path, Title: out.Title, Description: out.Description, Items: len(sel)}
		if len(sel) > 0 {
			fl.Updated = sel[0].Modified()
		}
		feeds = append(feeds, fl)
		fp := fingerprint(p.Site, out, sel, sources, metas, dups)
		if fps[out.Path] == fp && filesExist(p.OutputDir, out.Path) {
			rep.FilesKept += len(publish.Formats)
			continue
		}
		f := &publish.Feed{
			Path:        out.Path,
			Title:       out.Title,
			Description: out.Description,
			BaseURL:     p.Site.BaseURL,
			HomeURL:     firstNonEmpty(out.HomeURL, p.Site.HomeURL),
			Language:    firstNonEmpty(out.Language, p.Site.Language),
			Generator:   p.Site.Generator,
			Author:      model.Person{Name: p.Site.Title},
			Stylesheet:  site.StylesheetHref(out.Path),
			Hub:         p.Site.Hub,
		}
		if out.Prayer {
			// Prayer entries are made of the prayer lists, not the text.
			for _, it := range sel {
				f.Entries = append(f.Entries, prayerEntry(it, sources[it.SourceID], metas[it.SourceID], dups.credits(it)))
			}
		} else {
			var missing []string
			for _, it := range sel {
				if _, ok := entries.get(it.ID); !ok {
					missing = append(missing, it.ID)
				}
			}
			bodies, err := r.Store.Texts(ctx, missing)
			if err != nil {
				return fmt.Errorf("pipeline: publish %s: %w", out.ID, err)
			}
			for _, it := range sel {
				e, ok := entries.get(it.ID)
				if !ok {
					t := bodies[it.ID]
					it.Summary, it.Content = t.Summary, t.Content
					e = entry(it, sources[it.SourceID], metas[it.SourceID], dups.credits(it))
					entries.put(it.ID, e)
				}
				f.Entries = append(f.Entries, e)
			}
		}
		res, err := publish.Write(ctx, p.OutputDir, f)
		if err != nil {
			return fmt.Errorf("pipeline: publish %s: %w", out.ID, err)
		}
		// The fingerprint is recorded only once the files are in place: a
		// crash in between costs a re-render next time, never a stale feed.
		if err := r.Store.PutOutputFingerprint(ctx, out.Path, fp); err != nil {
			return fmt.Errorf("pipeline: publish %s: %w", out.ID, err)
		}
		rep.FilesWritten = append(rep.FilesWritten, res.Written...)
		rep.FilesKept += len(res.Unchanged)
		r.logger().Debug("output published", keyOutput, out.Path, keyItems, len(f.Entries), "written", len(res.Written))
	}
	written, unchanged, err := site.Write(ctx, p.OutputDir, siteData(p, items, feeds, sources, metas))
	if err != nil {
		return fmt.Errorf("pipeline: publish the index page: %w", err)
	}
	rep.FilesWritten = append(rep.FilesWritten, written...)
	rep.FilesKept += len(unchanged)
	files := len(rep.FilesWritten) - written0 + rep.FilesKept - kept0
	if err := r.Store.PutOutputFingerprint(ctx, allOutputsKey, gfp+" "+strconv.Itoa(files)); err != nil {
		return fmt.Errorf("pipeline: publish: %w", err)
	}
	rep.Published = true
	return nil
}

// entryCacheSize bounds the entries kept between outputs: an item is in
// the output of everything, of its partner and of its countries, rendered
// one after the other, so a few hundred recent entries are reused while
// memory stays bounded.
const entryCacheSize = 512

// entryCache keeps recently built entries: two generations of at most n
// each; when the current one is full it becomes the old one, and an entry
// found in the old one moves to the current one.
type entryCache struct {
	n        int
	cur, old map[string]publish.Entry
}

func newEntryCache(n int) *entryCache {
	return &entryCache{n: n, cur: make(map[string]publish.Entry)}
}

func (c *entryCache) get(id string) (publish.Entry, bool) {
	if e, ok := c.cur[id]; ok {
		return e, true
	}
	e, ok := c.old[id]
	if ok {
		c.put(id, e)
	}
	return e, ok
}

func (c *entryCache) put(id string, e publish.Entry) {
	if len(c.cur) >= c.n {
		c.old, c.cur = c.cur, make(map[string]publish.Entry, c.n)
	}
	c.cur[id] = e
}

// textLoader gives curate the plain text of items read without it, for
// keyword filters: it loads the texts of the pool a batch at a time, in
// the order curate asks for them. The first error is kept in err (and
// the text is empty from then on).
type textLoader struct {
	store *store.Store
	err   error
}

// textBatch is how many items' texts one query loads.
const textBatch = 256

// plain returns the text function for selecting from pool.
func (l *textLoader) plain(ctx context.Context, pool []model.Item) func(model.Item) string {
	var (
		pos    map[string]int // item ID → index in pool; built on first use
		loaded map[string]store.Text
	)
	return func(it model.Item) string {
		if l.err != nil {
			return ""
		}
		t, ok := loaded[it.ID]
		if !ok {
			if pos == nil {
				pos = make(map[string]int, len(pool))
				for i, x := range pool {
					pos[x.ID] = i
				}
			}
			i := pos[it.ID]
			ids := []string{it.ID}
			for _, x := range pool[i+1 : min(len(pool), i+textBatch)] {
				ids = append(ids, x.ID)
			}
			if loaded, l.err = l.store.Texts(ctx, ids); l.err != nil {
				return ""
			}
			t = loaded[it.ID]
		}
		it.Summary, it.Content = t.Summary, t.Content
		return curate.Text(it)
	}
}

// allOutputsKey is where the store keeps the fingerprint of the whole
// publish step, beside the per-output ones (paths never contain "*").
const allOutputsKey = "*"

// publishFingerprint digests everything the publish step reads, without
// reading the items themselves: the plan's outputs and settings, the
// items' count and latest change, each partner's feed metadata, and the
// hour when some output drops items by age.
func (r *Runner) publishFingerprint(ctx context.Context, p Plan, now time.Time) (string, error) {
	n, last, err := r.Store.ItemsStamp(ctx)
	if err != nil {
		return "", fmt.Errorf("pipeline: publish: %w", err)
	}
	hs, err := r.Store.AllHealth(ctx)
	if err != nil {
		return "", fmt.Errorf("pipeline: publish: %w", err)
	}
	slices.SortFunc(hs, func(a, b model.SourceHealth) int { return strings.Compare(a.SourceID, b.SourceID) })
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00", fingerprintVersion, n, last)
	fmt.Fprintf(h, "%#v\x00%#v\x00%#v\x00%#v\x00%v\x00%v\x00%s\x00", p.Site, p.Outputs, p.Sources, p.Overrides, p.PerCountry, p.PrayerOutput, p.OutputDir)
	for _, x := range hs {
		fmt.Fprintf(h, "%s\x00%#v\x00", x.SourceID, x.Meta)
	}
	for _, o := range p.Outputs {
		if o.MaxAge > 0 {
			fmt.Fprintf(h, "hour %s", now.UTC().Truncate(time.Hour).Format(time.RFC3339))
			break
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// outputsExist reports whether the site files, every configured output and
// the prayer output are still on disk, so that a deleted file is written
// again. (Per-country files are not checked one by one: a deleted one
// comes back with the next change.)
func outputsExist(p Plan) bool {
	if _, err := os.Stat(filepath.Join(p.OutputDir, site.IndexFile)); err != nil {
		return false
	}
	for _, o := range p.Outputs {
		if !filesExist(p.OutputDir, o.Path) {
			return false
		}
	}
	if p.PrayerOutput && !filesExist(p.OutputDir, "prayer") {
		return false
	}
	return true
}

// siteData gathers what index.html, feeds.opml and embed.js show: every
// feed, the newest items, the newest prayer points per country. items are
// newest first.
func siteData(p Plan, items []model.Item, feeds []site.FeedLink, sources map[string]model.Source, metas map[string]model.FeedMeta) site.Data {
	d := site.Data{
		Title: p.Site.Title, Description: p.Site.Description, BaseURL: p.Site.BaseURL,
		Language: p.Site.Language, Generator: p.Site.Generator, Feeds: feeds,
	}
	if len(items) > 0 {
		d.Updated = items[0].Modified()
	}
	name := func(it model.Item) (string, string) {
		src, meta := sources[it.SourceID], metas[it.SourceID]
		return firstNonEmpty(src.Name, meta.Title, it.SourceID), firstNonEmpty(src.HomeURL, meta.HomeURL)
	}
	groups := map[string]*site.PrayerGroup{}
	var codes []string
	for _, it := range items {
		srcName, srcURL := name(it)
		if len(d.Newest) < site.NewestItems {
			var names []string
			for _, c := range it.Countries {
				names = append(names, country.Name(c))
			}
			d.Newest = append(d.Newest, site.ItemLink{Title: it.Title, URL: it.URL, Source: srcName, SourceURL: srcURL, Published: it.Published, Countries: names})
		}
		for _, c := range it.Countries {
			g := groups[c]
			if g == nil {
				g = &site.PrayerGroup{Country: country.Name(c), Code: c}
				groups[c] = g
				codes = append(codes, c)
			}
			for _, l := range it.Prayer {
				for _, point := range l.Items {
					if len(g.Points) < site.PrayerPointsPerCountry {
						g.Points = append(g.Points, site.PrayerPoint{Text: point, ArticleTitle: it.Title, ArticleURL: it.URL, Source: srcName, Published: it.Published})
					}
				}
			}
		}
	}
	slices.SortFunc(codes, func(a, b string) int { return strings.Compare(groups[a].Country, groups[b].Country) })
	for _, c := range codes {
		if len(groups[c].Points) > 0 {
			d.Prayer = append(d.Prayer, *groups[c])
		}
	}
	return d
}

// perCountryMaxItems caps each per-country feed.
const perCountryMaxItems = 50

// expandOutputs returns p's outputs plus, when p asks for them, the prayer
// output and one output per country that has items.
func expandOutputs(p Plan, items []model.Item) []model.Output {
	outs := slices.Clone(p.Outputs)
	if p.PrayerOutput {
		outs = append(outs, model.Output{
			ID: "prayer", Path: "prayer",
			Title:       "Prayer points — " + p.Site.Title,
			Description: "The prayer points of our partners' articles, each linked to its article.",
			Prayer:      true,
			MaxItems:    perCountryMaxItems,
		})
	}
	codes := countryCodes(items)
	for _, o := range p.Outputs {
		if o.PerCountry {
			for _, c := range codes {
				if len(o.Countries) > 0 && !slices.Contains(o.Countries, c) {
					continue
				}
				x := o
				x.PerCountry, x.PerSource = false, false
				x.ID, x.Path = o.ID+"/country/"+c, o.Path+"/country/"+c
				x.Title = o.Title + " — " + country.Name(c)
				x.Countries = []string{c}
				outs = append(outs, x)
			}
		}
		if o.PerSource {
			ids := o.Sources
			if len(ids) == 0 {
				for _, s := range p.Sources {
					ids = append(ids, s.ID)
				}
			}
			for _, id := range ids {
				x := o
				x.PerCountry, x.PerSource = false, false
				x.ID, x.Path = o.ID+"/source/"+id, o.Path+"/source/"+id
				name := id
				for _, s := range p.Sources {
					if s.ID == id && s.Name != "" {
						name = s.Name
					}
				}
				x.Title = o.Title + " — " + name
				x.Sources = []string{id}
				outs = append(outs, x)
			}
		}
	}
	if p.PerCountry {
		for _, c := range codes {
			name := country.Name(c)
			outs = append(outs, model.Output{
				ID: "country/" + c, Path: "country/" + c,
				Title:       name + " — " + lowerFirst(p.Site.Title),
				Description: "News about " + name + " from " + lowerFirst(p.Site.Title) + ".",
				Countries:   []string{c},
				MaxItems:    perCountryMaxItems,
			})
		}
	}
	return outs
}

// countryCodes returns the countries items are about, sorted.
func countryCodes(items []model.Item) []string {
	seen := make(map[string]bool)
	var codes []string
	for _, it := range items {
		for _, c := range it.Countries {
			if !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
	}
	slices.Sort(codes)
	return codes
}

// lowerFirst lower-cases the first letter of a title used inside another
// ("News from our partners" → "North Korea — news from our partners").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}

// countries names an item's country codes for publishing.
func countries(it model.Item) []publish.Country {
	var out []publish.Country
	for _, c := range it.Countries {
		out = append(out, publish.Country{Code: c, Name: country.Name(c)})
	}
	return out
}

// prayerEntry is the entry of the prayer output for one article: its
// prayer lists, a link to it, its countries. Its ID is derived from the
// article's, so it is as stable.
func prayerEntry(it model.Item, src model.Source, meta model.FeedMeta, also []credit) publish.Entry {
	e := entry(it, src, meta, also)
	e.ID = model.ItemID(it.SourceID, it.Key+"#prayer")
	e.Title = "Pray: " + it.Title
	var b strings.Builder
	for _, l := range it.Prayer {
		if l.Heading != "" {
			fmt.Fprintf(&b, "<h3>%s</h3>\n", escape(l.Heading))
		}
		b.WriteString("<ul>\n")
		for _, p := range l.Items {
			fmt.Fprintf(&b, "<li>%s</li>\n", escape(p))
		}
		b.WriteString("</ul>\n")
	}
	if it.URL != "" {
		fmt.Fprintf(&b, `<p><a href="%s">Read the article: %s</a></p>`+"\n", escape(it.URL), escape(it.Title))
	}
	b.WriteString(attribution(&it, src, also))
	e.ContentHTML = b.String()
	e.ContentText = sanitize.Text(e.ContentHTML)
	e.Summary = ""
	e.Enclosures = nil
	e.Gleaner["article_id"] = it.ID
	return e
}

// entry turns a stored item into a feed entry: sanitised HTML ending with
// the attribution line, its plain text, and the partner's credits.
func entry(it model.Item, src model.Source, meta model.FeedMeta, also []credit) publish.Entry {
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Summary
	}
	// Content and Summary were sanitised by Finish before they were
	// stored (the one gate every partner byte passes); sanitising them
	// again for every render would double the cost of a first run.
	html := strings.TrimSpace(body + "\n" + attribution(&it, src, also))
	summary := sanitize.Text(it.Summary)
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
		Countries:   countries(it),
		Enclosures:  enclosures(it),
		Published:   it.Published,
		Updated:     it.Updated,
		Language:    it.Language,
		Source: publish.Source{
			ID:      it.SourceID,
			Name:    name,
			HomeURL: firstNonEmpty(src.HomeURL, meta.HomeURL),
			FeedURL: feedURL(src, meta),
		},
		Gleaner: map[string]any{
			"prayer":            nonNil(it.Prayer),
			"countries":         nonNil(it.Countries),
			"also_published_by": nonNil(also),
		},
	}
}

// fingerprint digests everything an output's files are rendered from: the
// publisher, the output's own settings, and each selected item's identity,
// content hash and partner. Equal fingerprints render equal bytes, so an
// unchanged run skips rendering altogether.
func fingerprint(site Site, out model.Output, sel []model.Item, sources map[string]model.Source, metas map[string]model.FeedMeta, dups *duplicates) string {
	h := sha256.New()
	field := func(ss ...string) {
		for _, s := range ss {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
	}
	field(fingerprintVersion, site.Title, site.Description, site.BaseURL, site.HomeURL, site.Language, site.Generator, site.Hub)
	field(out.ID, out.Path, out.Title, out.Description, out.HomeURL, out.Language, fmt.Sprint(out.Prayer))
	for _, it := range sel {
		// Overrides change titles and countries without changing hashes;
		// a partner republishing a story changes its credits.
		field(it.Title, strings.Join(it.Countries, ","))
		for _, c := range dups.credits(it) {
			field(c.SourceID, c.Name, c.URL)
		}
	}
	seen := make(map[string]bool)
	for _, it := range sel {
		field(it.ID, it.Hash, it.Published.UTC().Format(time.RFC3339Nano), it.LastChanged.UTC().Format(time.RFC3339Nano), it.SourceID)
		if !seen[it.SourceID] {
			seen[it.SourceID] = true
			s, m := sources[it.SourceID], metas[it.SourceID]
			field(s.Name, s.HomeURL, s.URL, m.Title, m.HomeURL, m.FeedURL)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fingerprintVersion changes whenever rendering changes in a way the
// inputs do not show, so that every output is rendered again once.
const fingerprintVersion = "4" // 2: xml-stylesheet; 3: lead-image enclosures; 4: no <source> for listing pages

// filesExist reports whether every format of the output at path exists.
func filesExist(dir, path string) bool {
	for _, f := range publish.Formats {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(path)+f.Ext())); err != nil {
			return false
		}
	}
	return true
}

// enclosures are an item's own, or its lead image as an image enclosure
// when it has none, so that readers show a picture.
func enclosures(it model.Item) []model.Enclosure {
	if len(it.Enclosures) > 0 || it.ImageURL == "" {
		return it.Enclosures
	}
	u, err := url.Parse(it.ImageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil
	}
	t := mime.TypeByExtension(strings.ToLower(path.Ext(u.Path)))
	if !strings.HasPrefix(t, "image/") {
		t = "image/jpeg" // the usual lead image; readers only need "an image"
	}
	return []model.Enclosure{{URL: it.ImageURL, Type: t}}
}

// feedURL is the partner's feed, for <source> credits: empty for a
// partner read from its listing page, which has none.
func feedURL(src model.Source, meta model.FeedMeta) string {
	if meta.Format == formatListing || (meta.Format == "" && src.Type == model.TypePage) {
		return ""
	}
	return firstNonEmpty(meta.FeedURL, src.URL)
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

// nonNil makes a nil slice an empty one, so JSON says [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
