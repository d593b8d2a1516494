package listing

import (
	"testing"
)

// BenchmarkParse parses the corpus listing pages (the embedded corpus), all
// three per iteration, and reports pages per second.
func BenchmarkParse(b *testing.B) {
	type page struct {
		url  string
		body []byte
	}
	var pages []page
	for _, u := range []string{
		testBase + "/portes-ouvertes-fr/actualites/index.html",
		testBase + "/portes-ouvertes-fr/actualites/page-2.html",
		testBase + "/portas-abertas/noticias.html",
	} {
		body, ok := corpusPage(b, u)
		if !ok {
			b.Fatalf("%s: not in the corpus", u)
		}
		pages = append(pages, page{u, body})
	}
	size := 0
	for _, p := range pages {
		size += len(p.body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			if _, err := Parse(p.body, p.url, Selectors{}, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
}
