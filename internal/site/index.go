package site

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"

	"github.com/gleanerhq/gleaner/internal/publish"
)

//go:embed assets/index.html.tmpl
var indexSource string

var indexTemplate = template.Must(template.New(IndexFile).Parse(indexSource))

// indexView is what index.html is rendered from: Data, flattened into the
// strings the page shows.
type indexView struct {
	*Data
	Alternates []alternate
	Groups     []feedGroup
	Items      []itemView
	Prayer     []prayerView
	Date, ISO  string // Data.Updated
	EmbedURL   string // BaseURL + embed.js
	EmbedFeed  string // the feed the embed example shows
}

// alternate is a <link rel="alternate"> for feed discovery.
type alternate struct {
	Type        template.HTMLAttr // type="…", a media type of publish
	Title, Href string
}

type feedGroup struct {
	ID, Heading, Intro string
	Detailed           bool // show each feed's description
	Feeds              []feedView
}

type feedView struct {
	FeedLink
	ID         string // fragment: "feed-country-KP"
	Count      string // "12 items"
	Date, ISO  string
	Subscribes []subscribe
}

// subscribe is one format's link: its text names the format, and a
// visually hidden part names the feed for screen-reader link lists.
type subscribe struct {
	Href           string
	Type           template.HTMLAttr // type="…", a media type of publish
	Format, Hidden string
}

type itemView struct {
	Title, URL, Source, SourceURL, Date, ISO, Countries string
}

type prayerView struct {
	Country, ID, FeedID string // FeedID: the country feed's fragment, if listed
	Points              []pointView
}

type pointView struct {
	Text, ArticleTitle, ArticleURL, Source, Date, ISO string
}

// formatName is how a format is named in link text.
var formatName = map[publish.Format]string{
	publish.Atom: "Atom",
	publish.RSS:  "RSS",
	publish.JSON: "JSON Feed",
}

// groupHeading and groupIntro present each group on the page.
var (
	groupHeading = [...]string{
		groupOutputs:   "Main feeds",
		groupPrayer:    "Prayer points",
		groupCountries: "By country",
		groupPartners:  "By partner",
	}
	groupIntro = [...]string{
		groupOutputs:   "",
		groupPrayer:    "",
		groupCountries: "News about one country, from every partner.",
		groupPartners:  "Everything we gather from one partner ministry.",
	}
)

func renderIndex(d *Data) ([]byte, error) {
	v := indexView{
		Data:     d,
		Date:     date(d.Updated),
		ISO:      machineDate(d.Updated),
		EmbedURL: d.BaseURL + EmbedFile,
	}
	feedIDs := make(map[string]string, len(d.Feeds))
	for k, fs := range byGroup(d.Feeds) {
		if len(fs) == 0 {
			continue
		}
		g := feedGroup{
			ID:       "feeds-" + strings.ToLower(groupName[k]),
			Heading:  groupHeading[k],
			Intro:    groupIntro[k],
			Detailed: group(k) == groupOutputs || group(k) == groupPrayer,
		}
		for _, f := range fs {
			fv := feedView{
				FeedLink: f,
				ID:       "feed-" + strings.ReplaceAll(f.Path, "/", "-"),
				Count:    itemCount(f.Items),
				Date:     date(f.Updated),
				ISO:      machineDate(f.Updated),
			}
			feedIDs[f.Path] = fv.ID
			for _, format := range publish.Formats {
				fv.Subscribes = append(fv.Subscribes, subscribe{
					Href:   f.Path + format.Ext(),
					Type:   template.HTMLAttr(`type="` + format.MediaType() + `"`),
					Format: formatName[format],
					Hidden: " feed: " + f.Title,
				})
				if g.Detailed {
					v.Alternates = append(v.Alternates, alternate{
						Type:  template.HTMLAttr(`type="` + format.MediaType() + `"`),
						Title: f.Title + " (" + formatName[format] + ")",
						Href:  d.BaseURL + f.Path + format.Ext(),
					})
				}
			}
			if v.EmbedFeed == "" {
				v.EmbedFeed = f.Path + publish.JSON.Ext()
			}
			g.Feeds = append(g.Feeds, fv)
		}
		v.Groups = append(v.Groups, g)
	}
	if v.EmbedFeed == "" {
		v.EmbedFeed = "all" + publish.JSON.Ext()
	}
	for _, it := range d.Newest {
		v.Items = append(v.Items, itemView{
			Title:     it.Title,
			URL:       webURL(it.URL),
			Source:    it.Source,
			SourceURL: webURL(it.SourceURL),
			Date:      date(it.Published),
			ISO:       machineDate(it.Published),
			Countries: strings.Join(it.Countries, ", "),
		})
	}
	for i, pg := range d.Prayer {
		pv := prayerView{Country: pg.Country, ID: fmt.Sprintf("pray-%d", i+1)}
		if pg.Code != "" {
			pv.ID = "pray-" + pg.Code
			pv.FeedID = feedIDs["country/"+pg.Code]
		}
		for _, p := range pg.Points {
			pv.Points = append(pv.Points, pointView{
				Text:         p.Text,
				ArticleTitle: p.ArticleTitle,
				ArticleURL:   webURL(p.ArticleURL),
				Source:       p.Source,
				Date:         date(p.Published),
				ISO:          machineDate(p.Published),
			})
		}
		v.Prayer = append(v.Prayer, pv)
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, &v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func itemCount(n int) string {
	switch n {
	case 0:
		return "No items yet"
	case 1:
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}
