package listing

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/gleanerhq/gleaner"
)

// testBase stands for the server address where corpus files say {{BASE}}.
const testBase = "http://127.0.0.1:1"

// corpusListings are the corpus sites without a feed, and their listing
// page, read from the embedded corpus (gleaner.Corpus).
var corpusListings = []struct{ site, entry string }{
	{"portes-ouvertes-fr", "actualites/index.html"},
	{"portas-abertas", "noticias.html"},
}

// label is the part of a labels.json article this package is measured on.
type label struct {
	URL       string `json:"url"`
	Site      string `json:"site"`
	Title     string `json:"title"`
	Published string `json:"published"`
}

func corpusLabels(t testing.TB) []label {
	t.Helper()
	b, err := fs.ReadFile(gleaner.Corpus(), "labels.json")
	if err != nil {
		t.Fatal(err)
	}
	var l struct{ Articles []label }
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	return l.Articles
}

// corpusPage reads the corpus page served at u, with {{BASE}} filled in;
// ok is false for a page the corpus does not have.
func corpusPage(t testing.TB, u string) ([]byte, bool) {
	t.Helper()
	rel, found := strings.CutPrefix(u, testBase+"/")
	if !found {
		return nil, false
	}
	b, err := fs.ReadFile(gleaner.Corpus(), "sites/"+rel)
	if err != nil {
		return nil, false
	}
	return bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(testBase)), true
}

// TestCorpusListings follows each page-only corpus site from its listing
// page through its next pages, and checks that exactly the labelled articles
// are found, with their labelled titles and dates.
func TestCorpusListings(t *testing.T) {
	labels := corpusLabels(t)
	for _, c := range corpusListings {
		t.Run(c.site, func(t *testing.T) {
			want := map[string]label{}
			for _, l := range labels {
				if l.Site == c.site {
					want[strings.ReplaceAll(l.URL, "{{BASE}}", testBase)] = l
				}
			}
			if len(want) == 0 {
				t.Fatal("no labelled articles")
			}
			got := map[string]Entry{}
			next, pages := testBase+"/"+c.site+"/"+c.entry, 0
			for next != "" {
				body, ok := corpusPage(t, next)
				if !ok {
					t.Fatalf("next page %s is not in the corpus", next)
				}
				if pages++; pages > 5 {
					t.Fatal("more than 5 pages: a pagination loop?")
				}
				page, err := Parse(body, next, Selectors{}, 0)
				if err != nil {
					t.Fatal(err)
				}
				if page.FeedURL != "" {
					t.Errorf("%s: FeedURL = %q, want none", next, page.FeedURL)
				}
				for _, e := range page.Entries {
					if _, dup := got[e.URL]; dup {
						t.Errorf("%s listed on two pages", e.URL)
					}
					got[e.URL] = e
				}
				next = page.NextURL
			}
			for u, l := range want {
				e, ok := got[u]
				if !ok {
					t.Errorf("missing %s", u)
					continue
				}
				if e.Title != l.Title {
					t.Errorf("%s: title %q, want %q", u, e.Title, l.Title)
				}
				if d := e.Published.Format("2006-01-02"); d != l.Published {
					t.Errorf("%s: published %s (raw %q), want %s", u, d, e.PublishedRaw, l.Published)
				}
				if e.ImageURL == "" || e.Summary == "" {
					t.Errorf("%s: image %q, summary %q: want both", u, e.ImageURL, e.Summary)
				}
			}
			for u := range got {
				if _, ok := want[u]; !ok {
					t.Errorf("extra link %s", u)
				}
			}
			t.Logf("%d pages, %d articles found of %d labelled", pages, len(got), len(want))
		})
	}
}
