package publish

import (
	"fmt"
	"strings"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

// goldenCase is one Feed rendered to testdata/<name>.{atom,rss,json}.golden.
// Each case pins one rule; feed builds a fresh value every call, so a test
// can check that rendering leaves its input alone.
type goldenCase struct {
	name string
	feed func() *Feed
}

var goldenCases = []goldenCase{
	{"basic", basicFeed},
	{"several_categories", severalCategoriesFeed},
	{"no_entries", noEntriesFeed},
	{"unicode_and_html_escaping", unicodeFeed},
	{"missing_dates_and_authors", missingDatesFeed},
	{"enclosure_image", enclosureImageFeed},
	{"countries_with_scheme", countriesFeed},
	{"websub_hub", hubFeed},
	{"stylesheet_pi", stylesheetFeed},
}

// stylesheetFeed: a feed one directory deep with a stylesheet. Atom and
// RSS carry <?xml-stylesheet type="text/xsl" href="../feed.xsl"?> right
// after the XML declaration, the href exactly as given; JSON is unchanged.
func stylesheetFeed() *Feed {
	f := countriesFeed()
	f.Path = "country/KP"
	f.Stylesheet = "../feed.xsl"
	return f
}

// countriesFeed: country codes become Atom categories with a scheme and a
// label, RSS categories with a domain, and JSON Feed tags by name.
func countriesFeed() *Feed {
	f := severalCategoriesFeed()
	f.Path = "country/NG"
	f.Entries[0].Categories = []string{"Prayer", "Nigeria"}
	f.Entries[0].Countries = []Country{{Code: "NG", Name: "Nigeria"}, {Code: "NE", Name: "Niger"}}
	return f
}

var partner = Source{
	ID:      "opendoors-uk",
	Name:    "Open Doors UK",
	HomeURL: "https://opendoors-uk.example/",
	FeedURL: "https://opendoors-uk.example/feed.xml",
}

func testFeed(path string) *Feed {
	return &Feed{
		Path:        path,
		Title:       "Gleaner: all partners",
		Description: "News and prayer points from partner ministries",
		BaseURL:     "https://feeds.example.org/",
		HomeURL:     "https://gleaner.example.org/",
		Language:    "en",
		Author:      model.Person{Name: "Gleaner editors", Email: "editors@example.org", URL: "https://gleaner.example.org/about"},
		Generator:   "gleaner 1.2.0",
	}
}

func article(n int) string { return fmt.Sprintf("https://opendoors-uk.example/news/%d", n) }

// basicFeed: two ordinary entries. The first has a non-UTC, sub-second
// Published (published as UTC, whole seconds); the second has no summary
// (RSS description is an excerpt of the text), no Updated (same as
// Published) and two authors. Feed.Updated is zero: the newest entry's.
func basicFeed() *Feed {
	f := testFeed("all")
	f.Entries = []Entry{
		{
			ID:          model.ItemID(partner.ID, article(1)),
			URL:         article(1),
			Title:       "Church rebuilt after the floods",
			ContentHTML: `<p>The church in Makurdi reopened on Sunday.</p><p>Source: <a href="https://opendoors-uk.example/">Open Doors UK</a></p>`,
			ContentText: "The church in Makurdi reopened on Sunday.\n\nSource: Open Doors UK",
			Summary:     "A church destroyed by floods reopens.",
			Authors:     []model.Person{{Name: "Jane Doe"}},
			Categories:  []string{"News"},
			Published:   time.Date(2024, 3, 1, 9, 30, 0, 123456789, time.FixedZone("WAT", 3600)),
			Updated:     time.Date(2024, 3, 2, 10, 0, 0, 0, time.UTC),
			Language:    "en",
			Source:      partner,
			Gleaner:     map[string]any{"countries": []string{"NG"}},
		},
		{
			ID:          model.ItemID(partner.ID, article(2)),
			URL:         article(2),
			Title:       "Pray for believers in the north",
			ContentHTML: "<p>" + strings.Repeat("Believers meet in secret and ask for prayer. ", 8) + "</p>",
			ContentText: strings.Repeat("Believers meet in secret and ask for prayer. ", 8),
			Authors:     []model.Person{{Name: "John Roe", Email: "john@opendoors-uk.example"}, {Name: "Ama Mensah", URL: "https://opendoors-uk.example/team/ama"}},
			Categories:  []string{"Prayer"},
			Published:   time.Date(2024, 2, 28, 8, 0, 0, 0, time.UTC),
			Language:    "en",
			Source:      partner,
			Gleaner:     map[string]any{"prayer": true},
		},
	}
	return f
}

// severalCategoriesFeed: one entry, four categories, each written as its
// own Atom category, RSS category and JSON tag, in order.
func severalCategoriesFeed() *Feed {
	f := testFeed("source/opendoors-uk")
	f.Title = "Open Doors UK"
	f.Updated = time.Date(2024, 4, 1, 12, 0, 0, 0, time.UTC)
	f.Entries = []Entry{{
		ID:          model.ItemID(partner.ID, article(3)),
		URL:         article(3),
		Title:       "Women leading house churches",
		ContentHTML: "<p>Three stories.</p>",
		ContentText: "Three stories.",
		Summary:     "Three stories of women leading house churches.",
		Authors:     []model.Person{{Name: "Jane Doe"}},
		Categories:  []string{"Prayer", "Nigeria", "Persecution", "Women"},
		Published:   time.Date(2024, 3, 30, 7, 15, 0, 0, time.UTC),
		Updated:     time.Date(2024, 3, 31, 7, 15, 0, 0, time.UTC),
		Language:    "en",
		Source:      partner,
	}}
	return f
}

// noEntriesFeed: no entries, no Updated, no description, no author: dates
// are the Unix epoch, the author is the title, the RSS description is the
// title, and JSON still has "items": [].
func noEntriesFeed() *Feed {
	f := testFeed("country/tv")
	f.Title = "Gleaner: Tuvalu"
	f.Description = ""
	f.Author = model.Person{}
	return f
}

// unicodeFeed: markup-looking text, quotes, ampersands, right-to-left and
// astral characters, a CDATA terminator and characters XML cannot carry
// (U+000B, U+FFFE), in a French entry of an English feed.
func unicodeFeed() *Feed {
	f := testFeed("all-fr")
	f.Title = "Gleaner: Tom & Jerry's <feed>"
	src := Source{
		ID:      "portes-ouvertes",
		Name:    "Portes Ouvertes & Co",
		HomeURL: "https://portes-ouvertes.example/?lang=fr&ref=gleaner",
		FeedURL: "https://portes-ouvertes.example/feed?format=rss&lang=fr",
	}
	u := "https://portes-ouvertes.example/actualites/priere?id=7&page=1"
	f.Entries = []Entry{{
		ID:          model.ItemID(src.ID, u),
		URL:         u,
		Title:       `Prière « paix » — Tom & Jerry <b>not bold</b> "quoted" 🙏`,
		ContentHTML: "<p dir=\"rtl\">سلام عليكم</p><p>Code: <code>if a &lt; b &amp;&amp; c ]]&gt;</code> ]]> end\u000b\uFFFE</p>",
		ContentText: "سلام عليكم\n\nCode: if a < b && c ]]> end",
		Summary:     `5 < 6 & "quotes" 'apos' <script>alert(1)</script>`,
		Authors:     []model.Person{{Name: "Zoë Ågren-Łukasz"}},
		Categories:  []string{"Église & État", "中国", "<script>"},
		Published:   time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC),
		Language:    "fr",
		Source:      src,
		Gleaner:     map[string]any{"note": "<&> stays unescaped", "countries": []string{"IR", "CN"}},
	}}
	return f
}

// missingDatesFeed: an entry with no dates, authors, summary, text or
// partner name and URLs, beside one with only Published; no feed author.
// The feed is dated by the dated entry, and the undated Atom entry takes
// the feed's date (Atom requires one); RSS and JSON omit it.
func missingDatesFeed() *Feed {
	f := testFeed("prayer")
	f.Author = model.Person{}
	f.Entries = []Entry{
		{
			ID:          model.ItemID("anon", article(4)),
			URL:         article(4),
			Title:       "Undated report",
			ContentHTML: "<p>No date, no author.</p>",
			Source:      Source{ID: "anon"},
		},
		{
			ID:          model.ItemID(partner.ID, article(5)),
			URL:         article(5),
			Title:       "Dated report",
			ContentHTML: "<p>Published only.</p>",
			ContentText: "Published only.",
			Published:   time.Date(2024, 1, 15, 6, 0, 0, 0, time.UTC),
			Source:      partner,
		},
	}
	return f
}

// enclosureImageFeed: an entry with a lead image and three enclosures (an
// image with a length, audio of unknown length, a file of unknown type),
// and one whose only enclosure is an image and which has no ImageURL.
func enclosureImageFeed() *Feed {
	f := testFeed("media")
	f.Entries = []Entry{
		{
			ID:          model.ItemID(partner.ID, article(6)),
			URL:         article(6),
			Title:       "Photo story: rebuilding",
			ContentHTML: `<p><img src="https://opendoors-uk.example/img/lead.jpg" alt=""></p>`,
			ContentText: "Photo story.",
			ImageURL:    "https://opendoors-uk.example/img/lead.jpg",
			Enclosures: []model.Enclosure{
				{URL: "https://opendoors-uk.example/img/lead.jpg", Type: "image/jpeg", Length: 34567},
				{URL: "https://opendoors-uk.example/audio/prayer.mp3", Type: "audio/mpeg"},
				{URL: "https://opendoors-uk.example/files/report.bin"},
			},
			Published: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC),
			Source:    partner,
		},
		{
			ID:          model.ItemID(partner.ID, article(7)),
			URL:         article(7),
			Title:       "Map of the region",
			ContentHTML: "<p>A map.</p>",
			ContentText: "A map.",
			Enclosures:  []model.Enclosure{{URL: "https://opendoors-uk.example/img/map.png", Type: "image/png", Length: 1024}},
			Published:   time.Date(2024, 5, 31, 12, 0, 0, 0, time.UTC),
			Source:      partner,
		},
	}
	return f
}

// hubFeed: a WebSub hub is advertised as an Atom link, an RSS atom:link
// and a JSON Feed hub.
func hubFeed() *Feed {
	f := severalCategoriesFeed()
	f.Hub = "https://hub.example.org/"
	return f
}
