package publish

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/feeds"

	"github.com/gleanerhq/gleaner/internal/model"
)

// ErrInvalidFeed is wrapped by the error [Render] and [Write] return for a
// Feed that cannot be published as is: no path, no base URL, an entry
// without an ID or two entries with the same ID.
var ErrInvalidFeed = errors.New("invalid feed")

// ErrUnknownFormat is wrapped by the error [Render] returns for a Format
// outside [Formats].
var ErrUnknownFormat = errors.New("unknown format")

// Format is a feed format gleaner publishes.
type Format string

// The formats gleaner publishes.
const (
	Atom Format = "atom" // RFC 4287
	RSS  Format = "rss"  // RSS 2.0, RSS Advisory Board profile
	JSON Format = "json" // JSON Feed 1.1
)

// Formats lists every format [Write] publishes, in the order it writes them.
var Formats = []Format{Atom, RSS, JSON}

// Ext returns the file extension of the format, with its dot: ".atom",
// ".rss" or ".json"; "" for an unknown format.
func (f Format) Ext() string {
	switch f {
	case Atom, RSS, JSON:
		return "." + string(f)
	}
	return ""
}

// MediaType returns the format's media type, for the self links and for
// servers: "application/atom+xml", "application/rss+xml" or
// "application/feed+json"; "" for an unknown format.
func (f Format) MediaType() string {
	switch f {
	case Atom:
		return "application/atom+xml"
	case RSS:
		return "application/rss+xml"
	case JSON:
		return "application/feed+json"
	}
	return ""
}

// Source is the partner an entry came from, for attribution.
type Source struct {
	ID      string // model.Source.ID; always written as _gleaner.source
	Name    string // the partner's name
	HomeURL string // the partner's website
	FeedURL string // the partner feed or page gleaner read
}

// CountryScheme identifies ISO 3166-1 alpha-2 codes: the Atom category
// scheme and RSS category domain of country categories.
const CountryScheme = "urn:iso:std:iso:3166:-1:alpha-2"

// Country is a country an entry is about.
type Country struct {
	Code string // "KP"
	Name string // "North Korea"
}

// Entry is one curated item, ready to publish.
type Entry struct {
	// ID is the entry's stable ID (see model.ItemID), written as the Atom
	// id, the RSS guid (isPermaLink="false") and the JSON Feed id. Required.
	ID          string
	URL         string // the original article
	Title       string // plain text
	ContentHTML string // sanitised HTML, attribution line included
	ContentText string // plain text of ContentHTML
	Summary     string // plain text, may be empty
	ImageURL    string // lead image, JSON Feed "image"
	Authors     []model.Person
	Categories  []string
	// Countries are the ISO 3166-1 alpha-2 codes the entry is about, with
	// their names: Atom categories with a scheme and label, RSS categories
	// with a domain, JSON Feed tags (the names).
	Countries []Country
	// Enclosures are Atom enclosure links and JSON Feed attachments; RSS
	// carries only the first, as the RSS Advisory Board recommends.
	Enclosures []model.Enclosure
	Published  time.Time
	Updated    time.Time // zero: same as Published
	Language   string    // BCP 47; written where it differs from the feed's
	Source     Source
	// Gleaner is the JSON Feed "_gleaner" extension object, written as is
	// with "source" (Source.ID, always present), "source_name" and
	// "source_url" (Source.HomeURL, when set) added over it.
	Gleaner map[string]any
}

// Feed is one curated feed, published as output/<Path>.{atom,rss,json}.
type Feed struct {
	// Path is the feed's slash-separated path below the output directory,
	// without extension: "all", "source/opendoors-uk".
	Path        string
	Title       string
	Description string
	// BaseURL is where the output directory is served, ending in "/": the
	// self link of a format is BaseURL+Path+Ext, and is also the Atom feed
	// id. Required.
	BaseURL  string
	HomeURL  string       // alternate link; default BaseURL
	Language string       // BCP 47
	Author   model.Person // default: Title as the name
	// Generator names the program and its version, "gleaner 1.2.0".
	Generator string
	// Stylesheet, when set, is the href of an XSLT stylesheet written as
	// <?xml-stylesheet type="text/xsl" href="…"?> right after the XML
	// declaration of the Atom and RSS documents (JSON has no equivalent),
	// so that a browser shows the feed as a page. A relative href resolves
	// against the feed file's own URL: a feed at "country/KP" needs
	// "../feed.xsl" for the stylesheet at the top of the output directory.
	// Prefer a relative href: browsers refuse cross-origin stylesheets.
	Stylesheet string
	// Updated is the feed's last-modified time; zero: the newest entry's
	// Updated or Published, or the Unix epoch when no entry has a date.
	Updated time.Time
	// Entries are rendered in this order.
	Entries []Entry
	// Hub is a WebSub hub URL advertised in the feed (rel="hub"); empty:
	// none.
	Hub string
}

// SelfURL returns the URL the feed is served at in the given format.
func (f *Feed) SelfURL(format Format) string {
	return f.BaseURL + f.Path + format.Ext()
}

// Render returns the feed rendered in the given format. The result depends
// only on f: rendering the same Feed twice gives the same bytes.
func Render(f *Feed, format Format) ([]byte, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	switch format {
	case Atom:
		return renderAtom(f)
	case RSS:
		return renderRSS(f)
	case JSON:
		return renderJSON(f)
	}
	return nil, fmt.Errorf("render %q: %w", string(format), ErrUnknownFormat)
}

// validate reports what would make f unpublishable or its output unstable.
func (f *Feed) validate() error {
	if f.Path == "" || path.Clean(f.Path) != f.Path || !filepath.IsLocal(filepath.FromSlash(f.Path)) {
		return fmt.Errorf("feed path %q: must be a clean relative path: %w", f.Path, ErrInvalidFeed)
	}
	if f.BaseURL == "" || !strings.HasSuffix(f.BaseURL, "/") {
		return fmt.Errorf("feed %s: base URL %q: must be set and end with \"/\": %w", f.Path, f.BaseURL, ErrInvalidFeed)
	}
	seen := make(map[string]int, len(f.Entries))
	for i := range f.Entries {
		id := f.Entries[i].ID
		if id == "" {
			// gorilla/feeds would invent a random urn:uuid here.
			return fmt.Errorf("feed %s: entry %d (%q): empty ID: %w", f.Path, i, f.Entries[i].URL, ErrInvalidFeed)
		}
		if j, dup := seen[id]; dup {
			return fmt.Errorf("feed %s: entries %d and %d share ID %s: %w", f.Path, j, i, id, ErrInvalidFeed)
		}
		seen[id] = i
	}
	return nil
}

// utc normalises a time for publishing: UTC, whole seconds, zero stays zero.
// Every format then writes the same instant the same way, whatever zone or
// monotonic reading the caller's time carried.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// modified returns the entry's last-modified time: Updated, else Published;
// zero when it has neither.
func (e *Entry) modified() time.Time {
	if !e.Updated.IsZero() {
		return utc(e.Updated)
	}
	return utc(e.Published)
}

// updated returns the feed's last-modified time, see Feed.Updated.
func (f *Feed) updated() time.Time {
	if !f.Updated.IsZero() {
		return utc(f.Updated)
	}
	var newest time.Time
	for i := range f.Entries {
		if m := f.Entries[i].modified(); m.After(newest) {
			newest = m
		}
	}
	if newest.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return newest
}

func (f *Feed) homeURL() string {
	if f.HomeURL != "" {
		return f.HomeURL
	}
	return f.BaseURL
}

func (f *Feed) author() model.Person {
	if f.Author == (model.Person{}) {
		return model.Person{Name: f.Title}
	}
	return f.Author
}

// description returns the feed's description, falling back to its title for
// RSS, where a channel description is required.
func (f *Feed) description() string {
	if f.Description != "" {
		return f.Description
	}
	return f.Title
}

// gorilla translates f into gorilla's generic feed, the input of its Atom,
// RSS and JSON builders. link becomes gorilla's feed link: the Atom builder
// uses it as the feed id, the RSS and JSON builders as the home page.
//
// Only what gorilla maps correctly for every format is set here; each
// renderer adjusts the rest on gorilla's output structs.
func (f *Feed) gorilla(link string) *feeds.Feed {
	a := f.author()
	gf := &feeds.Feed{
		Title:       f.Title,
		Link:        &feeds.Link{Href: link},
		Description: f.Description,
		Author:      &feeds.Author{Name: a.Name, Email: a.Email},
		// Not Created: gorilla's RSS builder would write it as pubDate in
		// preference to Updated.
		Updated: f.updated(),
		Items:   make([]*feeds.Item, len(f.Entries)),
	}
	for i := range f.Entries {
		e := &f.Entries[i]
		it := &feeds.Item{
			Id:          e.ID, // never empty (validate): gorilla would invent one
			IsPermaLink: "false",
			Title:       e.Title,
			Link:        &feeds.Link{Href: e.URL},
			Description: e.Summary,
			Content:     e.ContentHTML,
			Created:     utc(e.Published),
			Updated:     e.modified(),
		}
		if len(e.Authors) > 0 {
			it.Author = &feeds.Author{Name: e.Authors[0].Name, Email: e.Authors[0].Email}
		}
		if len(e.Enclosures) > 0 {
			enc := e.Enclosures[0]
			it.Enclosure = &feeds.Enclosure{Url: enc.URL, Type: enclosureType(enc), Length: strconv.FormatInt(max(enc.Length, 0), 10)}
		}
		gf.Items[i] = it
	}
	return gf
}

// enclosureType returns the enclosure's media type, or the generic binary
// type where a format requires one and the partner gave none.
func enclosureType(enc model.Enclosure) string {
	if enc.Type != "" {
		return enc.Type
	}
	return "application/octet-stream"
}

// personName returns the name to credit a person by: the name, else the
// e-mail address; "" when there is neither.
func personName(p model.Person) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Email
}

// marshalXML encodes v as an indented XML document ending in a newline,
// with an xml-stylesheet processing instruction for the given href when it
// is not empty.
func marshalXML(v any, stylesheet string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if stylesheet != "" {
		buf.WriteString(`<?xml-stylesheet type="text/xsl" href="`)
		buf.WriteString(piAttr.Replace(xmlChars(stylesheet)))
		buf.WriteString("\"?>\n")
	}
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// xmlChars replaces what XML 1.0 cannot carry (invalid UTF-8, control
// characters) with U+FFFD, as encoding/xml does for escaped text. It is
// needed for CDATA sections, which encoding/xml writes unchecked.
func xmlChars(s string) string {
	valid := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' ||
			r >= 0x20 && r <= 0xD7FF ||
			r >= 0xE000 && r <= 0xFFFD ||
			r >= 0x10000 && r <= 0x10FFFF
	}
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !valid(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	// strings.Map hands each invalid UTF-8 byte over as utf8.RuneError.
	return strings.Map(func(r rune) rune {
		if !valid(r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

// piAttr escapes a pseudo-attribute value of a processing instruction,
// which may hold the predefined entity references: "?>" cannot end the
// instruction early, nor a quote the value.
var piAttr = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// htmlText escapes plain text for a place that holds HTML.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// excerptRunes is the longest RSS description gleaner derives from an
// entry's text when it has no summary: about two sentences, enough for a
// reader's preview without duplicating the article.
const excerptRunes = 280

// excerpt returns the start of a plain text, whitespace collapsed, cut at a
// word boundary and marked with an ellipsis when shortened.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= excerptRunes {
		return s
	}
	cut, n := 0, 0
	for i := range s {
		if n == excerptRunes {
			cut = i
			break
		}
		n++
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:.-–—") + "…"
}
