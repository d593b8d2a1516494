package site

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/gleanerhq/gleaner/internal/publish"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the rendered output")

func day(d int) time.Time { return time.Date(2024, 3, d, 9, 30, 0, 0, time.UTC) }

// sampleData is a small site: two outputs, prayer, three countries and
// three partners, with the newest items and prayer points.
func sampleData() Data {
	const od, vom, bp = "Open Doors UK", "Voice of the Martyrs", "Barnabas Aid"
	return Data{
		Title:       "News from our partners",
		Description: "News and prayer points from ministries serving persecuted Christians, gathered every hour.",
		BaseURL:     "https://feeds.example.org/",
		Language:    "en",
		Generator:   "gleaner 1.2.0",
		Feeds: []FeedLink{
			{Path: "all", Title: "All news", Description: "Every article from every partner, newest first.", Items: 120, Updated: day(12)},
			{Path: "africa", Title: "Africa", Description: "News from the countries of sub-Saharan Africa.", Items: 34, Updated: day(11)},
			{Path: "prayer", Title: "Prayer points — news from our partners", Description: "The prayer points of our partners' articles, each linked to its article.", Items: 41, Updated: day(12)},
			{Path: "country/IR", Title: "Iran — news from our partners", Description: "News about Iran from news from our partners.", Items: 9, Updated: day(10)},
			{Path: "country/KP", Title: "North Korea — news from our partners", Description: "News about North Korea from news from our partners.", Items: 7, Updated: day(12)},
			{Path: "country/NG", Title: "Nigeria — news from our partners", Description: "News about Nigeria from news from our partners.", Items: 22, Updated: day(11)},
			{Path: "source/barnabas", Title: bp, Items: 30, Updated: day(9)},
			{Path: "source/opendoors-uk", Title: od, Items: 50, Updated: day(12)},
			{Path: "source/vom", Title: vom, Items: 40, Updated: day(11)},
		},
		Newest: []ItemLink{
			{Title: "Underground church leaders released after 40 days", URL: "https://opendoors-uk.example/news/kp-release", Source: od, SourceURL: "https://opendoors-uk.example/", Published: day(12), Countries: []string{"North Korea"}},
			{Title: "Church rebuilt after the floods in Benue State", URL: "https://vom.example/stories/benue-church", Source: vom, SourceURL: "https://vom.example/", Published: day(11), Countries: []string{"Nigeria"}},
			{Title: "Converts face trial in Tehran & Karaj", URL: "https://barnabas.example/news/iran-trial?id=7&lang=en", Source: bp, SourceURL: "https://barnabas.example/", Published: day(10), Countries: []string{"Iran"}},
			{Title: "Bibles reach villages across the border", URL: "https://opendoors-uk.example/news/bibles", Source: od, SourceURL: "https://opendoors-uk.example/", Published: day(9), Countries: []string{"China", "North Korea"}},
			{Title: "A year of prayer: what changed", URL: "https://vom.example/stories/year-of-prayer", Source: vom, Published: day(8)},
		},
		Prayer: []PrayerGroup{
			{Country: "Iran", Code: "IR", Points: []PrayerPoint{
				{Text: "Pray for the converts on trial, that they stand firm and are treated justly.", ArticleTitle: "Converts face trial in Tehran & Karaj", ArticleURL: "https://barnabas.example/news/iran-trial?id=7&lang=en", Source: bp, Published: day(10)},
			}},
			{Country: "Nigeria", Code: "NG", Points: []PrayerPoint{
				{Text: "Give thanks for the rebuilt church and pray for families still displaced.", ArticleTitle: "Church rebuilt after the floods in Benue State", ArticleURL: "https://vom.example/stories/benue-church", Source: vom, Published: day(11)},
				{Text: "Pray for the pastors travelling between villages.", ArticleTitle: "Church rebuilt after the floods in Benue State", ArticleURL: "https://vom.example/stories/benue-church", Source: vom, Published: day(11)},
			}},
			{Country: "North Korea", Code: "KP", Points: []PrayerPoint{
				{Text: "Pray for the released leaders as they recover, and for those still held.", ArticleTitle: "Underground church leaders released after 40 days", ArticleURL: "https://opendoors-uk.example/news/kp-release", Source: od, Published: day(12)},
			}},
		},
		Updated: day(12),
	}
}

// hostileData carries markup, script and javascript: URLs everywhere a
// partner or a config could put them.
func hostileData() Data {
	d := sampleData()
	d.Title = `Tom & Jerry's <script>alert(1)</script> "news"`
	d.Feeds[0].Title = `<img src=x onerror=alert(1)>`
	d.Newest[0].Title = `</a><script>alert(2)</script>`
	d.Newest[0].URL = "javascript:alert(3)"
	d.Newest[0].SourceURL = "data:text/html,<script>alert(4)</script>"
	d.Newest[1].Countries = []string{`<b>bold</b>`}
	d.Prayer[0].Points[0].Text = `<script>alert(5)</script>`
	d.Prayer[0].Points[0].ArticleURL = " JaVaScRiPt:alert(6)"
	return d
}

// TestGolden renders the sample site and compares index.html and
// feeds.opml with testdata/<file>.golden (rewritten by -update).
func TestGolden(t *testing.T) {
	d := sampleData()
	files, err := render(d)
	if err != nil {
		t.Fatal(err)
	}
	again, err := render(d)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if !bytes.Equal(f.data, again[i].data) {
			t.Errorf("%s: second render differs", f.name)
		}
		if f.name != IndexFile && f.name != OPMLFile {
			continue
		}
		golden := filepath.Join("testdata", f.name+".golden")
		if *update {
			if err := os.WriteFile(golden, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(f.data, want) {
			t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", f.name, golden, diff(want, f.data))
		}
	}
}

// diff shows the first differing line of want and got with some context.
func diff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	var b strings.Builder
	for j := max(0, i-2); j < i; j++ {
		fmt.Fprintf(&b, "  %4d  %s\n", j+1, wl[j])
	}
	for j := i; j < len(wl) && j < i+3; j++ {
		fmt.Fprintf(&b, "- %4d  %s\n", j+1, wl[j])
	}
	for j := i; j < len(gl) && j < i+3; j++ {
		fmt.Fprintf(&b, "+ %4d  %s\n", j+1, gl[j])
	}
	return b.String()
}

func renderFile(t *testing.T, d Data, name string) []byte {
	t.Helper()
	files, err := render(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.name == name {
			return f.data
		}
	}
	t.Fatalf("no file %s rendered", name)
	return nil
}

// walk calls fn for every element below n, in document order.
func walk(n *html.Node, fn func(*html.Node)) {
	for c := range n.Descendants() {
		if c.Type == html.ElementNode {
			fn(c)
		}
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// checkIndex checks the structure of an index.html rendered from d.
func checkIndex(t *testing.T, d Data, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	count := map[atom.Atom]int{}
	var headings []int
	links := map[string]*html.Node{} // href → <a>
	var alternates []string
	walk(doc, func(n *html.Node) {
		count[n.DataAtom]++
		switch n.DataAtom {
		case atom.Html:
			if lang, _ := attr(n, "lang"); lang == "" {
				t.Errorf("<html> has no lang")
			}
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			headings = append(headings, int(n.Data[1]-'0'))
		case atom.Link:
			if rel, _ := attr(n, "rel"); rel == "alternate" {
				href, _ := attr(n, "href")
				alternates = append(alternates, href)
			}
		case atom.A:
			href, _ := attr(n, "href")
			if textOf(n) == "" {
				t.Errorf("link to %q has no text", href)
			}
			links[href] = n
			switch {
			case strings.HasPrefix(href, "#"):
			case strings.HasPrefix(href, "https://"), strings.HasPrefix(href, "http://"):
			case slices.ContainsFunc(d.Feeds, func(f FeedLink) bool { return strings.HasPrefix(href, f.Path+".") }), href == OPMLFile:
			default:
				t.Errorf("link %q (%q) is neither a fragment, a published file nor absolute http(s)", href, textOf(n))
			}
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s=%q>: event handler attribute", n.Data, a.Key, a.Val)
			}
		}
	})
	if count[atom.H1] != 1 {
		t.Errorf("%d <h1>, want 1", count[atom.H1])
	}
	for _, el := range []atom.Atom{atom.Main, atom.Nav, atom.Header, atom.Footer} {
		if count[el] != 1 {
			t.Errorf("%d <%s>, want 1", count[el], el)
		}
	}
	for _, el := range []atom.Atom{atom.Script, atom.Iframe, atom.Img, atom.Object, atom.Embed} {
		if count[el] != 0 {
			t.Errorf("%d <%s>, want none", count[el], el)
		}
	}
	if count[atom.Style] != 1 {
		t.Errorf("%d <style>, want 1 (all CSS inline)", count[atom.Style])
	}
	if len(headings) == 0 || headings[0] != 1 {
		t.Errorf("headings %v: must start with h1", headings)
	}
	for i := 1; i < len(headings); i++ {
		if headings[i] > headings[i-1]+1 {
			t.Errorf("heading h%d follows h%d: skips a level", headings[i], headings[i-1])
		}
	}
	if skip, ok := links["#main"]; !ok {
		t.Errorf("no skip link to #main")
	} else if first := firstLink(doc); first != skip {
		t.Errorf("the skip link is not the first link")
	}
	for _, f := range d.Feeds {
		for _, format := range publish.Formats {
			href := f.Path + format.Ext()
			a, ok := links[href]
			if !ok {
				t.Errorf("feed %s: no link to %s", f.Path, href)
				continue
			}
			if typ, _ := attr(a, "type"); typ != format.MediaType() {
				t.Errorf("link to %s: type %q, want %q", href, typ, format.MediaType())
			}
			if text := textOf(a); !strings.Contains(text, formatName[format]) || !strings.Contains(text, f.Title) {
				t.Errorf("link to %s: text %q must name the format %q and the feed", href, text, formatName[format])
			}
		}
		if groupOf(f.Path) == groupOutputs || groupOf(f.Path) == groupPrayer {
			if !slices.Contains(alternates, d.BaseURL+f.Path+".atom") {
				t.Errorf("no <link rel=alternate> for %s", f.Path)
			}
		}
	}
}

func firstLink(doc *html.Node) *html.Node {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			return n
		}
	}
	return nil
}

func TestIndexStructure(t *testing.T) {
	d := sampleData()
	page := renderFile(t, d, IndexFile)
	checkIndex(t, d, page)
	for _, it := range d.Newest {
		if !bytes.Contains(page, []byte(`href="`+strings.ReplaceAll(it.URL, "&", "&amp;")+`"`)) {
			t.Errorf("item %q is not linked to %s", it.Title, it.URL)
		}
	}
	if !bytes.Contains(page, []byte(`<time datetime="2024-03-12T09:30:00Z">12 March 2024</time>`)) {
		t.Errorf("no machine-readable date")
	}
}

// TestIndexEscapesHostileData: markup in titles stays text and links with
// other schemes than http(s) are not made.
func TestIndexEscapesHostileData(t *testing.T) {
	d := hostileData()
	page := renderFile(t, d, IndexFile)
	checkIndex(t, d, page)
	for _, bad := range []string{"<script", "javascript:", "JaVaScRiPt:", "data:text", "<img", "<b>"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !bytes.Contains(page, []byte("&lt;/a&gt;&lt;script&gt;alert(2)&lt;/script&gt;")) {
		t.Errorf("hostile item title not shown as text")
	}
}

// TestIndexEmpty: a site with nothing published yet still renders a page
// that says so.
func TestIndexEmpty(t *testing.T) {
	d := Data{Title: "Empty", BaseURL: "https://feeds.example.org/"}
	page := renderFile(t, d, IndexFile)
	checkIndex(t, d, page)
	for _, want := range []string{`<html lang="en">`, "Nothing has been published yet.", "No prayer points yet."} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %q", want)
		}
	}
}

type opmlTest struct {
	Version string `xml:"version,attr"`
	Head    struct {
		Title        string `xml:"title"`
		DateModified string `xml:"dateModified"`
	} `xml:"head"`
	Groups []struct {
		Text  string `xml:"text,attr"`
		Feeds []struct {
			Text    string `xml:"text,attr"`
			Type    string `xml:"type,attr"`
			XMLURL  string `xml:"xmlUrl,attr"`
			HTMLURL string `xml:"htmlUrl,attr"`
		} `xml:"outline"`
	} `xml:"body>outline"`
}

func TestOPML(t *testing.T) {
	d := hostileData() // titles with markup must survive as attribute values
	var doc opmlTest
	if err := xml.Unmarshal(renderFile(t, d, OPMLFile), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.0" || doc.Head.Title != d.Title || doc.Head.DateModified != "Tue, 12 Mar 2024 09:30:00 GMT" {
		t.Errorf("head: version %q, title %q, dateModified %q", doc.Version, doc.Head.Title, doc.Head.DateModified)
	}
	var groups []string
	listed := map[string]string{} // xmlUrl → title
	for _, g := range doc.Groups {
		groups = append(groups, g.Text)
		for _, f := range g.Feeds {
			if f.Type != "rss" || f.HTMLURL != d.BaseURL+"index.html" {
				t.Errorf("%s: type %q, htmlUrl %q", f.XMLURL, f.Type, f.HTMLURL)
			}
			listed[f.XMLURL] = f.Text
		}
	}
	if want := []string{"Outputs", "Countries", "Partners", "Prayer"}; !slices.Equal(groups, want) {
		t.Errorf("groups %v, want %v", groups, want)
	}
	for _, f := range d.Feeds {
		u := d.BaseURL + f.Path + ".atom"
		if title, ok := listed[u]; !ok || title != f.Title {
			t.Errorf("feed %s: listed as %q (%v)", u, title, ok)
		}
	}
	if len(listed) != len(d.Feeds) {
		t.Errorf("%d feeds listed, want %d", len(listed), len(d.Feeds))
	}
}

// TestStylesheet: feed.xsl is well-formed XSLT 1.0, has a template for
// each feed format, and never disables output escaping.
func TestStylesheet(t *testing.T) {
	const xslNS = "http://www.w3.org/1999/XSL/Transform"
	data := renderFile(t, sampleData(), StylesheetFile)
	if bytes.Contains(data, []byte("disable-output-escaping")) {
		t.Errorf("feed.xsl uses disable-output-escaping")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var matches []string
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("feed.xsl is not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root {
			root = false
			if se.Name != (xml.Name{Space: xslNS, Local: "stylesheet"}) {
				t.Errorf("root element %v, want xsl:stylesheet", se.Name)
			}
			for _, a := range se.Attr {
				if a.Name.Local == "version" && a.Value != "1.0" {
					t.Errorf("version %q, want 1.0", a.Value)
				}
			}
		}
		if se.Name == (xml.Name{Space: xslNS, Local: "template"}) {
			for _, a := range se.Attr {
				if a.Name.Local == "match" {
					matches = append(matches, a.Value)
				}
			}
		}
	}
	for _, want := range []string{"/atom:feed", "/rss", "atom:entry", "item"} {
		if !slices.Contains(matches, want) {
			t.Errorf("no template matching %q (have %q)", want, matches)
		}
	}
}

// TestEmbedJS: embed.js never turns feed data into code or markup, and
// the site's title cannot break out of its string literal or comment.
func TestEmbedJS(t *testing.T) {
	d := sampleData()
	d.Title = "News */ alert(1) /* </script><script>alert(2)</script> \"q\"\u2028"
	js := string(renderFile(t, d, EmbedFile))
	for _, bad := range []string{"eval(", "innerHTML", "outerHTML", "insertAdjacentHTML", "new Function", "document.write", "setTimeout(\"", "<script>alert"} {
		if strings.Contains(js, bad) {
			t.Errorf("embed.js contains %q", bad)
		}
	}
	title, _ := json.Marshal(d.Title)
	if !strings.Contains(js, "var SITE_TITLE = "+string(title)+";") {
		t.Errorf("embed.js: the title is not one JSON string literal")
	}
	// With node at hand, check the script parses.
	if node, err := exec.LookPath("node"); err == nil {
		path := filepath.Join(t.TempDir(), EmbedFile)
		if err := os.WriteFile(path, []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", path).CombinedOutput(); err != nil {
			t.Errorf("node --check embed.js: %v\n%s", err, out)
		}
	}
	for _, want := range []string{"document.currentScript", "textContent", `"https://feeds.example.org/index.html"`, "data-target"} {
		if !strings.Contains(js, want) {
			t.Errorf("embed.js lacks %q", want)
		}
	}
}

// TestWriteIdempotent: a second Write with the same Data rewrites
// nothing; a changed title rewrites only the files that show it.
func TestWriteIdempotent(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	d := sampleData()
	all := []string{IndexFile, OPMLFile, StylesheetFile, EmbedFile}
	written, unchanged, err := Write(ctx, dir, d)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(written, all) || len(unchanged) != 0 {
		t.Errorf("first Write: written %v, unchanged %v", written, unchanged)
	}
	written, unchanged, err = Write(ctx, dir, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 0 || !slices.Equal(unchanged, all) {
		t.Errorf("second Write: written %v, unchanged %v; want nothing written", written, unchanged)
	}
	d.Newest = d.Newest[1:]
	written, _, err = Write(ctx, dir, d)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(written, []string{IndexFile}) {
		t.Errorf("after dropping an item: written %v, want only %s", written, IndexFile)
	}
	for _, name := range all {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || len(got) == 0 {
			t.Errorf("%s: %d bytes, %v", name, len(got), err)
		}
	}
}

func TestWriteRejects(t *testing.T) {
	for name, change := range map[string]func(*Data){
		"no base URL":       func(d *Data) { d.BaseURL = "" },
		"relative base URL": func(d *Data) { d.BaseURL = "feeds/" },
		"no final slash":    func(d *Data) { d.BaseURL = "https://feeds.example.org" },
		"ftp base URL":      func(d *Data) { d.BaseURL = "ftp://feeds.example.org/" },
		"unclean path":      func(d *Data) { d.Feeds[0].Path = "../all" },
		"absolute path":     func(d *Data) { d.Feeds[0].Path = "/all" },
		"duplicate path":    func(d *Data) { d.Feeds[1].Path = d.Feeds[0].Path },
	} {
		t.Run(name, func(t *testing.T) {
			d := sampleData()
			change(&d)
			dir := t.TempDir()
			_, _, err := Write(context.Background(), dir, d)
			if !errors.Is(err, ErrInvalidData) {
				t.Errorf("err = %v, want ErrInvalidData", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("wrote %d files for invalid data", len(entries))
			}
		})
	}
}

func TestWriteCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	if _, _, err := Write(ctx, dir, sampleData()); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("wrote %d files after cancellation", len(entries))
	}
}

func TestStylesheetHref(t *testing.T) {
	for path, want := range map[string]string{
		"all":                 "feed.xsl",
		"prayer":              "feed.xsl",
		"country/KP":          "../feed.xsl",
		"source/opendoors-uk": "../feed.xsl",
		"a/b/c":               "../../feed.xsl",
	} {
		if got := StylesheetHref(path); got != want {
			t.Errorf("StylesheetHref(%q) = %q, want %q", path, got, want)
		}
	}
}
