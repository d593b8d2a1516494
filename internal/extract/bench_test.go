package extract

import (
	"testing"
)

// benchPages runs fn over every corpus article page per iteration and
// reports pages/s.
func benchPages(b *testing.B, fn func(page []byte, url string) error) {
	c := loadCorpus(b)
	type page struct {
		body []byte
		url  string
	}
	var pages []page
	var size int64
	for _, a := range c.Articles {
		body, url, err := c.PageUTF8(a, evalBase)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page{body, url})
		size += int64(len(body))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			if err := fn(p.body, p.url); err != nil {
				b.Fatalf("%s: %v", p.url, err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkExtract runs Extract over every corpus article page.
func BenchmarkExtract(b *testing.B) {
	benchPages(b, func(page []byte, url string) error {
		_, err := Extract(page, url, Options{})
		return err
	})
}
