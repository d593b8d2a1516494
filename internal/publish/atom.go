package publish

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/feeds"
)

// atomFeed extends gorilla's AtomFeed with what RFC 4287 feeds should carry
// and gorilla cannot express. Fields tagged with the name of a gorilla
// field ("link", "entry") shadow it: encoding/xml, like Go, lets the
// shallower field win.
type atomFeed struct {
	XMLName xml.Name `xml:"feed"`
	*feeds.AtomFeed
	Lang      string           `xml:"xml:lang,attr,omitempty"`
	Links     []feeds.AtomLink `xml:"link"` // self and alternate; gorilla has one link
	Generator *atomGenerator
	Entries   []*atomEntry `xml:"entry"`
}

type atomGenerator struct {
	XMLName xml.Name `xml:"generator"`
	Version string   `xml:"version,attr,omitempty"`
	Name    string   `xml:",chardata"`
}

// atomEntry extends gorilla's AtomEntry with several authors and
// categories, the partner as <source> and xml:lang.
type atomEntry struct {
	XMLName xml.Name `xml:"entry"`
	*feeds.AtomEntry
	Lang       string              `xml:"xml:lang,attr,omitempty"`
	Authors    []*feeds.AtomAuthor `xml:"author"`
	Categories []atomCategory      `xml:"category"`
	Source     *atomSource         `xml:"source"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// atomSource credits the partner (RFC 4287 section 4.2.11).
type atomSource struct {
	XMLName xml.Name         `xml:"source"`
	ID      string           `xml:"id,omitempty"`
	Title   string           `xml:"title,omitempty"`
	Links   []feeds.AtomLink `xml:"link"`
}

func renderAtom(f *Feed) ([]byte, error) {
	self := f.SelfURL(Atom)
	// gorilla takes the feed id from the feed link: the self URL.
	af := (&feeds.Atom{Feed: f.gorilla(self)}).AtomFeed()
	updated := f.updated()
	af.Link = nil
	if a := f.author(); a.URL != "" {
		af.Author.Uri = a.URL
	}
	doc := &atomFeed{
		AtomFeed: af,
		Lang:     f.Language,
		Links: []feeds.AtomLink{
			{Href: self, Rel: "self", Type: Atom.MediaType()},
			{Href: f.homeURL(), Rel: "alternate", Type: "text/html"},
		},
		Generator: atomGeneratorOf(f.Generator),
		Entries:   make([]*atomEntry, len(af.Entries)),
	}
	if f.Hub != "" {
		doc.Links = append(doc.Links, feeds.AtomLink{Href: f.Hub, Rel: "hub"})
	}
	for i, ae := range af.Entries {
		doc.Entries[i] = atomEntryOf(ae, &f.Entries[i], f.Language, updated)
	}
	af.Entries = nil
	return marshalXML(doc, f.Stylesheet)
}

// atomEntryOf adjusts the entry gorilla built from e and wraps it.
func atomEntryOf(ae *feeds.AtomEntry, e *Entry, feedLang string, feedUpdated time.Time) *atomEntry {
	if ae.Updated == "" {
		// An entry with no date at all; updated is required.
		ae.Updated = feedUpdated.Format(time.RFC3339)
	}
	if p := utc(e.Published); !p.IsZero() {
		ae.Published = p.Format(time.RFC3339)
	}
	if ae.Summary != nil {
		ae.Summary.Type = "text" // gorilla assumes HTML; Summary is plain text
	}
	// gorilla writes an alternate link even without a URL, and only the
	// first enclosure: keep its alternate link, add every enclosure.
	links := make([]feeds.AtomLink, 0, 1+len(e.Enclosures))
	for _, l := range ae.Links {
		if l.Rel == "alternate" && l.Href != "" {
			l.Type = "text/html"
			links = append(links, l)
		}
	}
	for _, enc := range e.Enclosures {
		l := feeds.AtomLink{Href: enc.URL, Rel: "enclosure", Type: enc.Type}
		if enc.Length > 0 {
			l.Length = strconv.FormatInt(enc.Length, 10)
		}
		links = append(links, l)
	}
	ae.Links = links
	ae.Author = nil

	x := &atomEntry{AtomEntry: ae}
	if e.Language != feedLang {
		x.Lang = e.Language
	}
	for _, p := range e.Authors {
		name := personName(p) // atom:name is required
		if name == "" {
			continue
		}
		x.Authors = append(x.Authors, &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: name, Email: p.Email, Uri: p.URL}})
	}
	for _, c := range e.Categories {
		x.Categories = append(x.Categories, atomCategory{Term: c})
	}
	for _, c := range e.Countries {
		x.Categories = append(x.Categories, atomCategory{Term: c.Code, Scheme: CountryScheme, Label: c.Name})
	}
	x.Source = atomSourceOf(e.Source)
	return x
}

func atomSourceOf(s Source) *atomSource {
	if s.Name == "" && s.HomeURL == "" && s.FeedURL == "" {
		return nil
	}
	src := &atomSource{ID: s.FeedURL, Title: s.Name}
	if src.ID == "" {
		src.ID = s.HomeURL
	}
	if s.HomeURL != "" {
		src.Links = append(src.Links, feeds.AtomLink{Href: s.HomeURL, Rel: "alternate", Type: "text/html"})
	}
	if s.FeedURL != "" {
		src.Links = append(src.Links, feeds.AtomLink{Href: s.FeedURL, Rel: "self"})
	}
	return src
}

// atomGeneratorOf splits "gleaner 1.2.0" into the generator's name and
// version attribute.
func atomGeneratorOf(g string) *atomGenerator {
	if g == "" {
		return nil
	}
	if i := strings.LastIndexByte(g, ' '); i > 0 {
		return &atomGenerator{Name: g[:i], Version: g[i+1:]}
	}
	return &atomGenerator{Name: g}
}
