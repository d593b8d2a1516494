package listing

import (
	"strings"
	"testing"
	"time"
)

// TestHostilePages parses pages built to make a careless detector
// quadratic: very deep nesting, thousands of nested footers, thousands of
// headings in one item. Each must parse in well under a second; the test
// logs the times and fails only on a gross regression.
func TestHostilePages(t *testing.T) {
	deep := strings.Repeat("<div class=x>", 20000) +
		strings.Repeat(`<p><a href="/news/some-long-article-slug-here">A reasonably long article title</a></p>`, 2000) +
		strings.Repeat("</div>", 20000)
	footers := strings.Repeat("<footer><section>", 5000) + `<a href="/a/one-two-three">One two three four</a>` + strings.Repeat("</section></footer>", 5000)
	headings := "<ul><li>" + strings.Repeat(`<h3><a href="/a/first-article-slug">First article title words</a></h3>`, 5000) +
		`</li><li><a href="/a/second-article-slug">Second article title words</a></li></ul>`
	dates := "<ul>" + strings.Repeat(`<li><a href="/n/x-y-z">A title of five words</a>`+strings.Repeat("<span>", 500)+"18 Sep 2017"+strings.Repeat("</span>", 500)+"</li>", 40) + "</ul>"
	for name, page := range map[string]string{"deep": deep, "footers": footers, "headings": headings, "dates": dates} {
		start := time.Now()
		_, _ = Parse([]byte(page), "https://www.partner.example/", Selectors{}, 0)
		d := time.Since(start)
		t.Logf("%s: %d bytes in %v", name, len(page), d)
		if d > 20*time.Second {
			t.Errorf("%s: %v", name, d)
		}
	}
}
