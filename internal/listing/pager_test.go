package listing

import "testing"

// TestNextURL pins how the next page is found, one rule per row.
func TestNextURL(t *testing.T) {
	const page = "https://www.partner.example/news/"
	for _, c := range []struct {
		name, html, want string
	}{
		{"link rel next", `<link rel="next" href="/news/page/2/"><a href="/news/page/9/">Next</a>`, "https://www.partner.example/news/page/2/"},
		{"a rel next", `<a rel="next" href="?page=2">›</a>`, "https://www.partner.example/news/?page=2"},
		{"wordpress class", `<a class="next page-numbers" href="/news/page/2/">»</a>`, "https://www.partner.example/news/page/2/"},
		{"wp-pagenavi", `<a class="nextpostslink" href="/news/page/2/">»</a>`, "https://www.partner.example/news/page/2/"},
		{"li class", `<ul><li class="pager-next"><a href="/news?page=1">go</a></li></ul>`, "https://www.partner.example/news?page=1"},
		{"english", `<a href="/news/p2">Older posts</a>`, "https://www.partner.example/news/p2"},
		{"french", `<a href="/actualites/page-2.html">Page suivante →</a>`, "https://www.partner.example/actualites/page-2.html"},
		{"spanish", `<a href="/noticias/2/">Siguiente »</a>`, "https://www.partner.example/noticias/2/"},
		{"portuguese", `<a href="/noticias/pagina/2">Próxima página</a>`, "https://www.partner.example/noticias/pagina/2"},
		{"german", `<a href="/aktuelles?seite=2">Nächste Seite</a>`, "https://www.partner.example/aktuelles?seite=2"},
		{"german weiter", `<a href="/aktuelles?seite=2">Weiter</a>`, "https://www.partner.example/aktuelles?seite=2"},
		{"aria label", `<a href="/news/page/2/" aria-label="Next page"><svg></svg></a>`, "https://www.partner.example/news/page/2/"},
		{"lone arrow", `<a href="/news/page/2/">»</a>`, "https://www.partner.example/news/page/2/"},
		{"numbered pager", `<div class="pages"><span aria-current="page">3</span> <a href="/news/page/2/">2</a> <a href="/news/page/4/">4</a></div>`, "https://www.partner.example/news/page/4/"},
		{"previous is not next", `<a href="/news/page/1/">Page précédente</a>`, ""},
		{"carousel next", `<a class="slick-next" href="/news/slider-2">Next</a>`, ""},
		{"carousel arrow", `<div class="swiper-nav"><a href="/news/slider-2">›</a></div>`, ""},
		{"javascript", `<a href="javascript:next()">Next</a>`, ""},
		{"other site", `<a href="https://elsewhere.example/page/2">Next</a>`, ""},
		{"this page", `<a href="/news/#top">Next</a>`, ""},
		{"none", `<a href="/news/one-article">One article</a>`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, _ := Parse([]byte(c.html), page, Selectors{}, 0)
			if p == nil {
				t.Fatal("no page")
			}
			if p.NextURL != c.want {
				t.Errorf("NextURL = %q, want %q", p.NextURL, c.want)
			}
		})
	}
}

// TestFeedURL pins which advertised feed is reported.
func TestFeedURL(t *testing.T) {
	const page = "https://www.partner.example/category/news/"
	for _, c := range []struct {
		name, html, want string
	}{
		{"rss", `<link rel="alternate" type="application/rss+xml" href="/feed/">`, "https://www.partner.example/feed/"},
		{"atom", `<link rel="alternate" type="application/atom+xml" href="https://www.partner.example/atom.xml">`, "https://www.partner.example/atom.xml"},
		{"json feed", `<link rel="alternate" type="application/feed+json" href="/feed.json">`, "https://www.partner.example/feed.json"},
		{"plain json named feed", `<link rel="alternate" type="application/json" title="JSON Feed" href="/index.json">`, "https://www.partner.example/index.json"},
		{"wp rest api is no feed", `<link rel="alternate" type="application/json" href="/wp-json/wp/v2/categories/3">`, ""},
		{"oembed is no feed", `<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed/1.0/embed?url=x">`, ""},
		{"comments feed skipped", `<link rel="alternate" type="application/rss+xml" title="Comments Feed" href="/comments/feed/"><link rel="alternate" type="application/rss+xml" title="Feed" href="/feed/">`, "https://www.partner.example/feed/"},
		{"category feed preferred", `<link rel="alternate" type="application/rss+xml" href="/feed/"><link rel="alternate" type="application/rss+xml" href="/category/news/feed/">`, "https://www.partner.example/category/news/feed/"},
		{"type with parameters", `<link rel="alternate" type="Application/RSS+XML; charset=UTF-8" href="/feed/">`, "https://www.partner.example/feed/"},
		{"hreflang alternate", `<link rel="alternate" hreflang="fr" href="/fr/categorie/actualites/">`, ""},
		{"stylesheet", `<link rel="stylesheet" type="text/css" href="/style.css">`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, _ := Parse([]byte(c.html), page, Selectors{}, 0)
			if p == nil {
				t.Fatal("no page")
			}
			if p.FeedURL != c.want {
				t.Errorf("FeedURL = %q, want %q", p.FeedURL, c.want)
			}
		})
	}
}
