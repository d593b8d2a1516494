package validate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gleanerhq/gleaner/internal/validate"
)

// A case changes a clean document (replacing old with new) and expects a
// problem of that severity whose path and message contain the given text.
type tcase struct {
	name     string
	old, new string
	sev      validate.Severity
	path     string
	msg      string
}

const E, W = validate.Error, validate.Warning

func run(t *testing.T, check func([]byte) []validate.Problem, good string, cases []tcase) {
	t.Helper()
	if ps := check([]byte(good)); len(ps) != 0 {
		t.Fatalf("the clean document has problems: %v", ps)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.old) {
				t.Fatalf("%q is not in the clean document", c.old)
			}
			doc := strings.Replace(good, c.old, c.new, 1)
			ps := check([]byte(doc))
			for _, p := range ps {
				if p.Severity == c.sev && strings.Contains(p.Path, c.path) && strings.Contains(p.Message, c.msg) {
					return
				}
			}
			t.Errorf("want %v at %q with %q; got %d problems:", c.sev, c.path, c.msg, len(ps))
			for _, p := range ps {
				t.Logf("  %v", p)
			}
		})
	}
}

const goodAtom = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="feed.xsl"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>All</title>
  <id>https://feeds.example.org/all.atom</id>
  <updated>2024-05-06T07:08:09Z</updated>
  <author><name>Editors</name></author>
  <link href="https://feeds.example.org/all.atom" rel="self" type="application/atom+xml"/>
  <link href="https://feeds.example.org/" rel="alternate" type="text/html"/>
  <generator version="1.0">gleaner</generator>
  <entry xml:lang="fr">
    <title>Un</title>
    <id>urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</id>
    <updated>2024-05-06T07:08:09Z</updated>
    <published>2024-05-05T07:08:09+02:00</published>
    <content type="html">&lt;p&gt;Un&lt;/p&gt;</content>
    <link href="https://partner.example/1" rel="alternate" type="text/html"/>
    <link href="https://partner.example/1.mp3" rel="enclosure" type="audio/mpeg" length="12"/>
    <category term="NG" scheme="urn:iso:std:iso:3166:-1:alpha-2" label="Nigeria"/>
    <source><id>https://partner.example/feed</id><title>Partner</title></source>
  </entry>
  <entry>
    <title type="text">Two</title>
    <id>https://partner.example/2</id>
    <updated>2024-05-06T07:08:09.5Z</updated>
    <summary>Plain text summary.</summary>
    <link href="https://partner.example/2"/>
    <author><name>Ann</name><uri>https://partner.example/ann</uri><email>ann@partner.example</email></author>
  </entry>
  <entry>
    <title>Three</title>
    <id>tag:partner.example,2024:3</id>
    <updated>2024-05-06T07:08:09Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Three</p></div></content>
  </entry>
</feed>
`

func TestAtom(t *testing.T) {
	const entry1 = `<title>Un</title>`
	run(t, validate.Atom, goodAtom, []tcase{
		{"not XML", `</feed>`, ``, E, "document", "well-formed"},
		{"DOCTYPE", `<?xml-stylesheet`, `<!DOCTYPE feed><?xml-stylesheet`, E, "document", "DOCTYPE"},
		{"wrong root namespace", `xmlns="http://www.w3.org/2005/Atom"`, `xmlns="http://purl.org/atom/ns#"`, E, "feed", "root element"},
		{"feed id missing", `<id>https://feeds.example.org/all.atom</id>`, ``, E, "feed", "atom:id is missing"},
		{"feed id twice", `<id>https://feeds.example.org/all.atom</id>`, `<id>https://feeds.example.org/all.atom</id><id>urn:x:y</id>`, E, "feed/id[2]", "more than one"},
		{"feed id relative", `<id>https://feeds.example.org/all.atom</id>`, `<id>all.atom</id>`, E, "feed/id", "absolute IRI"},
		{"feed id with spaces", `<id>https://feeds.example.org/all.atom</id>`, `<id> https://feeds.example.org/all.atom</id>`, E, "feed/id", "white space"},
		{"feed title missing", `<title>All</title>`, ``, E, "feed", "atom:title is missing"},
		{"feed updated missing", `<updated>2024-05-06T07:08:09Z</updated>
  <author>`, `<author>`, E, "feed", "atom:updated is missing"},
		{"feed updated not RFC 3339", `<updated>2024-05-06T07:08:09Z</updated>
  <author>`, `<updated>Mon, 06 May 2024 07:08:09 GMT</updated><author>`, E, "feed/updated", "RFC 3339"},
		{"updated without zone", `<updated>2024-05-06T07:08:09Z</updated>
  <author>`, `<updated>2024-05-06T07:08:09</updated><author>`, E, "feed/updated", "RFC 3339"},
		{"updated lowercase t", `<updated>2024-05-06T07:08:09Z</updated>
  <author>`, `<updated>2024-05-06t07:08:09Z</updated><author>`, E, "feed/updated", "RFC 3339"},
		{"updated impossible date", `<updated>2024-05-06T07:08:09Z</updated>
  <author>`, `<updated>2024-02-30T07:08:09Z</updated><author>`, E, "feed/updated", "valid date-time"},
		{"no author anywhere", `<author><name>Editors</name></author>`, ``, E, "feed/entry[1]", "no author"},
		{"author without name", `<author><name>Editors</name></author>`, `<author><uri>https://x.example/</uri></author>`, E, "feed/author", "atom:name is missing"},
		{"author email", `<email>ann@partner.example</email>`, `<email>ann</email>`, E, "feed/entry[2]/author/email", "e-mail"},
		{"no self link", `<link href="https://feeds.example.org/all.atom" rel="self" type="application/atom+xml"/>`, ``, E, "feed", `rel="self"`},
		{"self link type", `rel="self" type="application/atom+xml"`, `rel="self" type="application/xml"`, W, "feed/link[1]", "application/atom+xml"},
		{"two alternates alike", `<link href="https://partner.example/2"/>`, `<link href="https://partner.example/2"/><link href="https://partner.example/2b" rel="alternate"/>`, E, "feed/entry[2]/link[2]", "second link"},
		{"link without href", `<link href="https://partner.example/2"/>`, `<link rel="alternate"/>`, E, "feed/entry[2]/link", "href"},
		{"link relative href", `<link href="https://partner.example/2"/>`, `<link href="/2"/>`, E, "feed/entry[2]/link/@href", "absolute"},
		{"link length", `length="12"`, `length="12 bytes"`, E, "link[2]/@length", "length"},
		{"link type", `type="audio/mpeg"`, `type="mp3"`, E, "link[2]/@type", "media type"},
		{"entry id missing", `<id>https://partner.example/2</id>`, ``, E, "feed/entry[2]", "atom:id is missing"},
		{"entry ids unique", `<id>https://partner.example/2</id>`, `<id>urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</id>`, E, "feed/entry[2]/id", "also the id of feed/entry[1]"},
		{"entry title missing", entry1, ``, E, "feed/entry[1]", "atom:title is missing"},
		{"entry updated missing", `<updated>2024-05-06T07:08:09.5Z</updated>`, ``, E, "feed/entry[2]", "atom:updated is missing"},
		{"entry published bad", `<published>2024-05-05T07:08:09+02:00</published>`, `<published>2024-05-05</published>`, E, "feed/entry[1]/published", "RFC 3339"},
		{"published after updated", `<published>2024-05-05T07:08:09+02:00</published>`, `<published>2024-05-07T07:08:09Z</published>`, W, "feed/entry[1]", "after updated"},
		{"no content no alternate", `<link href="https://partner.example/2"/>`, `<link href="https://partner.example/2" rel="related"/>`, E, "feed/entry[2]", `rel="alternate"`},
		{"category without term", `<category term="NG"`, `<category term=""`, E, "category/@term", "non-empty term"},
		{"category scheme", `scheme="urn:iso:std:iso:3166:-1:alpha-2"`, `scheme="iso 3166"`, E, "category/@scheme", "absolute IRI"},
		{"content type unknown", `<content type="html">`, `<content type="markdown">`, E, "content/@type", "media type"},
		{"html content with elements", `<content type="html">&lt;p&gt;Un&lt;/p&gt;</content>`, `<content type="html"><p>Un</p></content>`, E, "feed/entry[1]/content", "escaped"},
		{"text content with HTML", `<summary>Plain text summary.</summary>`, `<summary>&lt;p&gt;HTML&lt;/p&gt;</summary>`, W, "feed/entry[2]/summary", "type should be html"},
		{"xhtml content without div", `<div xmlns="http://www.w3.org/1999/xhtml"><p>Three</p></div>`, `<p xmlns="http://www.w3.org/1999/xhtml">Three</p>`, E, "feed/entry[3]/content", "xhtml:div"},
		{"xhtml div in no namespace", `<div xmlns="http://www.w3.org/1999/xhtml">`, `<div>`, E, "feed/entry[3]/content", "xhtml:div"},
		{"xhtml text outside div", `<content type="xhtml"><div`, `<content type="xhtml">loose <div`, E, "feed/entry[3]/content", "outside"},
		{"text title type", `<title type="text">Two</title>`, `<title type="plain">Two</title>`, E, "feed/entry[2]/title/@type", "text, html or xhtml"},
		{"content src needs summary", `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Three</p></div></content>`, `<content type="text/html" src="https://partner.example/3"/>`, E, "feed/entry[3]", "summary"},
		{"content src not empty", `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Three</p></div></content>`, `<content type="text/html" src="https://partner.example/3">x</content><summary>s</summary>`, E, "feed/entry[3]/content", "empty"},
		{"base64 content", `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Three</p></div></content>`, `<content type="image/png">not base64!</content><summary>s</summary>`, E, "feed/entry[3]/content", "Base64"},
		{"xml:lang malformed", `<entry xml:lang="fr">`, `<entry xml:lang="fr_FR">`, E, "feed/entry[1]/@xml:lang", "language tag"},
		{"unknown atom element", `<generator version="1.0">gleaner</generator>`, `<generator version="1.0">gleaner</generator><modified>2024-05-06T07:08:09Z</modified>`, E, "feed/modified", "not allowed"},
		{"undeclared prefix", `<generator version="1.0">gleaner</generator>`, `<generator version="1.0">gleaner</generator><dc:rights>x</dc:rights>`, E, "feed", `prefix "dc"`},
		{"metadata after entries", `</entry>
</feed>`, `</entry><rights>r</rights>
</feed>`, E, "feed/rights", "after the first entry"},
	})
}

const goodRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>All</title>
    <link>https://feeds.example.org/</link>
    <description>Everything.</description>
    <language>en</language>
    <pubDate>Mon, 06 May 2024 07:08:09 +0000</pubDate>
    <lastBuildDate>6 May 2024 07:08 GMT</lastBuildDate>
    <docs>https://www.rssboard.org/rss-specification</docs>
    <atom:link href="https://feeds.example.org/all.rss" rel="self" type="application/rss+xml"/>
    <item>
      <title>One</title>
      <description>&lt;p&gt;One&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>One</p>]]></content:encoded>
      <link>https://partner.example/1</link>
      <guid isPermaLink="false">urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</guid>
      <pubDate>Sun, 05 May 2024 07:08:09 +0200</pubDate>
      <dc:creator>Ann</dc:creator>
      <author>ann@partner.example (Ann)</author>
      <category domain="urn:iso:std:iso:3166:-1:alpha-2">NG</category>
      <category>Prayer</category>
      <enclosure url="https://partner.example/1.mp3" length="0" type="audio/mpeg"/>
      <source url="https://partner.example/feed">Partner</source>
    </item>
    <item>
      <description>Only a description.</description>
      <guid>https://partner.example/2</guid>
    </item>
  </channel>
</rss>
`

func TestRSS(t *testing.T) {
	const guid1 = `<guid isPermaLink="false">urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</guid>`
	const enc = `<enclosure url="https://partner.example/1.mp3" length="0" type="audio/mpeg"/>`
	run(t, validate.RSS, goodRSS, []tcase{
		{"not XML", `</rss>`, ``, E, "document", "well-formed"},
		{"version", `<rss version="2.0"`, `<rss version="0.91"`, E, "rss/@version", "2.0"},
		{"channel title missing", `<title>All</title>`, ``, E, "rss/channel", "title is missing"},
		{"channel link missing", `<link>https://feeds.example.org/</link>`, ``, E, "rss/channel", "link is missing"},
		{"channel link relative", `<link>https://feeds.example.org/</link>`, `<link>/</link>`, E, "rss/channel/link", "absolute"},
		{"channel description missing", `<description>Everything.</description>`, ``, E, "rss/channel", "description is missing"},
		{"channel description empty", `<description>Everything.</description>`, `<description></description>`, W, "rss/channel/description", "empty"},
		{"two titles", `<title>All</title>`, `<title>All</title><title>Again</title>`, E, "rss/channel/title[2]", "at most one"},
		{"self link missing", `<atom:link href="https://feeds.example.org/all.rss" rel="self" type="application/rss+xml"/>`, ``, E, "rss/channel", `atom:link rel="self"`},
		{"self link type", `rel="self" type="application/rss+xml"`, `rel="self" type="application/atom+xml"`, E, "atom:link/@type", "application/rss+xml"},
		{"self link not a URL", `href="https://feeds.example.org/all.rss"`, `href="all.rss"`, E, "atom:link/@href", "absolute"},
		{"self link shape", `href="https://feeds.example.org/all.rss"`, `href="https://feeds.example.org/all.atom"`, W, "atom:link/@href", "RSS file"},
		{"atom namespace undeclared", ` xmlns:atom="http://www.w3.org/2005/Atom"`, ``, E, "rss/channel", `prefix "atom"`},
		{"dc namespace undeclared", ` xmlns:dc="http://purl.org/dc/elements/1.1/"`, ``, E, "rss/channel/item[1]", `prefix "dc"`},
		{"content namespace undeclared", ` xmlns:content="http://purl.org/rss/1.0/modules/content/"`, ``, E, "rss/channel/item[1]", `prefix "content"`},
		{"item without title or description", `<description>Only a description.</description>`, ``, E, "rss/channel/item[2]", "title or a description"},
		{"guid missing", guid1, ``, E, "rss/channel/item[1]", "no guid"},
		{"guid not a URL without isPermaLink", guid1, `<guid>urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</guid>`, E, "item[1]/guid", "isPermaLink"},
		{"guid isPermaLink true but not a URL", guid1, `<guid isPermaLink="true">db45f0cb</guid>`, E, "item[1]/guid", "isPermaLink"},
		{"guid isPermaLink value", guid1, `<guid isPermaLink="no">urn:x:1</guid>`, E, "guid/@isPermaLink", "true or false"},
		{"guids unique", `<guid>https://partner.example/2</guid>`, `<guid isPermaLink="false">urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</guid>`, E, "item[2]/guid", "also the guid of rss/channel/item[1]"},
		{"pubDate RFC 3339", `<pubDate>Sun, 05 May 2024 07:08:09 +0200</pubDate>`, `<pubDate>2024-05-05T07:08:09+02:00</pubDate>`, E, "item[1]/pubDate", "RFC 822"},
		{"pubDate two-digit year", `<pubDate>Sun, 05 May 2024 07:08:09 +0200</pubDate>`, `<pubDate>Sun, 05 May 24 07:08:09 +0200</pubDate>`, E, "item[1]/pubDate", "four digits"},
		{"pubDate wrong weekday", `<pubDate>Sun, 05 May 2024 07:08:09 +0200</pubDate>`, `<pubDate>Mon, 05 May 2024 07:08:09 +0200</pubDate>`, E, "item[1]/pubDate", "Sunday"},
		{"pubDate impossible", `<pubDate>Sun, 05 May 2024 07:08:09 +0200</pubDate>`, `<pubDate>31 Feb 2024 07:08:09 +0200</pubDate>`, E, "item[1]/pubDate", "valid date"},
		{"channel pubDate", `<pubDate>Mon, 06 May 2024 07:08:09 +0000</pubDate>`, `<pubDate>Mon, 06 May 2024</pubDate>`, E, "rss/channel/pubDate", "RFC 822"},
		{"enclosure without length", enc, `<enclosure url="https://partner.example/1.mp3" type="audio/mpeg"/>`, E, "enclosure", "length"},
		{"enclosure length not a number", enc, `<enclosure url="https://partner.example/1.mp3" length="-1" type="audio/mpeg"/>`, E, "enclosure/@length", "length"},
		{"enclosure without type", enc, `<enclosure url="https://partner.example/1.mp3" length="0"/>`, E, "enclosure", "type"},
		{"enclosure without url", enc, `<enclosure length="0" type="audio/mpeg"/>`, E, "enclosure", "url"},
		{"enclosure url relative", enc, `<enclosure url="/1.mp3" length="0" type="audio/mpeg"/>`, E, "enclosure/@url", "http"},
		{"two enclosures", enc, enc + enc, W, "item[1]/enclosure[2]", "enclosures"},
		{"author not an address", `<author>ann@partner.example (Ann)</author>`, `<author>Ann</author>`, E, "item[1]/author", "e-mail"},
		{"category empty", `<category>Prayer</category>`, `<category> </category>`, E, "item[1]/category", "empty"},
		{"category domain empty", `<category>Prayer</category>`, `<category domain="">Prayer</category>`, W, "category[2]/@domain", "empty"},
		{"source without url", `<source url="https://partner.example/feed">`, `<source>`, E, "item[1]/source", "url"},
		{"unknown element", `<docs>`, `<updated>x</updated><docs>`, E, "rss/channel/updated", "not an RSS 2.0 element"},
		{"item link relative", `<link>https://partner.example/1</link>`, `<link>1.html</link>`, E, "item[1]/link", "absolute"},
	})
}

func TestRSSLanguage(t *testing.T) {
	doc := strings.Replace(goodRSS, `<language>en</language>`, `<language>English (US)</language>`, 1)
	if ps := validate.RSS([]byte(doc)); len(ps) != 1 || ps[0].Path != "rss/channel/language" {
		t.Errorf("got %v", ps)
	}
}

const goodJSON = `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "All",
  "home_page_url": "https://feeds.example.org/",
  "feed_url": "https://feeds.example.org/all.json",
  "language": "en",
  "authors": [{"name": "Editors", "url": "https://feeds.example.org/about"}],
  "items": [
    {
      "id": "urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65",
      "url": "https://partner.example/1",
      "title": "One",
      "content_html": "<p>One</p>",
      "content_text": "One",
      "date_published": "2024-05-05T07:08:09+02:00",
      "date_modified": "2024-05-06T07:08:09Z",
      "authors": [{"name": "Ann"}],
      "tags": ["Prayer", "Nigeria"],
      "language": "fr",
      "attachments": [{"url": "https://partner.example/1.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 12}],
      "_gleaner": {"source": "partner", "countries": ["NG"]}
    },
    {"id": "2", "content_text": "Two"}
  ]
}
`

func TestJSONFeed(t *testing.T) {
	run(t, validate.JSONFeed, goodJSON, []tcase{
		{"not JSON", `"title": "All",`, `"title": "All"`, E, "document", "not JSON"},
		{"not an object", `{
  "version"`, `[{
  "version"`, E, "document", "not JSON"},
		{"version missing", `"version": "https://jsonfeed.org/version/1.1",`, ``, E, "version", "missing"},
		{"version wrong", `"https://jsonfeed.org/version/1.1"`, `"1.1"`, E, "version", "is not"},
		{"version 1.0", `"https://jsonfeed.org/version/1.1"`, `"https://jsonfeed.org/version/1"`, W, "version", "1.0"},
		{"title missing", `"title": "All",`, ``, E, "title", "missing"},
		{"title not a string", `"title": "All",`, `"title": 1,`, E, "title", "not a string"},
		{"items missing", `"items": [`, `"things": [`, E, "items", "missing"},
		{"items not an array", `"items": [`, `"items": {"a": [`, E, "", "not JSON"},
		{"feed_url relative", `"feed_url": "https://feeds.example.org/all.json"`, `"feed_url": "all.json"`, E, "feed_url", "absolute"},
		{"feed_url missing", `"feed_url": "https://feeds.example.org/all.json",`, ``, W, "feed_url", "missing"},
		{"unknown key", `"language": "en",`, `"language": "en", "lang": "en",`, W, "lang", "underscore"},
		{"extension not an object", `"language": "en",`, `"language": "en", "_gleaner": "x",`, W, "_gleaner", "object"},
		{"item id missing", `{"id": "2", `, `{`, E, "items[1].id", "missing"},
		{"item id a number", `{"id": "2", `, `{"id": 2, `, E, "items[1].id", "string"},
		{"item ids unique", `{"id": "2", `, `{"id": "urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65", `, E, "items[1].id", "also the id of items[0]"},
		{"no content", `"content_text": "Two"`, `"title": "Two"`, E, "items[1]", "content_html or content_text"},
		{"url relative", `"url": "https://partner.example/1"`, `"url": "/1"`, E, "items[0].url", "absolute"},
		{"date_published not RFC 3339", `"date_published": "2024-05-05T07:08:09+02:00"`, `"date_published": "Sun, 05 May 2024 07:08:09 +0200"`, E, "items[0].date_published", "RFC 3339"},
		{"date_modified before published", `"date_modified": "2024-05-06T07:08:09Z"`, `"date_modified": "2024-05-04T07:08:09Z"`, W, "items[0].date_modified", "before"},
		{"authors not an array", `"authors": [{"name": "Ann"}]`, `"authors": {"name": "Ann"}`, E, "items[0].authors", "not an array"},
		{"author not an object", `"authors": [{"name": "Ann"}]`, `"authors": ["Ann"]`, E, "items[0].authors[0]", "object"},
		{"author empty", `"authors": [{"name": "Ann"}]`, `"authors": [{}]`, E, "items[0].authors[0]", "at least one"},
		{"author url", `"url": "https://feeds.example.org/about"`, `"url": "about"`, E, "authors[0].url", "absolute"},
		{"deprecated author", `"authors": [{"name": "Ann"}]`, `"author": {"name": "Ann"}`, W, "items[0].author", "deprecated"},
		{"attachment without mime_type", `, "mime_type": "audio/mpeg"`, ``, E, "attachments[0].mime_type", "missing"},
		{"attachment without url", `"url": "https://partner.example/1.mp3", `, ``, E, "attachments[0].url", "missing"},
		{"attachment size", `"size_in_bytes": 12`, `"size_in_bytes": "12"`, E, "attachments[0].size_in_bytes", "number"},
		{"tag not a string", `"tags": ["Prayer", "Nigeria"]`, `"tags": ["Prayer", 3]`, E, "items[0].tags[1]", "string"},
		{"language malformed", `"language": "fr"`, `"language": "fr_FR"`, E, "items[0].language", "language tag"},
		{"item extension badly named", `"_gleaner"`, `"_-gleaner"`, W, "items[0]._-gleaner", "underscore"},
	})
}

// File matches the self URL against where the file is published.
func TestFileSelfURL(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		clean     bool
	}{
		{"all.atom", goodAtom, true},
		{"country/NG.atom", goodAtom, false},
		{"all.rss", goodRSS, true},
		{"prayer.rss", goodRSS, false},
		{"all.json", goodJSON, true},
		{"source/all.json", goodJSON, false},
	} {
		ps := validate.File(c.name, []byte(c.doc))
		if c.clean && len(ps) != 0 {
			t.Errorf("%s: %v", c.name, ps)
		}
		if !c.clean && (len(ps) != 1 || !strings.Contains(ps[0].Message, "does not end with")) {
			t.Errorf("%s: want one self URL problem, got %v", c.name, ps)
		}
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("all.atom", goodAtom)
	write("all.rss", goodRSS)
	write("all.json", goodJSON)
	write("status.json", `{"last_run": {"id": 1}}`)
	write("index.html", `<!doctype html>`)
	write("country/NG.json", `{"version": "https://jsonfeed.org/version/1.1", "title": "NG"}`)
	got, err := validate.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if names := strings.Join(validate.Names(got), " "); names != "all.atom all.json all.rss country/NG.json" {
		t.Fatalf("checked %q", names)
	}
	for _, n := range []string{"all.atom", "all.json", "all.rss"} {
		if len(got[n]) != 0 {
			t.Errorf("%s: %v", n, got[n])
		}
	}
	if validate.Errors(got["country/NG.json"]) != 1 {
		t.Errorf("country/NG.json: %v", got["country/NG.json"])
	}
}
