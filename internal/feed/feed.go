// Package feed turns the bytes of a partner's feed into gleaner's [model]
// values: one [model.FeedMeta] and the partner's [model.Item]s.
//
// Start with [Parse]; [Detect] answers the cheaper question "what is this
// body?" when a source's type is not configured.
//
// # Formats
//
// Parsing is gofeed's job (github.com/mmcdole/gofeed): RSS 0.9x, 1.0 (RDF)
// and 2.0, Atom 0.3 and 1.0, JSON Feed 1.0 and 1.1. This package only adapts
// gofeed's values into the model, the way gofeed's own translator.go is kept
// apart from its rss/ and atom/ parsers. The body must already be UTF-8: the
// fetcher transcodes it.
//
// # Rules
//
// Every item gets a key, the partner's own identity for it: the RSS guid,
// Atom id or JSON Feed id, else its absolute link, else "sha256:" and the hex
// digest of its title, content and summary (each followed by a NUL byte). The
// key is whitespace-trimmed, and [model.ItemID] of the source ID and the key
// is the item's ID. When two items of one feed share a key, the first wins
// and later ones are dropped. Items with no key material at all (no id, no
// link, no title, summary or content) are dropped too.
//
// URLs come out absolute. Item links, enclosure and image URLs and the
// href, src, poster and srcset attributes inside Summary and Content are
// resolved against, in order: the Atom xml:base in scope (gofeed applies it
// to links and to html and xhtml content while parsing), the item's link,
// the feed's link, and [Options.URL]. An item link or image that cannot be
// made an absolute http(s) URL is left empty, and such an enclosure
// dropped. The rest of each HTML fragment is kept byte for byte
// (sanitising is another package's job).
//
// Dates are UTC. Published comes from pubDate, dc:date, Atom published or
// JSON date_published; Updated from Atom updated (also as atom:updated in
// RSS) or JSON date_modified. gofeed's parsed time is used when it has one;
// a string gofeed cannot read is tried against a few more layouts (month
// names in Spanish, French, Portuguese, German and Italian, ordinals such as
// "January 2nd, 2024", zones such as SAST and EAT); when that fails too the
// time stays zero and only the raw string is kept, in PublishedRaw or
// UpdatedRaw, for the store to fill in the first-seen time. The raw string
// is kept whenever the feed had one. An item without a usable publication
// time takes its update time.
//
// Summary is the RSS description, Atom summary or JSON summary; Content is
// content:encoded, Atom content or JSON content_html (JSON content_text, the
// JSON summary and Atom text content are escaped into paragraphs). An item
// with only a description has a Summary and no Content.
//
// FullContent says Content is believed to be the whole article. It is true
// when Content is not empty, its text is not the summary's text repeated
// (equal to it, or the start of it), and it does not look cut short: no
// truncation marker ("[…]", "[...]", "Read more", "Continue reading", or the
// same in Spanish, French, Portuguese or German) in its last 80 bytes of
// text, and no ellipsis at its very end, once a trailing WordPress "The post
// … appeared first on …" line is set aside. The rule errs towards false: a
// wrong false costs one full-text fetch, a wrong true republishes an
// excerpt as the article.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gjson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"

	"github.com/gleanerhq/gleaner/internal/model"
)

// Kind is what a body looks like, as [Detect] sees it.
type Kind string

// The kinds [Detect] reports.
const (
	KindRSS     Kind = "rss"     // RSS 0.9x, 1.0 (RDF) or 2.0
	KindAtom    Kind = "atom"    // Atom 0.3 or 1.0
	KindJSON    Kind = "json"    // JSON Feed 1.0 or 1.1
	KindHTML    Kind = "html"    // a web page: a listing to scrape, or a wrong URL
	KindUnknown Kind = "unknown" // empty, not a feed, or too broken to tell
)

// ErrNotFeed is returned by [Parse] for a body that is not a feed. It is
// wrapped with what the body looks like instead, e.g. "not a feed: looks like
// an HTML page", "not a feed: empty document" or "not a feed: JSON but not a
// JSON Feed".
var ErrNotFeed = errors.New("not a feed")

// Options says where a body came from.
type Options struct {
	// SourceID is the partner's source ID; it is part of every item ID.
	// Required.
	SourceID string
	// URL is the URL the body was fetched from, after redirects. It is the
	// last base for relative links and the FeedURL when the feed names no
	// self link.
	URL string
	// Language is the BCP 47 tag used when the feed names none.
	Language string
}

// Parse parses a feed and adapts it into the feed's metadata and its items,
// in feed order. body must be UTF-8.
//
// A body that is not a feed gives an error wrapping [ErrNotFeed]; a feed
// that gofeed cannot parse gives an error naming the format, such as
// "parse rss: XML syntax error on line 3: unexpected EOF", wrapping gofeed's.
func Parse(body []byte, opts Options) (model.FeedMeta, []model.Item, error) {
	if strings.TrimSpace(opts.SourceID) == "" {
		return model.FeedMeta{}, nil, errors.New("parse feed: Options.SourceID is required")
	}
	f, src, err := parseGofeed(body)
	if err != nil {
		return model.FeedMeta{}, nil, err
	}
	meta, items := adapt(f, src, opts)
	return meta, items, nil
}

// Translators shared by every Parse: they are stateless, so sharing is safe.
// The content image scan is off because the adapter finds the first <img>
// in the same pass that resolves the fragment's URLs.
var (
	rssTranslator  = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	atomTranslator = &gofeed.DefaultAtomTranslator{}
	jsonTranslator = &gofeed.DefaultJSONTranslator{}
)

// parseGofeed runs the gofeed parser for the body's format and its
// translator, and returns both the universal feed and the format's own
// (*rss.Feed, *atom.Feed or *json.Feed), which keeps what the universal one
// drops.
func parseGofeed(body []byte) (*gofeed.Feed, any, error) {
	kind, looks := sniff(body)
	body = trimLeading(body) // a byte order mark trips encoding/json
	switch kind {
	case KindRSS:
		rf, err := (&rss.Parser{}).Parse(bytes.NewReader(body))
		if err != nil {
			return nil, nil, fmt.Errorf("parse rss: %w", err)
		}
		f, err := rssTranslator.Translate(rf)
		if err != nil {
			return nil, nil, fmt.Errorf("translate rss: %w", err)
		}
		return f, rf, nil
	case KindAtom:
		af, err := (&atom.Parser{}).Parse(bytes.NewReader(body))
		if err != nil {
			return nil, nil, fmt.Errorf("parse atom: %w", err)
		}
		f, err := atomTranslator.Translate(af)
		if err != nil {
			return nil, nil, fmt.Errorf("translate atom: %w", err)
		}
		return f, af, nil
	case KindJSON:
		// sniff only saw a '{': decode once, then decide whether it is a
		// JSON Feed, rather than decoding twice on the common path.
		jf, err := (&gjson.Parser{}).Parse(bytes.NewReader(body))
		if err != nil {
			if !isJSONFeed(body) {
				return nil, nil, fmt.Errorf("%w: %s", ErrNotFeed, looksJSONNotFeed)
			}
			return nil, nil, fmt.Errorf("parse json: %w", err)
		}
		if !jsonFeedVersion(jf.Version) {
			return nil, nil, fmt.Errorf("%w: %s", ErrNotFeed, looksJSONNotFeed)
		}
		f, err := jsonTranslator.Translate(jf)
		if err != nil {
			return nil, nil, fmt.Errorf("translate json: %w", err)
		}
		return f, jf, nil
	}
	return nil, nil, fmt.Errorf("%w: %s", ErrNotFeed, looks)
}
