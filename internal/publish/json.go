package publish

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/gorilla/feeds"
)

// jsonFeed extends gorilla's JSONFeed. Its Items field shadows gorilla's,
// which is omitempty although JSON Feed requires "items", even empty.
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem extends gorilla's JSONItem with JSON Feed 1.1's item language
// and gleaner's "_gleaner" extension; its Attachments field shadows
// gorilla's (see jsonAttachment). encoding/json writes the embedded fields
// first, then these, in declaration order: keys come out in a fixed order,
// and map keys inside _gleaner are sorted.
type jsonItem struct {
	*feeds.JSONItem
	Attachments []jsonAttachment `json:"attachments,omitempty"`
	Language    string           `json:"language,omitempty"`
	Gleaner     map[string]any   `json:"_gleaner"`
}

// gorillaAttachment is gorilla's JSONAttachment without its MarshalJSON,
// which re-encodes with HTML escaping on, behind the encoder's back.
type gorillaAttachment feeds.JSONAttachment

// jsonAttachment adds size_in_bytes: gorilla writes the size as "size" (not
// the JSON Feed key) and as an int32, so its Size is left zero and omitted.
type jsonAttachment struct {
	gorillaAttachment
	SizeInBytes int64 `json:"size_in_bytes,omitempty"`
}

func renderJSON(f *Feed) ([]byte, error) {
	jf := (&feeds.JSON{Feed: f.gorilla(f.homeURL())}).JSONFeed()
	jf.FeedUrl = f.SelfURL(JSON)
	jf.Language = f.Language
	// gorilla also writes JSON Feed 1.0's "author", deprecated in 1.1, and
	// drops the author's URL.
	a := f.author()
	jf.Author = nil
	jf.Authors = []*feeds.JSONAuthor{{Name: personName(a), Url: a.URL}}

	if f.Hub != "" {
		jf.Hubs = []*feeds.JSONHub{{Type: "WebSub", Url: f.Hub}}
	}
	doc := &jsonFeed{JSONFeed: jf, Items: make([]*jsonItem, len(jf.Items))}
	for i, ji := range jf.Items {
		doc.Items[i] = jsonItemOf(ji, &f.Entries[i], f.Language)
	}
	jf.Items = nil

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // content_html stays readable: no \u003c
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jsonItemOf adjusts the item gorilla built from e and wraps it. gorilla
// has set id, url, title, content_html, summary and the dates (from the
// already normalised times, so they are RFC 3339 in UTC).
func jsonItemOf(ji *feeds.JSONItem, e *Entry, feedLang string) *jsonItem {
	ji.ContentText = e.ContentText
	if e.ImageURL != "" {
		ji.Image = e.ImageURL // else gorilla's: the first enclosure, if an image
	}
	ji.Author = nil
	ji.Authors = nil
	for _, p := range e.Authors {
		if p.Name != "" || p.URL != "" {
			ji.Authors = append(ji.Authors, &feeds.JSONAuthor{Name: p.Name, Url: p.URL})
		}
	}
	ji.Tags = e.Categories
	for _, c := range e.Countries {
		if c.Name != "" && !slices.Contains(ji.Tags, c.Name) {
			ji.Tags = append(slices.Clip(ji.Tags), c.Name)
		}
	}

	x := &jsonItem{JSONItem: ji, Gleaner: gleanerExtension(e)}
	if e.Language != feedLang {
		x.Language = e.Language
	}
	for _, enc := range e.Enclosures {
		x.Attachments = append(x.Attachments, jsonAttachment{
			gorillaAttachment: gorillaAttachment{Url: enc.URL, MIMEType: enclosureType(enc)},
			SizeInBytes:       max(enc.Length, 0),
		})
	}
	return x
}

// gleanerExtension returns the item's "_gleaner" object: e.Gleaner with the
// partner's attribution written over it.
func gleanerExtension(e *Entry) map[string]any {
	g := make(map[string]any, len(e.Gleaner)+3)
	maps.Copy(g, e.Gleaner)
	g["source"] = e.Source.ID
	if e.Source.Name != "" {
		g["source_name"] = e.Source.Name
	}
	if e.Source.HomeURL != "" {
		g["source_url"] = e.Source.HomeURL
	}
	return g
}
