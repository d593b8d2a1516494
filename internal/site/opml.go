package site

import (
	"bytes"
	"encoding/xml"

	"github.com/gleanerhq/gleaner/internal/publish"
)

// opmlDoc is an OPML 2.0 subscription list (http://opml.org/spec2.opml).
type opmlDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    opmlHead `xml:"head"`
	Body    opmlBody `xml:"body"`
}

type opmlBody struct {
	Outlines []opmlOutline `xml:"outline"`
}

type opmlHead struct {
	Title        string `xml:"title"`
	DateModified string `xml:"dateModified,omitempty"`
	Docs         string `xml:"docs"`
}

type opmlOutline struct {
	Text        string        `xml:"text,attr"`
	Title       string        `xml:"title,attr,omitempty"`
	Type        string        `xml:"type,attr,omitempty"`
	XMLURL      string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL     string        `xml:"htmlUrl,attr,omitempty"`
	Description string        `xml:"description,attr,omitempty"`
	Language    string        `xml:"language,attr,omitempty"`
	Outlines    []opmlOutline `xml:"outline"`
}

// rfc822 is the date format of OPML's dateModified (RFC 822, with a
// four-digit year, as RSS uses it).
const rfc822 = "Mon, 02 Jan 2006 15:04:05 GMT"

// opmlOrder is the order of the groups in feeds.opml.
var opmlOrder = []group{groupOutputs, groupCountries, groupPartners, groupPrayer}

// renderOPML lists every feed's Atom URL, one outline per group.
func renderOPML(d *Data) ([]byte, error) {
	doc := opmlDoc{
		Version: "2.0",
		Head:    opmlHead{Title: d.Title, Docs: "http://opml.org/spec2.opml"},
	}
	if !d.Updated.IsZero() {
		doc.Head.DateModified = d.Updated.UTC().Format(rfc822)
	}
	groups := byGroup(d.Feeds)
	for _, k := range opmlOrder {
		if len(groups[k]) == 0 {
			continue
		}
		o := opmlOutline{Text: groupName[k], Title: groupName[k]}
		for _, f := range groups[k] {
			o.Outlines = append(o.Outlines, opmlOutline{
				Text:        f.Title,
				Title:       f.Title,
				Type:        "rss", // OPML's type for any web feed
				XMLURL:      d.BaseURL + f.Path + publish.Atom.Ext(),
				HTMLURL:     d.BaseURL + IndexFile,
				Description: f.Description,
				Language:    d.Language,
			})
		}
		doc.Body.Outlines = append(doc.Body.Outlines, o)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
