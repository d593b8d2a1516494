package feed

import (
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
	gjson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"

	"github.com/gleanerhq/gleaner/internal/model"
)

// factsFor reads, from the format's own feed, what gofeed's universal Feed
// f leaves out. gofeed's translators produce one universal item per format
// item, in order, so the facts line up with f.Items by index.
func factsFor(f *gofeed.Feed, src any) (feedFacts, []itemFacts) {
	switch src := src.(type) {
	case *rss.Feed:
		return rssFacts(f, src)
	case *atom.Feed:
		return atomFacts(f, src)
	case *gjson.Feed:
		return jsonFacts(f, src)
	}
	return feedFacts{format: f.FeedType}, nil
}

// atomPrefixes are the prefixes gofeed files Atom elements embedded in RSS
// under.
var atomPrefixes = []string{"atom", "atom10", "atom03"}

func rssFacts(f *gofeed.Feed, rf *rss.Feed) (feedFacts, []itemFacts) {
	ff := feedFacts{format: formatName("rss", rf.Version)}
	// webMaster is the technical contact, not an author: left out.
	switch dc := rf.DublinCoreExt; {
	case rf.ManagingEditor != "":
		ff.authors = people(rf.ManagingEditor)
	case dc != nil && len(dc.Creator)+len(dc.Author) > 0:
		ff.authors = people(append(append([]string(nil), dc.Creator...), dc.Author...)...)
	case rf.ITunesExt != nil && rf.ITunesExt.Author != "":
		ff.authors = people(rf.ITunesExt.Author)
	}

	facts := make([]itemFacts, len(rf.Items))
	for i, ri := range rf.Items {
		if i >= len(f.Items) {
			break
		}
		gi := f.Items[i]
		fx := itemFacts{
			summary:     gi.Description,
			content:     gi.Content,
			published:   gi.Published, // pubDate, else dc:date, else atom:published
			publishedAt: gi.PublishedParsed,
		}
		// gofeed's Updated is dc:date first, which RSS 1.0 feeds use for
		// publication; only atom:updated and dcterms:modified mean an update.
		fx.updated = extValue(ri.Extensions, atomPrefixes, "updated")
		if fx.updated == "" {
			fx.updated = extValue(ri.Extensions, []string{"dcterms"}, "modified")
		}
		if fx.updated != "" && fx.updated == gi.Updated {
			fx.updatedAt = gi.UpdatedParsed
		}

		dc := ri.DublinCoreExt
		switch {
		case ri.Author != "":
			fx.authors = people(ri.Author)
		case dc != nil && len(dc.Creator)+len(dc.Author) > 0:
			fx.authors = people(append(append([]string(nil), dc.Creator...), dc.Author...)...)
		case ri.ITunesExt != nil && ri.ITunesExt.Author != "":
			fx.authors = people(ri.ITunesExt.Author)
		default:
			for _, p := range extElements(ri.Extensions, atomPrefixes, "author") {
				fx.authors = appendPerson(fx.authors, model.Person{
					Name:  childValue(p, "name"),
					Email: childValue(p, "email"),
					URL:   childValue(p, "uri"),
				})
			}
		}
		if dc != nil && len(dc.Language) > 0 {
			fx.language = dc.Language[0]
		}
		// A guid is the item's permalink unless it says otherwise.
		if ri.GUID != nil && !strings.EqualFold(strings.TrimSpace(ri.GUID.IsPermalink), "false") {
			fx.permalink = ri.GUID.Value
		}
		facts[i] = fx
	}
	return ff, facts
}

func atomFacts(f *gofeed.Feed, af *atom.Feed) (feedFacts, []itemFacts) {
	ff := feedFacts{format: formatName("atom", af.Version), authors: atomPeople(af.Authors)}
	facts := make([]itemFacts, len(af.Entries))
	for i, e := range af.Entries {
		if i >= len(f.Items) {
			break
		}
		fx := itemFacts{
			summary:     f.Items[i].Description,
			published:   e.Published, // not gofeed's, which falls back to updated
			publishedAt: e.PublishedParsed,
			updated:     e.Updated,
			updatedAt:   e.UpdatedParsed,
			authors:     atomPeople(e.Authors),
		}
		if e.Content != nil {
			fx.content = atomContent(e.Content)
		}
		facts[i] = fx
	}
	return ff, facts
}

// atomContent returns Atom content as HTML: html and xhtml content as it
// is, text escaped into paragraphs, and nothing for other media types
// (base64 images, XML documents), which are not article text.
func atomContent(c *atom.Content) string {
	switch t := strings.ToLower(strings.TrimSpace(c.Type)); {
	case t == "html", t == "xhtml", t == "text/html", strings.Contains(t, "xhtml"):
		return c.Value
	case t == "", t == "text", strings.HasPrefix(t, "text/"):
		return textToHTML(c.Value)
	}
	return ""
}

func jsonFacts(f *gofeed.Feed, jf *gjson.Feed) (feedFacts, []itemFacts) {
	version := jf.Version
	if i := strings.LastIndex(version, "/version/"); i >= 0 {
		version = version[i+len("/version/"):]
		if !strings.Contains(version, ".") {
			version += ".0"
		}
	}
	ff := feedFacts{format: formatName("json", version), authors: jsonPeople(jf.Authors, jf.Author)}
	facts := make([]itemFacts, len(jf.Items))
	for i, ji := range jf.Items {
		if i >= len(f.Items) || ji == nil {
			break
		}
		gi := f.Items[i]
		fx := itemFacts{
			// summary is plain text in JSON Feed; content_text too.
			summary:     textToHTML(ji.Summary),
			content:     ji.ContentHTML,
			published:   ji.DatePublished,
			publishedAt: gi.PublishedParsed,
			updated:     ji.DateModified,
			updatedAt:   gi.UpdatedParsed,
			authors:     jsonPeople(ji.Authors, ji.Author),
			language:    ji.Language,
		}
		if strings.TrimSpace(fx.content) == "" {
			fx.content = textToHTML(ji.ContentText)
		}
		fx.elsewhere = ji.ExternalURL
		facts[i] = fx
	}
	return ff, facts
}

// formatName joins a format and its version: "rss 2.0", or "rss" when the
// feed names no version.
func formatName(format, version string) string {
	if v := strings.TrimSpace(version); v != "" {
		return format + " " + v
	}
	return format
}

// extElements returns the extension elements called name under the first
// of prefixes that has any.
func extElements(exts ext.Extensions, prefixes []string, name string) []ext.Extension {
	for _, p := range prefixes {
		if es := exts[p][name]; len(es) > 0 {
			return es
		}
	}
	return nil
}

// extValue returns the trimmed text of the first extension element called
// name under prefixes, or "".
func extValue(exts ext.Extensions, prefixes []string, name string) string {
	if es := extElements(exts, prefixes, name); len(es) > 0 {
		return strings.TrimSpace(es[0].Value)
	}
	return ""
}

// childValue returns the trimmed text of an extension element's first
// child called name, or "".
func childValue(e ext.Extension, name string) string {
	if cs := e.Children[name]; len(cs) > 0 {
		return strings.TrimSpace(cs[0].Value)
	}
	return ""
}

func atomPeople(in []*atom.Person) []model.Person {
	var out []model.Person
	for _, p := range in {
		if p != nil {
			out = appendPerson(out, model.Person{Name: p.Name, Email: p.Email, URL: p.URI})
		}
	}
	return out
}

// jsonPeople reads JSON Feed 1.1 authors, else the 1.0 author.
func jsonPeople(authors []*gjson.Author, author *gjson.Author) []model.Person {
	if len(authors) == 0 && author != nil {
		authors = []*gjson.Author{author}
	}
	var out []model.Person
	for _, a := range authors {
		if a != nil {
			out = appendPerson(out, model.Person{Name: a.Name, URL: a.URL})
		}
	}
	return out
}
