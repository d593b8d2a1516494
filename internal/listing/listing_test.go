package listing

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// defaultCaseURL is where a golden case's page is served unless caseURLs
// says otherwise.
const defaultCaseURL = "https://www.partner.example/news/"

// caseURLs are the page URLs of golden cases that need their own.
var caseURLs = map[string]string{
	"cards_with_menu_and_tagcloud":          "https://frontline.example/stories",
	"table_rows_with_dates":                 "https://www.partner.example/nachrichten.php",
	"ul_list_with_text_dates":               "https://www.partner.example/en/press/default.aspx",
	"advertises_rss_feed":                   "https://www.partner.example/categoria/noticias/",
	"pagination_next_link":                  "https://www.partner.example/aktuelles",
	"elementor_posts_grid":                  "https://www.partner.example/noticias/",
	"blogger_date_headers":                  "https://partnerblog.blogspot.com/",
	"flat_headings_with_siblings":           "https://www.partner.example/meldungen/",
	"card_wrapped_in_link_with_popular_box": "https://www.partner.example/noticias/",
	"featured_story_above_grid":             "https://www.partner.example/news",
	"ghost_post_feed":                       "https://journal.partner.example/",
	"page_builder_widget_wrappers":          "https://hope.example/latest-news/",
	"hashed_classes_linked_cards":           "https://www.partner.example/stories",
	"joomla_blog_rows_numbered_pager":       "https://www.partner.example/index.php/actualites",
}

// caseSelectors are the feeds.yaml selectors of golden cases that have
// them.
var caseSelectors = map[string]Selectors{
	"selectors_override":  {Item: "div.x1", Link: "a.x3", Title: ".x5", Date: ".x4", DateLayout: "Mon 02 Jan 06"},
	"selectors_link_only": {Link: "a.report"},
}

// golden is what a .golden file holds: the Page, or the error.
type golden struct {
	*Page
	Error string `json:"error,omitempty"`
}

// TestGolden parses each testdata/<case>.html and compares the result with
// testdata/<case>.golden; go test -update rewrites the goldens.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.html")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in testdata (%v)", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".html")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			pageURL := caseURLs[name]
			if pageURL == "" {
				pageURL = defaultCaseURL
			}
			page, err := Parse(body, pageURL, caseSelectors[name], 0)
			g := golden{Page: page}
			if err != nil {
				g = golden{Error: err.Error()}
			}
			got, jerr := json.MarshalIndent(g, "", "\t")
			if jerr != nil {
				t.Fatal(jerr)
			}
			got = append(got, '\n')
			path := strings.TrimSuffix(in, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, rerr := os.ReadFile(path)
			if rerr != nil {
				t.Fatalf("%v (run go test -update to create it)", rerr)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("result differs from %s (go test -update rewrites it):\n%s", path, lineDiff(string(want), string(got)))
			}
			if err == nil {
				checkInvariants(t, page, 0)
				if _, ok := caseSelectors[name]; !ok {
					checkRoundTrip(t, page)
				}
			}
		})
	}
}

// checkInvariants checks what every Page promises: absolute http(s) URLs
// without fragments, no duplicates, at most max entries, UTC dates.
func checkInvariants(t testing.TB, p *Page, max int) {
	t.Helper()
	if max <= 0 {
		max = DefaultMaxEntries
	}
	if len(p.Entries) > max {
		t.Errorf("%d entries, cap %d", len(p.Entries), max)
	}
	seen := map[string]bool{}
	for _, e := range p.Entries {
		if !absoluteHTTP(e.URL) || strings.Contains(e.URL, "#") {
			t.Errorf("entry URL %q is not absolute http(s) without fragment", e.URL)
		}
		if seen[e.URL] {
			t.Errorf("entry %q listed twice", e.URL)
		}
		seen[e.URL] = true
		if e.ImageURL != "" && !absoluteHTTP(e.ImageURL) {
			t.Errorf("image URL %q is not absolute", e.ImageURL)
		}
		if !e.Published.IsZero() && e.Published.Location() != time.UTC {
			t.Errorf("%s: published %v is not UTC", e.URL, e.Published)
		}
	}
	for _, u := range []string{p.FeedURL, p.NextURL} {
		if u != "" && !absoluteHTTP(u) {
			t.Errorf("%q is not absolute http(s)", u)
		}
	}
}

func absoluteHTTP(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
}

// checkRoundTrip renders the entries as the plainest listing page — a list
// of linked headings with <time> — and checks that Parse reads the same
// entries back: detection must not depend on the templates it was tuned
// on.
func checkRoundTrip(t *testing.T, p *Page) {
	t.Helper()
	var b strings.Builder
	b.WriteString("<!doctype html><title>News</title><nav><a href=\"/\">Home</a></nav><main><ul>\n")
	for _, e := range p.Entries {
		fmt.Fprintf(&b, "<li><h3><a href=\"%s\">%s</a></h3>", html.EscapeString(e.URL), html.EscapeString(e.Title))
		if !e.Published.IsZero() {
			fmt.Fprintf(&b, " <time datetime=\"%s\">%s</time>", e.Published.Format(time.RFC3339), html.EscapeString(e.PublishedRaw))
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul></main>")
	base := "https://round.trip/listing/"
	if len(p.Entries) > 0 {
		u, _ := url.Parse(p.Entries[0].URL)
		base = u.Scheme + "://" + u.Host + "/round-trip-listing"
	}
	back, err := Parse([]byte(b.String()), base, Selectors{}, 0)
	if err != nil {
		t.Errorf("round trip: %v", err)
		return
	}
	if len(back.Entries) != len(p.Entries) {
		t.Errorf("round trip: %d entries, want %d", len(back.Entries), len(p.Entries))
		return
	}
	for i, e := range back.Entries {
		w := p.Entries[i]
		if e.URL != w.URL || e.Title != w.Title || !e.Published.Equal(w.Published) {
			t.Errorf("round trip entry %d: %q %q %v, want %q %q %v", i, e.URL, e.Title, e.Published, w.URL, w.Title, w.Published)
		}
	}
}

// lineDiff shows the lines of want and got that differ, with context.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			continue
		}
		fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, wl, gl)
		if shown++; shown == 10 {
			b.WriteString("…\n")
			break
		}
	}
	return b.String()
}

// TestTenThousandLinksCapped checks that a page listing 10,000 articles
// yields the first maxEntries of them, quickly.
func TestTenThousandLinksCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><body><h1>Archive</h1><ul class=\"archive\">\n")
	for i := range 10000 {
		fmt.Fprintf(&b, "<li><a href=\"/archive/%05d-christians-arrested-in-village-%d\">Report %d: Christians arrested in a village</a> <span>%d March 2020</span></li>\n", i, i, i, i%28+1)
	}
	b.WriteString("</ul></body></html>")
	page := []byte(b.String())
	for _, max := range []int{0, 50} {
		start := time.Now()
		p, err := Parse(page, "https://www.partner.example/archive/", Selectors{}, max)
		if err != nil {
			t.Fatal(err)
		}
		want := max
		if want == 0 {
			want = DefaultMaxEntries
		}
		if len(p.Entries) != want {
			t.Errorf("max %d: %d entries, want %d", max, len(p.Entries), want)
		}
		if p.Entries[0].URL != "https://www.partner.example/archive/00000-christians-arrested-in-village-0" ||
			p.Entries[0].Published.Format("2006-01-02") != "2020-03-01" {
			t.Errorf("first entry %+v", p.Entries[0])
		}
		checkInvariants(t, p, want)
		t.Logf("max %d: %d entries in %v", max, len(p.Entries), time.Since(start))
	}
}

// TestErrors checks the errors Parse returns and what they wrap.
func TestErrors(t *testing.T) {
	listing := []byte(`<ul><li><a href="/a/one-long-article-title">One long article title here</a></li><li><a href="/a/two-long-article-title">Two long article title here</a></li></ul>`)
	for _, c := range []struct {
		name, url string
		sel       Selectors
		page      []byte
		want      string
		noArticle bool
	}{
		{"relative page URL", "/news/", Selectors{}, listing, `page URL must be absolute`, false},
		{"ftp page URL", "ftp://x.example/", Selectors{}, listing, `page URL must be absolute`, false},
		{"bad selector", "https://x.example/news/", Selectors{Item: "div[["}, listing, `selectors.item "div[["`, false},
		{"item matches nothing", "https://x.example/news/", Selectors{Item: "article.post"}, listing, `selectors.item matches nothing`, false},
		{"empty page", "https://x.example/news/", Selectors{}, nil, `no article links found (hint: set this source's selectors in feeds.yaml`, true},
		{"feed hint", "https://x.example/news/", Selectors{}, []byte(`<link rel=alternate type=application/atom+xml href=/atom.xml><p>Nothing</p>`), `(hint: use the feed it advertises, https://x.example/atom.xml)`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.page, c.url, c.sel, 0)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
			if errors.Is(err, ErrNoArticles) != c.noArticle {
				t.Errorf("errors.Is(err, ErrNoArticles) = %v, want %v", !c.noArticle, c.noArticle)
			}
		})
	}
}
