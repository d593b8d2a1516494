package publish

import (
	"encoding/xml"

	"github.com/gorilla/feeds"
)

// rssDocs is the RSS specification every channel points to.
const rssDocs = "https://www.rssboard.org/rss-specification"

// rssDoc extends gorilla's <rss> root with the namespaces gleaner's
// extensions use. Its Channel field shadows gorilla's.
type rssDoc struct {
	*feeds.RssFeedXml
	DCNamespace   string      `xml:"xmlns:dc,attr"`
	AtomNamespace string      `xml:"xmlns:atom,attr"`
	Channel       *rssChannel `xml:"channel"`
}

// rssChannel extends gorilla's channel with an atom:link to itself, as the
// RSS Advisory Board recommends, and gleaner's items.
type rssChannel struct {
	XMLName xml.Name `xml:"channel"`
	*feeds.RssFeed
	AtomLinks []*rssAtomLink
	Items     []*rssItem `xml:"item"`
}

type rssAtomLink struct {
	XMLName xml.Name `xml:"atom:link"`
	Href    string   `xml:"href,attr"`
	Rel     string   `xml:"rel,attr"`
	Type    string   `xml:"type,attr,omitempty"`
}

// rssItem extends gorilla's item with several categories, dc:creator for
// authors without an e-mail address, and a <source> naming the partner;
// gorilla has one category and writes source as a bare string.
type rssItem struct {
	XMLName xml.Name `xml:"item"`
	*feeds.RssItem
	Link       string        `xml:"link,omitempty"` // gorilla writes an empty <link> without a URL
	Creators   []string      `xml:"dc:creator"`
	Categories []rssCategory `xml:"category"`
	Source     *rssSource    `xml:"source"`
}

// rssCategory is an RSS category, with a domain for country codes.
type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Value  string `xml:",chardata"`
}

type rssSource struct {
	URL  string `xml:"url,attr"`
	Name string `xml:",chardata"`
}

func renderRSS(f *Feed) ([]byte, error) {
	gf := f.gorilla(f.homeURL())
	if gf.Author.Email == "" {
		// managingEditor must be an e-mail address; gorilla would write
		// " (Name)".
		gf.Author = nil
	}
	gf.Description = f.description()
	ch := (&feeds.Rss{Feed: gf}).RssFeed()
	// gorilla fills PubDate and LastBuildDate from gf.Updated, never now.
	ch.Language = f.Language
	ch.Generator = f.Generator
	ch.Docs = rssDocs
	root := ch.FeedXml().(*feeds.RssFeedXml)

	doc := &rssDoc{
		RssFeedXml:    root,
		DCNamespace:   "http://purl.org/dc/elements/1.1/",
		AtomNamespace: "http://www.w3.org/2005/Atom",
		Channel: &rssChannel{
			RssFeed:   ch,
			AtomLinks: []*rssAtomLink{{Href: f.SelfURL(RSS), Rel: "self", Type: RSS.MediaType()}},
			Items:     make([]*rssItem, len(ch.Items)),
		},
	}
	if f.Hub != "" {
		doc.Channel.AtomLinks = append(doc.Channel.AtomLinks, &rssAtomLink{Href: f.Hub, Rel: "hub"})
	}
	for i, ri := range ch.Items {
		doc.Channel.Items[i] = rssItemOf(ri, &f.Entries[i])
	}
	ch.Items = nil
	root.Channel = nil
	return marshalXML(doc, f.Stylesheet)
}

// rssItemOf adjusts the item gorilla built from e and wraps it.
func rssItemOf(ri *feeds.RssItem, e *Entry) *rssItem {
	// The description is HTML: the summary, or an excerpt of the text.
	desc := e.Summary
	if desc == "" {
		desc = excerpt(e.ContentText)
	}
	ri.Description = htmlText.Replace(desc)
	if ri.Content != nil {
		ri.Content.Content = xmlChars(ri.Content.Content) // CDATA is written unchecked
	}
	// <author> must be an e-mail address; gorilla writes the name.
	ri.Author = ""

	x := &rssItem{RssItem: ri, Link: ri.Link}
	for _, c := range e.Categories {
		x.Categories = append(x.Categories, rssCategory{Value: c})
	}
	for _, c := range e.Countries {
		x.Categories = append(x.Categories, rssCategory{Domain: CountryScheme, Value: c.Code})
	}
	ri.Link = ""
	for _, p := range e.Authors {
		if name := personName(p); name != "" {
			x.Creators = append(x.Creators, name)
		}
	}
	// <source url> must be the partner's feed: a partner without one
	// (a listing page) is credited in the content only.
	if u := e.Source.FeedURL; u != "" {
		name := e.Source.Name
		if name == "" {
			name = e.Source.ID
		}
		x.Source = &rssSource{URL: u, Name: name}
	}
	return x
}
