package site

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/gleanerhq/gleaner/internal/publish"
)

// ErrInvalidData is wrapped by the error [Write] returns for Data it
// cannot publish: no usable base URL, or a feed path that is not a clean
// relative path or appears twice.
var ErrInvalidData = errors.New("invalid site data")

// The files [Write] publishes, relative to the output directory, in the
// order it writes them.
const (
	IndexFile      = "index.html"
	OPMLFile       = "feeds.opml"
	StylesheetFile = "feed.xsl"
	EmbedFile      = "embed.js"
)

// Sizes the pipeline should trim [Data] to; Write renders what it is given.
const (
	NewestItems            = 20 // Data.Newest
	PrayerPointsPerCountry = 3  // each PrayerGroup.Points
)

// FeedLink is one published output: the files Path.atom, Path.rss and
// Path.json below the output directory.
type FeedLink struct {
	Path        string // slash-separated, without extension: "all", "country/KP"
	Title       string
	Description string
	Items       int       // entries in the feed
	Updated     time.Time // the feed's last-modified time; zero: not shown
}

// ItemLink is one of the newest items, linked to the original article.
type ItemLink struct {
	Title     string
	URL       string // the original article; linked only when http or https
	Source    string // the partner's name
	SourceURL string // the partner's website; linked only when http or https
	Published time.Time
	Countries []string // names, "North Korea"
}

// PrayerGroup is the newest prayer points about one country.
type PrayerGroup struct {
	Country string // name, "North Korea"
	Code    string // ISO 3166-1 alpha-2, "KP"; links to the country's feed when there is one
	Points  []PrayerPoint
}

// PrayerPoint is one prayer point and the article it comes from.
type PrayerPoint struct {
	Text         string
	ArticleTitle string
	ArticleURL   string
	Source       string // the partner's name
	Published    time.Time
}

// Data is everything the site files are rendered from.
type Data struct {
	Title       string
	Description string
	// BaseURL is where the output directory is served, an absolute http or
	// https URL ending in "/", as publish.Feed.BaseURL. Required.
	BaseURL   string
	Language  string // BCP 47; default "en"
	Generator string // "gleaner 1.2.0"
	// Feeds are every published output in display order: configured
	// outputs, prayer, per country, per partner. They are grouped by path:
	// "prayer", "country/…", "source/…", and everything else.
	Feeds  []FeedLink
	Newest []ItemLink    // newest first, about NewestItems
	Prayer []PrayerGroup // a few points per country, PrayerPointsPerCountry
	// Updated is the newest item's time: the page's date. Never time.Now,
	// or every run would rewrite the page.
	Updated time.Time
}

// StylesheetHref returns the href to set as publish.Feed.Stylesheet for
// the feed at feedPath (slash-separated, as publish.Feed.Path): feed.xsl
// relative to the feed file, one "../" per directory the feed sits in.
// "all" gives "feed.xsl", "country/KP" gives "../feed.xsl".
//
// A relative href keeps the stylesheet on the feed's own origin, which
// browsers require of XSLT.
func StylesheetHref(feedPath string) string {
	return strings.Repeat("../", strings.Count(feedPath, "/")) + StylesheetFile
}

// Write renders every site file from d and writes each into dir with
// publish.WriteFile: atomically, and only when its bytes changed. It
// returns the names of the files written and of those already up to date.
// Every file is rendered before any is written; ctx is checked before each
// write.
func Write(ctx context.Context, dir string, d Data) (written, unchanged []string, err error) {
	files, err := render(d)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return written, unchanged, err
		}
		changed, err := publish.WriteFile(filepath.Join(dir, f.name), f.data)
		if err != nil {
			return written, unchanged, fmt.Errorf("site: write %s: %w", f.name, err)
		}
		if changed {
			written = append(written, f.name)
		} else {
			unchanged = append(unchanged, f.name)
		}
	}
	return written, unchanged, nil
}

type file struct {
	name string
	data []byte
}

// render returns every site file, in the order Write writes them.
func render(d Data) ([]file, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	if d.Language == "" {
		d.Language = "en"
	}
	index, err := renderIndex(&d)
	if err != nil {
		return nil, fmt.Errorf("site: render %s: %w", IndexFile, err)
	}
	opml, err := renderOPML(&d)
	if err != nil {
		return nil, fmt.Errorf("site: render %s: %w", OPMLFile, err)
	}
	embed, err := renderEmbed(&d)
	if err != nil {
		return nil, fmt.Errorf("site: render %s: %w", EmbedFile, err)
	}
	return []file{
		{IndexFile, index},
		{OPMLFile, opml},
		{StylesheetFile, stylesheet},
		{EmbedFile, embed},
	}, nil
}

func (d *Data) validate() error {
	u, err := url.Parse(d.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.HasSuffix(u.Path, "/") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("site: base URL %q: must be an http or https URL ending in \"/\": %w", d.BaseURL, ErrInvalidData)
	}
	seen := make(map[string]bool, len(d.Feeds))
	for i, f := range d.Feeds {
		if f.Path == "" || path.Clean(f.Path) != f.Path || !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return fmt.Errorf("site: feeds[%d].path %q: must be a clean relative path: %w", i, f.Path, ErrInvalidData)
		}
		if seen[f.Path] {
			return fmt.Errorf("site: feeds[%d].path %q: listed twice: %w", i, f.Path, ErrInvalidData)
		}
		seen[f.Path] = true
	}
	return nil
}

// group is a kind of feed, by path.
type group int

const (
	groupOutputs group = iota
	groupPrayer
	groupCountries
	groupPartners
)

// groupOf returns the group of the feed at p.
func groupOf(p string) group {
	switch {
	case p == "prayer":
		return groupPrayer
	case strings.HasPrefix(p, "country/"):
		return groupCountries
	case strings.HasPrefix(p, "source/"):
		return groupPartners
	}
	return groupOutputs
}

// groupName names a group on the page and in the OPML file.
var groupName = [...]string{
	groupOutputs:   "Outputs",
	groupPrayer:    "Prayer",
	groupCountries: "Countries",
	groupPartners:  "Partners",
}

// byGroup splits feeds by group, keeping their order within each.
func byGroup(feeds []FeedLink) [len(groupName)][]FeedLink {
	var g [len(groupName)][]FeedLink
	for _, f := range feeds {
		k := groupOf(f.Path)
		g[k] = append(g[k], f)
	}
	return g
}

// webURL returns s when it is an absolute http or https URL, else "".
func webURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}

// date formats t for people: "2 March 2024", in UTC; "" for zero.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 January 2006")
}

// machineDate formats t for a datetime attribute: RFC 3339 in UTC.
func machineDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}
