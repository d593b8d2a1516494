package pipeline

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/sanitize"
)

// articlePage is a partner's article page: the story between a menu, a
// sidebar and a footer.
func articlePage(title string, n int) []byte {
	return fmt.Appendf(nil, `<!doctype html><html lang="en"><head><title>%s | Partner</title></head><body>
<nav><a href="/">Home</a> <a href="/countries/nigeria">Nigeria</a> <a href="/countries/india">India</a></nav>
<main><article><h1>%s</h1><p class="byline">By Jane Doe</p>
<p>KADUNA, Nigeria – The lead paragraph of story %d tells what happened to the church in Kaduna this week.</p>
<p>A second paragraph gives the details: the believers met again on Sunday, and the pastor spoke about hope in Nigeria.</p>
<p>A third paragraph quotes a Nigerian Christian leader at some length, so that the article body is clearly the longest text on the page.</p>
<h3>Pray now…</h3>
<ul><li>That the church in Kaduna will stand firm</li><li>For the pastor and his family</li></ul>
</article></main>
<aside class="sidebar"><h3>Prayer calendar</h3><p>Pray for the persecuted church today.</p></aside>
<footer>© Partner Ministries. Subscribe to our newsletter.</footer></body></html>`, title, title, n)
}

func summaryFeed(base string, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>P</title><link>%s/</link><description>d</description>`, base)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s/news/%d.html</link><guid>%s/news/%d.html</guid><pubDate>Mon, 0%d Mar 2026 09:00:00 +0000</pubDate><description>A short summary of story %d [&#8230;]</description></item>`, i, base, i, base, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func TestRunFetchesFullTextOncePerItem(t *testing.T) {
	w := newWorld(t, nil, nil)
	w.plan.Sources = []model.Source{{ID: "p", Name: "Partner", URL: w.srv.URL("/feed"), FullText: model.FullTextAuto, AllowPrivate: true}}
	w.srv.Handle("/feed", fetchtest.Static("application/rss+xml", summaryFeed(w.srv.URL(""), 2)))
	for i := 1; i <= 3; i++ {
		w.srv.Handle(fmt.Sprintf("/news/%d.html", i), fetchtest.Static("text/html; charset=utf-8", articlePage(fmt.Sprintf("Story %d", i), i)))
	}
	rep := w.run()
	if sr := status(rep, "p"); sr.Status != model.StatusOK || sr.New != 2 {
		t.Fatalf("first run: %+v", sr)
	}
	items, err := w.store.Items(t.Context(), storeQueryAll)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if !it.FullContent || !strings.Contains(it.Content, "lead paragraph") {
			t.Errorf("%s: no full text: %q", it.URL, it.Content)
		}
		if strings.Contains(it.Content, "Prayer calendar") || strings.Contains(it.Content, "newsletter") {
			t.Errorf("%s: boilerplate in the content", it.URL)
		}
		if len(it.Prayer) != 1 || len(it.Prayer[0].Items) != 2 {
			t.Errorf("%s: prayer %+v", it.URL, it.Prayer)
		}
		if len(it.Countries) == 0 || it.Countries[0] != "NG" {
			t.Errorf("%s: countries %v, want NG first", it.URL, it.Countries)
		}
	}

	// The feed changes (a third story); the two known stories' pages are
	// not asked again.
	w.srv.Reset()
	w.srv.Handle("/feed", fetchtest.Static("application/rss+xml", summaryFeed(w.srv.URL(""), 3)))
	w.now = w.now.Add(time.Hour)
	rep = w.run()
	if sr := status(rep, "p"); sr.New != 1 || sr.Updated != 0 {
		t.Errorf("second run: %+v", sr)
	}
	for i := 1; i <= 2; i++ {
		if n := len(w.srv.RequestsTo(fmt.Sprintf("/news/%d.html", i))); n != 0 {
			t.Errorf("article %d fetched again (%d requests) though unchanged", i, n)
		}
	}
	if n := len(w.srv.RequestsTo("/news/3.html")); n != 1 {
		t.Errorf("new article fetched %d times, want 1", n)
	}
}

var storeQueryAll = storeQuery()

func TestRunRetriesFullTextAfterTransientFailure(t *testing.T) {
	w := newWorld(t, nil, nil)
	w.plan.Sources = []model.Source{{ID: "p", Name: "Partner", URL: w.srv.URL("/feed"), AllowPrivate: true}}
	w.srv.Handle("/feed", fetchtest.Static("application/rss+xml", summaryFeed(w.srv.URL(""), 1)))
	w.srv.Handle("/news/1.html", fetchtest.Status(http.StatusServiceUnavailable, nil))
	w.run()
	items, _ := w.store.Items(t.Context(), storeQueryAll)
	if len(items) != 1 || items[0].FullContent {
		t.Fatalf("after a 503 the item should be stored with its summary: %+v", items)
	}

	w.srv.Handle("/news/1.html", fetchtest.Static("text/html", articlePage("Story 1", 1)))
	w.now = w.now.Add(time.Hour)
	rep := w.run()
	if sr := status(rep, "p"); sr.Updated != 1 {
		t.Errorf("retry run: %+v", sr)
	}
	items, _ = w.store.Items(t.Context(), storeQueryAll)
	if !items[0].FullContent {
		t.Errorf("full text not fetched on retry")
	}
	w.srv.Reset()
	w.now = w.now.Add(time.Hour)
	w.run()
	if n := len(w.srv.RequestsTo("/news/1.html")); n != 0 {
		t.Errorf("article fetched again after success: %d", n)
	}
}

const listingPage = `<!doctype html><html><head><title>News</title></head><body>
<nav><a href="/about.html">About us</a> <a href="/donate.html">Donate</a></nav>
<main><h1>Latest news</h1>
<div class="post-card"><h2><a href="/news/1.html">Church leaders in Kaduna call for calm</a></h2><time datetime="2026-03-01">1 March 2026</time><p>Leaders met on Friday.</p></div>
<div class="post-card"><h2><a href="/news/2.html">New Bibles reach believers in the north</a></h2><time datetime="2026-03-02">2 March 2026</time><p>A shipment arrived.</p></div>
<div class="post-card"><h2><a href="/news/3.html">Pastor released after two weeks in detention</a></h2><time datetime="2026-03-03">3 March 2026</time><p>Good news.</p></div>
</main><footer><a href="/privacy.html">Privacy policy</a></footer></body></html>`

func TestRunReadsListingPages(t *testing.T) {
	w := newWorld(t, nil, nil)
	w.plan.Sources = []model.Source{{ID: "p", Name: "Partner", URL: w.srv.URL("/news/"), Type: model.TypePage, AllowPrivate: true}}
	w.srv.Handle("/news/", fetchtest.Static("text/html; charset=utf-8", []byte(listingPage)))
	for i := 1; i <= 3; i++ {
		w.srv.Handle(fmt.Sprintf("/news/%d.html", i), fetchtest.Static("text/html", articlePage(fmt.Sprintf("Story %d", i), i)))
	}
	rep := w.run()
	if sr := status(rep, "p"); sr.Status != model.StatusOK || sr.New != 3 {
		t.Fatalf("listing run: %+v", sr)
	}
	f := parseOutput(t, filepath.Join(w.plan.OutputDir, "all.json"))
	if len(f.Items) != 3 {
		t.Fatalf("%d items, want 3", len(f.Items))
	}
	if f.Items[0].Title != "Pastor released after two weeks in detention" || !strings.Contains(f.Items[0].Content, "lead paragraph") {
		t.Errorf("newest item: %q %q", f.Items[0].Title, f.Items[0].Content)
	}
	w.srv.Reset()
	w.now = w.now.Add(time.Hour)
	rep = w.run()
	if sr := status(rep, "p"); sr.Status != model.StatusNotModified {
		t.Errorf("unchanged listing: %+v", sr)
	}
	if n := len(w.srv.Requests()); n != 1 {
		t.Errorf("unchanged listing made %d requests, want 1 conditional one", n)
	}
}

func TestRunKeepsOnlyAllowedVideoIframes(t *testing.T) {
	w := newWorld(t, map[string]feedKind{"a": kindJSON}, []string{"a"})
	its := items("a", 1, 1)
	its[0].body = `<p>A long enough paragraph about the church and its ministry among refugees this year.</p>` +
		`<iframe src="https://player.vimeo.com/video/1"></iframe><iframe src="https://evil.example/x"></iframe>`
	w.serve("a", its)
	w.runner.Sanitizer = sanitize.New(sanitize.Options{VideoHosts: []string{"player.vimeo.com"}})
	w.run()
	got, _ := w.store.Items(t.Context(), storeQueryAll)
	if len(got) != 1 || !strings.Contains(got[0].Content, "player.vimeo.com") || strings.Contains(got[0].Content, "evil.example") {
		t.Errorf("content %q", got[0].Content)
	}
}
