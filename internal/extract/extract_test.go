package extract

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/sanitize"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenOptions reads the options a test page declares in its first line:
// <!-- options: content=".story" remove=".promo, .ad" -->.
var goldenOptions = regexp.MustCompile(`^<!--\s*options:(?:\s*content="([^"]*)")?(?:\s*remove="([^"]*)")?\s*-->`)

// goldenURL is where every test page pretends to live.
func goldenURL(name string) string {
	return "https://partner.example/news/2024/" + name + ".html"
}

// render turns an extraction into the golden format: a header of metadata,
// the plain text the pipeline publishes, and the content's links.
func renderGolden(a *Article, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n", a.Title)
	fmt.Fprintf(&b, "author: %s\n", a.Author)
	pub := ""
	if !a.Published.IsZero() {
		pub = a.Published.Format(time.RFC3339) + " (" + a.PublishedRaw + ")"
	}
	fmt.Fprintf(&b, "published: %s\n", pub)
	fmt.Fprintf(&b, "image: %s\n", a.ImageURL)
	fmt.Fprintf(&b, "language: %s\n", a.Language)
	fmt.Fprintf(&b, "feed: %s\n", a.FeedURL)
	fmt.Fprintf(&b, "canonical: %s\n", a.Canonical)
	clean := sanitize.HTML(a.ContentHTML, url)
	fmt.Fprintf(&b, "--- text\n%s\n", sanitize.Text(clean))
	links := linkRE.FindAllStringSubmatch(clean, -1)
	if len(links) > 0 {
		b.WriteString("--- links\n")
		for _, l := range links {
			fmt.Fprintf(&b, "%s %s\n", l[1], l[2])
		}
	}
	return b.String()
}

var linkRE = regexp.MustCompile(`\s(href|src)="([^"]*)"`)

// TestGolden extracts every testdata/<case>.html and compares the result
// with testdata/<case>.golden (go test -update rewrites them). Each case
// pins one rule; its name says which. It then re-extracts a page made of
// the extracted content and expects the same text: extraction is
// idempotent.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test pages")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		t.Run(name, func(t *testing.T) {
			page, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var opts Options
			if m := goldenOptions.FindSubmatch(page); m != nil {
				opts = Options{ContentSelector: string(m[1]), RemoveSelectors: string(m[2])}
			}
			url := goldenURL(name)
			a, err := Extract(page, url, opts)
			if err != nil {
				t.Fatal(err)
			}
			got := renderGolden(a, url)
			golden := strings.TrimSuffix(f, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n%s", f, golden, lineDiff(string(want), got))
			}

			// Idempotence: the extracted content, served as a page, extracts
			// to the same text.
			again := "<html><head><title>" + a.Title + "</title></head><body><article>" + a.ContentHTML + "</article></body></html>"
			b, err := Extract([]byte(again), url, Options{})
			if err != nil {
				t.Fatalf("re-extract: %v", err)
			}
			first := sanitize.Text(sanitize.HTML(a.ContentHTML, url))
			if second := sanitize.Text(sanitize.HTML(b.ContentHTML, url)); second != first {
				t.Errorf("not idempotent:\n%s", lineDiff(first, second))
			}
		})
	}
}

// lineDiff shows the lines of want and got that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n   got %q\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// TestCorpusAcceptance holds the extractor to the issue's acceptance on the
// bundled corpus: mean F1 ≥ 0.98, every text_must kept, no text_must_not
// leaked, and every labelled title, author and date right.
func TestCorpusAcceptance(t *testing.T) {
	c := loadCorpus(t)
	s := evaluate(t, c, extractor{"gleaner", ours})
	if s.f1 < 0.98 {
		t.Errorf("mean F1 %.4f, want ≥ 0.98", s.f1)
	}
	for _, p := range s.pages {
		if p.err != nil {
			t.Errorf("%s: %v", p.url, p.err)
		}
		for _, m := range p.mustMissed {
			t.Errorf("%s: dropped %q", p.url, m)
		}
		for _, m := range p.mustNotFound {
			t.Errorf("%s: leaked %q", p.url, m)
		}
	}
	if _, bad := metaMismatches(t, c); len(bad) > 0 {
		t.Errorf("metadata:\n%s", strings.Join(bad, "\n"))
	}
}

func TestExtractErrors(t *testing.T) {
	tests := []struct {
		name string
		page string
		want error
	}{
		{"empty", "", ErrEmptyPage},
		{"blank", " \n\t", ErrEmptyPage},
		{"menu only", `<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></body></html>`, ErrNoContent},
		{"no text", `<html><body><div><img src="a.jpg"></div></body></html>`, ErrNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Extract([]byte(tt.page), "https://p.example/a.html", Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "extract https://p.example/a.html: ") {
				t.Errorf("error %q does not name the page", err)
			}
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	if err := (Options{ContentSelector: "div.story, .body > p", RemoveSelectors: ".ad"}).Validate(); err != nil {
		t.Errorf("valid options: %v", err)
	}
	if err := (Options{ContentSelector: "div[", RemoveSelectors: ".ad"}).Validate(); err == nil {
		t.Error("broken content selector passed")
	}
	if err := (Options{RemoveSelectors: "::nope("}).Validate(); err == nil {
		t.Error("broken remove selector passed")
	}
	// Extract ignores a broken selector and extracts automatically.
	page := []byte(`<html><body><article><p>` + strings.Repeat("Believers met to pray in the village church. ", 4) + `</p></article></body></html>`)
	a, err := Extract(page, "https://p.example/a.html", Options{ContentSelector: "div["})
	if err != nil || !strings.Contains(a.ContentHTML, "Believers met") {
		t.Errorf("broken selector: %v, %q", err, a)
	}
}

func TestCleanAuthor(t *testing.T) {
	tests := map[string]string{
		"By Jane Doe":                "Jane Doe",
		" by  Hannah Whitlock ":      "Hannah Whitlock",
		"von Martin Brenner":         "Martin Brenner",
		"Por Ricardo Almeida":        "Ricardo Almeida",
		"par Marc Lefèvre":           "Marc Lefèvre",
		"Jane Doe | March 3, 2020":   "Jane Doe",
		"18 September 2017":          "",
		"https://p.example/author/x": "",
	}
	for in, want := range tests {
		if got := cleanAuthor(in); got != want {
			t.Errorf("cleanAuthor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct{ in, site, h1, want string }{
		{"Story title | Open Doors", "Open Doors", "", "Story title"},
		{"Lampstand Mission :: Widows of Borno rebuild after attack", "", "", "Widows of Borno rebuild after attack"},
		{"Widows rebuild :: Lampstand Mission", "", "", "Widows rebuild"},
		{"Indien: Zehn Jahre - Stimme der Verfolgten", "Stimme der Verfolgten", "", "Indien: Zehn Jahre"},
		{"A - B - Site", "Site", "", "A - B"},
		{"Site :: A long story title", "", "A long story title", "A long story title"},
		{"Plain title", "", "", "Plain title"},
		{"Pray now: North Korea", "", "North Korea", "Pray now: North Korea"},
		{"Story | Some site", "", "Story", "Story"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.in, tt.site, tt.h1); got != tt.want {
			t.Errorf("cleanTitle(%q, %q) = %q, want %q", tt.in, tt.site, got, tt.want)
		}
	}
}

// FuzzExtract feeds hostile HTML to Extract: it must not panic, and what it
// returns must be a page's worth at most.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.html")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "")
		}
	}
	f.Add([]byte(`<html><body><article><p>`+strings.Repeat("x ", 60)+`</p></article>`), ".x")
	f.Add([]byte(`<table><tr><td><div><p>unclosed <b><i>tags`), "td > div")
	f.Add([]byte(`<base href="javascript:alert(1)"><a href="x">y</a><p>`+strings.Repeat("word ", 30)), "")
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":["NewsArticle"],"author":[{"name":1},"x"],"datePublished":{}}]}</script><p>`+strings.Repeat("z ", 40)), "")
	f.Add([]byte("<svg><title>t</title></svg><math><mi>x</mi></math><template><p>t</p></template>"), "svg")
	f.Add([]byte(strings.Repeat("<div class=meta>", 400)+strings.Repeat("<span class=date>5 May 2020</span>", 50)), "span")
	f.Add([]byte(strings.Repeat("<header><h1>t</h1>", 100)+"<p>"+strings.Repeat("word ", 40)+"</p>"), "")
	f.Fuzz(func(t *testing.T, page []byte, sel string) {
		a, err := Extract(page, "https://p.example/a/b.html", Options{ContentSelector: sel, RemoveSelectors: sel})
		if err != nil {
			return
		}
		if a.ContentHTML == "" {
			t.Fatal("no error and no content")
		}
		if text := sanitize.Text(sanitize.HTML(a.ContentHTML, "https://p.example/a/b.html")); len(text) > len(page)*2+64 {
			t.Fatalf("text of %d bytes from a page of %d", len(text), len(page))
		}
	})
}

// ExampleExtract shows the pipeline's use: extract, then sanitise.
func ExampleExtract() {
	page := []byte(`<html lang="en"><head><title>Pray for Eritrea | Partner</title>
<meta property="article:published_time" content="2024-05-02T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Pray for Eritrea</h1><p class="byline">By Jane Doe</p>
<p>Twenty-three believers were released from prison camps last week after years without charge.</p>
<h3>Pray now</h3><ul><li>For healing for those released</li><li>For those still held</li></ul>
<div class="share"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a></div>
</article><footer>© Partner</footer></body></html>`)
	a, err := Extract(page, "https://partner.example/news/eritrea.html", Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title, "|", a.Author, "|", a.Published.Format("2006-01-02"))
	fmt.Println(sanitize.Text(sanitize.HTML(a.ContentHTML, "https://partner.example/news/eritrea.html")))
	// Output:
	// Pray for Eritrea | Jane Doe | 2024-05-02
	// Twenty-three believers were released from prison camps last week after years without charge.
	//
	// Pray now
	//
	// For healing for those released
	// For those still held
}
