package feed

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// benchItems is how many items each generated benchmark feed holds.
const benchItems = 100

// benchBody is a typical partner article: a few paragraphs with relative
// links and an image, so the adapter's HTML pass has real work to do.
var benchBody = strings.Repeat(`<p>Believers in the region gathered to pray for <a href="/countries/np">Nepal</a> and its neighbours, `+
	`sharing stories of faithfulness in hard places.</p>`, 4) +
	`<figure><img src="/images/photo.jpg" srcset="/images/photo-600.jpg 600w, /images/photo-1200.jpg 1200w" alt=""></figure>` +
	`<p>Please keep praying. <a href="https://other.example/report">Read the report</a>.</p>`

func benchFeed(format string) string {
	date := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	var b strings.Builder
	switch format {
	case "rss":
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Bench</title><link>https://partner.example/</link><description>Generated</description><language>en-us</language>
`)
		for i := range benchItems {
			fmt.Fprintf(&b, `<item><title>Item %d &amp; more</title><link>/news/%d</link><guid isPermaLink="false">item-%d</guid>
<pubDate>%s</pubDate><dc:creator>Jane Doe</dc:creator><category>Prayer</category><category>Asia</category>
<description><![CDATA[<p>Summary of item %d [&#8230;]</p>]]></description><content:encoded><![CDATA[%s]]></content:encoded></item>
`, i, i, i, date.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z), i, benchBody)
		}
		b.WriteString("</channel></rss>\n")
	case "atom":
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-us"><title>Bench</title><link href="https://partner.example/"/>
<id>tag:partner.example,2024:bench</id><updated>2024-01-15T10:00:00Z</updated><author><name>Jane Doe</name></author>
`)
		for i := range benchItems {
			fmt.Fprintf(&b, `<entry><title>Item %d &amp; more</title><link href="/news/%d"/><id>tag:partner.example,2024:%d</id>
<published>%s</published><updated>%[4]s</updated><category term="prayer" label="Prayer"/><category term="asia"/>
<summary type="html">&lt;p&gt;Summary of item %[1]d [&amp;#8230;]&lt;/p&gt;</summary><content type="html"><![CDATA[%[5]s]]></content></entry>
`, i, i, i, date.Add(-time.Duration(i)*time.Hour).Format(time.RFC3339), benchBody)
		}
		b.WriteString("</feed>\n")
	case "json":
		type item struct {
			ID            string   `json:"id"`
			URL           string   `json:"url"`
			Title         string   `json:"title"`
			Summary       string   `json:"summary"`
			ContentHTML   string   `json:"content_html"`
			DatePublished string   `json:"date_published"`
			Tags          []string `json:"tags"`
		}
		feed := struct {
			Version  string `json:"version"`
			Title    string `json:"title"`
			Home     string `json:"home_page_url"`
			Language string `json:"language"`
			Items    []item `json:"items"`
		}{"https://jsonfeed.org/version/1.1", "Bench", "https://partner.example/", "en-us", nil}
		for i := range benchItems {
			feed.Items = append(feed.Items, item{
				ID: fmt.Sprintf("item-%d", i), URL: fmt.Sprintf("/news/%d", i), Title: fmt.Sprintf("Item %d & more", i),
				Summary: fmt.Sprintf("Summary of item %d…", i), ContentHTML: benchBody,
				DatePublished: date.Add(-time.Duration(i) * time.Hour).Format(time.RFC3339), Tags: []string{"Prayer", "Asia"},
			})
		}
		out, err := json.Marshal(feed)
		if err != nil {
			panic(err)
		}
		b.Write(out)
	}
	return b.String()
}

var benchFormats = []string{"rss", "atom", "json"}

// BenchmarkParse measures Parse on a generated 100-item feed of each format;
// compare with BenchmarkGofeed, gofeed alone on the same input, for the cost
// of the adaptation.
func BenchmarkParse(b *testing.B) {
	for _, format := range benchFormats {
		body := []byte(benchFeed(format))
		b.Run(format, func(b *testing.B) {
			opts := Options{SourceID: "bench", URL: "https://partner.example/feed"}
			if _, items, err := Parse(body, opts); err != nil || len(items) != benchItems {
				b.Fatalf("Parse: %d items, %v", len(items), err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Parse(body, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchItems*b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkGofeed is plain gofeed.NewParser().ParseString on the inputs of
// BenchmarkParse.
func BenchmarkGofeed(b *testing.B) {
	for _, format := range benchFormats {
		body := benchFeed(format)
		b.Run(format, func(b *testing.B) {
			if f, err := gofeed.NewParser().ParseString(body); err != nil || len(f.Items) != benchItems {
				b.Fatalf("ParseString: %v", err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := gofeed.NewParser().ParseString(body); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchItems*b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}
