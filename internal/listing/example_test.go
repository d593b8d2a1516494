package listing_test

import (
	"fmt"

	"github.com/gleanerhq/gleaner/internal/listing"
)

func ExampleParse() {
	page := []byte(`<html><body>
<nav><a href="/">Home</a> <a href="/about/">About us</a></nav>
<main>
  <div class="item"><h2><a href="/news/nigeria-church-rebuilt">Nigeria: a church rebuilt in Maiduguri</a></h2>
    <span class="date">18 septembre 2017</span></div>
  <div class="item"><h2><a href="/news/laos-families-evicted">Laos: Christian families evicted from their village</a></h2>
    <span class="date">1er août 2017</span></div>
  <a href="/news/?page=2">Page suivante →</a>
</main>
</body></html>`)
	p, err := listing.Parse(page, "https://partner.example/news/", listing.Selectors{}, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range p.Entries {
		fmt.Println(e.Published.Format("2006-01-02"), e.URL, e.Title)
	}
	fmt.Println("next:", p.NextURL)
	// Output:
	// 2017-09-18 https://partner.example/news/nigeria-church-rebuilt Nigeria: a church rebuilt in Maiduguri
	// 2017-08-01 https://partner.example/news/laos-families-evicted Laos: Christian families evicted from their village
	// next: https://partner.example/news/?page=2
}

func ExampleParseDate() {
	for _, s := range []string{"1er août 2020", "18 de setembro de 2017", "Sept. 18, 2017", "05/09/2017", "09/28/2017"} {
		t, ok := listing.ParseDate(s)
		fmt.Println(t.Format("2006-01-02"), ok)
	}
	// Output:
	// 2020-08-01 true
	// 2017-09-18 true
	// 2017-09-18 true
	// 2017-09-05 true
	// 2017-09-28 true
}
