// Package listing reads a news listing page — the page a partner without a
// feed lists its articles on — and returns its article links with their
// titles, dates, excerpts and images, the feed the page advertises, if any,
// and its next page. Start with [Parse]; it takes bytes and never fetches.
// [ParseDate] reads dates as partners write them, in five languages.
//
// # Detection
//
// Without [Selectors], Parse finds the list a reader would see:
//
//   - Candidate links point to another page of the same site (same
//     registrable domain), outside nav, banner headers, footers, asides,
//     menus, share bars, tag clouds and comments; tag, category, author,
//     search, feed, pagination and file links, mailto:, javascript: and
//     "#" links never count.
//   - Links with the same tag path form a group; each link's item is its
//     highest ancestor holding no other article of the group (a card, a row,
//     a list item); items are split again by their containers' classes.
//   - Groups are scored: items × title length × (dates, linked headings,
//     images, excerpts, slug-like URLs); sidebar-like containers are
//     discounted, groups whose titles are mostly one or two words (menus,
//     tag clouds) dropped. The best group wins, joined by lone articles
//     beside it (a featured story) whose URL has the group's shape and whose
//     title is a heading.
//   - With no group of two, <article> elements with a linked heading are
//     used.
package listing

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// DefaultMaxEntries is the cap on entries when Parse is given 0.
const DefaultMaxEntries = 200

// ErrNoArticles is wrapped by the error Parse returns when a page has no
// article links it can find.
var ErrNoArticles = errors.New("no article links found")

// Selectors are a source's overrides from feeds.yaml: CSS selectors (one
// selector group each, "a, b" selects both). An empty field leaves that part
// to automatic detection.
type Selectors struct {
	// Item selects one element per article (a card, a row). When set, the
	// selectors are used exactly: no guessing, and an error if it matches
	// nothing. When empty but Link is set, every element Link matches in the
	// page is an article link.
	Item string
	// Link selects, inside an item, the link to the article (an <a>, or an
	// element holding one). Default: the item's main link.
	Link string
	// Title selects the title inside an item. Default: the linked heading,
	// else the longest link text.
	Title string
	// Date selects the date inside an item; its datetime or content
	// attribute is read before its text. Default: a <time datetime>, then
	// the first short text that reads as a date, a date heading above the
	// item, or a /yyyy/mm/dd/ permalink.
	Date string
	// DateLayout is the Go time layout of Date's text ("02/01/2006"). When
	// the text does not match it, ParseDate is tried.
	DateLayout string
}

// Entry is one article link found on a listing page.
type Entry struct {
	URL          string    `json:"url"`                     // absolute, without fragment
	Title        string    `json:"title"`                   // plain text, whitespace collapsed
	Published    time.Time `json:"published,omitzero"`      // UTC; zero when none was found or it did not parse
	PublishedRaw string    `json:"published_raw,omitempty"` // the date as written (attribute or text)
	Summary      string    `json:"summary,omitempty"`       // plain-text excerpt, may be empty
	ImageURL     string    `json:"image_url,omitempty"`     // absolute, may be empty
}

// Page is what Parse finds on a listing page.
type Page struct {
	// Entries are the article links in page order, de-duplicated by URL.
	Entries []Entry `json:"entries"`
	// FeedURL is a feed the page advertises with <link rel="alternate">
	// (RSS, Atom or JSON Feed; not a comments feed), absolute; "" when
	// none. The pipeline should read the feed instead.
	FeedURL string `json:"feed_url,omitempty"`
	// NextURL is the page's next (older) page, from rel=next or a
	// "Next", "Suivant", "Siguiente", "Próxima", "Weiter", "Older posts"…
	// link; absolute; "" when none.
	NextURL string `json:"next_url,omitempty"`
}

// Parse reads a listing page (UTF-8 HTML) fetched from pageURL, the absolute
// URL relative links resolve against. maxEntries caps the entries (0 means
// DefaultMaxEntries), however many links the page has.
//
// When the page has no article links, the error wraps ErrNoArticles and
// carries a hint, and the Page is still returned for its FeedURL and
// NextURL. Other errors (pageURL not absolute http(s), a selector that does
// not compile, Selectors.Item matching nothing) return no Page.
func Parse(page []byte, pageURL string, sel Selectors, maxEntries int) (*Page, error) {
	base, err := url.Parse(pageURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("listing %q: page URL must be absolute http(s)", pageURL)
	}
	base.Fragment, base.RawFragment = "", ""
	if maxEntries <= 0 {
		maxEntries = DefaultMaxEntries
	}
	m, err := compileSelectors(sel)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", pageURL, err)
	}
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil { // html.Parse fails only on reader errors
		return nil, fmt.Errorf("listing %s: %w", pageURL, err)
	}
	p := &parser{root: root, page: base, self: base.String(), sel: m, max: maxEntries}
	p.base = documentBase(root, base)
	p.site = siteOf(base.Hostname())

	out := &Page{Entries: []Entry{}, FeedURL: p.feedURL(), NextURL: p.nextURL()}
	var items []item
	switch {
	case m.item != nil:
		items, err = p.selectedItems()
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", pageURL, err)
		}
	case m.link != nil:
		items = p.linkSelectedItems()
	default:
		items = p.detect()
	}
	out.Entries = p.entries(items)
	if len(out.Entries) == 0 {
		hint := "set this source's selectors in feeds.yaml: one for the article links, or one per article item"
		if out.FeedURL != "" {
			hint = "use the feed it advertises, " + out.FeedURL
		}
		return out, fmt.Errorf("listing %s: %w (hint: %s)", pageURL, ErrNoArticles, hint)
	}
	return out, nil
}

// matchers are the compiled Selectors.
type matchers struct {
	item, link, title, date cascadia.Matcher
	layout                  string
}

func compileSelectors(s Selectors) (matchers, error) {
	m := matchers{layout: s.DateLayout}
	for _, f := range []struct {
		name string
		src  string
		dst  *cascadia.Matcher
	}{
		{"item", s.Item, &m.item},
		{"link", s.Link, &m.link},
		{"title", s.Title, &m.title},
		{"date", s.Date, &m.date},
	} {
		if strings.TrimSpace(f.src) == "" {
			continue
		}
		g, err := cascadia.ParseGroup(f.src)
		if err != nil {
			return m, fmt.Errorf("selectors.%s %q: %w", f.name, f.src, err)
		}
		*f.dst = g
	}
	return m, nil
}

// parser holds one Parse call's state.
type parser struct {
	root *html.Node
	page *url.URL // the page's own URL, without fragment
	base *url.URL // what links resolve against: <base href> or page
	self string   // page.String()
	site string   // registrable domain of the page
	sel  matchers
	max  int

	cache map[cacheKey]extracted // extract's results
}

// item is one article found on the page: its URL and the nodes that hold
// what is written about it (the item element, plus the siblings that follow
// a bare heading item up to the next item).
type item struct {
	url   string
	nodes []*html.Node
}

// selectedItems applies Selectors.Item, and Link inside it.
func (p *parser) selectedItems() ([]item, error) {
	found := cascadia.QueryAll(p.root, p.sel.item)
	if len(found) == 0 {
		return nil, errors.New("selectors.item matches nothing on the page")
	}
	var items []item
	for _, n := range found {
		var u string
		if p.sel.link != nil {
			if p.sel.link.Match(n) {
				u = p.hrefIn(n)
			}
			for _, l := range cascadia.QueryAll(n, p.sel.link) {
				if u != "" {
					break
				}
				u = p.hrefIn(l)
			}
		} else {
			u = p.mainLink(n)
		}
		if u != "" {
			items = append(items, item{url: u, nodes: []*html.Node{n}})
		}
	}
	return items, nil
}

// linkSelectedItems applies Selectors.Link to the whole page when Item is
// empty; each link's item is found as in automatic detection.
func (p *parser) linkSelectedItems() []item {
	var links []link
	for _, n := range cascadia.QueryAll(p.root, p.sel.link) {
		a := n
		if a.DataAtom.String() != "a" {
			if a = findFirst(n, isHrefAnchor); a == nil {
				continue
			}
		}
		if u := p.resolveHTTP(attr(a, "href")); u != "" {
			links = append(links, link{node: a, url: u})
		}
	}
	return itemsOf(links)
}

// hrefIn returns the absolute http(s) URL of n's href, or of the first
// <a href> inside it; "" when there is none.
func (p *parser) hrefIn(n *html.Node) string {
	if !isHrefAnchor(n) {
		if n = findFirst(n, isHrefAnchor); n == nil {
			return ""
		}
	}
	return p.resolveHTTP(attr(n, "href"))
}

// mainLink picks an item's link to its article when no Link selector is
// given: the link in a heading, else the first candidate article link, else
// the first http(s) link.
func (p *parser) mainLink(n *html.Node) string {
	var first, firstArticle, heading string
	walk(n, func(c *html.Node) bool {
		if !isHrefAnchor(c) {
			return true
		}
		u := p.resolveHTTP(attr(c, "href"))
		if u == "" {
			return true
		}
		if first == "" {
			first = u
		}
		if firstArticle == "" && p.articleLink(c, u) {
			firstArticle = u
		}
		if heading == "" && (hasAncestor(c, n, isHeading) || findFirst(c, isHeading) != nil) {
			heading = u
		}
		return true
	})
	for _, u := range []string{heading, firstArticle, first} {
		if u != "" {
			return u
		}
	}
	return ""
}

// entries turns items into entries: de-duplicated, capped, filled in.
func (p *parser) entries(items []item) []Entry {
	out := []Entry{}
	seen := map[string]bool{}
	for _, it := range items {
		if len(out) >= p.max {
			break
		}
		if seen[it.url] {
			continue
		}
		seen[it.url] = true
		out = append(out, p.entry(it))
	}
	return out
}
