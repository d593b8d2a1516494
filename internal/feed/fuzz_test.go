package feed

import (
	"net/url"
	"os"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds Parse hostile bodies, seeded from the golden inputs. The
// properties: it never panics, and every item it returns has an ID and a
// URL that is either empty or an absolute http(s) URL, as are its image and
// enclosure URLs.
func FuzzParse(f *testing.F) {
	for _, in := range inputs(f) {
		body, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, testOptions.URL)
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="../"><entry xml:base="::"><link href="//x"/></entry></feed>`), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"url":"javascript:alert(1)","content_text":"x"}]}`), "not a url")

	f.Fuzz(func(t *testing.T, body []byte, docURL string) {
		if !utf8.Valid(body) {
			t.Skip("Parse takes UTF-8: the fetcher transcodes")
		}
		meta, items, err := Parse(body, Options{SourceID: "fuzz", URL: docURL, Language: "en"})
		if err != nil {
			return
		}
		checkURL(t, "meta.HomeURL", meta.HomeURL)
		checkURL(t, "meta.ImageURL", meta.ImageURL)
		seen := map[string]bool{}
		for i, it := range items {
			if it.ID == "" || it.Key == "" {
				t.Errorf("item %d: empty ID or key: %+v", i, it)
			}
			if seen[it.ID] {
				t.Errorf("item %d: ID %s repeated", i, it.ID)
			}
			seen[it.ID] = true
			checkURL(t, "URL", it.URL)
			checkURL(t, "ImageURL", it.ImageURL)
			for _, e := range it.Enclosures {
				if e.URL == "" {
					t.Errorf("item %d: enclosure without URL", i)
				}
				checkURL(t, "enclosure", e.URL)
			}
			if !it.Published.IsZero() && it.Published.Location() != it.Published.UTC().Location() {
				t.Errorf("item %d: Published %v is not UTC", i, it.Published)
			}
		}
	})
}

// checkURL fails unless s is empty or an absolute http(s) URL with a host.
func checkURL(t *testing.T, what, s string) {
	t.Helper()
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		t.Errorf("%s %q is not an absolute http(s) URL", what, s)
	}
}
