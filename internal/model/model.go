// Package model is gleaner's shared vocabulary: the partner [Source], the
// [Item] a source publishes, the per-URL [FetchState] that keeps runs
// incremental, the [Output] a run publishes and the [RunReport] it returns.
//
// Every stage (fetch, feed, store, curate, publish, pipeline) speaks these
// types and nothing else of each other, so this package imports only the
// standard library.
package model

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// SourceType says how a source's URL is read.
type SourceType string

const (
	// TypeAuto detects the type from the first response.
	TypeAuto SourceType = ""
	// TypeFeed is an RSS, Atom or JSON Feed document.
	TypeFeed SourceType = "feed"
	// TypePage is a news listing page without a feed.
	TypePage SourceType = "page"
)

// Source is one partner feed or page, as the pipeline sees it: plain values
// translated from feeds.yaml at the edge.
type Source struct {
	ID        string     // [a-z0-9-]+, unique, stable: part of every item ID
	Name      string     // the partner's name, used for attribution
	URL       string     // the feed or listing page
	Type      SourceType // feed, page, or auto
	HomeURL   string     // the partner's website, for attribution links
	Language  string     // BCP 47 tag used when the feed names none
	Countries []string   // ISO 3166-1 alpha-2 codes the partner focuses on
	// Timeout overrides the fetcher's per-request deadline when non-zero.
	Timeout time.Duration
	// MaxItems caps how many items of one fetch are kept (0: no cap).
	MaxItems int

	// FullText says when the article page is fetched for an item's whole
	// text: auto (when the feed carries no content or only a summary),
	// always, or never.
	FullText FullTextMode
	// ContentSelector and RemoveSelectors are CSS selector groups that
	// override the automatic extraction of this partner's article pages.
	ContentSelector string
	RemoveSelectors string
	// Listing overrides the automatic detection of article links on a
	// listing page.
	Listing ListingRules
	// AllowPrivate lets every fetch made for this source (its URL, an
	// advertised feed, next pages, article pages) connect to loopback,
	// private and link-local addresses, which are refused otherwise.
	AllowPrivate bool
}

// FullTextMode is when a source's article pages are fetched.
type FullTextMode string

const (
	FullTextAuto   FullTextMode = "auto"
	FullTextAlways FullTextMode = "always"
	FullTextNever  FullTextMode = "never"
)

// ListingRules are a partner's CSS selectors for its listing page; empty
// fields leave the job to automatic detection.
type ListingRules struct {
	Item, Link, Title, Date string
	DateLayout              string // Go time layout of Date's text
	MaxPages                int    // pagination pages followed; 0: the default
}

// Person is an author or contributor.
type Person struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

// Enclosure is a media file attached to an item.
type Enclosure struct {
	URL    string `json:"url"`
	Type   string `json:"type,omitempty"`
	Length int64  `json:"length,omitempty"`
}

// Item is one article as gleaner stores and republishes it.
//
// Dates come in pairs, as gofeed keeps them: the parsed time, and the raw
// string the partner wrote. When a partner gives no date, Published is the
// time the item was first seen; when its date does not parse, Published is
// also the first-seen time and PublishedRaw keeps what was written.
type Item struct {
	ID       string `json:"id"`        // stable gleaner ID, see ItemID
	SourceID string `json:"source"`    // the Source.ID that carried it
	Key      string `json:"key"`       // the partner's own identity: GUID, else link, else content hash
	URL      string `json:"url"`       // absolute URL of the original article
	Title    string `json:"title"`     // plain text
	Summary  string `json:"summary"`   // HTML fragment, may be empty
	Content  string `json:"content"`   // HTML fragment; the whole article when FullContent
	Language string `json:"language"`  // BCP 47, may be empty
	ImageURL string `json:"image_url"` // lead image, absolute

	// FullContent reports whether Content is believed to hold the whole
	// article rather than a summary.
	FullContent bool `json:"full_content"`

	Authors    []Person    `json:"authors,omitempty"`
	Categories []string    `json:"categories,omitempty"`
	Enclosures []Enclosure `json:"enclosures,omitempty"`

	Published    time.Time `json:"published"`
	PublishedRaw string    `json:"published_raw,omitempty"`
	Updated      time.Time `json:"updated"` // zero when the partner gives none
	UpdatedRaw   string    `json:"updated_raw,omitempty"`

	// Enrichment, derived from the content: not part of ContentHash.

	// Prayer holds the article's prayer lists in page order; empty when
	// it has none.
	Prayer []PrayerList `json:"prayer,omitempty"`
	// Countries are the ISO 3166-1 alpha-2 codes of the countries the
	// article is about, most relevant first.
	Countries []string `json:"countries,omitempty"`
	// Fingerprint is the SimHash of the article's text that tells copies
	// of one story apart (see package dedupe): 0 when the text is too
	// short to say. Computed once, when the item is enriched, so that
	// publishing never needs the text to find duplicates.
	Fingerprint uint64 `json:"fingerprint,omitempty"`

	// Set by the store.
	FirstSeen   time.Time `json:"first_seen"`
	LastChanged time.Time `json:"last_changed"`
	// Hash is the ContentHash of the item as its feed gave it. The store
	// computes it when it is empty; a caller that enriches items (full
	// text, prayer, countries) sets it first, so that an unchanged feed
	// item is recognised on the next run without redoing the enrichment.
	Hash string `json:"hash,omitempty"`
}

// PrayerList is one prayer list of an article: its heading as written
// ("Pray now…"; empty for a lone request to pray without a heading) and its
// points, each with its words kept exactly (whitespace normalised, list
// markers stripped).
type PrayerList struct {
	Heading string   `json:"heading"`
	Items   []string `json:"items"`
}

// Modified returns the item's last-modification time: Updated when the
// partner gives one after Published, else Published.
func (it *Item) Modified() time.Time {
	if it.Updated.After(it.Published) {
		return it.Updated
	}
	return it.Published
}

// ItemID derives the stable, published ID of an item from its source and the
// partner's own key. It is a name-based (version 5 style) UUID URN, so it is a
// valid Atom id, RSS guid and JSON Feed id, never depends on base_url, and
// never changes between runs.
func ItemID(sourceID, key string) string {
	h := sha1.New()
	h.Write(itemNamespace[:])
	h.Write([]byte(sourceID))
	h.Write([]byte{0})
	h.Write([]byte(key))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = (u[6] & 0x0f) | 0x50 // version 5
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// itemNamespace is gleaner's UUID namespace for item IDs. Never change it:
// every published entry ID depends on it.
var itemNamespace = [16]byte{0x6b, 0x1f, 0x3e, 0x52, 0x0c, 0x9d, 0x4a, 0x7e, 0x9b, 0x41, 0x2d, 0x88, 0x5f, 0x10, 0xa3, 0x67}

// ContentHash returns a digest of everything about an item that, when it
// changes, makes the item "updated": a re-run with an identical hash leaves
// the stored row alone. Compute it on the item as parsed, before the store
// fills a missing Published with the first-seen time; store-owned fields
// (FirstSeen, LastChanged, Hash) are not part of it.
func (it *Item) ContentHash() string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	field(it.URL)
	field(it.Title)
	field(it.Summary)
	field(it.Content)
	field(it.Language)
	field(it.ImageURL)
	field(fmt.Sprint(it.FullContent))
	for _, a := range it.Authors {
		field(a.Name + "\x01" + a.Email + "\x01" + a.URL)
	}
	field("|")
	field(strings.Join(it.Categories, "\x01"))
	for _, e := range it.Enclosures {
		field(fmt.Sprintf("%s\x01%s\x01%d", e.URL, e.Type, e.Length))
	}
	field("|")
	field(it.PublishedRaw)
	field(it.UpdatedRaw)
	if !it.Published.IsZero() {
		field(it.Published.UTC().Format(time.RFC3339Nano))
	}
	if !it.Updated.IsZero() {
		field(it.Updated.UTC().Format(time.RFC3339Nano))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// FeedMeta is what a partner's feed says about itself.
type FeedMeta struct {
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	HomeURL     string   `json:"home_url,omitempty"`
	FeedURL     string   `json:"feed_url,omitempty"`
	Language    string   `json:"language,omitempty"`
	ImageURL    string   `json:"image_url,omitempty"`
	Authors     []Person `json:"authors,omitempty"`
	Format      string   `json:"format"` // rss, atom or json, with version: "rss 2.0"
}

// FetchState is what gleaner remembers about one fetched URL between runs.
type FetchState struct {
	URL          string
	ETag         string
	LastModified string
	// PermanentURL is where a permanent redirect (301, 308) last sent us;
	// the next run asks it directly.
	PermanentURL string
	LastStatus   int
	LastFetched  time.Time
}

// SourceHealth is a source's standing across runs: the backoff bookkeeping.
type SourceHealth struct {
	SourceID    string
	LastSuccess time.Time
	LastAttempt time.Time
	LastError   string
	Failures    int       // consecutive failed runs
	NextAttempt time.Time // zero: fetch on the next run
	Meta        FeedMeta  // the latest metadata the source reported
}

// Output is one curated feed to publish: output/<ID>.{atom,rss,json}.
type Output struct {
	ID          string
	Path        string // relative path without extension, e.g. "all" or "source/opendoors-uk"
	Title       string
	Description string
	HomeURL     string
	Language    string
	Sources     []string // source IDs to include; empty: every source
	Countries   []string // only items about one of these countries; empty: any
	PrayerOnly  bool     // only items with prayer points
	Languages   []string // only items in one of these languages (primary subtag match); empty: any
	// Include and Exclude are keywords (case-insensitive words or
	// phrases) or, between slashes, regular expressions: an item must
	// match one Include (when any) and no Exclude, in the title, the text
	// or both, as MatchIn says ("title", "text", "" for both).
	Include []string
	Exclude []string
	MatchIn string
	// Pinned are item IDs shown first, in this order, when selected.
	Pinned []string
	// PerCountry and PerSource expand the output into one output per
	// country among its items (Path/country/CODE) and one per source
	// (Path/source/ID), each with the same selection.
	PerCountry, PerSource bool
	MaxItems              int           // 0: no cap
	MaxAge                time.Duration // 0: no age limit
	// Prayer makes each entry the prayer points of an article, linked to
	// it, rather than the article itself.
	Prayer bool
}

// Override is an editor's correction of one item, found by its URL or ID.
type Override struct {
	URL, ID         string
	Block           bool     // never publish it
	Pin             bool     // show it first in every output that carries it
	Title           string   // replaces the title when set
	Countries       []string // replaces the countries when set
	AddCountries    []string
	RemoveCountries []string
}

// SourceStatus is how one source fared in one run.
type SourceStatus string

const (
	StatusOK          SourceStatus = "ok"
	StatusNotModified SourceStatus = "not_modified"
	StatusFailed      SourceStatus = "failed"
	StatusBackedOff   SourceStatus = "backed_off"
	StatusSkipped     SourceStatus = "skipped" // run deadline or cancellation
)

// SourceReport is one line of a run report.
type SourceReport struct {
	SourceID    string        `json:"source"`
	URL         string        `json:"url"`
	Status      SourceStatus  `json:"status"`
	HTTPStatus  int           `json:"http_status,omitempty"`
	Items       int           `json:"items"`
	New         int           `json:"new"`
	Updated     int           `json:"updated"`
	Error       string        `json:"error,omitempty"`
	NextAttempt time.Time     `json:"next_attempt,omitzero"`
	Duration    time.Duration `json:"duration_ns"`
}

// RunReport summarises one run.
type RunReport struct {
	ID           int64          `json:"id"`
	Started      time.Time      `json:"started"`
	Finished     time.Time      `json:"finished"`
	Sources      []SourceReport `json:"sources"`
	FilesWritten []string       `json:"files_written"`
	FilesKept    int            `json:"files_unchanged"`
	Published    bool           `json:"published"`
}

// Count returns how many sources ended with the given status.
func (r *RunReport) Count(s SourceStatus) int {
	n := 0
	for _, sr := range r.Sources {
		if sr.Status == s {
			n++
		}
	}
	return n
}

// Totals returns the new and updated item counts across sources.
func (r *RunReport) Totals() (newItems, updated int) {
	for _, sr := range r.Sources {
		newItems += sr.New
		updated += sr.Updated
	}
	return newItems, updated
}
