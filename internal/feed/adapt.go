package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/gleanerhq/gleaner/internal/model"
)

// This file adapts gofeed's universal Feed into model values. What the
// universal Feed drops (raw author strings, JSON content_text, Atom content
// types, the format version) comes from the format's own feed, through the
// facts built in formats.go.

// feedFacts is what the adapter reads from the format's own feed.
type feedFacts struct {
	format  string // "rss 2.0", "atom 1.0", "json 1.1"
	authors []model.Person
}

// itemFacts is what the adapter reads for one item from the format's own
// item, beside gofeed's universal Item.
type itemFacts struct {
	summary, content       string // HTML fragments, not yet resolved
	published, updated     string // as the feed wrote them
	publishedAt, updatedAt *time.Time
	authors                []model.Person
	language               string
	permalink              string // RSS guid that may be the item's link; used only when absolute
	elsewhere              string // JSON external_url: the URL of last resort, never a base
}

// adapter holds what every item of one feed shares.
type adapter struct {
	opts     Options
	feedBase *url.URL // the feed's link, else Options.URL: base for items without a link
	meta     model.FeedMeta
}

// adapt turns a translated feed f and the format's own feed src into model
// values; see the package documentation for the rules.
func adapt(f *gofeed.Feed, src any, opts Options) (model.FeedMeta, []model.Item) {
	ff, facts := factsFor(f, src)

	docURL := absURL(nil, opts.URL)
	home := absURL(docURL, f.Link)
	a := &adapter{opts: opts, feedBase: home}
	if home == nil {
		a.feedBase = docURL
	}
	a.meta = model.FeedMeta{
		Title:       plainText(f.Title),
		Description: plainText(f.Description),
		HomeURL:     urlString(home),
		FeedURL:     absHTTP(docURL, f.FeedLink),
		Language:    normaliseLanguage(f.Language),
		Authors:     ff.authors,
		Format:      ff.format,
	}
	if a.meta.FeedURL == "" {
		a.meta.FeedURL = strings.TrimSpace(opts.URL)
	}
	if a.meta.Language == "" {
		a.meta.Language = normaliseLanguage(opts.Language)
	}
	if f.Image != nil {
		a.meta.ImageURL = absHTTP(a.feedBase, f.Image.URL)
	}

	items := make([]model.Item, 0, len(f.Items))
	seen := make(map[string]bool, len(f.Items))
	for i, gi := range f.Items {
		var fx itemFacts
		if i < len(facts) {
			fx = facts[i]
		}
		it, ok := a.item(gi, &fx)
		if !ok || seen[it.Key] {
			continue
		}
		seen[it.Key] = true
		items = append(items, it)
	}
	return a.meta, items
}

// item adapts one item. It reports false for an item with nothing to key
// it by: no id, no link, no title, summary or content.
func (a *adapter) item(gi *gofeed.Item, fx *itemFacts) (model.Item, bool) {
	link := a.itemLink(gi, fx)
	base := link
	if base == nil {
		base = a.feedBase
		// A page elsewhere is the item's URL, not the base its
		// relative references were written against.
		link = absURL(a.feedBase, fx.elsewhere)
	}
	rawSummary := strings.TrimSpace(fx.summary)
	rawContent := strings.TrimSpace(fx.content)
	summary := scanFragment(rawSummary, base)
	content := scanFragment(rawContent, base)

	it := model.Item{
		SourceID:   a.opts.SourceID,
		URL:        urlString(link),
		Title:      plainText(gi.Title),
		Summary:    summary.html,
		Content:    content.html,
		Language:   normaliseLanguage(fx.language),
		Authors:    fx.authors,
		Categories: normaliseCategories(gi.Categories),
		Enclosures: enclosures(gi.Enclosures, base),
	}

	it.Key = strings.TrimSpace(gi.GUID)
	if it.Key == "" {
		it.Key = it.URL
	}
	if it.Key == "" {
		if gi.Title == "" && rawSummary == "" && rawContent == "" {
			return model.Item{}, false
		}
		h := sha256.New()
		for _, s := range []string{gi.Title, rawContent, rawSummary} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		it.Key = "sha256:" + hex.EncodeToString(h.Sum(nil))
	}
	it.ID = model.ItemID(a.opts.SourceID, it.Key)

	if it.Title == "" {
		text := summary.text
		if text == "" {
			text = content.text
		}
		it.Title = shortText(text, 80)
	}
	it.FullContent = isFullContent(summary, content)
	if it.Language == "" {
		it.Language = a.meta.Language
	}
	if len(it.Authors) == 0 {
		it.Authors = slices.Clone(a.meta.Authors) // items do not share a backing array
	}
	it.ImageURL = itemImage(gi, base, content.firstImg, summary.firstImg)

	it.Published, it.PublishedRaw = feedDate(fx.published, fx.publishedAt)
	it.Updated, it.UpdatedRaw = feedDate(fx.updated, fx.updatedAt)
	if it.Published.IsZero() {
		it.Published = it.Updated
	}
	return it, true
}

// itemLink returns the item's absolute http(s) link: gofeed's Link or its
// other links, resolved against the feed's base, else an RSS permalink guid
// that is absolute on its own (a guid "42" is no link). It is nil when
// there is none.
func (a *adapter) itemLink(gi *gofeed.Item, fx *itemFacts) *url.URL {
	if u := absURL(a.feedBase, gi.Link); u != nil {
		return u
	}
	for _, l := range gi.Links {
		if l == fx.elsewhere { // gofeed lists JSON external_url among the links
			continue
		}
		if u := absURL(a.feedBase, l); u != nil {
			return u
		}
	}
	return absURL(nil, fx.permalink)
}

// itemImage picks the lead image: gofeed's Image (RSS itunes:image and
// media:content images, JSON image and banner_image), an image enclosure,
// media:thumbnail and media:content images (in media:group too), then the
// first <img> of the content and of the summary.
func itemImage(gi *gofeed.Item, base *url.URL, contentImg, summaryImg string) string {
	if gi.Image != nil {
		if u := absHTTP(base, gi.Image.URL); u != "" {
			return u
		}
	}
	for _, e := range gi.Enclosures {
		if strings.HasPrefix(strings.ToLower(e.Type), "image/") {
			if u := absHTTP(base, e.URL); u != "" {
				return u
			}
		}
	}
	for _, m := range mediaImages(gi.Extensions) {
		if u := absHTTP(base, m); u != "" {
			return u
		}
	}
	if contentImg != "" {
		return contentImg
	}
	return summaryImg
}

// mediaImages lists the Media RSS image URLs of an item: media:thumbnail,
// then media:content images, directly or inside media:group.
func mediaImages(exts ext.Extensions) []string {
	media := exts["media"]
	if media == nil {
		return nil
	}
	var urls []string
	collect := func(m map[string][]ext.Extension) {
		for _, t := range m["thumbnail"] {
			urls = append(urls, t.Attrs["url"])
		}
		for _, c := range m["content"] {
			if c.Attrs["medium"] == "image" || strings.HasPrefix(c.Attrs["type"], "image/") {
				urls = append(urls, c.Attrs["url"])
			}
		}
	}
	collect(media)
	for _, g := range media["group"] {
		collect(g.Children)
	}
	return urls
}

// enclosures resolves enclosure URLs, drops those that do not resolve and
// repeats, and reads lengths (0 when absent or not a number).
func enclosures(in []*gofeed.Enclosure, base *url.URL) []model.Enclosure {
	var out []model.Enclosure
	for _, e := range in {
		if e == nil {
			continue
		}
		u := absHTTP(base, e.URL)
		if u == "" || containsEnclosure(out, u) {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64)
		if err != nil || n < 0 {
			n = 0
		}
		out = append(out, model.Enclosure{URL: u, Type: strings.TrimSpace(e.Type), Length: n})
	}
	return out
}

func containsEnclosure(es []model.Enclosure, u string) bool {
	for _, e := range es {
		if e.URL == u {
			return true
		}
	}
	return false
}

// normaliseCategories trims categories, collapses their inner whitespace,
// drops empty ones and case-insensitive repeats, and keeps the order.
func normaliseCategories(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, c := range in {
		c = collapseSpace(c)
		k := strings.ToLower(c)
		if c == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, c)
	}
	return out
}

// normaliseLanguage returns a BCP 47 tag in its conventional case
// ("en-us" and "en_US" become "en-US", "zh-hant-tw" becomes "zh-Hant-TW"),
// or "" when s is not shaped like one (the primary subtag must be two or
// three letters).
func normaliseLanguage(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' })
	for i, p := range parts {
		if len(p) > 8 || !isAlnum(p) {
			return ""
		}
		switch {
		case i == 0:
			if len(p) < 2 || len(p) > 3 || !isAlpha(p) {
				return ""
			}
			parts[i] = strings.ToLower(p)
		case len(p) == 2 && isAlpha(p): // region
			parts[i] = strings.ToUpper(p)
		case len(p) == 4 && isAlpha(p): // script
			parts[i] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		default:
			parts[i] = strings.ToLower(p)
		}
	}
	return strings.Join(parts, "-")
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9') && !isAlpha(s[i:i+1]) {
			return false
		}
	}
	return s != ""
}

// urlString is u.String(), or "" for nil.
func urlString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}
